"""The main window: due list home, shortcuts, auto-lock, remembered geometry, letters."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from factories import make_patient
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QStatusBar
from pytestqt.qtbot import QtBot

from trochtrack.domain.documents import DocumentKind, DocumentStatus
from trochtrack.domain.model import Visit
from trochtrack.services.clinic import open_clinic
from trochtrack.services.documents import list_documents
from trochtrack.services.letters import letters_due
from trochtrack.services.records import add_visit, create_patient
from trochtrack.services.security import is_protected, protect_database
from trochtrack.services.settings import update_settings
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.letters import BatchLettersDialog, LetterDialog
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.models.due_table import DueFilter
from trochtrack.ui.views import documents_controller
from trochtrack.ui.views.main_window import DUE_TAB, PATIENT_TAB, PATIENTS_TAB, MainWindow
from trochtrack.ui.views.window_state import first_size
from trochtrack.ui.widgets.lock import IdleWatcher

pytestmark = pytest.mark.ui

PASSPHRASE = "correct horse battery staple"
PATIENT_NAMES = ("Margaret", "Example", "Ελένη", "Ñúñez", "O'Brien", "P-SEED")


def test_home_is_the_due_list_critical_first_then_soonest_first(window: MainWindow):
    assert window.tabs.currentIndex() == DUE_TAB
    due = window.due_view
    shown = due.entries_shown()
    assert shown
    assert [(e.what, e.pinned) for e in shown[:1]] == [("red-flag-infection", True)]
    assert not any(e.pinned for e in shown[1:])
    assert [e.due for e in shown[1:]] == sorted(e.due for e in shown[1:])
    assert due.filter_buttons[DueFilter.OVERDUE].text() == "Overdue (2)"
    due.set_filter(DueFilter.RED_FLAGS)
    assert [e.what for e in due.entries_shown()] == ["red-flag-infection"]
    assert not window.tabs.isTabVisible(PATIENT_TAB)


def test_double_clicking_an_entry_opens_the_patient(qtbot: QtBot, window: MainWindow):
    due = window.due_view
    entry = due.entries_shown()[0]
    rect = due.table.visualRect(due.proxy.index(0, 2))
    qtbot.mouseClick(due.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(due.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == PATIENT_TAB
    assert window.patient_view.patient_id == entry.patient_id
    assert window.patient_view.episode_id == entry.episode_id


def test_shortcuts_reach_the_everyday_actions(qtbot: QtBot, window: MainWindow, demo_ids):
    expected = {
        window.new_patient_action: "Ctrl+N",
        window.find_action: "Ctrl+F",
        window.new_visit_action: "Ctrl+Shift+V",
        window.new_scan_action: "Ctrl+Shift+S",
        window.new_treatment_action: "Ctrl+Shift+T",
        window.decision_action: "Ctrl+Shift+D",
        window.print_action: "Ctrl+P",
        window.undo_action: "Ctrl+Z",
        window.lock_action: "Ctrl+L",
    }
    for action, keys in expected.items():
        assert action.shortcut() == QKeySequence(keys)

    with qtbot.waitActive(window):
        window.activateWindow()
    assert QApplication.activeModalWidget() is None
    assert QApplication.activeWindow() is window
    # Shortcuts arrive through the event loop; on a busy machine a moment later.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == PATIENTS_TAB)
    qtbot.keyClicks(window.patients_view.search_edit, "angstrom")
    assert window.patients_view.count_label.text() == "1 of 7 patients"
    qtbot.keyClick(window.patients_view.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.patient_view.patient_id == demo_ids["P-DEMO-01"])

    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.patient_view.findChild(VisitDialog) is not None)
    visit_dialog = window.patient_view.findChild(VisitDialog)
    assert visit_dialog is not None
    assert visit_dialog.isVisible()
    visit_dialog.reject()

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(PatientDialog) is not None)
    patient_dialog = window.findChild(PatientDialog)
    assert patient_dialog is not None
    assert patient_dialog.focusWidget() is patient_dialog.given_edit
    patient_dialog.reject()


def test_locking_hides_every_patient_and_keeps_an_open_form(
    qtbot: QtBot,
    window: MainWindow,
    demo_ids: dict[str, int],
    fake_clock,
    visible_label_texts: Callable[[], list[str]],
):
    window.open_patient(demo_ids["P-SEED"])
    dialog = window.patient_view.new_visit()
    assert dialog is not None
    dialog.pain_edit.setText("5")
    dialog.notes_edit.setPlainText("Margaret says stairs are easier")
    assert any("Margaret" in text for text in visible_label_texts())

    fake_clock.now += 9 * 60
    window.idle_watcher.check()
    assert not window.ctx.locked
    fake_clock.now += 2 * 60
    window.idle_watcher.check()
    assert window.ctx.locked
    texts = visible_label_texts()
    assert not any(name in text for text in texts for name in PATIENT_NAMES)
    assert window.lock_screen.unlock_button.text() == "Unlock as Test Clinician"
    assert not dialog.isVisible()
    assert not window.menuBar().isEnabled()
    assert "Margaret" not in window.windowTitle()

    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.ctx.locked
    assert dialog.isVisible()
    assert dialog.pain_edit.text() == "5"
    assert dialog.notes_edit.toPlainText() == "Margaret says stairs are easier"
    dialog.reject()


def test_a_protected_database_unlocks_only_with_its_passphrase(window: MainWindow):
    window.ctx.protected = True
    window.lock()
    assert window.lock_screen.passphrase_edit.isVisible()
    window.lock_screen.passphrase_edit.setText("not the passphrase")
    window.lock_screen.unlock_button.click()
    assert window.ctx.locked
    assert window.lock_screen.error_label.text() == "That is not the passphrase of this database."


def test_the_right_passphrase_unlocks_a_protected_database(
    qtbot: QtBot, app_paths, prompter, fake_clock
):
    open_clinic(app_paths).close()
    protect_database(app_paths, PASSPHRASE)
    clinic = open_clinic(app_paths, passphrase=PASSPHRASE)
    try:
        settings = update_settings(clinic, clinician_name="Test Clinician", welcome_done=True)
        ctx = AppContext(clinic, settings, prompter)
        ctx.protected = is_protected(app_paths)
        main = MainWindow(ctx, IdleWatcher(10, clock=fake_clock))
        qtbot.addWidget(main)
        main.show()
        main.lock()
        main.lock_screen.passphrase_edit.setText("a wrong guess at it")
        qtbot.keyClick(main.lock_screen.passphrase_edit, Qt.Key.Key_Return)
        assert ctx.locked
        main.lock_screen.passphrase_edit.setText(PASSPHRASE)
        qtbot.keyClick(main.lock_screen.passphrase_edit, Qt.Key.Key_Return)
        assert not ctx.locked
        assert main.stack.currentWidget() is main.tabs
        main.close()
    finally:
        clinic.close()


def test_window_geometry_is_remembered(qtbot: QtBot, demo_ctx: AppContext, fake_clock):
    first = MainWindow(demo_ctx, IdleWatcher(0, clock=fake_clock))
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 700)
    qtbot.waitUntil(lambda: first.height() == 700)
    size = (first.width(), first.height())
    first.close()
    second = MainWindow(demo_ctx, IdleWatcher(0, clock=fake_clock))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size != (1280, 800)
    assert (demo_ctx.paths.config / "ui-state.ini").exists()


def test_letters_are_produced_kept_saved_and_printed(
    qtbot: QtBot,
    window: MainWindow,
    prompter,
    demo_ids: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    ctx = window.ctx
    window.open_patient(demo_ids["P-SEED"])
    view = window.patient_view
    dialog = view.documents.create_document(DocumentKind.GP_FOLLOWUP)
    assert isinstance(dialog, LetterDialog)
    dialog.plan_edit.setPlainText("Discuss shockwave at the next visit.")
    with qtbot.waitSignal(ctx.bus.records_changed, timeout=20_000):
        dialog.save()
    (document,) = list_documents(ctx.clinic, demo_ids["P-SEED"])
    assert document.status is DocumentStatus.GENERATED
    assert view.tabs.letters_tab.model.rowCount() == 1
    assert view.tabs.letters_tab.selected() == document

    prompter.save_answer = tmp_path / "letter.pdf"
    saved = view.documents.save_document(document)
    assert saved == tmp_path / "letter.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600

    printed: list[bytes] = []

    def print_dialog(pdf: bytes, parent: object) -> bool:
        printed.append(pdf)
        return True

    # Qt's print dialog is modal and needs a printer; everything up to it runs for real.
    monkeypatch.setattr(documents_controller, "choose_printer_and_print", print_dialog)
    window.tabs.setCurrentIndex(DUE_TAB)
    view.tabs.setCurrentIndex(0)
    window.print_action.trigger()
    assert window.tabs.currentIndex() == PATIENT_TAB
    assert view.tabs.currentIndex() == view.tabs.letters_index
    assert printed == [saved.read_bytes()]
    assert window.statusBar().currentMessage() == f"Sent to the printer: {document.title}"


def test_print_without_a_letter_says_what_to_do(window: MainWindow, demo_ids: dict[str, int]):
    window.open_patient(demo_ids["P-DEMO-05"])
    window.print_action.trigger()
    assert window.patient_view.tabs.currentIndex() == window.patient_view.tabs.letters_index
    assert window.statusBar().currentMessage().startswith("Nothing to print")


def test_a_referral_without_a_reason_says_so_and_keeps_the_dialog(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-DEMO-05"])
    dialog = window.patient_view.documents.create_document(DocumentKind.REFERRAL)
    assert isinstance(dialog, LetterDialog)
    dialog.save()
    qtbot.waitUntil(dialog.failure_label.isVisible, timeout=20_000)
    assert "no reason on record" in dialog.failure_label.text()
    assert dialog.isVisible()
    assert dialog.buttons.isEnabled()
    dialog.reject()


def test_batch_letters_run_in_the_background_and_can_be_cancelled(
    qtbot: QtBot, window: MainWindow, prompter
):
    ctx = window.ctx
    targets = letters_due(ctx.clinic, ctx.clinic.today())
    assert len(targets) >= 3
    cancelled = window.batch_letters()
    assert isinstance(cancelled, BatchLettersDialog)
    assert "patients with something due this week" in prompter.confirmations[-1]
    cancelled.reject()
    assert cancelled.isVisible()
    qtbot.waitUntil(lambda: cancelled.outcome is not None, timeout=30_000)
    assert cancelled.outcome is not None
    assert cancelled.outcome.cancelled
    assert len(cancelled.outcome.documents) < len(targets)
    cancelled.reject()

    complete = window.batch_letters()
    assert isinstance(complete, BatchLettersDialog)
    qtbot.waitUntil(lambda: complete.outcome is not None, timeout=60_000)
    assert complete.outcome is not None
    assert len(complete.outcome.documents) == len(targets)
    assert complete.progress_bar.value() == len(targets)
    assert complete.status_label.text().startswith(f"{len(targets)} letters written.")
    complete.reject()
    assert not complete.isVisible()


def test_undo_offers_the_last_saved_entry(qtbot: QtBot, window: MainWindow, demo_ids, prompter):
    assert not window.undo_action.isEnabled()
    window.open_patient(demo_ids["P-DEMO-05"])
    dialog = window.patient_view.new_visit()
    assert dialog is not None
    dialog.pain_edit.setText("4")
    assert dialog.save()
    assert window.undo_action.text().startswith("&Undo: Remove the visit of")
    prompter.confirm_answer = False
    window.undo()
    assert window.patient_view.tabs.visits_tab.model.rowCount() == 2
    prompter.confirm_answer = True
    window.undo()
    assert window.patient_view.tabs.visits_tab.model.rowCount() == 1
    assert window.ctx.last_change is None


def test_today_can_be_moved_to_look_ahead(qtbot: QtBot, window: MainWindow):
    ctx = window.ctx
    before = window.due_view.entries_shown()
    window.as_of_edit.set_value(ctx.clinic.today() + timedelta(days=30))
    assert not ctx.looking_ahead  # typing a date applies once typing pauses, or on Enter
    qtbot.waitUntil(lambda: ctx.looking_ahead, timeout=2000)
    after = window.due_view.entries_shown()
    assert ctx.as_of == ctx.clinic.today() + timedelta(days=30)
    assert window.back_to_today_button.isEnabled()
    assert sum(e.overdue for e in after) > sum(e.overdue for e in before)


def test_a_today_that_is_no_date_is_said_so_and_the_rules_stay_on_the_last_day(
    qtbot: QtBot, window: MainWindow
):
    ctx = window.ctx
    field = window.as_of_edit
    field.line.selectAll()
    qtbot.keyClicks(field.line, "31/11/2026")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    qtbot.wait(600)  # past the pause after which a typed date applies
    assert field.reading_label.text() == "not a date"
    assert field.text() == "31/11/2026"
    assert ctx.as_of == ctx.clinic.today()
    field.line.selectAll()
    qtbot.keyClicks(field.line, "28.12.2026")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert ctx.as_of.isoformat() == "2026-12-28"


def test_the_status_bar_appears_with_its_first_note(window: MainWindow):
    # Made at start, an empty bar would take its height from the patient view.
    assert window.findChild(QStatusBar) is None
    window.database.back_up_now()
    assert window.statusBar().currentMessage().startswith("Backup written and verified")


def test_the_hourly_check_warns_of_a_broken_index(window, prompter, break_an_index):
    assert window.database.integrity_timer.isActive()
    assert window.database.integrity_timer.interval() == 60 * 60 * 1000
    assert window.database.check_database() is True
    assert prompter.messages == []
    break_an_index(window.ctx.clinic.database.path)
    window.ctx.clinic.database.engine.dispose()
    assert window.database.check_database() is False
    ((kind, text),) = prompter.messages
    assert kind == "warning"
    assert "failed its integrity check (row" in text
    assert "Stop entering data" in text
    assert not window.database.integrity_timer.isActive()


def test_the_first_window_fits_the_screen_with_its_frame():
    assert first_size(QSize(2560, 1440)) == QSize(1280, 800)
    # A 1280 x 800 laptop: 1280 x 800 of content would push the frame off the screen.
    assert first_size(QSize(1280, 800)) == QSize(1152, 720)


def test_a_window_without_a_saved_size_opens_inside_its_screen(
    qtbot: QtBot, demo_ctx: AppContext, fake_clock
):
    main = MainWindow(demo_ctx, IdleWatcher(15, clock=fake_clock))
    qtbot.addWidget(main)
    free = main.screen().availableGeometry()  # 800 x 800 on the offscreen platform
    assert (main.width(), main.height()) == (free.width() * 9 // 10, free.height() * 9 // 10)


def test_what_another_program_saves_appears_and_the_open_form_stays(
    qtbot: QtBot, window: MainWindow, app_paths, demo_ids: dict[str, int]
):
    watch = window.change_watch
    assert watch.timer.isActive()
    window.open_patient(demo_ids["P-SEED"])
    visits = window.patient_view.tabs.visits_tab
    visits.table.selectRow(1)
    chosen = visits.selected()
    dialog = window.patient_view.new_visit()
    assert dialog is not None
    dialog.pain_edit.setText("4")
    assert not watch.check()  # nothing saved anywhere yet
    listed = window.patients_view.model.rowCount()
    seen_visits = visits.model.rowCount()
    episode_id = window.patient_view.episode_id
    assert episode_id is not None

    # Another program (the CLI, a second workstation) saves a patient and a visit.
    other = open_clinic(app_paths)
    try:
        create_patient(other, make_patient(ref="P-ELSEWHERE", given_name="Rui"))
        yesterday = window.ctx.clinic.today() - timedelta(days=1)
        add_visit(other, episode_id, Visit(date=yesterday, pain_nrs=3))
    finally:
        other.close()
    assert watch.check()
    qtbot.waitUntil(lambda: window.patients_view.model.rowCount() == listed + 1)
    assert visits.model.rowCount() == seen_visits + 1
    assert visits.selected().id == chosen.id
    assert dialog.isVisible()
    assert dialog.pain_edit.text() == "4"
    assert not watch.check()  # seen once

    # What this window saves is not news from elsewhere.
    assert dialog.save(), dialog.failure_label.text()
    assert not watch.check()


def test_alt_y_reaches_the_today_field(qtbot: QtBot, window: MainWindow):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier
    )
    assert QApplication.focusWidget() is window.as_of_edit.line
