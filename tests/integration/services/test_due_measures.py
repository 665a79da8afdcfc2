"""Outcome measures due on the clinic's schedule, on the due list of a real SQLite clinic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from factories import make_patient
from measure_schedule_cases import at_eight_weeks, visa_g_form

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Visit
from trochtrack.services import records
from trochtrack.services.cases import save_cases
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import demo_cases
from trochtrack.services.due import EntryKind, due_list, due_list_with_stats
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.letters import patient_id_for_ref
from trochtrack.services.settings import SETTINGS_KEY, load_settings, update_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def eight_weeks(clinic: Clinic) -> tuple[int, int]:
    """Patient and episode ids of :func:`at_eight_weeks`, today."""
    patient_id = records.create_patient(clinic, make_patient(ref="P-8W"))
    return patient_id, records.create_episode(clinic, patient_id, at_eight_weeks(clinic.today()))


def _measure_lines(clinic: Clinic, as_of: date) -> list[tuple[str, str]]:
    return [
        (e.patient_ref, e.label)
        for e in due_list(clinic, as_of, with_measures=True)
        if e.kind is EntryKind.MEASURES
    ]


def test_visa_g_is_due_at_8_weeks_and_drops_off_once_a_visit_records_it(
    clinic: Clinic, eight_weeks: tuple[int, int]
):
    today = clinic.today()
    (line,) = [e for e in due_list(clinic, today, with_measures=True) if e.what == "measure_due"]
    assert (line.patient_ref, line.label, line.due, line.overdue) == (
        "P-8W",
        "VISA-G due at 8 weeks",
        today,
        False,
    )
    assert line.window == (today - timedelta(weeks=1), today + timedelta(weeks=2))

    records.add_visit(
        clinic, eight_weeks[1], Visit(date=today, pain_nrs=3, questionnaires=(visa_g_form(),))
    )
    assert _measure_lines(clinic, today) == []


def test_a_visa_g_form_without_a_total_leaves_visa_g_due(
    clinic: Clinic, eight_weeks: tuple[int, int]
):
    today = clinic.today()
    blank = Visit(date=today, pain_nrs=3, questionnaires=(visa_g_form(blank="5"),))
    records.add_visit(clinic, eight_weeks[1], blank)
    assert _measure_lines(clinic, today) == [("P-8W", "VISA-G due at 8 weeks")]


def test_measure_lines_are_only_listed_when_asked_for(clinic: Clinic, eight_weeks: tuple[int, int]):
    """The CLI's trochtrack-due-list/1 and the letters for everyone due keep the rules' items."""
    today = clinic.today()
    assert all(e.kind is not EntryKind.MEASURES for e in due_list(clinic, today))
    with_measures = due_list(clinic, today, with_measures=True)
    assert [e for e in with_measures if e.kind is not EntryKind.MEASURES] == due_list(clinic, today)


def test_windows_opening_and_closing_evaluate_nothing_again(
    clinic: Clinic, eight_weeks: tuple[int, int]
):
    today = clinic.today()
    due_list(clinic, today, with_measures=True)
    last_day = today + timedelta(weeks=2)
    assert _measure_lines(clinic, last_day) == [("P-8W", "VISA-G due at 8 weeks")]
    entries, after = due_list_with_stats(clinic, last_day + timedelta(days=1), with_measures=True)
    assert [e for e in entries if e.kind is EntryKind.MEASURES] == []
    twelve_weeks_opens = today + timedelta(weeks=3)
    entries, opened = due_list_with_stats(clinic, twelve_weeks_opens, with_measures=True)
    assert [e.label for e in entries if e.kind is EntryKind.MEASURES] == [
        "VISA-G, LEFS, PSFS, PSEQ-2 and core set due at 12 weeks"
    ]
    assert (after.evaluated, opened.evaluated) == (0, 0)


def test_the_schedule_setting_round_trips_and_the_due_list_follows_it(
    clinic: Clinic, eight_weeks: tuple[int, int]
):
    today = clinic.today()
    assert load_settings(clinic).measure_weeks == (0, 4, 8, 12, 26, 52)
    due_list(clinic, today, with_measures=True)

    update_settings(clinic, scheduled_measures=("lefs", "core_set"), measure_weeks=(0, 7))
    stored = load_settings(clinic)
    assert (stored.scheduled_measures, stored.measure_weeks) == (("lefs", "core_set"), (0, 7))
    assert stored.measure_schedule.weeks == (0, 7)
    entries, stats = due_list_with_stats(clinic, today, with_measures=True)
    assert stats.evaluated == 1  # the schedule is part of what the cache was made under
    # Week 7's window now holds the visit at week 7, which recorded LEFS and the core set.
    assert [e.label for e in entries if e.kind is EntryKind.MEASURES] == []

    update_settings(clinic, scheduled_measures=("visa_g",), measure_weeks=(0, 4, 9))
    assert _measure_lines(clinic, today + timedelta(weeks=1)) == [("P-8W", "VISA-G due at 9 weeks")]


@pytest.mark.parametrize(
    ("changes", "path", "problem"),
    [
        ({"measure_weeks": (0, 4, 130)}, "measure_weeks[2]", "week 130 is outside 0 to 104"),
        ({"measure_weeks": (0, 8, 4)}, "measure_weeks[2]", "weeks go in rising order"),
        ({"measure_weeks": (0, 4, 4)}, "measure_weeks[2]", "week 4 is listed twice"),
        ({"scheduled_measures": ("visa_g", "ohs")}, "scheduled_measures[1]", "'ohs' is not one"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_field_and_nothing_is_saved(
    clinic: Clinic, changes, path, problem
):
    before = load_settings(clinic)
    with pytest.raises(ValidationError) as refused:
        update_settings(clinic, **changes)
    assert refused.value.path == path
    assert problem in refused.value.problem
    assert load_settings(clinic) == before


def test_the_rules_call_the_episode_the_same_whatever_the_schedule(
    clinic: Clinic, eight_weeks: tuple[int, int]
):
    patient_id, episode_id = eight_weeks
    today = clinic.today()
    leap = due_list(clinic, today, with_measures=True)
    status = evaluate_patient(clinic, patient_id, today).episodes[episode_id].status
    update_settings(clinic, scheduled_measures=(), measure_weeks=())
    nothing_scheduled = due_list(clinic, today, with_measures=True)
    assert [e for e in leap if e.kind is not EntryKind.MEASURES] == nothing_scheduled
    assert {e.status for e in leap} == {status}
    assert evaluate_patient(clinic, patient_id, today).episodes[episode_id].status is status


def test_a_row_cached_before_the_schedule_existed_is_evaluated_again(
    clinic: Clinic, eight_weeks: tuple[int, int], raw_sqlite: Callable[..., object]
):
    """What 0015 leaves in the cache: a row of the previous format, without the measures."""
    today = clinic.today()
    due_list(clinic, today)
    connection = raw_sqlite(clinic.paths.database)
    connection.execute(  # type: ignore[attr-defined]
        "UPDATE episode_evaluation SET measures = NULL, cache_version = "
        "substr(cache_version, 1, instr(cache_version, '/')) || 'due-cache/4'"
    )
    connection.commit()  # type: ignore[attr-defined]
    entries, stats = due_list_with_stats(clinic, today, with_measures=True)
    assert stats.evaluated == 1
    assert [e.label for e in entries if e.kind is EntryKind.MEASURES] == ["VISA-G due at 8 weeks"]


def test_a_demo_patient_at_8_weeks_has_its_measures_due_until_recorded(clinic: Clinic):
    """P-DEMO-03 began first-line care 45 days before the demo's day: placed 11 days
    earlier, it is at 8 weeks today, its last visit at 4 weeks."""
    today = clinic.today()
    save_cases(clinic, demo_cases(today - timedelta(days=11)))
    lines = dict(_measure_lines(clinic, today))
    assert lines["P-DEMO-03"] == "VISA-G, LEFS, PSFS, PSEQ-2 and core set due at 8 weeks"

    patient_id = patient_id_for_ref(clinic, "P-DEMO-03")
    episode_id = records.patient_record(clinic, patient_id).episodes[0].id
    assert episode_id is not None
    records.add_visit(
        clinic, episode_id, Visit(date=today, pain_nrs=4, questionnaires=(visa_g_form(),))
    )
    lines = dict(_measure_lines(clinic, today))
    assert lines["P-DEMO-03"] == "LEFS, PSFS, PSEQ-2 and core set due at 8 weeks"


def test_the_settings_store_the_schedule_as_json_lists(clinic: Clinic):
    update_settings(clinic, measure_weeks=(0, 6, 12))
    with clinic.unit_of_work() as uow:
        stored = uow.settings.get(SETTINGS_KEY)
    assert stored["measure_weeks"] == [0, 6, 12]
    assert stored["scheduled_measures"] == ["visa_g", "lefs", "psfs", "pseq2", "core_set"]
