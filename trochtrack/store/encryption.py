"""The SQLite file encrypted at rest with SQLCipher, for clinics that set a passphrase.

The passphrase never reaches SQLCipher or the disk. A key is derived from it with scrypt
and a random salt, and handed to SQLCipher as a raw key. Beside the database a small
``.protection`` file (0600) keeps the salt and a verifier (an HMAC made with the key),
so a wrong passphrase is told apart from a damaged file before the database is touched:
a wrong passphrase is reported as such and never leads to the restore flow.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from trochtrack.paths import PRIVATE_FILE_MODE, fsync_path, write_private_file
from trochtrack.store.errors import StoreError

PROTECTION_SUFFIX: Final = ".protection"
PROTECT_JOURNAL_SUFFIX: Final = ".protect-journal"
PROTECTION_FORMAT: Final = "trochtrack-protection/1"
_SCRYPT: Final = {"n": 2**15, "r": 8, "p": 1}
_VERIFIER_MESSAGE: Final = b"trochtrack passphrase verifier"
KEY_BYTES: Final = 32


@dataclass(frozen=True, slots=True)
class Protection:
    """What is kept beside an encrypted database: the salt and the verifier."""

    salt: bytes
    verifier: bytes

    def key_for(self, passphrase: str) -> bytes | None:
        """The database key if ``passphrase`` is the right one, else ``None``."""
        key = derive_key(passphrase, self.salt)
        expected = hmac.new(key, _VERIFIER_MESSAGE, hashlib.sha256).digest()
        return key if hmac.compare_digest(expected, self.verifier) else None


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The 256-bit database key for ``passphrase`` (scrypt)."""
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        maxmem=64 * 1024 * 1024,
        dklen=KEY_BYTES,
        **_SCRYPT,
    )


def protection_path(database: Path) -> Path:
    return database.with_name(database.name + PROTECTION_SUFFIX)


def protect_journal_path(database: Path) -> Path:
    """Where an unfinished ``protect`` keeps its journal (see services.protection)."""
    return database.with_name(database.name + PROTECT_JOURNAL_SUFFIX)


def read_protection(database: Path) -> Protection | None:
    """The protection record of ``database``, or ``None`` when it is not encrypted."""
    path = protection_path(database)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != PROTECTION_FORMAT:
            raise ValueError(data.get("format"))
        return Protection(bytes.fromhex(data["salt"]), bytes.fromhex(data["verifier"]))
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(
            f"The protection file {path.name} beside the database is damaged; without it "
            "the encrypted database cannot be opened. Restore it from a backup."
        ) from error


def new_protection(passphrase: str) -> tuple[Protection, bytes]:
    """A fresh salt and verifier for ``passphrase``, with the key they give."""
    salt = secrets.token_bytes(16)
    key = derive_key(passphrase, salt)
    verifier = hmac.new(key, _VERIFIER_MESSAGE, hashlib.sha256).digest()
    return Protection(salt, verifier), key


def write_protection(database: Path, protection: Protection) -> None:
    """Write the protection file atomically (temporary name, fsync, rename), 0600."""
    text = json.dumps(
        {
            "format": PROTECTION_FORMAT,
            "kdf": {"name": "scrypt", **_SCRYPT},
            "salt": protection.salt.hex(),
            "verifier": protection.verifier.hex(),
        }
    )
    write_private_file(protection_path(database), text.encode("utf-8"))


def cipher_module() -> ModuleType:
    """The SQLCipher DB-API module (``sqlcipher3``)."""
    try:
        module = importlib.import_module("sqlcipher3.dbapi2")
    except ImportError as error:
        raise StoreError(
            "This database is encrypted, and this installation lacks SQLCipher support "
            "(install trochtrack with the 'encryption' extra)."
        ) from error
    return module


def cipher_connect(path: str, key: bytes, **kwargs: Any) -> Any:
    """A DB-API connection to an encrypted SQLite file, keyed and ready."""
    connection = cipher_module().connect(path, **kwargs)
    # SQLCipher logs decryption failures to stderr; a wrong key is handled by us.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def database_errors() -> tuple[type[Exception], ...]:
    """The DatabaseError classes of the stdlib driver and, if present, SQLCipher's."""
    import sqlite3

    errors: list[type[Exception]] = [sqlite3.DatabaseError]
    with suppress(StoreError):
        errors.append(cipher_module().DatabaseError)
    return tuple(errors)


def rekey(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Change the key of an encrypted SQLite file in place (SQLCipher rewrites every page)."""
    connection = cipher_connect(str(path), old_key)
    try:
        connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    finally:
        connection.close()


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` starts with the plain SQLite header (an unencrypted copy)."""
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def opens_with(path: Path, key: bytes) -> bool:
    """Whether the encrypted file ``path`` reads with ``key`` (read-only: nothing changes)."""
    try:
        connection = cipher_connect(_read_only_uri(path), key, uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except cipher_module().DatabaseError:
        return False
    return True


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Replace the plain SQLite file ``path`` with an encrypted copy holding every row.

    The copy is written beside it (``.encrypting``), checked table by table against the
    plain file, synced, and renamed over it; a crash at any point leaves either the
    plain file or the encrypted one under the name, never half of either. The plain file
    is read through a read-only connection, so a -wal beside it is read, not merged in.

    Raises:
        StoreError: the file cannot be read, or the copy does not hold its rows.
    """
    encrypted = path.with_name(path.name + ".encrypting")
    remove_securely(encrypted.with_name(encrypted.name + "-journal"))
    encrypted.unlink(missing_ok=True)
    module = cipher_module()
    try:
        connection = module.connect(_read_only_uri(path), uri=True)
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")
            expected = _row_counts(connection)
            connection.execute(
                f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(encrypted),)
            )
            connection.execute("SELECT sqlcipher_export('encrypted')")
            connection.execute("DETACH DATABASE encrypted")
        finally:
            connection.close()
        encrypted.chmod(PRIVATE_FILE_MODE)
        check = cipher_connect(_read_only_uri(encrypted), key, uri=True)
        try:
            copied = _row_counts(check)
        finally:
            check.close()
    except module.DatabaseError as error:
        encrypted.unlink(missing_ok=True)
        raise StoreError(f"{path.name} could not be encrypted ({error})") from error
    if copied != expected:
        encrypted.unlink(missing_ok=True)
        raise StoreError(f"{path.name}: the encrypted copy did not hold every row")
    fsync_path(encrypted)
    encrypted.replace(path)
    fsync_path(path.parent)


def remove_securely(path: Path) -> bool:
    """Overwrite a file's bytes with zeros, sync, and delete it; whether one was there.

    On a copy-on-write or flash file system the old blocks may survive the overwrite;
    the README says so.
    """
    try:
        size = path.lstat().st_size
    except FileNotFoundError:
        return False
    if path.is_file() and not path.is_symlink():
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            chunk = b"\x00" * 65536
            for _ in range(0, size, len(chunk)):
                os.write(descriptor, chunk)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    path.unlink()
    return True


def _row_counts(connection: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    # Table names come from sqlite_master, not from input.
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def _read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"
