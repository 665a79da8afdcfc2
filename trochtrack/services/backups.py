"""Backups of the SQLite database: taken, thinned, verified, restored.

Automatic backups are taken when the app closes (at most one a day) and before every
schema upgrade; each is verified before it gets its name. A restore takes the database's
exclusive lock (it refuses while any other trochtrack process uses the file), and under
that one lock keeps a verified copy of the current database aside, copies the backup in
through SQLite's backup API (the live file is never replaced by a rename under an open
connection), and records the restore in the audit trail.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Final

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.errors import ServiceError, TrochtrackError
from trochtrack.services.instance import InstanceLock, LockMode
from trochtrack.store.backup import (
    BackupError,
    Connector,
    integrity_problems,
    verify_backup,
    write_verified_backup,
)
from trochtrack.store.backup_schedule import Retention, backups_to_keep
from trochtrack.store.db import (
    BUSY_TIMEOUT_MS,
    check_sqlite_file,
    inspect_read_only,
    secure_sqlite_files,
)
from trochtrack.store.encryption import cipher_connect, database_errors, read_protection
from trochtrack.store.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseInUseError,
    DatabaseTooNewError,
    PassphraseRequiredError,
    WrongPassphraseError,
    is_busy_error,
)
from trochtrack.store.models import AuditAction

# Before-upgrade backups (written by the store's opener) carry the schema revision they
# hold: trochtrack-before-upgrade-from-0004-20261128T120000000000Z.sqlite.
_NAME: Final = re.compile(
    r"trochtrack-(?:(?P<kind>auto|manual|pre-restore)"
    r"|before-upgrade-from-(?P<revision>[0-9A-Za-z_]+))"
    r"-(?P<stamp>\d{8}T\d{12}Z)\.sqlite"
)
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"
AUTOMATIC_INTERVAL: Final = timedelta(hours=24)
_UNREADABLE: Final[tuple[type[Exception], ...]] = (
    BackupError,
    DatabaseDamagedError,
    *database_errors(),
)
POSTGRES_BACKUPS: Final = (
    "Backups and restores here are for the SQLite database; a PostgreSQL clinic database "
    "is backed up on its server (pg_dump)."
)


class BackupKind(StrEnum):
    """Why a backup was taken."""

    AUTOMATIC = "auto"
    MANUAL = "manual"
    PRE_RESTORE = "pre-restore"
    BEFORE_UPGRADE = "before-upgrade"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A backup file and when it was taken."""

    path: Path
    taken_at: datetime
    kind: str
    size_bytes: int
    revision: str | None = None
    """The schema revision a before-upgrade backup holds."""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did."""

    restored_from: Path
    previous_database: Path | None
    row_counts: dict[str, int]


def list_backups(paths: AppPaths) -> list[BackupInfo]:
    """Every finished backup, newest first (temporary files are not backups)."""
    if not paths.backups.exists():
        return []
    found: list[BackupInfo] = []
    for path in paths.backups.iterdir():
        match = _NAME.fullmatch(path.name)
        if match is None:
            continue
        taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        kind = match["kind"] or BackupKind.BEFORE_UPGRADE.value
        found.append(BackupInfo(path, taken, kind, path.stat().st_size, match["revision"]))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def make_backup(clinic: Clinic, kind: BackupKind = BackupKind.MANUAL) -> BackupInfo:
    """Write a verified backup of the clinic's SQLite database now."""
    if not clinic.database.is_sqlite:
        raise ServiceError(POSTGRES_BACKUPS)
    when = clinic.now()
    destination = clinic.paths.backups / backup_name(kind, when)
    try:
        with clinic.database.raw_connection() as raw:
            report = write_verified_backup(raw, destination, connect=clinic.database.connect_file)
    except BackupError as error:
        if error.source_problems and clinic.database.path is not None:
            raise DatabaseDamagedError(
                clinic.database.path,
                f"its full integrity check failed ({error.source_problems[0]}); no backup "
                "was made. Stop entering data",
            ) from error
        raise ServiceError(f"The backup was not made: {error}") from error
    return BackupInfo(report.path, when, kind.value, report.size_bytes)


def integrity_report(clinic: Clinic) -> list[str]:
    """What SQLite's full integrity check finds wrong with the open database (empty: ok)."""
    if not clinic.database.is_sqlite:
        return []
    with clinic.database.raw_connection() as raw:
        return integrity_problems(raw)


def backup_on_close(clinic: Clinic, retention: Retention | None = None) -> BackupInfo | None:
    """Back up when the newest automatic backup is a day old (or missing), then thin."""
    if not clinic.database.is_sqlite:
        return None
    newest = next((b for b in list_backups(clinic.paths) if b.kind == BackupKind.AUTOMATIC), None)
    if newest is not None and clinic.now() - newest.taken_at < AUTOMATIC_INTERVAL:
        return None
    info = make_backup(clinic, BackupKind.AUTOMATIC)
    thin_backups(clinic.paths, retention or Retention())
    return info


def thin_backups(paths: AppPaths, retention: Retention) -> list[Path]:
    """Delete automatic backups the schedule no longer keeps; return what was deleted."""
    automatic = [b for b in list_backups(paths) if b.kind == BackupKind.AUTOMATIC]
    keep = backups_to_keep(((b.path, b.taken_at) for b in automatic), retention)
    removed = [b.path for b in automatic if b.path not in keep]
    for path in removed:
        path.unlink()
    return removed


def remove_unfinished_backups(paths: AppPaths) -> list[Path]:
    """Delete temporary files a crash left behind in the backup folder."""
    if not paths.backups.exists():
        return []
    leftovers = list(paths.backups.glob("*.tmp"))
    for path in leftovers:
        path.unlink()
    return leftovers


def newest_verified_backup(
    paths: AppPaths, *, passphrase: str | None = None, url: str | None = None
) -> BackupInfo | None:
    """The newest backup that still passes its integrity check."""
    connect = _connector(paths, url, passphrase)
    for info in list_backups(paths):
        try:
            verify_backup(info.path, connect=connect)
        except BackupError:
            continue
        return info
    return None


def backup_to_suggest(
    paths: AppPaths, *, passphrase: str | None = None, url: str | None = None
) -> BackupInfo | None:
    """:func:`newest_verified_backup` for a hint: ``None`` also when none can be checked.

    A damaged database's message suggests a backup to restore; a wrong passphrase or an
    unreadable backup folder must not replace that message with another error.
    """
    try:
        return newest_verified_backup(paths, passphrase=passphrase, url=url)
    except TrochtrackError:
        return None


def restore_backup(
    paths: AppPaths,
    backup: Path,
    *,
    url: str | None = None,
    actor: str | None = None,
    passphrase: str | None = None,
    lock: InstanceLock | None = None,
    purpose: str = "a restore",
) -> RestoreResult:
    """Replace the database's content with ``backup``; keep the current one aside.

    Runs under the database's exclusive lock: ``lock`` is the caller's write lock (the
    app, which has closed its connections), made exclusive for the restore; without one
    the lock is taken here, for ``purpose``. The backup is checked before anything is
    touched; the current database (if readable) is copied to the backup folder first.
    An encrypted database's backups are encrypted too: give its passphrase.

    Raises:
        AlreadyOpenError: another trochtrack process uses the database (it is named).
        ServiceError: the backup cannot be restored.
    """
    database = _database_path(paths, url)
    if lock is None:
        own = InstanceLock(database, purpose)
        own.acquire(LockMode.EXCLUSIVE, action="Restore")
        try:
            return _restore_locked(paths, backup, database, url, actor, passphrase)
        finally:
            own.release()
    lock.make_exclusive(action="Restore")
    try:
        return _restore_locked(paths, backup, database, url, actor, passphrase)
    finally:
        lock.make_shared()


def _restore_locked(
    paths: AppPaths,
    backup: Path,
    database: Path,
    url: str | None,
    actor: str | None,
    passphrase: str | None,
) -> RestoreResult:
    key = _database_key(paths, url, passphrase)
    connect = _connector_for(key)
    try:
        check_sqlite_file(backup, encrypted=key is not None)
        counts = verify_backup(backup, connect=connect)
    except (BackupError, DatabaseDamagedError) as error:
        raise ServiceError(f"{backup.name} cannot be restored: {error}") from error
    if "alembic_version" not in counts:
        raise ServiceError(f"{backup.name} is not a trochtrack database")
    previous = _keep_current_database(paths, database, key)
    ensure_private_dir(database.parent)
    source = connect(str(backup))
    target = connect(str(database))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    secure_sqlite_files(database)
    _record_restore(paths, url, passphrase, actor, backup, previous, counts)
    return RestoreResult(backup, previous, counts)


def _record_restore(
    paths: AppPaths,
    url: str | None,
    passphrase: str | None,
    actor: str | None,
    backup: Path,
    previous: Path | None,
    counts: dict[str, int],
) -> None:
    clinic = open_clinic(paths, url, passphrase=passphrase)
    clinic.actor = actor
    try:
        with clinic.unit_of_work() as uow:
            uow.record_event(
                AuditAction.RESTORE,
                "database",
                backup.name,
                after={
                    "restored_from": backup.name,
                    "previous_database": previous.name if previous else None,
                    "row_counts": counts,
                },
            )
            uow.commit()
    finally:
        clinic.close()


def move_damaged_aside(database: Path, now: datetime) -> Path:
    """Rename a damaged database (and its WAL and shared-memory files) out of the way."""
    stamp = now.strftime(_STAMP)
    target = database.with_name(f"{database.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    database.rename(target)
    return target


def backup_name(kind: BackupKind, when: datetime) -> str:
    """The file name a backup of ``kind`` taken at ``when`` gets."""
    return f"trochtrack-{kind.value}-{when.astimezone(UTC).strftime(_STAMP)}.sqlite"


def _keep_current_database(paths: AppPaths, database: Path, key: bytes | None) -> Path | None:
    if not database.exists():
        return None
    connect = _connector_for(key)
    destination = paths.backups / backup_name(BackupKind.PRE_RESTORE, datetime.now(UTC))
    try:
        check_sqlite_file(database, encrypted=key is not None)
        # Read-only first: a damaged file (and its -wal) is moved aside exactly as it is.
        with suppress(DatabaseTooNewError):  # a newer version's file is healthy: copy it
            inspect_read_only(database, key)
        source = connect(str(database))
        try:
            write_verified_backup(source, destination, connect=connect)
        finally:
            source.close()
    except DatabaseBusyError as error:
        raise DatabaseInUseError(database, BUSY_TIMEOUT_MS / 1000) from error
    except _UNREADABLE as error:
        if getattr(error, "busy", False) or is_busy_error(error):
            # Another program is writing to it: busy is never damage.
            raise DatabaseInUseError(database, BUSY_TIMEOUT_MS / 1000) from error
        # Unreadable: keep the file itself, untouched, under another name.
        return move_damaged_aside(database, datetime.now(UTC))
    return destination


def _connector(paths: AppPaths, url: str | None, passphrase: str | None) -> Connector:
    """How to open this database's files: plainly, or with the key of its passphrase."""
    return _connector_for(_database_key(paths, url, passphrase))


def _connector_for(key: bytes | None) -> Connector:
    return sqlite3.connect if key is None else partial(cipher_connect, key=key)


def _database_key(paths: AppPaths, url: str | None, passphrase: str | None) -> bytes | None:
    """The SQLCipher key of a protected database (``None`` for a plain one)."""
    protection = read_protection(_database_path(paths, url))
    if protection is None:
        return None
    if passphrase is None:
        raise PassphraseRequiredError()
    key = protection.key_for(passphrase)
    if key is None:
        raise WrongPassphraseError()
    return key


def _database_path(paths: AppPaths, url: str | None) -> Path:
    database = paths.database_file(url)
    if database is None:
        raise ServiceError(POSTGRES_BACKUPS)
    return database
