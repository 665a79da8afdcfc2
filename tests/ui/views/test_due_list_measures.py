"""Outcome measures due on schedule, as the physio sees them: the due list's line and its
filter, the patient header, and the schedule under Settings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from factories import make_episode, make_patient
from measure_schedule_cases import at_eight_weeks, every_measure, visa_g_form
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.model import Visit
from trochtrack.services.due import EntryKind
from trochtrack.services.records import add_visit, create_episode, create_patient
from trochtrack.services.settings import load_settings, update_settings
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.settings import SettingsDialog
from trochtrack.ui.models.due_table import DueFilter
from trochtrack.ui.operations import Change, announce
from trochtrack.ui.text import show_date
from trochtrack.ui.views.due_list import DueListView
from trochtrack.ui.views.patient_view import PatientView

pytestmark = pytest.mark.ui
WHAT_COLUMN = 6


@pytest.fixture
def eight_weeks(ctx: AppContext) -> tuple[int, int]:
    patient_id = create_patient(ctx.clinic, make_patient(ref="P-8W", family_name="Okafor"))
    return patient_id, create_episode(ctx.clinic, patient_id, at_eight_weeks(ctx.clinic.today()))


@pytest.fixture
def view(qtbot: QtBot, ctx: AppContext, eight_weeks: tuple[int, int]) -> Iterator[DueListView]:
    shown = DueListView(ctx)
    qtbot.addWidget(shown)
    shown.resize(1024, 700)
    shown.show()
    shown.refresh()
    yield shown
    shown.pause_evaluation(True)


def _what_shown(view: DueListView) -> list[str]:
    return [view.proxy.index(row, WHAT_COLUMN).data() for row in range(view.proxy.rowCount())]


def _measure_row(view: DueListView) -> int:
    return next(
        row
        for row in range(view.proxy.rowCount())
        if view.proxy.index(row, WHAT_COLUMN).data() == "VISA-G due at 8 weeks"
    )


def test_the_due_list_shows_visa_g_due_at_8_weeks_until_a_visit_records_it(
    view: DueListView, ctx: AppContext, eight_weeks: tuple[int, int]
):
    today = ctx.clinic.today()
    assert "VISA-G due at 8 weeks" in _what_shown(view)
    row = _measure_row(view)
    assert view.proxy.index(row, 0).data() == show_date(today)
    assert view.proxy.index(row, 1).data() == "today"
    assert view.proxy.index(row, 2).data() == "Okafor, Ann"
    tooltip = view.proxy.index(row, WHAT_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    opens, closes = today - timedelta(weeks=1), today + timedelta(weeks=2)
    assert f"Recorded by a visit from {show_date(opens)} to {show_date(closes)}" in tooltip

    patient_id, episode_id = eight_weeks
    add_visit(
        ctx.clinic, episode_id, Visit(date=today, pain_nrs=3, questionnaires=(visa_g_form(),))
    )
    announce(ctx, Change(patient_id=patient_id))
    assert "VISA-G due at 8 weeks" not in _what_shown(view)
    assert view.proxy.count(DueFilter.MEASURES) == 0


def test_measures_have_their_own_filter_and_leave_the_others_as_they_were(view: DueListView):
    assert view.filter_buttons[DueFilter.MEASURES].text() == "Measures (1)"
    view.set_filter(DueFilter.MEASURES)
    assert [e.kind for e in view.entries_shown()] == [EntryKind.MEASURES]
    assert _what_shown(view) == ["VISA-G due at 8 weeks"]
    for other in (DueFilter.OVERDUE, DueFilter.THIS_WEEK, DueFilter.RED_FLAGS):
        view.set_filter(other)
        assert EntryKind.MEASURES not in {e.kind for e in view.entries_shown()}
    view.set_filter(DueFilter.ALL)
    kinds = {e.kind for e in view.entries_shown()}
    assert EntryKind.MEASURES in kinds
    assert EntryKind.DUE in kinds or EntryKind.ALERT in kinds


def test_the_patient_header_says_what_is_due_and_what_was_missed(
    qtbot: QtBot, ctx: AppContext, eight_weeks: tuple[int, int]
):
    patient = PatientView(ctx)
    qtbot.addWidget(patient)
    patient.show_patient(*eight_weeks)
    today = ctx.clinic.today()
    label = patient.header.measures_label
    assert label.isVisibleTo(patient)
    assert label.text().splitlines() == [
        f"Outcome measures: VISA-G due at 8 weeks on {show_date(today)} (today); "
        f"a visit up to {show_date(today + timedelta(weeks=2))} records it",
        "Not recorded in time: none so far",
    ]

    ctx.set_as_of(today + timedelta(weeks=3))
    assert label.text().splitlines() == [
        "Outcome measures: VISA-G, LEFS, PSFS, PSEQ-2 and core set due at 12 weeks on "
        f"{show_date(today + timedelta(weeks=4))} (in 7 days); a visit up to "
        f"{show_date(today + timedelta(weeks=6))} records them",
        "Not recorded in time: VISA-G at 8 weeks",
    ]


def test_between_time_points_the_header_names_the_next_one(qtbot: QtBot, ctx: AppContext):
    """Two lines whatever is due, so the view keeps its layout from patient to patient;
    none at all when the clinic schedules no measure."""
    today = ctx.clinic.today()
    patient_id = create_patient(ctx.clinic, make_patient(ref="P-NEW"))
    episode = make_episode(first_line_start=today, visits=(every_measure(today),))
    episode_id = create_episode(ctx.clinic, patient_id, episode)
    patient = PatientView(ctx)
    qtbot.addWidget(patient)
    patient.show_patient(patient_id, episode_id)
    label = patient.header.measures_label
    assert label.text().splitlines() == [
        "Outcome measures: none due now; next, VISA-G, LEFS, PSFS, PSEQ-2 and core set due at"
        f" 4 weeks on {show_date(today + timedelta(weeks=4))}"
        f" (from {show_date(today + timedelta(weeks=3))})",
        "Not recorded in time: none so far",
    ]

    ctx.use_settings(update_settings(ctx.clinic, scheduled_measures=()))
    assert not label.isVisibleTo(patient)
    assert patient.header.episode_label.isVisibleTo(patient)


def test_settings_change_the_schedule_and_the_due_list_follows(
    qtbot: QtBot, host: QWidget, view: DueListView, ctx: AppContext
):
    dialog = SettingsDialog(ctx, welcome=False, parent=host)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.weeks_edit.text() == "0, 4, 8, 12, 26, 52"
    assert all(box.isChecked() for box in dialog.measure_choices.boxes.values())

    dialog.weeks_edit.setText("0, 4, 200")
    dialog.clinician_edit.clear()
    assert not dialog.save()
    errors = {
        path: slot.error_label.text()
        for path in ("measure_weeks", "clinician_name")
        if (slot := dialog.field_for(path)) is not None
    }
    # The weeks are checked as a field of their own, before the record is put together.
    assert errors == {"measure_weeks": "week 200 is outside 0 to 104 weeks", "clinician_name": ""}
    assert load_settings(ctx.clinic).measure_weeks == (0, 4, 8, 12, 26, 52)
    dialog.clinician_edit.setText("Test Clinician")

    dialog.weeks_edit.setText("0, 4, 9")
    for code, box in dialog.measure_choices.boxes.items():
        box.setChecked(code == "visa_g")
    with qtbot.waitSignal(ctx.bus.settings_changed):
        assert dialog.save()
    stored = load_settings(ctx.clinic)
    assert (stored.scheduled_measures, stored.measure_weeks) == (("visa_g",), (0, 4, 9))
    # The 9-week window opens today, a week before its time point.
    assert "VISA-G due at 9 weeks" in _what_shown(view)
    assert "VISA-G due at 8 weeks" not in _what_shown(view)
