"""The clinician's story, driven through the window as a user would drive it.

A new patient with lateral hip pain: baseline visit and scan, exercise, a week-4 visit
with the same scores; looking ahead to week 6 the due list and the patient view say
first-line care has not worked; the clinician records a decision and the item closes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import DecisionKind
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus, LesionKind, TreatmentKind
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.decision import DecisionDialog
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.models.timeline import TimelineKind
from trochtrack.ui.text import status_label
from trochtrack.ui.views.main_window import DUE_TAB, PATIENT_TAB, MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher

pytestmark = pytest.mark.ui

CARE_FAILED = AlertCode.CONSERVATIVE_CARE_FAILED.value


def _open_dialog(qtbot: QtBot, window: MainWindow, dialog_type: type):
    """The dialog an action just opened (dialogs are window-modal and open at once)."""
    dialogs = [d for d in window.findChildren(dialog_type) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def _press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, key, modifiers)


def test_a_failed_first_line_course_reaches_a_decision(
    qtbot: QtBot, ctx: AppContext, prompter, fake_clock
):
    window = MainWindow(ctx, IdleWatcher(10, clock=fake_clock))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    today = ctx.clinic.today()
    week_0 = today - timedelta(weeks=4)
    ctrl = Qt.KeyboardModifier.ControlModifier
    ctrl_shift = ctrl | Qt.KeyboardModifier.ShiftModifier
    assert window.due_view.empty_label.text() == "Nothing is due here."

    # A new patient (Ctrl+N), then an episode of the left hip begun four weeks ago.
    _press(qtbot, window, Qt.Key.Key_N, ctrl)
    patient = _open_dialog(qtbot, window, PatientDialog)
    # QTest types ASCII only; accented names go in as a keyboard layout would insert them.
    patient.given_edit.insert("Zoë")
    patient.family_edit.insert("Ångström")
    patient.born_edit.set_value(today.replace(year=today.year - 58))
    qtbot.keyClicks(patient.gp_name_edit, "Dr H Okafor")
    qtbot.keyClick(patient.family_edit, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == PATIENT_TAB
    view = window.patient_view
    assert view.header.name_label.text() == "Zoë Ångström"

    qtbot.mouseClick(view.header.new_episode_button, Qt.MouseButton.LeftButton)
    episode = _open_dialog(qtbot, window, EpisodeDialog)
    episode.start_edit.set_value(week_0)
    qtbot.keyClick(episode.ref_edit, Qt.Key.Key_Return)
    assert view.episode_id is not None

    # Baseline visit (Ctrl+Shift+V), baseline scan (Ctrl+Shift+S), the exercise programme.
    _press(qtbot, window, Qt.Key.Key_V, ctrl_shift)
    visit = _open_dialog(qtbot, window, VisitDialog)
    visit.date_edit.set_value(week_0)
    qtbot.keyClicks(visit.pain_edit, "6")
    qtbot.keyClicks(visit.night_pain_edit, "5")
    qtbot.keyClicks(visit.visa_g_edit, "50")
    qtbot.keyClicks(visit.temperature_edit, "36.8")
    qtbot.keyClick(visit.temperature_edit, Qt.Key.Key_Return)

    _press(qtbot, window, Qt.Key.Key_S, ctrl_shift)
    scan = _open_dialog(qtbot, window, ScanDialog)
    scan.date_edit.set_value(week_0)
    finding = scan.finding_editors[0]
    finding.kind_combo.setCurrentIndex(finding.kind_combo.findData(LesionKind.ADVENTITIAL_BURSA))
    for edit, typed in zip(finding.dimension_edits, ("20", "5", "18"), strict=True):
        qtbot.keyClicks(edit, typed)
    qtbot.keyClick(finding.dimension_edits[2], Qt.Key.Key_Return)

    _press(qtbot, window, Qt.Key.Key_T, ctrl_shift)
    treatment = _open_dialog(qtbot, window, TreatmentDialog)
    treatment.kind_combo.setCurrentIndex(
        treatment.kind_combo.findData(TreatmentKind.EXERCISE_PROGRAM)
    )
    treatment.start_edit.set_value(week_0)
    qtbot.keyClicks(treatment.detail_edit, "isometric abduction, 5 x 45 s holds, daily")
    qtbot.mouseClick(treatment.save_button, Qt.MouseButton.LeftButton)

    # Week 4: the same scores.
    _press(qtbot, window, Qt.Key.Key_V, ctrl_shift)
    week_4 = _open_dialog(qtbot, window, VisitDialog)
    qtbot.keyClicks(week_4.pain_edit, "6")
    qtbot.keyClicks(week_4.visa_g_edit, "50")
    qtbot.keyClicks(week_4.groc_edit, "0")
    qtbot.keyClick(week_4.groc_edit, Qt.Key.Key_Return)

    episode_id = view.episode_id
    assert view.tabs.visits_tab.model.rowCount() == 2
    assert view.tabs.scans_tab.lesion_model.rowCount() == 1
    assert view.tabs.treatments_tab.model.rowCount() == 1
    assert CARE_FAILED not in {e.what for e in window.due_view.entries_shown()}

    # Look ahead to week 6 on the "Today" picker.
    window.as_of_edit.set_value(week_0 + timedelta(weeks=6))
    qtbot.keyClick(window.as_of_edit.line, Qt.Key.Key_Return)
    assert ctx.looking_ahead
    window.tabs.setCurrentIndex(DUE_TAB)
    entries = [e for e in window.due_view.entries_shown() if e.episode_id == episode_id]
    assert [e.what for e in entries if e.what == CARE_FAILED] == [CARE_FAILED]
    row = next(i for i, e in enumerate(window.due_view.entries_shown()) if e.what == CARE_FAILED)
    rect = window.due_view.table.visualRect(window.due_view.proxy.index(row, 2))
    viewport = window.due_view.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())

    assert window.tabs.currentIndex() == PATIENT_TAB
    assert view.episode_id == episode_id
    assert status_label(EpisodeStatus.FAILED) in view.header.episode_label.text()
    cards = {card.view.alert.code: card for card in view.alerts_panel.cards}
    failed_card = cards[AlertCode.CONSERVATIVE_CARE_FAILED]
    assert failed_card.view.active
    assert "none is preferred" in failed_card.options_label.text()
    assert prompter.critical_alerts == []

    # The decision, from the card: refer on.
    record = next(b for b in failed_card.action_buttons if b.text() == "Record decision…")
    qtbot.mouseClick(record, Qt.MouseButton.LeftButton)
    decision = _open_dialog(qtbot, window, DecisionDialog)
    refer = decision.kind_radios[DecisionKind.REFER]
    qtbot.mouseClick(refer, Qt.MouseButton.LeftButton, pos=QPoint(8, refer.height() // 2))
    assert decision.referred_edit.isVisible()
    qtbot.keyClicks(decision.referred_edit, "Sports physician")
    qtbot.keyClicks(decision.reason_edit, "No change after six weeks of loading")
    qtbot.keyClick(decision.referred_edit, Qt.Key.Key_Return)

    assert CARE_FAILED not in {
        card.view.alert.code.value for card in view.alerts_panel.cards if card.view.active
    }
    timeline = [e for e in view.tabs.timeline_model.rows() if e.kind is TimelineKind.DECISION]
    assert len(timeline) == 1
    assert "Refer (by Test Clinician); referred to Sports physician" in timeline[0].text
    window.tabs.setCurrentIndex(DUE_TAB)
    left = [e for e in window.due_view.entries_shown() if e.episode_id == episode_id]
    assert CARE_FAILED not in {e.what for e in left}
    assert "escalation_decision" not in {e.what for e in left}
