"""Backups under faults: killed half-way, or out of space. The live database is never
touched, no half-written file ever carries a backup's name, and the next backup works."""

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.services.backups import (
    BackupKind,
    list_backups,
    make_backup,
    remove_unfinished_backups,
)
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.store.backup import BackupError, verify_backup, write_verified_backup

pytestmark = [pytest.mark.fault, pytest.mark.integration]


@pytest.fixture
def busy_clinic(clinic: Clinic, example_cases) -> Clinic:
    for path in example_cases.values():
        save_case(clinic, load_case_json(path.read_text(encoding="utf-8")))
    return clinic


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.mark.parametrize("trial", range(30))
def test_kill9_during_backups_never_leaves_a_bad_backup(busy_clinic: Clinic, trial: int):
    before = _dump(busy_clinic.database.path)
    pid = os.fork()
    if pid == 0:
        try:
            while True:
                make_backup(busy_clinic, BackupKind.MANUAL)
        finally:
            os._exit(1)
    time.sleep(random.Random(trial).uniform(0.01, 0.3))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)

    assert _dump(busy_clinic.database.path) == before
    for backup in list_backups(busy_clinic.paths):
        verify_backup(backup.path)  # every file under a backup's name is complete
    remove_unfinished_backups(busy_clinic.paths)
    assert list(busy_clinic.paths.backups.glob("*.tmp")) == []
    assert make_backup(busy_clinic).path.exists()


def test_a_full_disk_during_a_backup_leaves_nothing_under_the_backups_name(
    busy_clinic: Clinic, tmp_path: Path
):
    def tiny_disk(path: str) -> sqlite3.Connection:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA max_page_count = 3")
        return connection

    destination = tmp_path / "backups" / "trochtrack-manual-20260101T000000000000Z.sqlite"
    with busy_clinic.database.raw_connection() as raw, pytest.raises(BackupError):
        write_verified_backup(raw, destination, connect=tiny_disk)
    assert list(destination.parent.iterdir()) == []


def test_backup_errors_reach_the_user_as_a_message(busy_clinic: Clinic, monkeypatch):
    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("trochtrack.store.backup.fsync_path", no_space)
    with pytest.raises(ServiceError, match="No space left on device"):
        make_backup(busy_clinic)
    assert list(busy_clinic.paths.backups.iterdir()) == []
