"""What can go wrong with the database, in words a clinician can act on.

Driver exceptions never leave the store: the unit of work and the opener translate them
into these, so the services and the UI can show a specific message and keep the form.
"""

from __future__ import annotations

from pathlib import Path

from trochtrack.domain.errors import TrochtrackError


class StoreError(TrochtrackError):
    """Base for every database problem the app reports to the user."""


class DatabaseDamagedError(StoreError):
    """The file is not a usable trochtrack database (zero bytes, not SQLite, corrupt)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"The database {path} cannot be used: {reason}.")
        self.path = path
        self.reason = reason


class DatabaseTooNewError(StoreError):
    """The database was last opened by a newer trochtrack; this one must not write to it."""

    def __init__(self, revision: str) -> None:
        super().__init__(
            "This database was written by a newer version of trochtrack "
            f"(schema {revision}). Install that version or newer to open it; "
            "this version will not change it."
        )
        self.revision = revision


class DatabaseBusyError(StoreError):
    """Another program held the database for longer than the busy timeout."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "The database is busy (another trochtrack window or a backup is writing). "
            "Nothing was saved; try again in a moment."
        )


class DatabaseInUseError(DatabaseBusyError):
    """Opening waited for another program writing to the database, and gave up.

    Never damage: the file is left as it is, and no backup is offered.
    """

    def __init__(self, path: Path | None, waited_s: float) -> None:
        where = f" {path}" if path is not None else ""
        super().__init__(
            f"Another program is using the database{where}: it stayed busy for "
            f"{waited_s:.0f} s. Nothing was changed. Try again when it has finished (a "
            "large import or a backup can take a while)."
        )
        self.path = path


def is_busy_error(error: BaseException) -> bool:
    """Whether a driver error says another connection holds the lock (never damage)."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorname", "")
    text = str(original).lower()
    return (
        code in {"SQLITE_BUSY", "SQLITE_LOCKED"}
        or "database is locked" in text
        or "database table is locked" in text
    )


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full."""

    def __init__(self) -> None:
        super().__init__("The disk is full. Nothing was saved; free some space and try again.")


class ReadOnlyError(StoreError):
    """The database cannot be written (read-only file or medium)."""

    def __init__(self) -> None:
        super().__init__("The database is read-only. Nothing was saved.")


class DatabaseReadOnlyError(StoreError):
    """The database file, or its folder, cannot be written here (never a damaged file)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The database {path} cannot be written here (the file or its folder is "
            "read-only for this user). Nothing was changed; fix the permissions or copy "
            "the file to a writable folder and open it there."
        )
        self.path = path


class WrongPassphraseError(StoreError):
    """The database is encrypted and the passphrase given does not open it."""

    def __init__(self) -> None:
        super().__init__("The passphrase is not correct for this database.")


class PassphraseRequiredError(StoreError):
    """The database is encrypted; it opens only with its passphrase."""

    def __init__(self) -> None:
        super().__init__("This database is protected by a passphrase; enter it to open.")


class ConstraintError(StoreError):
    """The database refused a value (a range, a duplicate, a missing reference)."""


class MigrationError(StoreError):
    """Upgrading the database failed; the backup taken before it is named."""


class NotFoundError(StoreError):
    """The record asked for does not exist (it may have been deleted elsewhere)."""


class ProtectionPendingError(StoreError):
    """Encryption was interrupted: the database stays shut until ``protect`` finishes."""

    def __init__(self) -> None:
        super().__init__(
            "Encrypting the database was interrupted. Run trochtrack-cli protect again, "
            "with the same new passphrase, to finish it; until then the database is not "
            "opened (some copies may still be unencrypted)."
        )
