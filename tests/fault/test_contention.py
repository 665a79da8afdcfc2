"""Two programs on one database: a second app instance is told, a busy database makes a
save wait for the busy timeout and then fail cleanly, and the data is intact after."""

import os
import signal
import sqlite3
import time
from datetime import date

import pytest

from trochtrack.domain.model import Visit
from trochtrack.services import records
from trochtrack.services.clinic import Clinic
from trochtrack.services.instance import (
    AlreadyOpenError,
    InstanceLock,
    database_keys,
    lock_folder,
)
from trochtrack.store.db import BUSY_TIMEOUT_MS
from trochtrack.store.errors import DatabaseBusyError

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
