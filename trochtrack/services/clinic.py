"""The open clinic: the database, the user's directories and the clock, in one object.

The GUI and the CLI build one :class:`Clinic` and pass it to every service. The clock is
injectable so tests (and "look ahead" in the due list) never depend on the real date.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from trochtrack.paths import AppPaths
from trochtrack.store.db import Database, open_database
from trochtrack.store.errors import DatabaseBusyError, DatabaseInUseError
from trochtrack.store.revisions import head_revision
from trochtrack.store.uow import SqlAlchemyUnitOfWork

Clock = Callable[[], datetime]
AUDIT_KEY_FILE = "audit.key"


def system_clock() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(UTC)


@dataclass(slots=True)
class Clinic:
    """An open database with the context services need."""

    database: Database
    paths: AppPaths
    clock: Clock = field(default=system_clock)
    actor: str | None = None
    """The clinician using the app, recorded with every change."""

    def unit_of_work(self) -> SqlAlchemyUnitOfWork:
        """A new unit of work; use it in a ``with`` block and call ``commit()``."""
        return SqlAlchemyUnitOfWork(
            self.database.session_factory, actor=self.actor, clock=self.clock
        )

    def now(self) -> datetime:
        """The current instant (UTC, timezone-aware)."""
        return self.clock()

    def today(self) -> date:
        """Today's date where the clinic is (the machine's local date)."""
        return self.clock().astimezone().date()

    @property
    def on_sqlite(self) -> bool:
        """Whether the database is a local SQLite file (not a server)."""
        return self.database.is_sqlite

    @property
    def url(self) -> str:
        """The database's URL in full (password included), to open it again."""
        return self.database.url.render_as_string(hide_password=False)

    def close(self) -> None:
        """Checkpoint and close the database."""
        self.database.close()


def schema_revision() -> str:
    """The newest schema revision this version of trochtrack knows."""
    return head_revision()


def open_clinic(
    paths: AppPaths,
    url: str | None = None,
    *,
    clock: Clock = system_clock,
    passphrase: str | None = None,
    busy_wait_s: float = 0.0,
    on_busy: Callable[[], None] | None = None,
) -> Clinic:
    """Open the clinic database (``--db`` / TROCHTRACK_DB / the default file).

    While another program writes to it, opening waits (each try waits the busy timeout)
    for up to ``busy_wait_s`` more, telling ``on_busy`` once, then raises
    DatabaseInUseError: a busy database is never reported as damaged.

    Raises the store's errors (passphrase needed or wrong, damaged, busy, too new,
    migration failed) for the caller to show.
    """
    resolved = paths.database_url(url)
    started = time.monotonic()
    told = False
    while True:
        try:
            database = open_database(
                resolved,
                backups=paths.backups,
                passphrase=passphrase,
                audit_key_path=paths.config / AUDIT_KEY_FILE,
            )
        except DatabaseBusyError as error:
            waited = time.monotonic() - started
            if waited >= busy_wait_s:
                raise DatabaseInUseError(paths.database_file(url), waited) from error
            if on_busy is not None and not told:
                on_busy()
                told = True
            continue
        return Clinic(database=database, paths=paths, clock=clock)
