"""Turning encryption on, or changing its key, so that a crash never strands a copy.

The work is journaled: before any file is touched, the key being moved to (its salt
and verifier, never the key or the passphrase) and the key being left (when changing
the passphrase) are written to ``<database>.protect-journal``. Every step is then
idempotent, decided by looking at each file: a plain SQLite file is encrypted, a file
that opens with the old key is re-keyed, a file that opens with the new key is done.
Running ``protect`` again after a crash, with the same passphrases, finishes the job;
the database does not open in the meantime (it says why). The journal goes last.

The copies it knows, and brings to the new key or removes: the database; every backup;
the damaged files moved aside beside the database, with their -wal and -shm; and the
leftovers of interrupted work (``.encrypting``, ``-journal`` and unfinished ``.tmp``
backups, the PDFs handed to the system viewer). What it cannot encrypt (a damaged file
SQLite cannot read) it lists, and leaves in place for the user to decide.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from trochtrack.paths import AppPaths, fsync_path, write_private_file
from trochtrack.services.backups import list_backups
from trochtrack.services.errors import ServiceError
from trochtrack.store.encryption import (
    Protection,
    encrypt_in_place,
    is_plain_sqlite,
    opens_with,
    protect_journal_path,
    rekey,
    remove_securely,
    write_protection,
)
from trochtrack.store.errors import StoreError

JOURNAL_FORMAT: Final = "trochtrack-protect-journal/1"


@dataclass(slots=True)
class ProtectionReport:
    """What a run of ``protect`` did to each copy of the records it knows."""

    encrypted: list[Path] = field(default_factory=list)
    rekeyed: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    not_done: list[tuple[Path, str]] = field(default_factory=list)
    """Copies left as they were, with the reason (the user must deal with them)."""


@dataclass(frozen=True, slots=True)
class ProtectionJournal:
    """The keys an unfinished ``protect`` moves from and to."""

    target: Protection
    previous: Protection | None


def read_journal(database: Path) -> ProtectionJournal | None:
    """The journal of an unfinished ``protect``, or ``None``."""
    path = protect_journal_path(database)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != JOURNAL_FORMAT:
            raise ValueError(data.get("format"))
        previous = data.get("previous")
        return ProtectionJournal(
            _protection(data["target"]), _protection(previous) if previous else None
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ServiceError(
            f"The encryption journal {path.name} is damaged; the database may be half "
            "encrypted. Keep every file in the data folder and ask for help."
        ) from error


def write_journal(database: Path, journal: ProtectionJournal) -> None:
    """Write the journal atomically and durably, 0600, before any file is changed."""
    text = json.dumps(
        {
            "format": JOURNAL_FORMAT,
            "target": _plain(journal.target),
            "previous": _plain(journal.previous) if journal.previous else None,
        }
    )
    write_private_file(protect_journal_path(database), text.encode("utf-8"))


def bring_every_copy_to_key(
    paths: AppPaths,
    database: Path,
    journal: ProtectionJournal,
    key: bytes,
    previous_key: bytes | None,
) -> ProtectionReport:
    """Do (or finish) the journaled work; the journal is removed only when all is done.

    Raises:
        ServiceError: the database itself could not be brought to the new key (the
            journal stays: run ``protect`` again).
    """
    report = ProtectionReport()
    try:
        outcome = _bring_to_key(database, key, previous_key)
    except StoreError as error:
        raise ServiceError(f"The database was not encrypted: {error}") from error
    _note(report, database, outcome)
    write_protection(database, journal.target)
    for companion in ("-wal", "-shm", "-journal"):
        # What a plain database left beside it holds plain pages.
        _remove(report, database.with_name(database.name + companion))
    for copy in _known_copies(paths, database):
        try:
            _note(report, copy, _bring_to_key(copy, key, previous_key))
        except StoreError as error:
            report.not_done.append((copy, str(error)))
            continue
        for companion in ("-wal", "-shm"):
            _remove(report, copy.with_name(copy.name + companion))
    for leftover in _leftovers(paths, database):
        _remove(report, leftover)
    protect_journal_path(database).unlink()
    fsync_path(database.parent)
    return report


def _bring_to_key(path: Path, key: bytes, previous_key: bytes | None) -> str:
    """Encrypt, re-key or leave one file; returns what was done.

    Raises:
        StoreError: the file is plain but unreadable, or opens with neither key.
    """
    if is_plain_sqlite(path):
        encrypt_in_place(path, key)
        return "encrypted"
    if opens_with(path, key):
        return "done"
    if previous_key is not None and opens_with(path, previous_key):
        rekey(path, previous_key, key)
        return "rekeyed"
    raise StoreError(f"{path.name} opens with neither the old key nor the new one")


def _note(report: ProtectionReport, path: Path, outcome: str) -> None:
    if outcome == "encrypted":
        report.encrypted.append(path)
    elif outcome == "rekeyed":
        report.rekeyed.append(path)


def _remove(report: ProtectionReport, path: Path) -> None:
    if remove_securely(path):
        report.removed.append(path)


def _known_copies(paths: AppPaths, database: Path) -> list[Path]:
    """Every finished copy of the records: backups, and damaged files moved aside."""
    copies = [info.path for info in list_backups(paths)]
    aside = re.compile(re.escape(database.name) + r"\.damaged-\d{8}T\d{12}Z")
    copies += sorted(
        path for path in database.parent.iterdir() if aside.fullmatch(path.name) is not None
    )
    return copies


def _leftovers(paths: AppPaths, database: Path) -> list[Path]:
    """Unfinished work that may hold plain pages, and the PDFs given to the viewer."""
    found = [
        *database.parent.glob(f"{database.name}.encrypting*"),
        *database.parent.glob(f"{database.name}.damaged-*.encrypting*"),
        *database.parent.glob(f"{database.name}.damaged-*-journal"),
    ]
    if paths.backups.exists():
        found += [
            *paths.backups.glob("*.tmp"),
            *paths.backups.glob("*.encrypting*"),
            *paths.backups.glob("*-journal"),
        ]
    if paths.viewer.exists():
        found += paths.viewer.glob("trochtrack-*.pdf")
    return sorted(set(found))


def _protection(data: dict[str, str]) -> Protection:
    return Protection(bytes.fromhex(data["salt"]), bytes.fromhex(data["verifier"]))


def _plain(protection: Protection) -> dict[str, str]:
    return {"salt": protection.salt.hex(), "verifier": protection.verifier.hex()}
