"""The patient view: alert cards and their actions, the critical interruption, plain text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from factories import make_patient
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from trochtrack.domain.model import Patient
from trochtrack.domain.vocabulary import AlertCode, Severity, Sex
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.records import create_patient, patient_record
from trochtrack.services.workflow import AlertState, episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.alert_action import AlertActionDialog
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.text import show_date
from trochtrack.ui.views.main_window import PATIENT_TAB, MainWindow

pytestmark = pytest.mark.ui


def _states(ctx: AppContext, patient_id: int) -> dict[AlertCode, AlertState]:
    evaluation = evaluate_patient(ctx.clinic, patient_id, ctx.as_of)
    ((episode_id, episode_eval),) = evaluation.episodes.items()
    views = episode_alert_views(ctx.clinic, episode_id, episode_eval)
    return {view.alert.code: view.state for view in views}


def test_a_new_critical_alert_interrupts_once_and_is_acknowledged(
    qtbot: QtBot, window: MainWindow, prompter, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-SEED"])
    qtbot.wait(50)
    assert prompter.critical_alerts == []  # warnings and info never block

    window.open_patient(demo_ids["P-DEMO-02"])
    qtbot.waitUntil(lambda: len(prompter.critical_alerts) == 1)
    (shown,) = prompter.critical_alerts
    assert shown.alert.code is AlertCode.RED_FLAG_INFECTION
    ctx = window.ctx
    assert _states(ctx, demo_ids["P-DEMO-02"])[AlertCode.RED_FLAG_INFECTION] is (
        AlertState.ACKNOWLEDGED
    )

    window.open_patient(demo_ids["P-SEED"])
    window.open_patient(demo_ids["P-DEMO-02"])
    window.patient_view.refresh()
    qtbot.wait(50)
    assert len(prompter.critical_alerts) == 1
    banner = window.patient_view.header.banner_label
    assert banner.isVisible()
    assert banner.text().startswith("CRITICAL: Consider same-day medical assessment")


def test_a_critical_alert_hidden_before_it_was_acknowledged_asks_again(
    qtbot: QtBot, window: MainWindow, prompter, demo_ids: dict[str, int]
):
    ctx = window.ctx
    patient = demo_ids["P-DEMO-02"]

    def hidden_by_the_lock(parent, ctx_, patient_id, view, name) -> bool:
        prompter.critical_alerts.append(view)
        ctx.locked = True
        return False

    prompter.answer_critical = hidden_by_the_lock
    window.open_patient(patient)
    qtbot.waitUntil(lambda: len(prompter.critical_alerts) == 1)
    qtbot.wait(50)
    assert len(prompter.critical_alerts) == 1
    assert _states(ctx, patient)[AlertCode.RED_FLAG_INFECTION] is AlertState.ACTIVE
    assert ctx.interrupted_alerts == set()

    del prompter.answer_critical
    window.lock()
    window.unlock("")
    qtbot.waitUntil(lambda: len(prompter.critical_alerts) == 2)
    assert _states(ctx, patient)[AlertCode.RED_FLAG_INFECTION] is AlertState.ACKNOWLEDGED


def test_card_actions_are_stored_with_the_clinician(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-SEED"])
    view = window.patient_view
    cards = {card.view.alert.code: card for card in view.alerts_panel.cards}
    assert set(cards) == {AlertCode.CONSERVATIVE_CARE_FAILED, AlertCode.FOLLOW_UP_SCAN_DUE}
    follow_up = cards[AlertCode.FOLLOW_UP_SCAN_DUE]
    acknowledge = next(b for b in follow_up.action_buttons if b.text() == "Acknowledge")
    with qtbot.waitSignal(window.ctx.bus.records_changed):
        qtbot.mouseClick(acknowledge, Qt.MouseButton.LeftButton)
    assert _states(window.ctx, demo_ids["P-SEED"])[AlertCode.FOLLOW_UP_SCAN_DUE] is (
        AlertState.ACKNOWLEDGED
    )
    refreshed = {card.view.alert.code: card for card in view.alerts_panel.cards}
    assert refreshed[AlertCode.FOLLOW_UP_SCAN_DUE].action_buttons == []
    assert (
        "Acknowledged (Test Clinician" in refreshed[AlertCode.FOLLOW_UP_SCAN_DUE].state_label.text()
    )
    assert view.alerts_panel.heading.text() == "Alerts: 1 need attention"

    failed = refreshed[AlertCode.CONSERVATIVE_CARE_FAILED]
    override = next(b for b in failed.action_buttons if b.text() == "Override…")
    qtbot.mouseClick(override, Qt.MouseButton.LeftButton)
    dialog = view.findChild(AlertActionDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.reason_edit.setPlainText("Discussed; the patient wants two more weeks of exercise")
    assert dialog.save()
    assert _states(window.ctx, demo_ids["P-SEED"])[AlertCode.CONSERVATIVE_CARE_FAILED] is (
        AlertState.OVERRIDDEN
    )


def test_patient_text_with_markup_shows_literally_everywhere(
    qtbot: QtBot, window: MainWindow, visible_label_texts: Callable[[], list[str]]
):
    ctx = window.ctx
    patient_id = create_patient(
        ctx.clinic,
        Patient(
            ref="P-<i>9</i>",
            given_name="<b>x</b>",
            family_name="<h1>Big</h1>",
            date_of_birth=date(1970, 1, 1),
            sex=Sex.OTHER,
        ),
    )
    window.open_patient(patient_id)
    view = window.patient_view
    assert view.header.name_label.text() == "<b>x</b> <h1>Big</h1>"
    assert "ref P-<i>9</i>" in view.header.details_label.text()
    assert window.tabs.tabText(PATIENT_TAB) == "<b>x</b> <h1>Big</h1>"
    assert "<b>x</b> <h1>Big</h1>" in visible_label_texts()
    labels = window.findChildren(QLabel)
    assert labels
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    dialog = view.edit_patient()
    assert dialog is not None
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel)
    )
    dialog.reject()


def test_delete_asks_first_and_undo_puts_the_visit_back(
    qtbot: QtBot, window: MainWindow, prompter, demo_ids: dict[str, int]
):
    ctx = window.ctx
    window.open_patient(demo_ids["P-SEED"])
    tab = window.patient_view.tabs.visits_tab
    assert tab.model.rowCount() == 4
    tab.table.selectRow(3)
    prompter.confirm_answer = False
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 4
    assert "Delete the visit of 19 Oct 2026 of Margaret Example?" in prompter.confirmations[-1]

    prompter.confirm_answer = True
    tab.table.selectRow(3)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 3
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo: Put back the visit of 19 Oct 2026 just deleted"
    window.undo_action.trigger()
    assert tab.model.rowCount() == 4
    dates = [v.date for v in patient_record(ctx.clinic, demo_ids["P-SEED"]).episodes[0].visits]
    assert date(2026, 10, 19) in dates
    assert not window.undo_action.isEnabled()


def test_saving_a_visit_with_fever_and_severe_pain_interrupts(
    qtbot: QtBot, window: MainWindow, prompter, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-DEMO-05"])
    dialog = window.patient_view.new_visit()
    assert dialog is not None
    dialog.pain_edit.setText("9")
    dialog.temperature_edit.setText("38.6")
    assert dialog.save()
    qtbot.waitUntil(lambda: len(prompter.critical_alerts) == 1)
    assert prompter.critical_alerts[0].alert.severity is Severity.CRITICAL


def test_looking_ahead_reads_the_rules_on_that_day(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    ctx = window.ctx
    window.open_patient(demo_ids["P-DEMO-05"])
    view = window.patient_view
    assert not view.header.ahead_label.isVisible()
    assert "First-line care under way" in view.header.episode_label.text()
    window.as_of_edit.set_value(ctx.clinic.today() + timedelta(weeks=5))
    qtbot.keyClick(window.as_of_edit.line, Qt.Key.Key_Return)
    assert ctx.looking_ahead
    assert view.header.ahead_label.isVisible()
    assert "Response not yet assessed" in view.header.episode_label.text()
    assert window.due_view.title_label.text().endswith("(looking ahead)")
    qtbot.mouseClick(window.back_to_today_button, Qt.MouseButton.LeftButton)
    assert not ctx.looking_ahead
    assert "First-line care under way" in view.header.episode_label.text()

    # An earlier day is looking back, and the words say so.
    window.as_of_edit.set_value(ctx.clinic.today() - timedelta(days=3))
    qtbot.keyClick(window.as_of_edit.line, Qt.Key.Key_Return)
    assert view.header.ahead_label.text().startswith("Looking back: the rules are read as on")
    assert window.due_view.title_label.text().endswith("(looking back)")


def test_a_patient_without_an_episode_offers_to_open_one(qtbot: QtBot, window: MainWindow):
    ctx = window.ctx
    patient_id = create_patient(
        ctx.clinic,
        Patient(
            ref="P-NEW",
            given_name="Ny",
            family_name="Ny",
            date_of_birth=date(1980, 1, 1),
            sex=Sex.MALE,
        ),
    )
    window.open_patient(patient_id)
    view = window.patient_view
    assert view.header.episode_label.text().startswith("No episode yet")
    assert view.new_visit() is None
    assert not view.header.decision_button.isEnabled()
    window.new_visit_action.trigger()
    assert "no episode yet" in window.statusBar().currentMessage()
    assert "(Alt+W)" in window.statusBar().currentMessage()
    # The key the message names opens the episode dialog.
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), EpisodeDialog))
    QApplication.activeModalWidget().reject()


def test_a_patient_opens_on_the_timeline_and_a_refresh_keeps_the_tab(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    ctx = window.ctx
    no_episode = create_patient(ctx.clinic, make_patient(ref="P-NEW", given_name="Ada"))
    window.open_patient(no_episode)
    tabs = window.patient_view.tabs
    assert tabs.currentIndex() == tabs.letters_index  # the only tab open without an episode
    window.open_patient(demo_ids["P-SEED"])
    assert tabs.currentIndex() == 0
    assert tabs.tabText(0) == "&Timeline"
    tabs.setCurrentWidget(tabs.scans_tab)
    window.patient_view.refresh()
    assert tabs.currentWidget() is tabs.scans_tab


def test_a_tab_picked_later_shows_its_columns_wide_enough_for_their_text(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    """The visits are filled while the timeline shows; their columns are sized when picked."""
    window.open_patient(demo_ids["P-SEED"])
    tabs = window.patient_view.tabs
    table = tabs.visits_tab.table
    assert not table.isVisible()
    tabs.setCurrentWidget(tabs.visits_tab)
    qtbot.waitUntil(table.isVisible)
    model, metrics = table.model(), table.fontMetrics()
    for column in range(model.columnCount() - 1):  # the last column stretches
        widest = max(
            metrics.horizontalAdvance(str(model.index(row, column).data()))
            for row in range(model.rowCount())
        )
        assert table.columnWidth(column) >= widest, model.headerData(
            column, Qt.Orientation.Horizontal
        )


def test_archiving_the_patient_on_view_closes_their_tab(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int], prompter
):
    window.open_patient(demo_ids["P-DEMO-03"])
    assert window.tabs.isTabVisible(PATIENT_TAB)
    qtbot.mouseClick(window.patient_view.header.archive_button, Qt.MouseButton.LeftButton)
    assert "Archive " in prompter.confirmations[-1]
    assert not window.tabs.isTabVisible(PATIENT_TAB)
    assert window.patient_view.patient_id is None
    assert "archived" in window.statusBar().currentMessage()
    listed = window.patients_view.model
    qtbot.waitUntil(lambda: listed.rowCount() == len(demo_ids) - 1)
    window.patients_view.archived_check.setChecked(True)
    qtbot.waitUntil(lambda: listed.rowCount() == len(demo_ids))


def test_the_visit_edited_stays_selected(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-SEED"])
    tab = window.patient_view.tabs.visits_tab
    tab.table.selectRow(1)
    chosen = tab.selected()
    dialog = window.patient_view.edit_visit(chosen)
    assert dialog is not None
    dialog.night_pain_edit.setText("3")
    assert dialog.save()
    edited = tab.selected()
    assert edited is not None
    assert (edited.id, edited.night_pain_nrs) == (chosen.id, 3)
    assert tab.edit_button.isEnabled()


def test_a_patient_registered_by_mistake_is_deleted_and_undo_brings_them_back(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int], prompter
):
    ctx = window.ctx
    window.open_patient(demo_ids["P-SEED"])
    seed_details = window.patient_view.edit_patient()
    assert seed_details is not None
    assert not seed_details.delete_button.isEnabled()  # care is recorded: archive instead
    seed_details.reject()

    mistaken = create_patient(
        ctx.clinic, make_patient(ref="P-OOPS", given_name="Wrong", family_name="Entry")
    )
    window.open_patient(mistaken)
    details = window.patient_view.edit_patient()
    assert details is not None
    assert details.delete_button.isEnabled()
    assert details.delete_patient()
    assert "Delete Wrong Entry?" in prompter.confirmations[-1]
    assert not window.tabs.isTabVisible(PATIENT_TAB)
    assert "Wrong Entry deleted" in window.statusBar().currentMessage()
    listed = window.patients_view.model
    qtbot.waitUntil(lambda: all(row.ref != "P-OOPS" for row in listed.rows()))
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: any(row.ref == "P-OOPS" for row in listed.rows()))


def test_the_header_names_every_working_diagnosis_with_its_date(
    window: MainWindow, demo_ids: dict[str, int]
):
    today = window.ctx.clinic.today()
    window.open_patient(demo_ids["P-DEMO-04"])
    assert (
        "Working diagnoses: Trochanteric bursitis "
        f"(main, since {show_date(today - timedelta(days=75))}); possible gluteal tendinopathy "
        f"(since {show_date(today - timedelta(days=40))})"
    ) in window.patient_view.header.episode_label.text()
    window.open_patient(demo_ids["P-SEED"])
    assert window.patient_view.header.episode_label.text().endswith(
        "\nWorking diagnosis: Greater trochanteric pain syndrome"
    )
