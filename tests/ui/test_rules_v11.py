"""Rules v1.1 through the window: growth since the baseline, characteristics, red flags.

Everything is entered and read through the real dialogs and views, as a clinician would:
three scans of a bursa that grows in steps, then the alert and both calls; a critical
alert answered with what was done, then the audit trail, the due list and the letter.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import CriticalAction
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.vocabulary import AlertCode, FluidContent, LesionKind
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.records import patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.critical_alert import CriticalAlertDialog
from trochtrack.ui.dialogs.history import HistoryDialog
from trochtrack.ui.dialogs.letters import LetterDialog
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.views.main_window import DUE_TAB, MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher
from trochtrack.wording.dates import long_date

pytestmark = pytest.mark.ui


def _only(window: MainWindow, dialog_type: type):
    dialogs = [d for d in window.findChildren(dialog_type) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _enter_scan(qtbot: QtBot, window: MainWindow, day, dims, *, new_lesion: bool) -> ScanDialog:
    view = window.patient_view
    qtbot.mouseClick(view.tabs.scans_tab.records.new_button, Qt.MouseButton.LeftButton)
    scan = _only(window, ScanDialog)
    qtbot.waitExposed(scan)
    scan.date_edit.set_value(day)
    (finding,) = scan.finding_editors
    if new_lesion:
        finding.kind_combo.setCurrentIndex(
            finding.kind_combo.findData(LesionKind.ADVENTITIAL_BURSA)
        )
    for edit, typed in zip(finding.dimension_edits, dims, strict=True):
        edit.clear()
        qtbot.keyClicks(edit, typed)
    return scan


@pytest.fixture
def bursa_window(qtbot: QtBot, ctx: AppContext, episode_ids, fake_clock) -> MainWindow:
    window = MainWindow(ctx, IdleWatcher(10, clock=fake_clock))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.open_patient(episode_ids[0])
    window.patient_view.tabs.setCurrentWidget(window.patient_view.tabs.scans_tab)
    return window


def test_three_scans_of_a_bursa_growing_in_steps_raise_growth_since_baseline(
    qtbot: QtBot, bursa_window: MainWindow, ctx: AppContext
):
    window = bursa_window
    today = ctx.clinic.today()
    first, second, third = today - timedelta(days=56), today - timedelta(days=28), today
    for day, dims, new in (
        (first, ("24", "4", "23"), True),
        (second, ("30", "6", "28"), False),
        (third, ("29", "6", "27"), False),
    ):
        scan = _enter_scan(qtbot, window, day, dims, new_lesion=new)
        qtbot.keyClick(scan.finding_editors[0].dimension_edits[2], Qt.Key.Key_Return)
        assert not scan.isVisible()

    view = window.patient_view
    codes = {card.view.alert.code: card for card in view.alerts_panel.cards}
    assert AlertCode.LESION_ENLARGED not in codes  # the last step is within error
    card = codes[AlertCode.LESION_ENLARGED_SINCE_BASELINE]
    assert card.summary_label.text().startswith(
        "Review the adventitial bursa (bursa-1): larger than"
    )
    assert long_date(first) in card.summary_label.text()

    (summary,) = view.tabs.scans_tab.summary_labels
    text = summary.text()
    assert (
        f"Against the previous scan (US {long_date(second)}): no reliable change, volume -6.8 %"
    ) in text
    assert (f"Against the first scan (US {long_date(first)}): enlarged, volume +112.8 %") in text
    rows = view.tabs.scans_tab.lesion_model.rows()
    assert [row.baseline for row in rows] == [True, False, False]
    assert rows[-1].change_text == "No reliable change; since first scan: enlarged"


def test_characteristics_are_offered_from_the_last_scan_and_saved_only_once_checked(
    qtbot: QtBot, bursa_window: MainWindow, ctx: AppContext, episode_ids
):
    window = bursa_window
    today = ctx.clinic.today()
    scan = _enter_scan(
        qtbot, window, today - timedelta(days=30), ("20", "5", "18"), new_lesion=True
    )
    features = scan.finding_editors[0].features_edit
    assert features.isVisible()
    # With the keyboard: Tab to each box, a letter picks the value.
    features.combos["content"].setFocus()
    qtbot.keyClick(features.combos["content"], Qt.Key.Key_A)  # Anechoic
    qtbot.keyClick(features.combos["wall"], Qt.Key.Key_T)  # Thin
    qtbot.keyClick(features.combos["compressible"], Qt.Key.Key_Y)  # Yes
    assert scan.save()

    second = _enter_scan(qtbot, window, today, ("20", "5", "18"), new_lesion=False)
    offered = second.finding_editors[0].features_edit
    assert offered.carried_label.isVisible()
    assert "Carried over from the scan of" in offered.carried_label.text()
    assert offered.combos["content"].currentText() == "Anechoic"
    assert not second.save()  # not checked on this scan: nothing is saved
    assert "tick 'Checked on this scan'" in second.failure_label.text()
    assert len(patient_record(ctx.clinic, episode_ids[0]).episodes[0].scans) == 1

    qtbot.keyClick(offered.combos["content"], Qt.Key.Key_C)  # Complex
    offered.confirm_check.setChecked(True)
    assert second.save()
    (episode,) = patient_record(ctx.clinic, episode_ids[0]).episodes
    latest = max(episode.scans, key=lambda s: s.date).findings[0].features
    assert latest is not None
    assert (latest.content, latest.wall, latest.compressible) == (
        FluidContent.COMPLEX,
        "thin",
        True,
    )
    codes = {card.view.alert.code for card in window.patient_view.alerts_panel.cards}
    assert AlertCode.LESION_FEATURES_CHANGED in codes


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_an_action_on_a_critical_alert_is_audited_unpins_it_and_reaches_the_letter(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int], prompter
):
    ctx = window.ctx
    patient = demo_ids["P-DEMO-02"]
    window.tabs.setCurrentIndex(DUE_TAB)
    (pinned,) = [e for e in window.due_view.entries_shown() if e.pinned]
    assert (pinned.patient_id, pinned.what) == (patient, "red-flag-infection")
    assert window.due_view.entries_shown()[0] == pinned

    # Opening the patient interrupts; the scripted answer is "seen, record later".
    window.open_patient(patient)
    qtbot.waitUntil(lambda: len(prompter.critical_alerts) == 1)
    view = window.patient_view
    qtbot.waitUntil(
        lambda: any(
            c.view.alert.code is AlertCode.RED_FLAG_INFECTION for c in view.alerts_panel.cards
        )
    )
    card = next(
        c for c in view.alerts_panel.cards if c.view.alert.code is AlertCode.RED_FLAG_INFECTION
    )
    assert card.view.awaiting_action
    assert "no action recorded yet" in view.header.banner_label.text()
    assert [e for e in window.due_view.entries_shown() if e.pinned] != []

    record = next(b for b in card.action_buttons if b.text() == "Record action…")
    qtbot.mouseClick(record, Qt.MouseButton.LeftButton)
    dialog = _only(window, CriticalAlertDialog)
    qtbot.waitExposed(dialog)
    ed = dialog.choice_buttons[CriticalAction.EMERGENCY_DEPARTMENT]
    qtbot.mouseClick(ed, Qt.MouseButton.LeftButton, pos=QPoint(8, ed.height() // 2))
    qtbot.keyClicks(dialog.note_edit, "Ambulance called; hospital told of the fever")
    with qtbot.waitSignal(ctx.bus.records_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    # In the audit trail, from the card's History button.
    card = next(
        c for c in view.alerts_panel.cards if c.view.alert.code is AlertCode.RED_FLAG_INFECTION
    )
    assert not card.view.awaiting_action
    assert card.history_button is not None
    qtbot.mouseClick(card.history_button, Qt.MouseButton.LeftButton)
    history = _only(window, HistoryDialog)
    changes = [history.model.index(row, 3).data() for row in range(history.model.rowCount())]
    who = [history.model.index(row, 1).data() for row in range(history.model.rowCount())]
    assert len(changes) == 2  # seen, then the action
    assert "Taken: sent to the emergency department" in changes[1]
    assert "Ambulance called; hospital told of the fever" in changes[1]
    assert who == ["Test Clinician", "Test Clinician"]
    history.reject()

    # On the due list, still listed with what was done, no longer pinned.
    entries = window.due_view.entries_shown()
    (entry,) = [e for e in entries if e.patient_id == patient and e.what == "red-flag-infection"]
    assert not entry.pinned
    assert not any(e.pinned for e in entries)
    assert entry.response.startswith("Sent to the emergency department on ")
    row = entries.index(entry)
    assert "Ambulance called" in window.due_view.proxy.index(row, 6).data()
    assert window.due_view.proxy.index(row, 1).data() != "Now: record what was done"

    # In the GP letter produced next.
    letter = view.documents.create_document(DocumentKind.GP_FOLLOWUP)
    assert isinstance(letter, LetterDialog)
    with qtbot.waitSignal(ctx.bus.records_changed, timeout=20_000):
        letter.save()
    (document,) = list_documents(ctx.clinic, patient)
    text = _pdf_text(document_pdf(ctx.clinic, document.id)[1])
    assert "Clinician's response: Sent to the emergency department on" in text
    assert "Ambulance called; hospital told of the fever (recorded by Test Clinician)" in text


def test_a_red_flag_referral_asks_where_it_goes(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-DEMO-02"])
    referral = window.patient_view.documents.create_document(DocumentKind.REFERRAL)
    assert isinstance(referral, LetterDialog)
    assert referral.send_to_combo is not None
    assert referral.send_to_combo.currentText().startswith("The patient's GP")
    qtbot.waitExposed(referral)
    # A referral has no plan or appointment: those fields are not made at all (test_layout
    # finds any widget left floating over a form).
    assert referral.plan_edit is None
    assert referral.appointment_note is None
    referral.reject()
    seed = window.patient_view
    window.open_patient(demo_ids["P-SEED"])
    routine = seed.documents.create_document(DocumentKind.REFERRAL)
    assert isinstance(routine, LetterDialog)
    assert routine.send_to_combo is None
    routine.reject()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LetterDialog):
            widget.close()
