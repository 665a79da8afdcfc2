"""Opening the database: file checks, connection settings, a verified backup, migrations.

SQLite is the default (one file per workstation); PostgreSQL serves a clinic with several
workstations. For SQLite every connection runs with WAL, ``synchronous=FULL``, foreign keys
on and a busy timeout, and every transaction starts with ``BEGIN IMMEDIATE`` issued by us:
the stdlib driver's own transaction handling autocommits DDL, which left a migration killed
half-way with a half-changed schema in an experiment.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from trochtrack.paths import PRIVATE_FILE_MODE, ensure_private_dir
from trochtrack.store.audit import AUDIT_KEY, install_audit_hook
from trochtrack.store.audit_anchor import AuditKey, anchor_if_new, load_audit_key
from trochtrack.store.backup import BackupError, integrity_problems, write_verified_backup
from trochtrack.store.encryption import (
    cipher_connect,
    cipher_module,
    database_errors,
    protect_journal_path,
    protection_path,
    read_protection,
)
from trochtrack.store.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    MigrationError,
    PassphraseRequiredError,
    ProtectionPendingError,
    StoreError,
    WrongPassphraseError,
    is_busy_error,
)
from trochtrack.store.revisions import head_revision, known_revisions

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SQLITE_HEADER: Final = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS: Final = 5_000
SQLITE_PRAGMAS: Final = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


@dataclass(frozen=True, slots=True)
class Database:
    """An open, migrated database and the factory for its sessions."""

    engine: Engine
    url: URL
    path: Path | None
    session_factory: sessionmaker[Session]
    key: bytes | None = field(default=None, repr=False)
    """The SQLCipher key when the file is encrypted (never logged, never shown)."""

    def connect_file(self, path: str) -> Any:
        """A DB-API connection to another file, encrypted like this database.

        Backup copies are made through it: an encrypted database only makes encrypted copies.
        """
        if self.key is None:
            return sqlite3.connect(path)
        return cipher_connect(path, self.key)

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def close(self) -> None:
        if self.path is not None:
            with self.raw_connection() as raw:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()

    @contextmanager
    def raw_connection(self) -> Iterator[Any]:
        """The driver's own connection (for backups and pragmas), outside any transaction."""
        pooled = self.engine.raw_connection()
        try:
            yield pooled.driver_connection
        finally:
            pooled.close()


def alembic_config() -> Config:
    """Alembic's configuration for the migrations; imports Alembic (only an upgrade needs it)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "trochtrack.store:migrations")
    return config


def open_database(
    url: str,
    *,
    backups: Path,
    migrate: bool = True,
    passphrase: str | None = None,
    audit_key_path: Path | None = None,
) -> Database:
    """Open (creating if new) and upgrade the database at ``url``.

    Raises:
        PassphraseRequiredError / WrongPassphraseError: the file is encrypted and no
            passphrase, or the wrong one, was given.
        DatabaseDamagedError: the file is empty, not SQLite, corrupt or not trochtrack's.
        DatabaseTooNewError: a newer trochtrack wrote it.
        MigrationError: it is behind and ``migrate`` is false, or the upgrade failed.

    ``audit_key_path`` is the workstation's audit key (an SQLite file's audit trail is
    anchored with it; see :mod:`trochtrack.store.audit_anchor`).
    """
    sa_url = _parse_url(url)
    path = _sqlite_path(sa_url)
    key = None if path is None else _check_sqlite_before_opening(path, passphrase)
    engine = _engine_for(sa_url, key)
    try:
        _upgrade_if_needed(engine, path, backups=backups, migrate=migrate, key=key)
        audit_key = None
        if path is not None:
            secure_sqlite_files(path)
            if audit_key_path is not None:
                audit_key = _anchored(engine, path, audit_key_path)
    except sa.exc.OperationalError as error:
        engine.dispose()
        if is_busy_error(error):
            raise DatabaseBusyError() from error
        # An unreachable server, a file SQLite cannot open: the driver's first line.
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        where = sa_url.render_as_string(hide_password=True)
        raise StoreError(f"The database {where} could not be opened: {reason}") from error
    except BaseException:
        engine.dispose()
        raise
    session_factory = sessionmaker(engine, expire_on_commit=False, info={AUDIT_KEY: audit_key})
    install_audit_hook(session_factory)
    return Database(engine=engine, url=sa_url, path=path, session_factory=session_factory, key=key)


def _parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"{url!r} is not a database URL or an SQLite file path") from None


def _check_sqlite_before_opening(path: Path, passphrase: str | None) -> bytes | None:
    """Refuse a path the app must not open or write; the SQLCipher key if it is encrypted."""
    existed = path.exists()
    if existed and not path.is_file():
        raise StoreError(
            f"The database path {path} is a folder or a device, not a database file; "
            f"give the file's own path (such as {path / 'trochtrack.sqlite'})."
        )
    if protect_journal_path(path).exists():
        raise ProtectionPendingError()
    if existed and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise DatabaseReadOnlyError(path)
    ensure_private_dir(path.parent)
    key = _key_for(path, passphrase)
    if existed:
        check_sqlite_file(path, encrypted=key is not None)
        # Read-only until the file is known to be ours and healthy: the app's own
        # connections switch to WAL, and closing them checkpoints and removes a -wal.
        inspect_read_only(path, key)
    return key


def _engine_for(url: URL, key: bytes | None) -> Engine:
    try:
        return make_engine(url, key=key)
    except (sa.exc.ArgumentError, ImportError) as error:
        shown = url.render_as_string(hide_password=True)
        raise StoreError(
            f"{shown}: trochtrack cannot use this kind of database ({error}); give an "
            "SQLite file or a postgresql+psycopg:// URL"
        ) from None


def _anchored(engine: Engine, path: Path, key_path: Path) -> AuditKey | None:
    """The audit key, with this database's trail anchored; ``None`` if it cannot be had.

    A key that cannot be made or recorded (a full disk, a read-only settings folder)
    must not stop the records from opening: the trail is then checked by its hashes
    only until the key can be written, and the log says so.
    """
    try:
        key = load_audit_key(key_path)
        with engine.begin() as connection:
            return anchor_if_new(connection, key, path)
    except OSError as error:
        log.warning("the audit key could not be written: %s", error.strerror or error)
        return None


def _key_for(path: Path, passphrase: str | None) -> bytes | None:
    protection = read_protection(path)
    if protection is None:
        return None
    if _has_plain_header(path):
        # Protection was being turned on when the app stopped: the protection file was
        # written, the encrypted copy never replaced the plain file. It is still plain.
        log.warning("stale protection file beside a plain database removed")
        protection_path(path).unlink()
        return None
    if passphrase is None:
        raise PassphraseRequiredError()
    key = protection.key_for(passphrase)
    if key is None:
        raise WrongPassphraseError()
    return key


def make_engine(url: URL, *, key: bytes | None = None) -> Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    if key is None:
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    else:
        database = str(url.database)
        engine = sa.create_engine(
            url,
            module=cipher_module(),
            creator=lambda: cipher_connect(
                database, key, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            ),
        )

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # We issue BEGIN ourselves (below); the driver must not.
        dbapi_connection.isolation_level = None
        for pragma in SQLITE_PRAGMAS:
            dbapi_connection.execute(pragma)

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers wait on the busy
        # timeout instead of failing with SQLITE_BUSY half-way through.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def check_sqlite_file(path: Path, *, encrypted: bool = False) -> None:
    """Refuse a file that is not an SQLite database; never initialise over it.

    An encrypted file has no readable header; only its size is checked here.
    """
    size = path.stat().st_size
    if size == 0:
        raise DatabaseDamagedError(path, "the file is empty (0 bytes)")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not encrypted and header != SQLITE_HEADER:
        raise DatabaseDamagedError(path, "the file is not an SQLite database")
    if size < 512:
        raise DatabaseDamagedError(path, "the file is truncated")


def _has_plain_header(path: Path) -> bool:
    if not path.exists():
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def secure_sqlite_files(path: Path) -> None:
    """Make the database and its WAL and shared-memory files private (0600)."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.chmod(PRIVATE_FILE_MODE)


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise StoreError("an in-memory database cannot hold patient records; give a file")
    return Path(url.database)


def inspect_read_only(path: Path, key: bytes | None = None) -> None:
    """Check an existing file through a read-only connection, which cannot change it.

    Raises:
        DatabaseDamagedError: SQLite cannot read it, its integrity check fails, or it
            belongs to another program.
        DatabaseTooNewError: a newer trochtrack wrote it.
        DatabaseBusyError: another program holds it locked.
    """
    # With no -wal or -journal beside it the main file is the whole database and nobody
    # is writing it: read it immutable, which creates no -wal or -shm either. Otherwise
    # mode=ro reads the -wal (never checkpointing it) and takes the readers' locks.
    in_use = any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-journal"))
    uri = f"{path.as_uri()}?{'mode=ro' if in_use else 'immutable=1'}"
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        if key is None:
            connection = sqlite3.connect(uri, uri=True, timeout=timeout)
        else:
            connection = cipher_connect(uri, key, uri=True, timeout=timeout)
        try:
            _check_own_and_healthy(connection, path)
        finally:
            connection.close()
    except database_errors() as error:
        if is_busy_error(error):
            raise DatabaseBusyError() from error
        raise DatabaseDamagedError(path, f"SQLite could not read it ({error})") from error


def _check_own_and_healthy(connection: Any, path: Path) -> None:
    # integrity_check, not quick_check: an index that disagrees with its table passes
    # quick_check, and the app would go on writing into it. (0.3 s on a 10,000-patient
    # clinic.)
    problems = integrity_problems(connection)
    if problems:
        raise DatabaseDamagedError(path, f"its integrity check failed ({problems[0]})")
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if "alembic_version" not in tables:
        if tables:
            raise DatabaseDamagedError(path, "it is an SQLite database of another program")
        return  # an empty SQLite file: nothing to lose, it gets the schema
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is not None and row[0] not in known_revisions():
        raise DatabaseTooNewError(row[0])


def _upgrade_if_needed(
    engine: Engine, path: Path | None, *, backups: Path, migrate: bool, key: bytes | None
) -> None:
    head = head_revision()
    with engine.connect() as connection:
        current = _current_revision(connection)
    if current is not None and current not in known_revisions():
        raise DatabaseTooNewError(current)
    if current == head:
        return
    if not migrate:
        raise MigrationError(f"the database is at schema {current}, this version needs {head}")
    backup: Path | None = None
    if path is not None and current is not None:
        backup = _backup_before_migration(engine, backups, current, key)
    log.info("upgrading database schema %s -> %s", current, head)
    try:
        _run_upgrade(engine)
    except Exception as error:
        where = f" The backup taken before it is {backup}." if backup else ""
        raise MigrationError(f"The database upgrade failed: {error}.{where}") from error


def _current_revision(connection: sa.Connection) -> str | None:
    """The revision stamped in the database, ``None`` for one without the schema yet."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _backup_before_migration(
    engine: Engine, backups: Path, revision: str, key: bytes | None
) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination = backups / f"trochtrack-before-upgrade-from-{revision}-{stamp}.sqlite"
    pooled = engine.raw_connection()
    try:
        write_verified_backup(
            pooled.driver_connection,
            destination,
            connect=sqlite3.connect if key is None else partial(cipher_connect, key=key),
        )
    except BackupError as error:
        raise MigrationError(
            f"The database was not upgraded because the backup before it failed: {error}"
        ) from error
    finally:
        pooled.close()
    log.info("backup before upgrade written: %s", destination.name)
    return destination


def _run_upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        if sqlite:
            # Batch migrations drop and recreate tables; with foreign keys on, the
            # cascade would delete every child row. Switch them off, check after.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if sqlite:
                problems = raw.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(f"{len(problems)} rows lost their parent record")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
