"""Restore and every writing command share the app's lock, whatever path names the file.

A confirmed import was lost when a restore took its "kept aside" copy before the import
finished and then wrote the old backup over it; a restore also went ahead with the app
open. Here the other process is real (forked, or a real ``trochtrack-cli``), holds its
lock the way the app or the CLI does, and the restore must refuse, naming it.
"""

import json
import os
import sqlite3
import traceback
from pathlib import Path

import pytest

from trochtrack.paths import AppPaths
from trochtrack.services import backups, instance
from trochtrack.services.backups import list_backups, make_backup, restore_backup
from trochtrack.services.cases import import_case_text
from trochtrack.services.clinic import open_clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.instance import (
    APP_SESSION,
    AlreadyOpenError,
    InstanceLock,
    LockMode,
    database_keys,
    lock_folder,
)

pytestmark = [pytest.mark.fault, pytest.mark.integration]


@pytest.fixture
def with_backup(app_paths: AppPaths, example_cases) -> Path:
    """A database holding the seed case, and a verified backup of it."""
    clinic = open_clinic(app_paths)
    import_case_text(clinic, example_cases["seed-case"].read_text(encoding="utf-8"))
    info = make_backup(clinic)
    clinic.close()
    return info.path


def refs(database: Path) -> set[str]:
    connection = sqlite3.connect(database)
    try:
        return {row[0] for row in connection.execute("SELECT ref FROM patient")}
    finally:
        connection.close()


def late_case(example_cases, tmp_path: Path) -> Path:
    case = json.loads(example_cases["seed-case"].read_text(encoding="utf-8"))
    case["patient"]["ref"] = "P-LATE"
    path = tmp_path / "late.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def test_restore_is_refused_while_an_import_runs_and_the_import_survives(
    run_cli, app_paths: AppPaths, with_backup: Path, example_cases, tmp_path: Path
):
    database = app_paths.database
    read_end, write_end = os.pipe()
    go_on_read, go_on_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a long trochtrack-cli import: it holds the write lock while it works
        try:
            lock = InstanceLock(database, "trochtrack-cli import")
            lock.acquire(LockMode.WRITE)
            clinic = open_clinic(app_paths)
            import_case_text(clinic, late_case(example_cases, tmp_path).read_text("utf-8"))
            os.write(write_end, b"I")
            os.read(go_on_read, 1)  # still busy (as if more patients followed)
            clinic.close()
            lock.release()
        except BaseException:  # noqa: BLE001 - a forked child must exit, not return to pytest
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    os.read(read_end, 1)
    refused = run_cli("restore", str(with_backup), home=app_paths.data.parent)
    os.write(go_on_write, b"G")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert refused.returncode == 1, refused.stderr
    assert f"trochtrack-cli import (process {pid}" in refused.stderr
    assert "Restore refused" in refused.stderr
    assert "P-LATE" in refs(database)
    assert [b.kind for b in list_backups(app_paths)] == ["manual"]  # nothing kept aside

    restored = run_cli("restore", str(with_backup), home=app_paths.data.parent)
    assert restored.returncode == 0, restored.stderr
    assert "P-LATE" not in refs(database)
    (aside,) = [b for b in list_backups(app_paths) if b.kind == "pre-restore"]
    assert "P-LATE" in refs(aside.path)


def test_restore_is_refused_while_the_app_has_the_database_open(
    run_cli, lock_holder, app_paths: AppPaths, with_backup: Path
):
    before = app_paths.database.read_bytes()
    with lock_holder(app_paths.database, APP_SESSION) as pid:
        refused = run_cli("restore", str(with_backup), home=app_paths.data.parent)
    assert refused.returncode == 1
    assert f"{APP_SESSION} (process {pid}" in refused.stderr
    assert "Close it first" in refused.stderr
    assert app_paths.database.read_bytes() == before


def test_restore_is_refused_while_a_command_only_reads(
    lock_holder, app_paths: AppPaths, with_backup: Path
):
    with (
        lock_holder(app_paths.database, "trochtrack-cli due", LockMode.READ) as pid,
        pytest.raises(AlreadyOpenError, match=f"trochtrack-cli due \\(process {pid}"),
    ):
        restore_backup(app_paths, with_backup)
    assert len(list_backups(app_paths)) == 1


@pytest.mark.parametrize("spelling", ["hard link", "symlink", "dotted path"])
def test_a_writing_command_is_refused_through_any_path_to_an_open_file(
    run_cli,
    lock_holder,
    app_paths: AppPaths,
    with_backup: Path,
    example_cases,
    tmp_path: Path,
    spelling: str,
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = elsewhere / "same.sqlite"
    if spelling == "hard link":
        os.link(app_paths.database, other)
    elif spelling == "symlink":
        other.symlink_to(app_paths.database)
    else:
        other = (
            app_paths.database.parent / ".." / app_paths.database.parent.name / "trochtrack.sqlite"
        )
    case = late_case(example_cases, tmp_path)
    with lock_holder(app_paths.database, APP_SESSION) as pid:
        imported = run_cli("import", str(case), "--db", str(other), home=app_paths.data.parent)
        restored = run_cli(
            "restore", str(with_backup), "--db", str(other), home=app_paths.data.parent
        )
    assert imported.returncode == 1
    assert f"{APP_SESSION} (process {pid}" in imported.stderr
    assert restored.returncode == 1
    assert f"{APP_SESSION} (process {pid}" in restored.stderr
    assert "P-LATE" not in refs(app_paths.database)


def test_the_app_is_refused_while_a_command_writes_through_a_hard_link(
    lock_holder, app_paths: AppPaths, with_backup: Path, tmp_path: Path
):
    link = tmp_path / "link.sqlite"
    os.link(app_paths.database, link)
    with (
        lock_holder(link, "trochtrack-cli import") as pid,
        pytest.raises(AlreadyOpenError, match=f"trochtrack-cli import \\(process {pid}"),
    ):
        InstanceLock(app_paths.database).acquire(LockMode.WRITE)


def test_a_writing_command_waits_for_another_command_then_runs(
    run_cli, lock_holder, app_paths: AppPaths, with_backup: Path, example_cases, tmp_path: Path
):
    case = late_case(example_cases, tmp_path)
    with lock_holder(app_paths.database, "trochtrack-cli demo") as pid:
        importing = run_cli.start("import", str(case), home=app_paths.data.parent)
        said = importing.stderr.readline()  # it cannot go on while the demo holds the lock
    # The other command has finished (its lock went with it): the import goes ahead.
    _, errors = importing.communicate(timeout=180)
    assert importing.returncode == 0, said + errors
    assert said.startswith(f"waiting for trochtrack-cli demo (process {pid}")
    assert "P-LATE" in refs(app_paths.database)


def test_readers_run_beside_the_app(run_cli, lock_holder, app_paths: AppPaths, with_backup: Path):
    with lock_holder(app_paths.database, APP_SESSION):
        due = run_cli("due", "--as-of", "2026-10-20", home=app_paths.data.parent)
        exported = run_cli("export", "P-SEED", home=app_paths.data.parent)
    assert due.returncode == 0, due.stderr
    assert exported.returncode == 0, exported.stderr


def test_the_copy_aside_is_taken_under_the_restore_lock(
    app_paths: AppPaths, with_backup: Path, monkeypatch: pytest.MonkeyPatch
):
    """Between the copy aside and the copy in, no other trochtrack may open the file."""
    seen: list[str] = []
    keep = backups._keep_current_database

    def keep_and_try_to_read(paths, database, key):
        kept = keep(paths, database, key)
        try:
            InstanceLock(database, "a reader").acquire(LockMode.READ)
        except AlreadyOpenError as error:
            seen.append(str(error))
        return kept

    monkeypatch.setattr(backups, "_keep_current_database", keep_and_try_to_read)
    restore_backup(app_paths, with_backup, purpose="the test's restore")
    assert len(seen) == 1
    assert "the test's restore" in seen[0]


def test_a_dead_holder_leaves_no_lock_and_its_note_is_cleared(
    lock_holder, app_paths: AppPaths, with_backup: Path
):
    keys = database_keys(app_paths.database)
    with lock_holder(app_paths.database, APP_SESSION) as pid:
        notes = [note for key in keys for note in lock_folder().glob(f"{key}.{pid}-*.who")]
        assert len(notes) == len(keys)
    restore_backup(app_paths, with_backup)
    assert not [note for note in notes if note.exists()]


@pytest.mark.parametrize("problem", ["shared", "symlink", "file"])
def test_the_lock_folder_must_be_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
):
    monkeypatch.setattr(instance, "LOCK_ROOT", tmp_path)
    folder = lock_folder()
    assert folder.stat().st_mode & 0o777 == 0o700
    if problem == "shared":
        folder.chmod(0o1777)
    else:
        folder.rmdir()
        if problem == "symlink":
            target = tmp_path / "someone-elses"
            target.mkdir(mode=0o700)
            folder.symlink_to(target)
        else:
            folder.write_text("")
    with pytest.raises(ServiceError, match="not a private folder"):
        InstanceLock(tmp_path / "x.sqlite").acquire()
