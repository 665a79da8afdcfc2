"""The audit trail's anchor: a key outside the database, and the checks that need it.

The hash chain alone proves nothing to someone who can rewrite the file: the hash is
public, so a whole chain can be recomputed. The audit head (the newest event's id and
hash) therefore also carries an HMAC-SHA256 made with a 256-bit key that never enters
the database: ``audit.key`` (0600) in this user's settings folder. Every change to an
event changes the hashes after it and so the head; without the key the head cannot be
made to fit again. Every append writes the head's MAC. The key file also lists the
database files and the chains (by their first event's hash) it has anchored, so an
anchor stripped from one of them is reported, never made anew; a file it has never
seen (a new database, or one upgraded from before anchoring) is anchored when opened.

Verification also checks that the append-only triggers exist, and that each row of an
audited table matches what its latest events say it holds (a change made to the file
directly, or a row deleted by a cascade the app did not record).

Only SQLite files are anchored: a PostgreSQL clinic database is shared by several
workstations, each with its own key, and is protected by the server's roles.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa

from trochtrack.paths import own_private_dir, write_private_file
from trochtrack.store.errors import StoreError
from trochtrack.store.models import AuditEventRow, AuditHeadRow, Base

KEY_FORMAT: Final = "trochtrack-audit-key/1"
SQLITE_TRIGGERS: Final = frozenset(
    {"audit_event_append_only_update", "audit_event_append_only_delete"}
)


@dataclass(frozen=True, slots=True)
class AuditKey:
    """The workstation's audit key and the chains it has anchored."""

    path: Path
    key: bytes
    anchored: frozenset[str]
    """Chains (first event hashes) and database files (resolved paths) anchored so far."""

    def head_mac(self, last_event_id: int, last_hash: str) -> str:
        message = f"{last_event_id}:{last_hash}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def remember(self, *names: str) -> AuditKey:
        """Record that these chains and database files are anchored."""
        if set(names) <= self.anchored:
            return self
        updated = AuditKey(self.path, self.key, self.anchored | set(names))
        _write_key_file(updated)
        return updated


def load_audit_key(path: Path) -> AuditKey:
    """The key at ``path``, made (0600, in a 0700 folder) on first use."""
    if not path.exists():
        own_private_dir(path.parent)
        created = AuditKey(path, secrets.token_bytes(32), frozenset())
        _write_key_file(created)
        return created
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != KEY_FORMAT:
            raise ValueError(data.get("format"))
        return AuditKey(path, bytes.fromhex(data["key"]), frozenset(data["anchored"]))
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(
            f"The audit key {path} is damaged; the audit trail cannot be checked. Restore "
            "it from a backup of the settings folder."
        ) from error


def anchor_if_new(connection: sa.Connection, key: AuditKey, database: Path) -> AuditKey:
    """Anchor a chain never anchored before (a database from before anchoring).

    A database file or chain this key anchored before, whose head has no MAC now, is
    left as it is: verification reports that the anchor was removed.
    """
    head = connection.execute(sa.select(AuditHeadRow)).first()
    if head is None:
        return key
    names = (_chain_id(connection), f"file:{database.resolve()}")
    expected = key.head_mac(head.last_event_id, head.last_hash)
    if head.mac is not None:
        return key.remember(*names) if hmac.compare_digest(head.mac, expected) else key
    if set(names) & key.anchored:
        return key
    connection.execute(sa.update(AuditHeadRow).values(mac=expected))
    return key.remember(*names)


def anchor_problems(connection: sa.Connection, key: AuditKey | None) -> Iterator[str]:
    """What the anchor, the triggers and the rows say is wrong (nothing: all is well)."""
    yield from _trigger_problems(connection)
    if key is not None:
        yield from _head_problems(connection, key)
    yield from _row_problems(connection)


def _head_problems(connection: sa.Connection, key: AuditKey) -> Iterator[str]:
    head = connection.execute(sa.select(AuditHeadRow)).first()
    if head is None:
        database = connection.engine.url.database
        if database and f"file:{Path(database).resolve()}" in key.anchored:
            yield "the audit head is missing, and with it every event it anchored"
        return
    if head.mac is None:
        yield "the audit trail's anchor was removed (its head has no MAC)"
    elif not hmac.compare_digest(head.mac, key.head_mac(head.last_event_id, head.last_hash)):
        yield (
            "the audit head does not carry this workstation's MAC: events were removed or "
            "rewritten, or the file was anchored with another key"
        )


def _trigger_problems(connection: sa.Connection) -> Iterator[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
        )
        missing = SQLITE_TRIGGERS - {row[0] for row in rows}
    else:
        rows = connection.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass"
        )
        missing = frozenset({"audit_event_append_only"}) - {row[0] for row in rows}
    for name in sorted(missing):
        yield f"the trigger {name}, which keeps the audit trail append-only, is missing"


def _row_problems(connection: sa.Connection) -> Iterator[str]:
    from trochtrack.store.audit import IGNORED_COLUMNS, NOT_AUDITED, _plain

    recorded = _recorded_rows(connection)
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_AUDITED:
            continue
        stored = {
            "/".join(str(row._mapping[c.name]) for c in table.primary_key.columns): row
            for row in connection.execute(sa.select(table))
        }
        for row_key, state in sorted(recorded.get(table.name, {}).items()):
            row = stored.get(row_key)
            if state is None:
                if row is not None:
                    yield f"{table.name} {row_key} exists although the trail records its deletion"
                continue
            if row is None:
                yield f"{table.name} {row_key} was deleted without an audit event"
                continue
            for column, value in state.items():
                if column in IGNORED_COLUMNS or column not in row._mapping:
                    continue
                if _plain(row._mapping[column]) != value:
                    yield f"{table.name} {row_key}.{column} differs from its latest audit event"
                    break


def _recorded_rows(connection: sa.Connection) -> dict[str, dict[str, dict[str, Any] | None]]:
    """Each audited row's values as its events leave them (``None``: deleted)."""
    rows: dict[str, dict[str, dict[str, Any] | None]] = {}
    query = sa.select(
        AuditEventRow.table_name,
        AuditEventRow.row_key,
        AuditEventRow.action,
        AuditEventRow.after_json,
    ).order_by(AuditEventRow.id)
    for table, row_key, action, after_json in connection.execute(query):
        states = rows.setdefault(table, {})
        if action == "delete":
            states[row_key] = None
        elif action in {"insert", "update"}:
            after = json.loads(after_json) if after_json else {}
            current = states.get(row_key)
            states[row_key] = after if action == "insert" or current is None else current | after
    return rows


def _chain_id(connection: sa.Connection) -> str:
    first = connection.execute(
        sa.select(AuditEventRow.hash).order_by(AuditEventRow.id).limit(1)
    ).first()
    return f"chain:{first.hash if first is not None else 'empty'}"


def _write_key_file(key: AuditKey) -> None:
    text = json.dumps(
        {"format": KEY_FORMAT, "key": key.key.hex(), "anchored": sorted(key.anchored)}
    )
    write_private_file(key.path, text.encode("utf-8"))
