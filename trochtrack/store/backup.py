"""Verified SQLite backups through the online backup API.

A copy of a live WAL database made with a file copy can miss everything still in the
WAL (it came out with no tables in an experiment), so backups read through SQLite. Each
backup is written under a temporary name, synced, checked (``integrity_check`` and the
row count of every table against the source at the same instant) and only then renamed
into place, so a crash or a full disk never leaves a half-written file under a backup's
name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from trochtrack.paths import PRIVATE_FILE_MODE, fsync_path, own_private_dir
from trochtrack.store.encryption import database_errors
from trochtrack.store.errors import is_busy_error


class BackupError(Exception):
    """The backup could not be written or did not verify; nothing was left in its place."""

    def __init__(
        self, message: str, *, busy: bool = False, source_problems: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.busy = busy
        """Another connection held the database's lock: busy, not damaged."""
        self.source_problems = source_problems or []
        """What the database itself failed in its full integrity check (it is damaged)."""


# A DB-API connection to SQLite: the stdlib's, or sqlcipher3's for an encrypted file.
SqliteConnection = Any
Connector = Callable[[str], SqliteConnection]
_DATABASE_ERRORS: Final[tuple[type[Exception], ...]] = database_errors()
_WRITE_ERRORS: Final[tuple[type[Exception], ...]] = (OSError, *_DATABASE_ERRORS)


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    row_counts: dict[str, int]
    size_bytes: int


def table_row_counts(connection: SqliteConnection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        ).fetchall()
    ]
    return {
        # Table names come from sqlite_master, not from input.
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def write_verified_backup(
    source: SqliteConnection,
    destination: Path,
    *,
    connect: Connector = sqlite3.connect,
) -> BackupReport:
    """Copy the database behind ``source`` to ``destination``, verified, or raise.

    ``source`` must not be inside a transaction. ``connect`` opens the temporary copy
    (an encrypted database passes a connector that sets the key).
    """
    own_private_dir(destination.parent)
    temporary = destination.with_name(destination.name + ".tmp")
    temporary.unlink(missing_ok=True)
    try:
        source.execute("BEGIN")
        try:
            counts = table_row_counts(source)
            copy = connect(str(temporary))
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.execute("COMMIT")
        temporary.chmod(PRIVATE_FILE_MODE)
        fsync_path(temporary)
        _verify_copy(source, temporary, counts, connect)
        temporary.replace(destination)
        fsync_path(destination.parent)
    except _WRITE_ERRORS as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(
            f"the backup could not be written: {error}", busy=is_busy_error(error)
        ) from error
    except BackupError:
        temporary.unlink(missing_ok=True)
        raise
    return BackupReport(destination, counts, destination.stat().st_size)


def _verify_copy(
    source: SqliteConnection, copy: Path, counts: dict[str, int], connect: Connector
) -> None:
    """The copy must pass its checks; when it does not, the database itself is checked.

    The backup API copies pages as they are, so a copy that fails ``integrity_check``
    usually means the database is damaged (an index that quick_check at opening cannot
    see): then the error says so, for the user to stop and restore.
    """
    try:
        copied = verify_backup(copy, connect=connect)
        if copied != counts:
            raise BackupError("the copy does not hold the same rows as the database")
    except BackupError as error:
        problems = integrity_problems(source)
        if problems:
            raise BackupError(
                f"the database itself failed its integrity check ({problems[0]})",
                source_problems=problems,
            ) from error
        raise


def integrity_problems(connection: SqliteConnection, limit: int = 5) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong (page, row and index numbers only)."""
    rows = connection.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def verify_backup(path: Path, *, connect: Connector = sqlite3.connect) -> dict[str, int]:
    """Check a backup file: ``integrity_check`` must pass; return its row counts."""
    try:
        connection = connect(str(path))
        try:
            if integrity_problems(connection):
                raise BackupError(f"{path.name} failed its integrity check")
            return table_row_counts(connection)
        finally:
            connection.close()
    except _DATABASE_ERRORS as error:
        if is_busy_error(error):
            raise BackupError(f"{path.name} is in use by another program", busy=True) from error
        raise BackupError(f"{path.name} is not a readable database: {error}") from error
