"""Back up now and restore from a backup, from the File menu, on a live window."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from trochtrack.domain.model import Patient
from trochtrack.domain.vocabulary import Sex
from trochtrack.services.backups import list_backups
from trochtrack.services.instance import AlreadyOpenError, InstanceLock, LockMode
from trochtrack.services.records import create_patient, list_patients
from trochtrack.ui.views.main_window import MainWindow

pytestmark = pytest.mark.ui


def test_restoring_a_backup_brings_it_back_and_keeps_the_database_aside(
    qtbot: QtBot,
    window: MainWindow,
    prompter,
    raw_sqlite,
):
    ctx = window.ctx
    window.database.back_up_now()
    [backup] = list_backups(ctx.paths)
    refs_at_backup = {p.ref for p in list_patients(ctx.clinic)}
    create_patient(
        ctx.clinic,
        Patient(
            ref="P-LATE",
            given_name="Late",
            family_name="Entry",
            date_of_birth=date(1970, 1, 1),
            sex=Sex.MALE,
        ),
    )
    window.open_patient(next(p.patient_id for p in list_patients(ctx.clinic) if p.ref == "P-LATE"))

    dialog = window.database.restore_dialog()
    assert dialog is not None
    items = [dialog.backup_list.item(i).text() for i in range(dialog.backup_list.count())]
    assert len(items) == 1
    assert "verified" in items[0]
    dialog.restore_selected()
    window.database.finish_restore(dialog)

    assert {p.ref for p in list_patients(ctx.clinic)} == refs_at_backup
    assert window.patient_view.patient_id is None
    assert dialog.restored is not None
    kept = dialog.restored.previous_database
    assert kept is not None
    assert any("P-LATE" in line for line in raw_sqlite(kept).iterdump())
    assert "Restored from" in prompter.messages[-1][1]
    raw = raw_sqlite(ctx.clinic.database.path)
    assert raw.execute(
        "SELECT action, actor FROM audit_event ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("restore", ctx.settings.clinician_name)
    window.due_view.refresh()  # the window carries on with the reopened database
    assert backup.path.exists()


def test_cancelling_the_restore_changes_nothing(qtbot: QtBot, window: MainWindow):
    window.database.back_up_now()
    before = {p.ref for p in list_patients(window.ctx.clinic)}
    dialog = window.database.restore_dialog()
    assert dialog is not None
    dialog.reject()
    window.database.finish_restore(dialog)
    assert {p.ref for p in list_patients(window.ctx.clinic)} == before
    assert not dialog.closed_clinic


def test_the_app_restores_under_its_own_lock_made_exclusive(qtbot: QtBot, window: MainWindow):
    ctx = window.ctx
    ctx.instance_lock = InstanceLock(ctx.clinic.database.path)
    ctx.instance_lock.acquire(LockMode.WRITE)
    try:
        window.database.back_up_now()
        dialog = window.database.restore_dialog()
        assert dialog is not None
        dialog.restore_selected()
        window.database.finish_restore(dialog)
        assert dialog.restored is not None
        assert ctx.instance_lock.mode is LockMode.WRITE  # back to the session's lock
        with pytest.raises(AlreadyOpenError):
            InstanceLock(ctx.clinic.database.path, "another app").acquire(LockMode.WRITE)
    finally:
        ctx.instance_lock.release()


def test_the_app_refuses_to_restore_while_a_command_reads_the_database(
    qtbot: QtBot, window: MainWindow, lock_holder
):
    ctx = window.ctx
    ctx.instance_lock = InstanceLock(ctx.clinic.database.path)
    ctx.instance_lock.acquire(LockMode.WRITE)
    try:
        window.database.back_up_now()
        refs_before = {p.ref for p in list_patients(ctx.clinic)}
        database = ctx.clinic.database.path
        with lock_holder(database, "trochtrack-cli export", LockMode.READ) as pid:
            dialog = window.database.restore_dialog()
            assert dialog is not None
            dialog.restore_selected()
            window.database.finish_restore(dialog)
        assert dialog.restored is None
        problem = dialog.problem_label.text()
        assert problem.startswith("Not restored: Restore refused")
        assert f"trochtrack-cli export (process {pid}" in problem
        assert [b.kind for b in list_backups(ctx.paths)] == ["manual"]  # nothing kept aside
        assert {p.ref for p in list_patients(ctx.clinic)} == refs_before
        assert ctx.instance_lock.mode is LockMode.WRITE
    finally:
        ctx.instance_lock.release()
