"""Passphrase protection: the database and its backups encrypted at rest (SQLCipher).

A wrong passphrase is reported as such, never as damage; the right one with a damaged
file leads to the damaged-database flow.
"""

from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.errors import ValidationError
from trochtrack.paths import AppPaths
from trochtrack.services.backups import list_backups, make_backup, restore_backup
from trochtrack.services.cases import load_case, save_case
from trochtrack.services.clinic import open_clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.security import (
    change_passphrase,
    is_protected,
    protect_database,
    verify_passphrase,
)
from trochtrack.store.encryption import protection_path
from trochtrack.store.errors import (
    DatabaseDamagedError,
    PassphraseRequiredError,
    WrongPassphraseError,
)

pytestmark = pytest.mark.integration
PASSPHRASE = "correct horse battery staple"
SQLITE = b"SQLite format 3\x00"


@pytest.fixture
def protected(app_paths: AppPaths, example_cases) -> AppPaths:
    clinic = open_clinic(app_paths)
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    make_backup(clinic)
    clinic.close()
    protect_database(app_paths, PASSPHRASE, actor="Dr Lock")
    return app_paths


def _header(path: Path) -> bytes:
    return path.read_bytes()[:16]


def test_protection_encrypts_the_database_and_every_backup(protected: AppPaths):
    assert is_protected(protected)
    assert _header(protected.database) != SQLITE
    assert b"Margaret" not in protected.database.read_bytes()
    backups = list_backups(protected)
    assert backups
    for backup in backups:
        assert _header(backup.path) != SQLITE
        assert b"Margaret" not in backup.path.read_bytes()
    assert protection_path(protected.database).stat().st_mode & 0o777 == 0o600
    assert not list(protected.data.glob("*.encrypting"))


def test_the_right_passphrase_opens_everything_as_before(protected: AppPaths, example_cases):
    clinic = open_clinic(protected, passphrase=PASSPHRASE)
    try:
        assert load_case(clinic, "P-SEED").patient.given_name == "Margaret"
        assert verify_passphrase(clinic, PASSPHRASE)
        assert not verify_passphrase(clinic, "correct horse battery stapler")
        new_backup = make_backup(clinic)
    finally:
        clinic.close()
    assert _header(new_backup.path) != SQLITE


def test_no_passphrase_or_a_wrong_one_is_said_plainly(protected: AppPaths):
    with pytest.raises(PassphraseRequiredError):
        open_clinic(protected)
    with pytest.raises(WrongPassphraseError, match="passphrase is not correct"):
        open_clinic(protected, passphrase="not the passphrase at all")


def test_a_wrong_passphrase_on_a_damaged_file_is_still_a_wrong_passphrase(protected: AppPaths):
    data = bytearray(protected.database.read_bytes())
    data[5000:9000] = b"\x00" * 4000
    protected.database.write_bytes(bytes(data))
    with pytest.raises(WrongPassphraseError):
        open_clinic(protected, passphrase="not the passphrase at all")
    with pytest.raises(DatabaseDamagedError):
        open_clinic(protected, passphrase=PASSPHRASE)


def test_an_encrypted_backup_restores_with_the_passphrase(protected: AppPaths):
    backup = list_backups(protected)[0].path
    with pytest.raises(PassphraseRequiredError):
        restore_backup(protected, backup)
    result = restore_backup(protected, backup, passphrase=PASSPHRASE, actor="Dr Lock")
    assert result.previous_database is not None
    assert _header(result.previous_database) != SQLITE
    clinic = open_clinic(protected, passphrase=PASSPHRASE)
    try:
        assert load_case(clinic, "P-SEED").patient.ref == "P-SEED"
    finally:
        clinic.close()


def test_changing_the_passphrase_rekeys_database_and_backups(protected: AppPaths):
    with pytest.raises(WrongPassphraseError):
        change_passphrase(protected, "wrong old passphrase", "a brand new passphrase")
    change_passphrase(protected, PASSPHRASE, "a brand new passphrase")
    with pytest.raises(WrongPassphraseError):
        open_clinic(protected, passphrase=PASSPHRASE)
    clinic = open_clinic(protected, passphrase="a brand new passphrase")
    clinic.close()
    restore_backup(protected, list_backups(protected)[-1].path, passphrase="a brand new passphrase")


def test_a_short_passphrase_is_refused(app_paths: AppPaths):
    open_clinic(app_paths).close()
    with pytest.raises(ValidationError, match=r"^passphrase: use at least 10 characters"):
        protect_database(app_paths, "short")
    assert not is_protected(app_paths)


def test_protection_interrupted_before_the_swap_leaves_a_usable_plain_database(
    app_paths: AppPaths,
    example_cases,
    raw_sqlite,
):
    clinic = open_clinic(app_paths)
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    clinic.close()
    protection_path(app_paths.database).write_text(
        '{"format": "trochtrack-protection/1", "salt": "00", "verifier": "00"}'
    )
    clinic = open_clinic(app_paths)
    try:
        assert load_case(clinic, "P-SEED").patient.ref == "P-SEED"
    finally:
        clinic.close()
    assert not protection_path(app_paths.database).exists()
    assert raw_sqlite(app_paths.database).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_copy_protect_cannot_read_is_listed_and_left(app_paths: AppPaths, example_cases):
    clinic = open_clinic(app_paths)
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    clinic.close()
    aside = app_paths.data / "trochtrack.sqlite.damaged-20260102T000000000000Z"
    garbage = SQLITE + b"\xff" * 8000
    aside.write_bytes(garbage)
    report = protect_database(app_paths, PASSPHRASE)
    ((path, reason),) = report.not_done
    assert path == aside
    assert "could not be encrypted" in reason
    assert aside.read_bytes() == garbage  # the user decides what happens to it
    assert _header(app_paths.database) != SQLITE


def test_an_interrupted_passphrase_change_is_finished_by_running_it_again(
    protected: AppPaths, monkeypatch: pytest.MonkeyPatch
):
    from trochtrack.services import protection
    from trochtrack.store.encryption import opens_with, read_protection
    from trochtrack.store.errors import ProtectionPendingError

    make_backup_with = open_clinic(protected, passphrase=PASSPHRASE)
    make_backup(make_backup_with)
    make_backup_with.close()
    real_rekey = protection.rekey
    calls = []

    def rekey_then_crash(path, old, new):
        if calls:
            raise KeyboardInterrupt  # the process stops after the database was re-keyed
        calls.append(path)
        real_rekey(path, old, new)

    monkeypatch.setattr(protection, "rekey", rekey_then_crash)
    with pytest.raises(KeyboardInterrupt):
        change_passphrase(protected, PASSPHRASE, "a brand new passphrase")
    with pytest.raises(ProtectionPendingError):
        open_clinic(protected, passphrase=PASSPHRASE)
    monkeypatch.setattr(protection, "rekey", real_rekey)
    with pytest.raises(ServiceError, match="same new passphrase"):
        change_passphrase(protected, PASSPHRASE, "yet another passphrase")
    report = change_passphrase(protected, PASSPHRASE, "a brand new passphrase")
    assert len(report.rekeyed) == 2  # the two backups the first run did not reach
    key = read_protection(protected.database).key_for("a brand new passphrase")
    assert key is not None
    assert all(opens_with(b.path, key) for b in list_backups(protected))
    open_clinic(protected, passphrase="a brand new passphrase").close()


def test_the_cli_finishes_an_interrupted_protect(
    app_paths: AppPaths, example_cases, monkeypatch: pytest.MonkeyPatch
):
    import os
    import subprocess
    import sys

    from trochtrack.services import protection

    clinic = open_clinic(app_paths)
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    make_backup(clinic)
    clinic.close()
    real = protection.encrypt_in_place
    done: list[Path] = []

    def encrypt_then_crash(path, key):
        if done:
            raise KeyboardInterrupt  # stopped after the database, before the backup
        done.append(path)
        real(path, key)

    monkeypatch.setattr(protection, "encrypt_in_place", encrypt_then_crash)
    with pytest.raises(KeyboardInterrupt):
        protect_database(app_paths, PASSPHRASE)
    (backup,) = list_backups(app_paths)
    assert _header(backup.path) == SQLITE
    assert is_protected(app_paths)
    env = {
        **os.environ,
        "TROCHTRACK_HOME": str(app_paths.data.parent),
        "TROCHTRACK_PASSPHRASE": PASSPHRASE,
        "TROCHTRACK_NEW_PASSPHRASE": PASSPHRASE,
    }
    env.pop("TROCHTRACK_DB", None)
    finished = subprocess.run(
        [sys.executable, "-m", "trochtrack.cli.main", "protect"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    assert "finishing the interrupted encryption" in finished.stderr
    assert _header(backup.path) != SQLITE


def test_an_encrypted_copy_missing_rows_never_replaces_the_plain_file(
    app_paths: AppPaths, example_cases, monkeypatch: pytest.MonkeyPatch
):
    from trochtrack.store import encryption
    from trochtrack.store.errors import StoreError

    clinic = open_clinic(app_paths)
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    backup = make_backup(clinic).path
    clinic.close()
    before = backup.read_bytes()
    counts = encryption._row_counts

    def copy_lost_a_visit(connection):
        found = counts(connection)
        if seen:
            found["visit"] -= 1  # what the encrypted copy holds
        seen.append(found)
        return found

    seen: list[dict[str, int]] = []
    monkeypatch.setattr(encryption, "_row_counts", copy_lost_a_visit)
    with pytest.raises(StoreError, match="did not hold every row"):
        encryption.encrypt_in_place(backup, b"k" * 32)
    assert backup.read_bytes() == before
    assert not list(backup.parent.glob("*.encrypting"))
