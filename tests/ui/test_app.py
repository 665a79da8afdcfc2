"""Start-up and close: one app per database, damaged and newer files, passphrase, backup."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from factories import make_patient
from pytestqt.qtbot import QtBot

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.services.backups import BackupKind, list_backups, make_backup
from trochtrack.services.clinic import open_clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.instance import AlreadyOpenError, InstanceLock
from trochtrack.services.records import create_patient, list_patients
from trochtrack.services.security import protect_database
from trochtrack.store.db import BUSY_TIMEOUT_MS
from trochtrack.store.errors import DatabaseDamagedError
from trochtrack.ui.app import app_paths, parse_arguments
from trochtrack.ui.dialogs.busy import BusyNotice
from trochtrack.ui.dialogs.damaged import DamagedDatabaseDialog
from trochtrack.ui.session import StartupQuestions, close_clinic, open_for_desktop
from trochtrack.ui.workers import Worker

pytestmark = pytest.mark.ui

PASSPHRASE = "correct horse battery staple"


class Answers:
    """Scripted answers to the start-up questions, and what was asked."""

    def __init__(self, passphrases: list[str | None] | None = None) -> None:
        self.passphrases = list(passphrases or [])
        self.passphrase_problems: list[str] = []
        self.damaged: list[DatabaseDamagedError] = []
        self.restore: bool = False
        self.busy: list[str] = []
        self.waiting: list[bool] = []
        self.retry_when_busy = False

    def questions(self, on_damage=None) -> StartupQuestions:
        def ask(problem: str) -> str | None:
            self.passphrase_problems.append(problem)
            return self.passphrases.pop(0)

        def damaged(error: DatabaseDamagedError, passphrase: str | None, lock) -> bool:
            self.damaged.append(error)
            return on_damage(error, lock) if on_damage else False

        def busy(error) -> bool:
            self.busy.append(str(error))
            return self.retry_when_busy

        return StartupQuestions(
            passphrase=ask, damaged=damaged, busy=busy, waiting=self.waiting.append
        )


def _good_database_with_a_backup(paths: AppPaths) -> None:
    clinic = open_clinic(paths)
    clinic.actor = "Test Clinician"
    load_demo(clinic)
    make_backup(clinic)
    clinic.close()


def test_a_second_app_is_told_who_has_the_database_open(app_paths: AppPaths, prompter):
    ensure_private_dir(app_paths.data)
    holder = InstanceLock(app_paths.database)
    holder.acquire()
    try:
        assert open_for_desktop(app_paths, None, prompter, Answers().questions()) is None
    finally:
        holder.release()
    ((kind, text),) = prompter.messages
    assert kind == "warning"
    assert "already has this database open on this computer by" in text
    assert not app_paths.database.exists()


def test_a_normal_start_locks_tidies_and_backs_up_on_close(app_paths: AppPaths, prompter):
    ensure_private_dir(app_paths.backups)
    leftover = app_paths.backups / "trochtrack-auto-20261127T000000000000Z.sqlite.tmp"
    leftover.write_bytes(b"half a backup")
    opened = open_for_desktop(app_paths, None, prompter, Answers().questions())
    assert opened is not None
    assert not leftover.exists()
    assert not opened.protected
    with pytest.raises(AlreadyOpenError):
        InstanceLock(app_paths.database).acquire()
    close_clinic(opened, prompter)
    assert [b.kind for b in list_backups(app_paths)] == [BackupKind.AUTOMATIC.value]
    again = InstanceLock(app_paths.database)
    again.acquire()
    again.release()


def test_work_still_running_at_quit_is_stored_and_in_the_closing_backup(
    app_paths: AppPaths, prompter
):
    opened = open_for_desktop(app_paths, None, prompter, Answers().questions())
    assert opened is not None
    clinic = opened.clinic
    release = threading.Event()

    def slow_registration() -> int:
        release.wait(5)
        return create_patient(clinic, make_patient(ref="P-LATE"))

    worker = Worker(slow_registration)
    worker.start()
    threading.Timer(0.3, release.set).start()
    close_clinic(opened, prompter)
    (backup,) = list_backups(app_paths)
    with sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True) as db:
        refs = [ref for (ref,) in db.execute("select ref from patient")]
    db.close()
    assert refs == ["P-LATE"]


def test_a_damaged_database_is_restored_from_a_backup_and_kept_aside(
    qtbot: QtBot, app_paths: AppPaths, prompter
):
    _good_database_with_a_backup(app_paths)
    garbage = b"this is not a database " * 200
    app_paths.database.write_bytes(garbage)

    def restore_newest(error: DatabaseDamagedError, lock) -> bool:
        dialog = DamagedDatabaseDialog(app_paths, error, lock=lock)
        qtbot.addWidget(dialog)
        assert dialog.backup_list.count() == 1
        assert "(verified)" in dialog.backup_list.currentItem().text()
        dialog.restore_selected()
        return dialog.restored is not None

    answers = Answers()
    opened = open_for_desktop(app_paths, None, prompter, answers.questions(restore_newest))
    assert opened is not None
    assert len(answers.damaged) == 1
    assert len(list_patients(opened.clinic)) == 7
    close_clinic(opened, prompter)
    (aside,) = app_paths.data.glob("trochtrack.sqlite.damaged-*")
    assert aside.read_bytes() == garbage


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\xff" * 4000])
def test_quitting_at_the_damage_leaves_the_file_untouched(
    app_paths: AppPaths, prompter, content: bytes
):
    ensure_private_dir(app_paths.data)
    app_paths.database.write_bytes(content)
    answers = Answers()
    assert open_for_desktop(app_paths, None, prompter, answers.questions()) is None
    assert len(answers.damaged) == 1
    assert app_paths.database.read_bytes() == content
    lock = InstanceLock(app_paths.database)
    lock.acquire()
    lock.release()


def test_a_database_from_a_newer_version_is_refused(app_paths: AppPaths, prompter, raw_sqlite):
    open_clinic(app_paths).close()
    with raw_sqlite(app_paths.database) as connection:  # commits; the fixture closes it
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = app_paths.database.read_bytes()
    assert open_for_desktop(app_paths, None, prompter, Answers().questions()) is None
    ((_, text),) = prompter.messages
    assert "newer version of trochtrack" in text
    assert app_paths.database.read_bytes() == before


def test_a_protected_database_asks_for_its_passphrase_until_it_is_right(
    app_paths: AppPaths, prompter
):
    open_clinic(app_paths).close()
    protect_database(app_paths, PASSPHRASE, actor="Test Clinician")
    answers = Answers(["not it at all", PASSPHRASE])
    opened = open_for_desktop(app_paths, None, prompter, answers.questions())
    assert opened is not None
    assert opened.protected
    assert answers.passphrase_problems == ["", "The passphrase is not correct for this database."]
    close_clinic(opened, prompter)

    cancelling = Answers([None])
    assert open_for_desktop(app_paths, None, prompter, cancelling.questions()) is None


def test_command_line_moves_the_files_and_leaves_qt_its_options(tmp_path: Path):
    args, qt_arguments = parse_arguments(
        ["--db", "clinic.sqlite", "--data-dir", str(tmp_path), "-platform", "offscreen"]
    )
    assert args.db == "clinic.sqlite"
    assert qt_arguments == ["-platform", "offscreen"]
    paths = app_paths(args.data_dir)
    assert paths.data == tmp_path / "data"
    assert paths.config == tmp_path / "config"


def test_a_busy_database_is_waited_for_never_called_damaged(
    app_paths: AppPaths, prompter, monkeypatch: pytest.MonkeyPatch
):
    """Another program writing for longer than the wait: the app says so, offers no restore."""
    _good_database_with_a_backup(app_paths)
    # One try waits the 5 s busy timeout; the second try is after the notice went up.
    monkeypatch.setattr("trochtrack.ui.session.BUSY_WAIT_S", 1.0 + BUSY_TIMEOUT_MS / 1000)
    before = app_paths.database.read_bytes()
    writer = sqlite3.connect(app_paths.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE patient SET given_name = given_name")
    answers = Answers()
    try:
        assert open_for_desktop(app_paths, None, prompter, answers.questions()) is None
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert answers.damaged == []
    (message,) = answers.busy
    assert message.startswith("Another program is using the database")
    assert "Nothing was changed" in message
    assert answers.waiting[0] is True
    assert answers.waiting[-1] is False
    assert app_paths.database.read_bytes() == before
    assert not list(app_paths.data.glob("*.damaged-*"))


def test_the_app_opens_once_the_other_program_has_finished(
    app_paths: AppPaths, prompter, monkeypatch: pytest.MonkeyPatch
):
    _good_database_with_a_backup(app_paths)
    writer = sqlite3.connect(app_paths.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    answers = Answers()

    def finish_and_retry(error) -> bool:
        answers.busy.append(str(error))
        writer.execute("ROLLBACK")
        return True

    questions = answers.questions()
    questions = StartupQuestions(
        passphrase=questions.passphrase,
        damaged=questions.damaged,
        busy=finish_and_retry,
        waiting=questions.waiting,
    )
    monkeypatch.setattr("trochtrack.ui.session.BUSY_WAIT_S", 0.0)
    try:
        opened = open_for_desktop(app_paths, None, prompter, questions)
    finally:
        writer.close()
    assert opened is not None
    assert len(answers.busy) == 1
    assert len(list_patients(opened.clinic)) == 7
    close_clinic(opened, prompter)


def test_the_waiting_notice_is_a_real_window(qtbot: QtBot):
    notice = BusyNotice()
    notice.show(True)
    assert notice.dialog is not None
    qtbot.addWidget(notice.dialog)
    assert notice.dialog.isVisible()
    assert "waiting for it to finish" in notice.dialog.labelText()
    notice.show(False)
    assert notice.dialog is None


def test_the_damaged_dialog_offers_the_backup_before_an_upgrade(
    qtbot: QtBot, app_paths: AppPaths, database_at
):
    database_at(app_paths, "0004")
    open_clinic(app_paths).close()
    app_paths.database.write_bytes(b"not a database " * 100)
    error = DatabaseDamagedError(app_paths.database, "the file is not an SQLite database")
    dialog = DamagedDatabaseDialog(app_paths, error)
    qtbot.addWidget(dialog)
    assert dialog.backup_list.count() == 1
    text = dialog.backup_list.currentItem().text()
    assert "taken before the upgrade from schema 0004" in text
    assert "(verified)" in text
    assert dialog.restore_button.isEnabled()


def test_a_failed_backup_on_close_is_shown_to_the_user(
    app_paths: AppPaths, prompter, break_an_index
):
    opened = open_for_desktop(app_paths, None, prompter, Answers().questions())
    assert opened is not None
    load_demo(opened.clinic)
    break_an_index(app_paths.database)
    opened.clinic.database.engine.dispose()
    close_clinic(opened, prompter)
    ((kind, text),) = prompter.messages
    assert kind == "warning"
    assert text.startswith("The backup taken when trochtrack closes failed.")
    assert "full integrity check failed" in text
    assert list_backups(app_paths) == []
