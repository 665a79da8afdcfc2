"""Entry dialogs on the real test clinic: inline validation, saving, failure, guards."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import AlertActionKind, DecisionKind
from trochtrack.domain.vocabulary import (
    EpisodeStatus,
    LesionKind,
    RedFlag,
    TreatmentKind,
    Visibility,
)
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.records import list_patients, patient_record, tracked_lesions
from trochtrack.services.settings import load_settings
from trochtrack.services.workflow import AlertState, decisions, episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.alert_action import AlertActionDialog
from trochtrack.ui.dialogs.decision import DecisionDialog
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.dialogs.history import HistoryDialog
from trochtrack.ui.dialogs.patient import PatientDialog, next_patient_ref
from trochtrack.ui.dialogs.scan import ScanDialog, suggested_key
from trochtrack.ui.dialogs.settings import SettingsDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog

pytestmark = pytest.mark.ui


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """The parent of the dialogs: they delete themselves on close, the host at teardown."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _show(qtbot: QtBot, host: QWidget, dialog: FormDialog) -> FormDialog:
    dialog.setParent(host, dialog.windowFlags())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _episode(ctx: AppContext, ids: tuple[int, int]):
    return patient_record(ctx.clinic, ids[0]).episode(ids[1])


def _error(dialog: FormDialog, path: str) -> str:
    slot = dialog.field_for(path)
    assert slot is not None
    return slot.error_label.text() if slot.error_label.isVisibleTo(dialog) else ""


# -- visits ------------------------------------------------------------------------


def test_visit_saves_on_enter_and_can_be_undone(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    qtbot.keyClicks(dialog.pain_edit, "6")
    qtbot.keyClicks(dialog.night_pain_edit, "5")
    qtbot.keyClicks(dialog.visa_g_edit, "48")
    qtbot.keyClicks(dialog.groc_edit, "-1")
    qtbot.keyClicks(dialog.temperature_edit, "36.9")
    dialog.red_flag_boxes[RedFlag.RECENT_INJECTION].setChecked(True)
    qtbot.keyClicks(dialog.notes_edit, "Worse on stairs <b>today</b>")
    with qtbot.waitSignal(ctx.bus.records_changed) as changed:
        qtbot.keyClick(dialog.groc_edit, Qt.Key.Key_Return)
    assert changed.args == [episode_ids[0]]
    assert dialog.result() == VisitDialog.DialogCode.Accepted

    (visit,) = _episode(ctx, episode_ids).visits
    assert (visit.pain_nrs, visit.night_pain_nrs, visit.visa_g, visit.groc) == (6, 5, 48, -1)
    assert visit.temperature_c == 36.9
    assert visit.red_flags == {RedFlag.RECENT_INJECTION}
    assert visit.notes == "Worse on stairs <b>today</b>"
    assert visit.clinician == "Test Clinician"
    assert visit.date == ctx.clinic.today()

    change = ctx.last_change
    assert change is not None
    assert change.description == f"Remove the visit of {ctx.clinic.today():%-d %b %Y} just added"
    change.undo()
    assert _episode(ctx, episode_ids).visits == ()


@pytest.mark.parametrize(
    ("field", "typed", "problem"),
    [
        ("pain_nrs", "", "enter the pain score (0–10)"),
        ("pain_nrs", "11", "11 is outside 0–10"),
        ("pain_nrs", "7.5", "7.5 is not a whole number"),
        ("visa_g", "1,00", "'1,00': remove the thousands separator ','"),
        ("temperature_c", "1,500", "'1,500': remove the thousands separator ','"),
        ("temperature_c", "nan", "'nan' is not a number"),
        ("temperature_c", "50", "50 is outside 30–45"),
        ("groc", "+6", "'+6' is not a number"),
    ],
)
def test_visit_shows_the_problem_on_the_named_field(
    qtbot: QtBot,
    host: QWidget,
    ctx: AppContext,
    episode_ids: tuple[int, int],
    field: str,
    typed: str,
    problem: str,
):
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    edits = {
        "pain_nrs": dialog.pain_edit,
        "visa_g": dialog.visa_g_edit,
        "temperature_c": dialog.temperature_edit,
        "groc": dialog.groc_edit,
    }
    if field != "pain_nrs":
        dialog.pain_edit.setText("5")
    edits[field].setText(typed)
    with qtbot.assertNotEmitted(ctx.bus.records_changed):
        assert not dialog.save()
    assert _error(dialog, field) == problem
    assert dialog.isVisible()
    assert dialog.focusWidget() is edits[field]
    assert edits[field].text() == typed
    assert problem in dialog.failure_label.text()
    assert _episode(ctx, episode_ids).visits == ()


def test_a_visit_before_birth_is_refused_on_the_date_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.date_edit.set_value(date(1959, 12, 31))
    dialog.pain_edit.setText("5")
    assert not dialog.save()
    assert "before the date of birth" in _error(dialog, "date")


def test_a_busy_database_keeps_the_typed_visit_and_says_why(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.pain_edit.setText("6")
    dialog.visa_g_edit.setText("52")
    dialog.notes_edit.setPlainText("typed before the lock")
    assert ctx.clinic.database.path is not None
    other_writer = sqlite3.connect(ctx.clinic.database.path, timeout=0)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        assert not dialog.save()
    finally:
        other_writer.rollback()
        other_writer.close()
    assert dialog.isVisible()
    assert "busy" in dialog.failure_label.text()
    assert "What you typed is still here" in dialog.failure_label.text()
    assert (dialog.pain_edit.text(), dialog.visa_g_edit.text()) == ("6", "52")
    assert dialog.notes_edit.toPlainText() == "typed before the lock"
    assert _episode(ctx, episode_ids).visits == ()

    assert dialog.save()
    assert [v.visa_g for v in _episode(ctx, episode_ids).visits] == [52]


def test_closing_a_changed_visit_asks_first(
    qtbot: QtBot, host: QWidget, ctx: AppContext, prompter, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.reject()
    assert prompter.confirmations == []
    assert not dialog.isVisible()

    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    qtbot.keyClicks(dialog.pain_edit, "4")
    prompter.confirm_answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert prompter.confirmations == [VisitDialog.discard_question]
    assert dialog.isVisible()
    prompter.confirm_answer = True
    dialog.reject()
    assert not dialog.isVisible()


def test_correcting_a_visit_can_be_undone(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    first = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(first, VisitDialog)
    first.pain_edit.setText("7")
    assert first.save()
    (visit,) = _episode(ctx, episode_ids).visits
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids, visit))
    assert isinstance(dialog, VisitDialog)
    assert dialog.pain_edit.text() == "7"
    assert not dialog.is_dirty()
    dialog.pain_edit.setText("5")
    assert dialog.save()
    assert [v.pain_nrs for v in _episode(ctx, episode_ids).visits] == [5]
    assert ctx.last_change is not None
    ctx.last_change.undo()
    assert [v.pain_nrs for v in _episode(ctx, episode_ids).visits] == [7]


# -- scans -------------------------------------------------------------------------


def test_scan_with_a_new_lesion_then_a_follow_up_of_it(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(dialog, ScanDialog)
    (finding,) = dialog.finding_editors
    assert finding.is_new_lesion()
    finding.kind_combo.setCurrentIndex(finding.kind_combo.findData(LesionKind.ADVENTITIAL_BURSA))
    assert finding.key_edit.text() == "bursa-1"
    finding.site_edit.setText("posterior to the greater trochanter")
    for edit, value in zip(finding.dimension_edits, ("24", "4", ""), strict=True):
        edit.setText(value)
    second = dialog.add_finding()
    second.kind_combo.setCurrentIndex(second.kind_combo.findData(LesionKind.CALCIFICATION))
    assert second.key_edit.text() == "calc-1"
    second.not_visualised_radio.setChecked(True)

    assert not dialog.save()
    assert _error(dialog, "findings[0].dims_mm[2]") == "enter all three diameters in mm"
    assert finding.dimension_edits[0].text() == "24"

    finding.dimension_edits[2].setText("23")
    assert dialog.save()
    (scan,) = _episode(ctx, episode_ids).scans
    assert [(f.lesion, f.kind, f.visibility, f.dims_mm) for f in scan.findings] == [
        ("bursa-1", LesionKind.ADVENTITIAL_BURSA, Visibility.MEASURED, (24.0, 4.0, 23.0)),
        ("calc-1", LesionKind.CALCIFICATION, Visibility.NOT_VISUALISED, None),
    ]
    assert [lesion.key for lesion in tracked_lesions(ctx.clinic, episode_ids[1])] == [
        "bursa-1",
        "calc-1",
    ]

    follow_up = _show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(follow_up, ScanDialog)
    assert [editor.lesion_key() for editor in follow_up.finding_editors] == ["bursa-1", "calc-1"]
    assert follow_up.finding_editors[0].site_edit.text() == "posterior to the greater trochanter"
    assert not follow_up.finding_editors[0].no_size_radio.isEnabled()
    assert suggested_key(LesionKind.FLUID_COLLECTION, {"fluid-1"}) == "fluid-2"


def test_a_lesion_cannot_change_kind_between_scans(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(dialog, ScanDialog)
    dialog.finding_editors[0].kind_combo.setCurrentIndex(2)
    for edit in dialog.finding_editors[0].dimension_edits:
        edit.setText("10")
    assert dialog.save()
    other = _show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(other, ScanDialog)
    editor = other.finding_editors[0]
    editor.lesion_combo.setCurrentIndex(editor.lesion_combo.findData("new"))
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(LesionKind.TENDINOPATHY))
    assert editor.key_edit.text() == "tendon-1"
    editor.key_edit.clear()
    qtbot.keyClicks(editor.key_edit, dialog.finding_editors[0].lesion_key())
    editor.no_size_radio.setChecked(True)
    assert not other.save()
    assert "was recorded as" in _error(other, "findings[0].kind")


# -- treatments --------------------------------------------------------------------


def test_a_second_line_treatment_escalates_the_episode(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, TreatmentDialog(ctx, *episode_ids))
    assert isinstance(dialog, TreatmentDialog)
    assert not dialog.second_line_label.isVisibleTo(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TreatmentKind.ESWT))
    assert dialog.second_line_label.isVisibleTo(dialog)
    dialog.detail_edit.setPlainText("radial, 3 sessions a week apart")
    dialog.end_edit.set_value(ctx.clinic.today() - timedelta(days=30))
    assert not dialog.save()
    assert "before the start of the treatment" in _error(dialog, "end")
    dialog.end_edit.set_value(None)
    assert dialog.save()
    (treatment,) = _episode(ctx, episode_ids).treatments
    assert treatment.kind is TreatmentKind.ESWT
    evaluation = evaluate_patient(ctx.clinic, episode_ids[0], ctx.clinic.today())
    assert evaluation.episodes[episode_ids[1]].status is EpisodeStatus.ESCALATED


# -- patients and episodes ---------------------------------------------------------


def test_new_patient_needs_names_and_a_birth_date(qtbot: QtBot, host: QWidget, ctx: AppContext):
    dialog = _show(qtbot, host, PatientDialog(ctx))
    assert isinstance(dialog, PatientDialog)
    assert dialog.ref_edit.text() == "P-0001"
    assert not dialog.save()
    assert _error(dialog, "given_name") == "must not be empty"
    dialog.given_edit.setText("<b>Zoë</b>")
    dialog.family_edit.setText("Ångström")
    assert not dialog.save()
    assert _error(dialog, "date_of_birth") == "enter the date"
    dialog.born_edit.set_value(date(1962, 3, 9))
    dialog.gp_name_edit.setText("Dr H Okafor")
    with qtbot.waitSignal(dialog.patient_saved):
        assert dialog.save()
    (item,) = list_patients(ctx.clinic)
    assert item.given_name == "<b>Zoë</b>"
    record = patient_record(ctx.clinic, item.patient_id)
    assert record.patient.gp is not None
    assert record.patient.gp.name == "Dr H Okafor"
    assert next_patient_ref(["P-0001", "P-SEED", "P-0041"]) == "P-0042"


def test_registering_the_same_person_twice_asks_first(
    qtbot: QtBot, host: QWidget, ctx: AppContext, prompter
):
    def register(given: str, family: str) -> bool:
        dialog = _show(qtbot, host, PatientDialog(ctx))
        assert isinstance(dialog, PatientDialog)
        dialog.given_edit.setText(given)
        dialog.family_edit.setText(family)
        dialog.born_edit.set_value(date(1955, 6, 30))
        return dialog.save()

    assert register("José", "Núñez")
    assert prompter.confirmations == []
    prompter.confirm_answer = False
    assert not register("NUNEZ", "jose")  # swapped, no accents, other case
    assert "José Núñez" not in prompter.confirmations[-1]
    assert "Núñez, José, born 30 Jun 1955, ref P-0001" in prompter.confirmations[-1]
    assert len(list_patients(ctx.clinic)) == 1
    prompter.confirm_answer = True
    assert register("Jose", "Nunez")
    assert len(list_patients(ctx.clinic)) == 2


def test_a_ref_in_use_is_refused_on_the_ref_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, PatientDialog(ctx))
    assert isinstance(dialog, PatientDialog)
    dialog.ref_edit.setText("P-0001")
    dialog.given_edit.setText("Bo")
    dialog.family_edit.setText("Ek")
    dialog.born_edit.set_value(date(1970, 1, 1))
    assert not dialog.save()
    assert _error(dialog, "ref") == "'P-0001' is already used by another patient"


def test_episode_is_opened_and_closing_it_needs_a_reason(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    record = patient_record(ctx.clinic, episode_ids[0])
    dialog = _show(qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes))
    assert isinstance(dialog, EpisodeDialog)
    assert dialog.ref_edit.text() == "E2"
    with qtbot.waitSignal(dialog.episode_saved):
        assert dialog.save()
    episode = record.episode(episode_ids[1])
    closing = _show(qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes, episode))
    assert isinstance(closing, EpisodeDialog)
    closing.closed_edit.set_value(ctx.clinic.today())
    assert not closing.save()
    assert _error(closing, "closed_reason") == "say why the episode is closed"
    closing.closed_reason_edit.setText("discharged")
    assert closing.save()
    closed = _episode(ctx, episode_ids)
    assert (closed.closed_date, closed.closed_reason) == (ctx.clinic.today(), "discharged")
    assert len(patient_record(ctx.clinic, episode_ids[0]).episodes) == 2


# -- alerts and decisions ----------------------------------------------------------


def _seed_views(ctx: AppContext, ids: dict[str, int]):
    evaluation = evaluate_patient(ctx.clinic, ids["P-SEED"], ctx.clinic.today())
    ((episode_id, episode_eval),) = evaluation.episodes.items()
    return episode_id, episode_alert_views(ctx.clinic, episode_id, episode_eval)


def test_override_needs_a_reason_and_is_stored(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = _seed_views(demo_ctx, demo_ids)
    dialog = _show(
        qtbot,
        host,
        AlertActionDialog(demo_ctx, demo_ids["P-SEED"], views[1], AlertActionKind.OVERRIDDEN),
    )
    assert isinstance(dialog, AlertActionDialog)
    assert not dialog.save()
    assert _error(dialog, "reason") == "an override needs a reason"
    dialog.reason_edit.setPlainText("Scan booked already")
    assert dialog.save()
    _, after = _seed_views(demo_ctx, demo_ids)
    overridden = next(v for v in after if v.key == views[1].key)
    assert overridden.state is AlertState.OVERRIDDEN
    assert overridden.last_action is not None
    assert overridden.last_action.reason == "Scan booked already"
    assert overridden.last_action.clinician == "Test Clinician"
    assert episode_id


def test_snooze_is_stored_until_its_date(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    _, views = _seed_views(demo_ctx, demo_ids)
    dialog = _show(
        qtbot,
        host,
        AlertActionDialog(demo_ctx, demo_ids["P-SEED"], views[1], AlertActionKind.SNOOZED),
    )
    assert isinstance(dialog, AlertActionDialog)
    until = demo_ctx.clinic.today() + timedelta(days=7)
    assert dialog.until_edit.value() == until
    assert dialog.save()
    _, after = _seed_views(demo_ctx, demo_ids)
    snoozed = next(v for v in after if v.key == views[1].key)
    assert snoozed.state is AlertState.SNOOZED
    assert snoozed.last_action is not None
    assert snoozed.last_action.snooze_until == until


def test_decision_needs_its_reason_or_choice_and_answers_the_alert(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = _seed_views(demo_ctx, demo_ids)
    standing = [v.alert for v in views if v.active]
    dialog = _show(qtbot, host, DecisionDialog(demo_ctx, demo_ids["P-SEED"], episode_id, standing))
    assert isinstance(dialog, DecisionDialog)
    assert not dialog.save()
    assert _error(dialog, "reason") == "say why first-line care continues"
    dialog.kind_radios[DecisionKind.SECOND_LINE].setChecked(True)
    assert dialog.options_label.isVisibleTo(dialog)
    assert not dialog.next_review_edit.isVisibleTo(dialog)
    assert not dialog.save()
    assert _error(dialog, "second_line") == "choose at least one second-line treatment"
    dialog.second_line_checks[TreatmentKind.ESWT].setChecked(True)
    dialog.reason_edit.setPlainText("Prefers to avoid injections")
    assert dialog.save()
    (decision,) = decisions(demo_ctx.clinic, episode_id)
    assert decision.kind is DecisionKind.SECOND_LINE
    assert decision.second_line == (TreatmentKind.ESWT,)
    _, after = _seed_views(demo_ctx, demo_ids)
    assert all(v.alert.code.value != "conservative-care-failed" for v in after)
    record = patient_record(demo_ctx.clinic, demo_ids["P-SEED"])
    assert TreatmentKind.ESWT in {t.kind for t in record.episodes[0].treatments}


# -- settings, history -------------------------------------------------------------


def test_welcome_needs_the_clinicians_name_and_loads_the_demo(
    qtbot: QtBot, host: QWidget, clinic, prompter
):
    ctx = AppContext(clinic, load_settings(clinic), prompter)
    dialog = _show(qtbot, host, SettingsDialog(ctx, welcome=True))
    assert isinstance(dialog, SettingsDialog)
    assert dialog.demo_check.isChecked()
    assert not dialog.save()
    assert _error(dialog, "clinician_name") == "needed: every change is recorded under it"
    dialog.clinician_edit.setText("Alex Physio")
    dialog.profession_edit.setText("Physiotherapist")
    dialog.clinic_edit.setText("Harbour Physio")
    with qtbot.waitSignal(ctx.bus.settings_changed):
        assert dialog.save()
    stored = load_settings(clinic)
    assert (stored.clinician_name, stored.clinic_name, stored.welcome_done) == (
        "Alex Physio",
        "Harbour Physio",
        True,
    )
    assert clinic.actor == "Alex Physio"
    assert "P-SEED" in {p.ref for p in list_patients(clinic)}


def test_settings_change_the_preset_paper_and_auto_lock(
    qtbot: QtBot, host: QWidget, ctx: AppContext
):
    dialog = _show(qtbot, host, SettingsDialog(ctx, welcome=False))
    assert isinstance(dialog, SettingsDialog)
    assert dialog.preset_combo.currentText().startswith("Referral protocol: review at 4 weeks")
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("uk-pathway"))
    dialog.paper_combo.setCurrentIndex(1)
    dialog.lock_spin.setValue(0)
    assert dialog.lock_spin.text() == "never"
    assert dialog.save()
    stored = load_settings(ctx.clinic)
    assert (stored.rules_preset, stored.paper_size.value, stored.auto_lock_minutes) == (
        "uk-pathway",
        "Letter",
        0,
    )


def test_history_lists_who_changed_a_visit(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = _show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.pain_edit.setText("7")
    assert dialog.save()
    (visit,) = _episode(ctx, episode_ids).visits
    edit = _show(qtbot, host, VisitDialog(ctx, *episode_ids, visit))
    assert isinstance(edit, VisitDialog)
    edit.pain_edit.setText("6")
    assert edit.save()
    history = HistoryDialog(ctx, "visit", [visit.id or 0], "Visit")
    qtbot.addWidget(history)
    assert history.model.rowCount() == 2
    assert history.model.index(1, 1).data() == "Test Clinician"
    assert history.model.index(1, 3).data() == "Pain NRS: 7 → 6"


def test_every_input_of_every_dialog_has_an_accessible_name(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = _seed_views(demo_ctx, demo_ids)
    patient_id = demo_ids["P-SEED"]
    record = patient_record(demo_ctx.clinic, patient_id)
    dialogs: list[FormDialog] = [
        VisitDialog(demo_ctx, patient_id, episode_id),
        ScanDialog(demo_ctx, patient_id, episode_id),
        TreatmentDialog(demo_ctx, patient_id, episode_id),
        PatientDialog(demo_ctx, record.patient),
        EpisodeDialog(demo_ctx, patient_id, record.episodes, record.episodes[0]),
        DecisionDialog(demo_ctx, patient_id, episode_id, [v.alert for v in views]),
        AlertActionDialog(demo_ctx, patient_id, views[0], AlertActionKind.SNOOZED),
        SettingsDialog(demo_ctx, welcome=False),
    ]
    inputs = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton)
    for dialog in dialogs:
        _show(qtbot, host, dialog)
        for widget in dialog.findChildren(QWidget):
            if not isinstance(widget, inputs) or not widget.isVisibleTo(dialog):
                continue
            if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
                continue
            named = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            assert named, f"{type(dialog).__name__}: a {type(widget).__name__} has no name"
        dialog.mark_saved()
        dialog.reject()
