"""The unit of work: one session, one transaction, per user action.

Nothing is written unless :meth:`SqlAlchemyUnitOfWork.commit` is called; leaving the
``with`` block rolls back whatever was not committed. Driver errors are translated into
:mod:`trochtrack.store.errors` on the way out, so callers never see SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from trochtrack.store.audit import (
    ACTOR_KEY,
    AUDIT_KEY,
    CLOCK_KEY,
    AuditEvent,
    ChainVerification,
    all_events,
    append_events,
    history,
    verify_audit_chain,
)
from trochtrack.store.errors import (
    ConstraintError,
    DatabaseBusyError,
    DiskFullError,
    ReadOnlyError,
    StoreError,
    is_busy_error,
)
from trochtrack.store.models import AuditAction, AuditHeadRow
from trochtrack.store.repositories import (
    CliniciansRepository,
    DocumentsRepository,
    EvaluationCacheRepository,
    MergesRepository,
    RecordsRepository,
    SettingsRepository,
    WorkflowRepository,
)


class SqlAlchemyUnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        actor: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self.actor = actor
        self._clock = clock

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self._session.info[ACTOR_KEY] = self.actor
        if self._clock is not None:
            self._session.info[CLOCK_KEY] = self._clock
        self.records = RecordsRepository(self._session)
        self.settings = SettingsRepository(self._session)
        self.clinicians = CliniciansRepository(self._session)
        self.workflow = WorkflowRepository(self._session)
        self.evaluations = EvaluationCacheRepository(self._session)
        self.documents = DocumentsRepository(self._session)
        self.merges = MergesRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self.session
        self._session = None
        try:
            session.rollback()
        finally:
            session.close()
        if isinstance(exc, sa.exc.DBAPIError):
            raise translate_error(exc) from exc

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    def record_event(
        self,
        action: AuditAction,
        table_name: str,
        row_key: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Add an event that is not a row change (a restore, an export) to the audit trail."""
        now = self._clock() if self._clock is not None else datetime.now(UTC)
        append_events(
            self.session, [(action, table_name, row_key, before, after)], actor=self.actor, now=now
        )

    def audit_history(self, table_name: str, row_keys: list[str]) -> list[AuditEvent]:
        """The recorded changes of some rows, oldest first."""
        return history(self.session, table_name, row_keys)

    def audit_events(self) -> list[dict[str, Any]]:
        """Every audit event, oldest first, as plain values."""
        return all_events(self.session)

    def data_version(self) -> int:
        """The newest audit event's number, a version of the data.

        It moves with every change saved, by any program on any workstation (each write
        is audited), in SQLite and PostgreSQL alike.
        """
        head = self.session.get(AuditHeadRow, 1)
        return 0 if head is None else head.last_event_id

    def verify_audit(self) -> ChainVerification:
        """Check the whole audit chain."""
        return verify_audit_chain(self.session.connection(), self.session.info.get(AUDIT_KEY))

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        self.session.commit()


def translate_error(error: sa.exc.DBAPIError) -> StoreError:
    """Turn a driver error into one the user can act on."""
    original = error.orig
    text = str(original).lower()
    code = getattr(original, "sqlite_errorname", "")
    if is_busy_error(error):
        return DatabaseBusyError()
    if code == "SQLITE_FULL" or "database or disk is full" in text or "no space left" in text:
        return DiskFullError()
    if code == "SQLITE_READONLY" or "readonly database" in text or "read-only" in text:
        return ReadOnlyError()
    if isinstance(error, sa.exc.IntegrityError) or isinstance(original, sqlite3.IntegrityError):
        return ConstraintError(f"The database refused the change: {original}")
    return StoreError(f"The database reported an error: {original}")
