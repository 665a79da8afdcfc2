"""The optional passphrase: the SQLite database (and its backups) encrypted at rest.

Turning protection on writes an encrypted copy of the database through SQLCipher,
checks it holds every row, then puts it in place of the plain file; backups, damaged
files kept aside and leftovers are encrypted or removed the same way, journaled so a
crash is finished by running it again (:mod:`trochtrack.services.protection`).
The passphrase itself is never stored (see :mod:`trochtrack.store.encryption`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import check_text
from trochtrack.paths import AppPaths
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.protection import (
    ProtectionJournal,
    ProtectionReport,
    bring_every_copy_to_key,
    read_journal,
    write_journal,
)
from trochtrack.store.encryption import Protection, new_protection, read_protection
from trochtrack.store.errors import WrongPassphraseError
from trochtrack.store.models import AuditAction

MIN_PASSPHRASE_LENGTH: Final = 10


def database_path(paths: AppPaths, url: str | None = None) -> Path:
    """The SQLite file a URL names (protection is for SQLite files only)."""
    database = paths.database_file(url)
    if database is None:
        raise ServiceError(
            "A passphrase protects the local SQLite database; a PostgreSQL server is "
            "protected on the server (encrypted disks, TLS, database roles)."
        )
    return database


def is_protected(paths: AppPaths, url: str | None = None) -> bool:
    """Whether the database needs a passphrase to open."""
    database = paths.database_file(url)
    return database is not None and read_protection(database) is not None


def check_passphrase_strength(passphrase: str) -> str:
    """The passphrase if it is acceptable; raises naming ``passphrase`` otherwise."""
    text = check_text(passphrase, "passphrase", max_length=200)
    if len(text) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            "passphrase", f"use at least {MIN_PASSPHRASE_LENGTH} characters (a few words)"
        )
    return text


def verify_passphrase(clinic: Clinic, passphrase: str) -> bool:
    """Whether ``passphrase`` opens this clinic's database (used to unlock the app)."""
    if clinic.database.path is None:
        return False
    protection = read_protection(clinic.database.path)
    return protection is not None and protection.key_for(passphrase) is not None


def pending_protection(paths: AppPaths, url: str | None = None) -> ProtectionJournal | None:
    """The journal of an interrupted ``protect`` on this database, if there is one."""
    return read_journal(database_path(paths, url))


def protect_database(
    paths: AppPaths, passphrase: str, *, url: str | None = None, actor: str | None = None
) -> ProtectionReport:
    """Encrypt the (closed) database and every copy of it with a new passphrase.

    Journaled (see :mod:`trochtrack.services.protection`): after a crash, the same call
    with the same passphrase finishes the work.

    Raises:
        ValidationError: the passphrase is too short.
        ServiceError: the database is already protected, an interrupted run needs its
            own passphrase, or the database could not be encrypted.
    """
    passphrase = check_passphrase_strength(passphrase)
    database = database_path(paths, url)
    journal = read_journal(database)
    if journal is None:
        if read_protection(database) is not None:
            raise ServiceError("The database is already protected; change the passphrase instead.")
        # Recorded first (the database cannot be opened while the journal exists); this
        # also leaves it migrated and checkpointed, holding everything.
        _record_protection(paths, url, None, actor, {"encrypted": True})
        target, key = new_protection(passphrase)
        journal = ProtectionJournal(target, None)
        write_journal(database, journal)
    else:
        key = _journal_key(journal.target, passphrase, "new")
    return bring_every_copy_to_key(paths, database, journal, key, None)


def change_passphrase(
    paths: AppPaths, old: str, new: str, *, url: str | None = None, actor: str | None = None
) -> ProtectionReport:
    """Re-key the (closed) database and every copy of it from ``old`` to ``new``.

    Journaled like :func:`protect_database`; the same call finishes an interrupted one.

    Raises:
        WrongPassphraseError: ``old`` is not the passphrase.
        ValidationError: ``new`` is too short.
    """
    new = check_passphrase_strength(new)
    database = database_path(paths, url)
    journal = read_journal(database)
    if journal is None:
        protection = read_protection(database)
        if protection is None:
            raise ServiceError("The database has no passphrase yet; protect it first.")
        old_key = protection.key_for(old)
        if old_key is None:
            raise WrongPassphraseError()
        _record_protection(paths, url, old, actor, {"passphrase": "changed"})
        target, key = new_protection(new)
        journal = ProtectionJournal(target, protection)
        write_journal(database, journal)
    else:
        key = _journal_key(journal.target, new, "new")
        if journal.previous is None:
            raise ServiceError(
                "An interrupted run of protect is turning encryption on: run protect "
                "again with its passphrase to finish it first."
            )
        old_key = _journal_key(journal.previous, old, "old")
    return bring_every_copy_to_key(paths, database, journal, key, old_key)


def _journal_key(protection: Protection, passphrase: str, which: str) -> bytes:
    key = protection.key_for(passphrase)
    if key is None:
        raise ServiceError(
            "An interrupted run of protect is waiting to be finished: give the same "
            f"{which} passphrase as then (nothing was changed now)."
        )
    return key


def _record_protection(
    paths: AppPaths,
    url: str | None,
    passphrase: str | None,
    actor: str | None,
    after: dict[str, object],
) -> None:
    clinic = open_clinic(paths, url, passphrase=passphrase)
    clinic.actor = actor
    try:
        with clinic.unit_of_work() as uow:
            uow.record_event(AuditAction.UPDATE, "database", "protection", after=after)
            uow.commit()
    finally:
        clinic.close()
