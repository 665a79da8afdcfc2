"""The audit trail: every insert, update and delete of clinical data, hash-chained.

A session hook writes the audit rows during the same flush as the change, so they commit
or roll back together and no use case can forget them. Each event's SHA-256 covers its
own fields and the previous event's hash; changing, removing or inserting an event breaks
the chain at that point, which :func:`verify_audit_chain` finds. Triggers refuse UPDATE and
DELETE on the audit table itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.base import NO_VALUE

from trochtrack.store.models import AuditAction, AuditEventRow, AuditHeadRow, Base

if TYPE_CHECKING:
    from trochtrack.store.audit_anchor import AuditKey

GENESIS_HASH: Final = "0" * 64
NOT_AUDITED: Final = frozenset({"audit_event", "audit_head", "episode_evaluation"})
ACTOR_KEY: Final = "trochtrack_actor"
AUDIT_KEY: Final = "trochtrack_audit_key"
CLOCK_KEY: Final = "trochtrack_clock"
# Bookkeeping columns whose change alone is not a clinical change worth an event.
IGNORED_COLUMNS: Final = frozenset({"data_version", "search_key", "updated_at"})


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One recorded change, as shown in a record's history."""

    event_id: int
    recorded_at: datetime
    actor: str | None
    table_name: str
    row_key: str
    action: AuditAction
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ChainVerification:
    """The result of checking the whole chain."""

    events_checked: int
    first_bad_event_id: int | None
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.first_bad_event_id is None and self.problem is None


def install_audit_hook(session_factory: sessionmaker[Session]) -> None:
    """Record every flushed change to clinical tables in the same transaction."""

    @sa.event.listens_for(session_factory, "after_flush")
    def _record(session: Session, _context: object) -> None:
        changes = list(_changes(session))
        if changes:
            clock: Callable[[], datetime] = session.info.get(CLOCK_KEY, _utc_now)
            append_events(session, changes, actor=session.info.get(ACTOR_KEY), now=clock())


def append_events(
    session: Session,
    changes: Iterable[tuple[AuditAction, str, str, dict[str, Any] | None, dict[str, Any] | None]],
    *,
    actor: str | None,
    now: datetime,
) -> None:
    """Append events after the current head, locking the head row so writers queue."""
    connection = session.connection()
    head = connection.execute(
        sa.select(AuditHeadRow.last_event_id, AuditHeadRow.last_hash).with_for_update()
    ).first()
    last_id = head.last_event_id if head else 0
    previous = head.last_hash if head else GENESIS_HASH
    rows = []
    for action, table_name, row_key, before, after in changes:
        last_id += 1
        before_json = _dump(before)
        after_json = _dump(after)
        digest = event_hash(
            last_id,
            now,
            actor,
            table_name,
            row_key,
            action.value,
            before_json,
            after_json,
            previous,
        )
        rows.append(
            {
                "id": last_id,
                "recorded_at": now,
                "actor": actor,
                "table_name": table_name,
                "row_key": row_key,
                "action": action.value,
                "before_json": before_json,
                "after_json": after_json,
                "previous_hash": previous,
                "hash": digest,
            }
        )
        previous = digest
    connection.execute(sa.insert(AuditEventRow), rows)
    key = session.info.get(AUDIT_KEY)
    mac = None if key is None else key.head_mac(last_id, previous)
    if head is None:
        connection.execute(
            sa.insert(AuditHeadRow).values(id=1, last_event_id=last_id, last_hash=previous, mac=mac)
        )
    else:
        connection.execute(
            sa.update(AuditHeadRow).values(last_event_id=last_id, last_hash=previous, mac=mac)
        )


def event_hash(
    event_id: int,
    recorded_at: datetime,
    actor: str | None,
    table_name: str,
    row_key: str,
    action: str,
    before_json: str | None,
    after_json: str | None,
    previous_hash: str,
) -> str:
    """SHA-256 over an event's fields and the previous event's hash."""
    material = json.dumps(
        [
            event_id,
            recorded_at.astimezone(UTC).isoformat(timespec="microseconds"),
            actor,
            table_name,
            row_key,
            action,
            before_json,
            after_json,
            previous_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def verify_audit_chain(connection: sa.Connection, key: AuditKey | None = None) -> ChainVerification:
    """Recompute every hash in order; report the first event that does not fit.

    With the workstation's audit key, the head's MAC, the triggers and every audited
    row are checked too (see :mod:`trochtrack.store.audit_anchor`).
    """
    chain = _verify_hashes(connection)
    if not chain.intact:
        return chain
    from trochtrack.store.audit_anchor import anchor_problems

    problem = next(anchor_problems(connection, key), None)
    return ChainVerification(chain.events_checked, None, problem)


def _verify_hashes(connection: sa.Connection) -> ChainVerification:
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    for row in connection.execute(sa.select(AuditEventRow).order_by(AuditEventRow.id)):
        checked += 1
        if row.previous_hash != previous:
            return ChainVerification(checked, row.id, "does not follow the event before it")
        expected = event_hash(
            row.id,
            row.recorded_at,
            row.actor,
            row.table_name,
            row.row_key,
            row.action,
            row.before_json,
            row.after_json,
            row.previous_hash,
        )
        if expected != row.hash:
            return ChainVerification(checked, row.id, "its content was changed")
        previous = row.hash
        last_id = row.id
    head = connection.execute(sa.select(AuditHeadRow.last_hash)).first()
    head_hash = head.last_hash if head else GENESIS_HASH
    if head_hash != previous:
        return ChainVerification(
            checked, None, f"events after {last_id} are missing (the chain's end was removed)"
        )
    return ChainVerification(checked, None, None)


def history(session: Session, table_name: str, row_keys: Iterable[str]) -> list[AuditEvent]:
    """Every event of the given rows in their present life, oldest first.

    SQLite gives a deleted row's id to the next row added, so a key's events from before
    its latest insert belong to another record (a visit deleted, a patient registered by
    mistake): they stay in the trail but are not this record's history.
    """
    keys = list(row_keys)
    if not keys:
        return []
    rows = session.scalars(
        sa.select(AuditEventRow)
        .where(AuditEventRow.table_name == table_name, AuditEventRow.row_key.in_(keys))
        .order_by(AuditEventRow.id)
    )
    events = [
        AuditEvent(
            event_id=row.id,
            recorded_at=row.recorded_at,
            actor=row.actor,
            table_name=row.table_name,
            row_key=row.row_key,
            action=AuditAction(row.action),
            before=None if row.before_json is None else json.loads(row.before_json),
            after=None if row.after_json is None else json.loads(row.after_json),
        )
        for row in rows
    ]
    life_starts = {
        event.row_key: index
        for index, event in enumerate(events)
        if event.action is AuditAction.INSERT
    }
    return [e for index, e in enumerate(events) if index >= life_starts.get(e.row_key, 0)]


def all_events(session: Session) -> list[dict[str, Any]]:
    """Every audit event as plain JSON-ready values, oldest first."""
    rows = session.scalars(sa.select(AuditEventRow).order_by(AuditEventRow.id))
    return [
        {
            "id": row.id,
            "recorded_at": row.recorded_at.isoformat(),
            "actor": row.actor,
            "table": row.table_name,
            "row": row.row_key,
            "action": row.action,
            "before": None if row.before_json is None else json.loads(row.before_json),
            "after": None if row.after_json is None else json.loads(row.after_json),
        }
        for row in rows
    ]


def _changes(
    session: Session,
) -> Iterator[tuple[AuditAction, str, str, dict[str, Any] | None, dict[str, Any] | None]]:
    for obj in session.new:
        if (table := _audited_table(obj)) is not None:
            yield AuditAction.INSERT, table, _row_key(obj), None, _values(obj)
    for obj in session.dirty:
        if (table := _audited_table(obj)) is not None:
            before, after = _changed_values(obj)
            if after:
                yield AuditAction.UPDATE, table, _row_key(obj), before, after
    for obj in session.deleted:
        if (table := _audited_table(obj)) is not None:
            yield AuditAction.DELETE, table, _row_key(obj), _values(obj, committed=True), None


def _audited_table(obj: object) -> str | None:
    if not isinstance(obj, Base):
        return None
    name: str = type(obj).__tablename__
    return None if name in NOT_AUDITED else name


def _row_key(obj: Base) -> str:
    identity = sa.inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in identity)


def _values(obj: Base, *, committed: bool = False) -> dict[str, Any]:
    state = sa.inspect(obj)
    loaded = state.dict
    values: dict[str, Any] = {}
    for column in state.mapper.column_attrs:
        # The loaded value read from the instance's dict, as AttributeState.loaded_value
        # does: ``state.attrs`` would first build a wrapper for every attribute of every
        # row, a fifth of a large import.
        value = loaded.get(column.key, NO_VALUE)
        if committed:
            history = state.attrs[column.key].history
            if history.deleted:
                value = history.deleted[0]
        if value is not NO_VALUE:
            values[column.key] = _plain(value)
    return values


def _changed_values(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = sa.inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for column in state.mapper.column_attrs:
        if column.key in IGNORED_COLUMNS:
            continue
        history = state.attrs[column.key].history
        if history.added or history.deleted:
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                before[column.key] = _plain(old)
                after[column.key] = _plain(new)
    return before, after


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        # A document's PDF: the trail records which bytes, not the bytes again.
        return {"sha256": hashlib.sha256(value).hexdigest(), "bytes": len(value)}
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _dump(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _utc_now() -> datetime:
    return datetime.now(UTC)
