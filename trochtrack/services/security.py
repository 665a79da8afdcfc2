"""The optional passphrase: the SQLite database (and its backups) encrypted at rest.

Turning protection on writes an encrypted copy of the database through SQLCipher,
checks it holds every row, then puts it in place of the plain file; existing backups are
encrypted the same way, so no plain copy of the records stays behind in the data folder.
The passphrase itself is never stored (see :mod:`trochtrack.store.encryption`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import check_text
from trochtrack.paths import AppPaths
from trochtrack.services.backups import list_backups
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.errors import ServiceError
from trochtrack.store.backup import table_row_counts, verify_backup
from trochtrack.store.encryption import (
    cipher_connect,
    encrypt_copy,
    new_protection,
    read_protection,
    rekey,
    write_protection,
)
from trochtrack.store.errors import WrongPassphraseError
from trochtrack.store.models import AuditAction

MIN_PASSPHRASE_LENGTH: Final = 10


def database_path(paths: AppPaths, url: str | None = None) -> Path:
    """The SQLite file a URL names (protection is for SQLite files only)."""
    resolved = paths.database_url(url)
    if not resolved.startswith("sqlite:///"):
        raise ServiceError(
            "A passphrase protects the local SQLite database; a PostgreSQL server is "
            "protected on the server (encrypted disks, TLS, database roles)."
        )
    return Path(resolved.removeprefix("sqlite:///"))


def is_protected(paths: AppPaths, url: str | None = None) -> bool:
    """Whether the database needs a passphrase to open."""
    try:
        return read_protection(database_path(paths, url)) is not None
    except ServiceError:
        return False


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


def protect_database(
    paths: AppPaths, passphrase: str, *, url: str | None = None, actor: str | None = None
) -> None:
    """Encrypt the (closed) database and its backups with a new passphrase.

    Raises:
        ValidationError: the passphrase is too short.
        ServiceError: the database is already protected, or the encrypted copy did not
            hold the same rows (nothing was changed then).
    """
    passphrase = check_passphrase_strength(passphrase)
    database = database_path(paths, url)
    if read_protection(database) is not None:
        raise ServiceError("The database is already protected; change the passphrase instead.")
    open_clinic(paths, url).close()  # migrated and checkpointed: the file holds everything
    protection, key = new_protection(passphrase)
    encrypted = database.with_name(database.name + ".encrypting")
    encrypt_copy(database, encrypted, key)
    _check_same_rows(database, encrypted, key)
    write_protection(database, protection)
    # From here a crash leaves the protection file beside a plain database, which the
    # opener recognises (plain SQLite header) and treats as not yet protected.
    encrypted.replace(database)
    for companion in ("-wal", "-shm"):
        database.with_name(database.name + companion).unlink(missing_ok=True)
    for backup in list_backups(paths):
        _encrypt_backup(backup.path, key)
    clinic = open_clinic(paths, url, passphrase=passphrase)
    clinic.actor = actor
    try:
        with clinic.unit_of_work() as uow:
            uow.record_event(
                AuditAction.UPDATE, "database", "protection", after={"encrypted": True}
            )
            uow.commit()
    finally:
        clinic.close()


def change_passphrase(
    paths: AppPaths, old: str, new: str, *, url: str | None = None, actor: str | None = None
) -> None:
    """Re-key the (closed) database and its backups from ``old`` to ``new``.

    Raises:
        WrongPassphraseError: ``old`` is not the passphrase.
        ValidationError: ``new`` is too short.
    """
    new = check_passphrase_strength(new)
    database = database_path(paths, url)
    protection = read_protection(database)
    if protection is None:
        raise ServiceError("The database has no passphrase yet; protect it first.")
    old_key = protection.key_for(old)
    if old_key is None:
        raise WrongPassphraseError()
    open_clinic(paths, url, passphrase=old).close()
    new_protection_record, new_key = new_protection(new)
    rekey(database, old_key, new_key)
    write_protection(database, new_protection_record)
    for backup in list_backups(paths):
        rekey(backup.path, old_key, new_key)
    clinic = open_clinic(paths, url, passphrase=new)
    clinic.actor = actor
    try:
        with clinic.unit_of_work() as uow:
            uow.record_event(
                AuditAction.UPDATE, "database", "protection", after={"passphrase": "changed"}
            )
            uow.commit()
    finally:
        clinic.close()


def _check_same_rows(plain: Path, encrypted: Path, key: bytes) -> None:
    source = sqlite3.connect(plain)
    try:
        expected = table_row_counts(source)
    finally:
        source.close()
    copied = verify_backup(encrypted, connect=lambda path: cipher_connect(path, key))
    if copied != expected:
        encrypted.unlink(missing_ok=True)
        raise ServiceError("The encrypted copy did not hold every row; nothing was changed.")


def _encrypt_backup(backup: Path, key: bytes) -> None:
    with backup.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return  # already encrypted
    encrypted = backup.with_name(backup.name + ".encrypting")
    encrypt_copy(backup, encrypted, key)
    _check_same_rows(backup, encrypted, key)
    encrypted.replace(backup)
