"""Two programs on one database: a second app instance is told, a busy database makes a
save wait for the busy timeout and then fail cleanly, and the data is intact after."""

import os
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from trochtrack.domain.model import Visit
from trochtrack.paths import AppPaths
from trochtrack.services import records
from trochtrack.services.backups import list_backups, make_backup, restore_backup
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.instance import (
    AlreadyOpenError,
    InstanceLock,
    database_keys,
    lock_folder,
)
from trochtrack.store.db import BUSY_TIMEOUT_MS
from trochtrack.store.errors import DatabaseBusyError, DatabaseInUseError

pytestmark = [pytest.mark.fault, pytest.mark.integration]


def test_a_second_instance_is_told_who_has_the_database(clinic: Clinic):
    first = InstanceLock(clinic.database.path)
    first.acquire()
    pid = os.fork()
    if pid == 0:  # another process: the second instance
        try:
            InstanceLock(clinic.database.path).acquire()
        except AlreadyOpenError as error:
            os._exit(0 if "already has this database open" in str(error) else 2)
        os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    first.release()
    with InstanceLock(clinic.database.path):
        pass  # free again once the first instance closed
    assert lock_folder().stat().st_mode & 0o777 == 0o700
    keys = database_keys(clinic.database.path)
    files = [path for key in keys for path in lock_folder().glob(f"{key}.*")]
    assert {path.stat().st_mode & 0o777 for path in files} == {0o600}


def test_the_lock_dies_with_a_killed_instance(clinic: Clinic):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        held = InstanceLock(clinic.database.path)
        held.acquire()
        os.write(write_end, b"L")
        signal.pause()
    try:
        os.read(read_end, 1)
        with pytest.raises(AlreadyOpenError):
            InstanceLock(clinic.database.path).acquire()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    with InstanceLock(clinic.database.path):
        pass


def test_a_save_waits_for_the_busy_timeout_then_fails_without_writing(
    clinic: Clinic, episode_id: int
):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # another program holding the write lock
        holder = sqlite3.connect(clinic.database.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        os.write(write_end, b"L")
        signal.pause()
    os.read(read_end, 1)
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseBusyError, match="busy"):
            records.add_visit(clinic, episode_id, Visit(date=date(2026, 10, 1), pain_nrs=5))
        waited = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert BUSY_TIMEOUT_MS / 1000 - 0.2 <= waited <= BUSY_TIMEOUT_MS / 1000 + 1.5
    records.add_visit(clinic, episode_id, Visit(date=date(2026, 10, 1), pain_nrs=5))
    assert len(records.patient_record(clinic, 1).episodes[0].visits) == 1


def _write_transaction_elsewhere(database, *, for_s: float, exclusive: bool = False) -> int:
    """Another program (not trochtrack) writing to the database for ``for_s`` seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        holder = sqlite3.connect(database, isolation_level=None)
        if exclusive:
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE patient SET given_name = given_name")
        os.write(write_end, b"L")
        time.sleep(for_s)
        holder.execute("ROLLBACK")
        os._exit(0)
    os.read(read_end, 1)
    os.close(read_end)
    os.close(write_end)
    return pid


@pytest.fixture
def demo_home(app_paths: AppPaths) -> Path:
    clinic = open_clinic(app_paths)
    load_demo(clinic)
    clinic.close()
    return app_paths.data.parent


def test_a_command_waits_for_a_long_write_and_never_calls_it_damage(
    run_cli, app_paths: AppPaths, demo_home: Path
):
    """A write longer than the busy timeout: ``due`` says it waits, then runs."""
    pid = _write_transaction_elsewhere(app_paths.database, for_s=600)
    try:
        due = run_cli.start("due", "--as-of", "2026-10-20", home=demo_home)
        said = due.stderr.readline()  # after a whole busy timeout, still waiting
    finally:
        os.kill(pid, signal.SIGKILL)  # the other program finishes (its lock goes with it)
        os.waitpid(pid, 0)
    output, errors = due.communicate(timeout=180)
    assert due.returncode == 0, said + errors
    assert "another program is writing to it; waiting" in said
    assert "cannot be used" not in said + errors
    assert "Due list on 2026-10-20" in output


def test_a_database_busy_for_too_long_is_in_use_not_damaged(app_paths: AppPaths, demo_home: Path):
    before = app_paths.database.read_bytes()
    pid = _write_transaction_elsewhere(app_paths.database, for_s=BUSY_TIMEOUT_MS / 1000 + 3)
    try:
        with pytest.raises(DatabaseInUseError, match="Another program is using the database"):
            open_clinic(app_paths, busy_wait_s=0)
    finally:
        os.waitpid(pid, 0)
    assert app_paths.database.read_bytes() == before
    assert not list(app_paths.data.glob("*.damaged-*"))


def test_a_restore_never_moves_a_busy_database_aside(app_paths: AppPaths, demo_home: Path):
    clinic = open_clinic(app_paths)
    backup = make_backup(clinic).path
    clinic.close()
    before = app_paths.database.read_bytes()
    pid = _write_transaction_elsewhere(
        app_paths.database, for_s=BUSY_TIMEOUT_MS / 1000 + 3, exclusive=True
    )
    try:
        with pytest.raises(DatabaseInUseError):
            restore_backup(app_paths, backup)
    finally:
        os.waitpid(pid, 0)
    assert not list(app_paths.data.glob("*.damaged-*"))
    assert app_paths.database.read_bytes() == before
    assert [b.kind for b in list_backups(app_paths)] == ["manual"]
