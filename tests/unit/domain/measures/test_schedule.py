"""When the outcome measures are due: LEAP's time points, their windows, recorded or not."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from factories import make_episode
from hypothesis import given
from hypothesis import strategies as st
from measure_schedule_cases import at_eight_weeks, every_measure, lefs_form, visa_g_form

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.outcomes import CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.schedule import (
    DEFAULT_MEASURES,
    MAX_WEEK,
    MeasureSchedule,
    by_time_point,
    due_label,
    measure_codes,
    measures_due,
    measures_missed,
    parse_weeks,
    recorded,
    time_points_waiting,
    weeks_text,
)
from trochtrack.domain.model import Visit

START = date(2026, 1, 5)
LEAP = MeasureSchedule()
VISA_G_ONLY = MeasureSchedule(measures=("visa_g",))


def _day(days: int) -> date:
    return START + timedelta(days=days)


def _due(episode, schedule=LEAP, *, on: int) -> list[tuple[str, int]]:
    return [(d.measure, d.time_point.week) for d in measures_due(episode, schedule, _day(on))]


def test_the_default_is_leap_every_measure_at_baseline_4_8_12_26_and_52_weeks():
    assert LEAP.weeks == (0, 4, 8, 12, 26, 52)
    assert LEAP.measures == ("visa_g", "lefs", "psfs", "pseq2", "core_set")
    assert set(DEFAULT_MEASURES) == set(measure_codes())
    points = LEAP.time_points(START)
    assert [(p.week, p.due) for p in points] == [
        (week, START + timedelta(weeks=week)) for week in LEAP.weeks
    ]


def test_a_window_runs_from_a_week_before_to_two_weeks_after_baseline_included():
    baseline, four, eight, *_ = LEAP.time_points(START)
    assert (baseline.opens, baseline.closes) == (_day(-7), _day(14))
    assert (four.opens, four.closes) == (_day(21), _day(42))
    assert (eight.opens, eight.closes) == (_day(49), _day(70))


def test_a_measure_falls_due_on_the_day_its_window_opens_and_leaves_the_day_after_it_closes():
    episode = make_episode(first_line_start=START, visits=(every_measure(START),))
    assert _due(episode, VISA_G_ONLY, on=48) == []
    assert _due(episode, VISA_G_ONLY, on=49) == [("visa_g", 8)]
    assert _due(episode, VISA_G_ONLY, on=70) == [("visa_g", 8)]
    assert _due(episode, VISA_G_ONLY, on=71) == []
    assert [
        (m.measure, m.time_point.week) for m in measures_missed(episode, VISA_G_ONLY, _day(71))
    ] == [("visa_g", 4), ("visa_g", 8)]
    assert measures_missed(episode, VISA_G_ONLY, _day(70))[-1].time_point.week == 4


def test_a_visit_in_the_window_records_the_measure_one_just_outside_does_not():
    inside = make_episode(first_line_start=START, visits=(every_measure(_day(49)),))
    outside = make_episode(first_line_start=START, visits=(every_measure(_day(48)),))
    assert _due(inside, VISA_G_ONLY, on=56) == []
    assert _due(outside, VISA_G_ONLY, on=56) == [("visa_g", 8)]
    late = make_episode(first_line_start=START, visits=(every_measure(_day(70)),))
    assert _due(late, VISA_G_ONLY, on=70) == []
    assert measures_missed(late, VISA_G_ONLY, _day(71))[-1].time_point.week == 4


def test_a_visit_after_the_evaluation_date_does_not_count_yet():
    episode = make_episode(first_line_start=START, visits=(every_measure(_day(58)),))
    assert _due(episode, VISA_G_ONLY, on=57) == [("visa_g", 8)]
    assert _due(episode, VISA_G_ONLY, on=58) == []


def test_only_the_measures_not_recorded_are_due():
    episode = at_eight_weeks(_day(56))
    assert _due(episode, on=56) == [("visa_g", 8)]
    assert by_time_point(measures_due(episode, LEAP, _day(56)))[0].label == (
        "VISA-G due at 8 weeks"
    )


def test_overdue_once_the_date_is_past_the_due_date():
    episode = make_episode(first_line_start=START)
    (on_the_day,) = measures_due(episode, VISA_G_ONLY, _day(56))
    (day_after,) = measures_due(episode, VISA_G_ONLY, _day(57))
    (before,) = measures_due(episode, VISA_G_ONLY, _day(50))
    assert (before.overdue, on_the_day.overdue, day_after.overdue) == (False, False, True)
    assert on_the_day.due == _day(56)


def test_a_closed_episode_has_nothing_due_and_misses_what_was_due_before_it_closed():
    closed = make_episode(first_line_start=START, closed_date=_day(60))
    assert _due(closed, VISA_G_ONLY, on=59) == [("visa_g", 8)]
    assert _due(closed, VISA_G_ONLY, on=60) == []
    assert time_points_waiting(closed, VISA_G_ONLY, _day(60)) == ()
    missed = measures_missed(closed, VISA_G_ONLY, _day(100))
    assert [m.time_point.week for m in missed] == [0, 4, 8]


def test_a_clinics_own_schedule():
    schedule = MeasureSchedule(measures=("lefs", "core_set"), weeks=(2, 6))
    episode = make_episode(
        first_line_start=START,
        visits=(Visit(date=_day(14), pain_nrs=4, questionnaires=(lefs_form(),)),),
    )
    assert _due(episode, schedule, on=7) == [("lefs", 2), ("core_set", 2)]
    assert _due(episode, schedule, on=14) == [("core_set", 2)]
    assert _due(episode, schedule, on=57) == []  # nothing after 6 weeks, VISA-G never
    assert _due(episode, schedule, on=42) == [("lefs", 6), ("core_set", 6)]
    assert _due(episode, MeasureSchedule(measures=()), on=42) == []


def test_a_visa_g_form_without_a_total_does_not_record_visa_g():
    without_total = Visit(date=_day(56), pain_nrs=4, questionnaires=(visa_g_form(blank="3"),))
    assert without_total.visa_g is None
    assert not recorded(without_total, "visa_g")
    episode = make_episode(first_line_start=START, visits=(without_total,))
    assert _due(episode, VISA_G_ONLY, on=56) == [("visa_g", 8)]


def test_a_visa_g_total_typed_without_items_records_visa_g():
    assert recorded(Visit(date=_day(56), pain_nrs=4, visa_g=61), "visa_g")
    assert recorded(Visit(date=_day(56), pain_nrs=4, questionnaires=(visa_g_form(),)), "visa_g")
    assert not recorded(Visit(date=_day(56), pain_nrs=4), "visa_g")


def test_any_one_core_set_measure_records_the_core_set_body_mass_alone_does_not():
    def core(**outcomes: object) -> bool:
        visit = Visit(date=_day(56), pain_nrs=4, outcomes=CoreOutcomes(**outcomes))  # type: ignore[arg-type]
        return recorded(visit, "core_set")

    assert core(stance_pain_right_s=30.0)
    assert core(stair_pain_nrs=0)
    assert core(abduction_left=120.0, abduction_unit=StrengthUnit.NEWTON)
    assert not core(body_mass_kg=70.0)
    assert not core()


def test_labels_name_the_measures_and_the_time_point():
    baseline, *_ = LEAP.time_points(START)
    eight = LEAP.time_points(START)[2]
    assert due_label(("visa_g",), eight) == "VISA-G due at 8 weeks"
    assert due_label(("core_set",), baseline) == "Core set due at baseline"
    assert due_label(("visa_g", "lefs", "core_set"), eight) == (
        "VISA-G, LEFS and core set due at 8 weeks"
    )
    one_week = MeasureSchedule(weeks=(1,)).time_points(START)[0]
    assert due_label(("pseq2",), one_week) == "PSEQ-2 due at 1 week"


def test_what_waits_is_every_time_point_not_closed_the_open_one_less_what_it_has():
    episode = at_eight_weeks(_day(56))
    waiting = time_points_waiting(episode, LEAP, _day(56))
    assert [(w.time_point.week, w.measures) for w in waiting] == [
        (8, ("visa_g",)),
        (12, DEFAULT_MEASURES),
        (26, DEFAULT_MEASURES),
        (52, DEFAULT_MEASURES),
    ]
    assert time_points_waiting(episode, LEAP, _day(52 * 7 + 15)) == ()


@given(st.lists(st.integers(0, MAX_WEEK), unique=True, min_size=1, max_size=12))
def test_windows_never_overlap_and_each_holds_its_due_date(weeks: list[int]):
    points = MeasureSchedule(weeks=tuple(sorted(weeks))).time_points(START)
    for point in points:
        assert point.opens <= point.due <= point.closes
        assert point.holds(point.due)
    for earlier, later in pairwise(points):
        assert earlier.closes < later.opens


def test_crowded_time_points_split_the_days_between_them():
    first, second, third = MeasureSchedule(weeks=(0, 1, 2)).time_points(START)
    assert (first.opens, first.closes) == (_day(-7), _day(6))
    assert (second.opens, second.closes) == (_day(7), _day(13))
    assert (third.opens, third.closes) == (_day(14), _day(28))


@pytest.mark.parametrize(
    ("weeks", "path", "problem"),
    [
        ((0, 105), "weeks[1]", "week 105 is outside 0 to 104 weeks"),
        ((-1,), "weeks[0]", "week -1 is outside 0 to 104 weeks"),
        ((0, 4.5), "weeks[1]", "4.5 is not a whole number of weeks"),
        ((True,), "weeks[0]", "True is not a whole number of weeks"),
        ((0, 8, 8), "weeks[2]", "week 8 is listed twice"),
        ((0, 12, 8), "weeks[2]", "weeks go in rising order: 8 comes after 12"),
    ],
)
def test_weeks_must_be_whole_rising_and_within_two_years(weeks, path, problem):
    with pytest.raises(ValidationError) as refused:
        MeasureSchedule(weeks=weeks)
    assert (refused.value.path, refused.value.problem) == (path, problem)


def test_a_measure_the_app_does_not_know_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        MeasureSchedule(measures=("visa_g", "oxford_hip"))
    assert refused.value.path == "measures[1]"
    assert "'oxford_hip' is not one of the measures (visa_g, lefs" in refused.value.problem
    with pytest.raises(ValidationError, match=r"measures\[1\]: LEFS is listed twice"):
        MeasureSchedule(measures=("lefs", "lefs"))


def test_weeks_are_read_as_typed_and_written_back_the_same_way():
    assert parse_weeks(" 0, 4 8;12 ", "measure_weeks") == (0, 4, 8, 12)
    assert parse_weeks("", "measure_weeks") == ()
    assert weeks_text((0, 4, 8)) == "0, 4, 8"
    assert parse_weeks(weeks_text(LEAP.weeks), "measure_weeks") == LEAP.weeks
    with pytest.raises(ValidationError, match=r"measure_weeks: '4\.5' is not a whole number"):
        parse_weeks("0, 4.5", "measure_weeks")
    with pytest.raises(ValidationError, match=r"measure_weeks\[1\]: weeks go in rising order"):
        parse_weeks("8, 4", "measure_weeks")


def test_the_schedule_version_changes_with_the_schedule_only():
    assert MeasureSchedule().version == LEAP.version
    assert MeasureSchedule(weeks=(0, 4)).version != LEAP.version
    assert MeasureSchedule(measures=("lefs",)).version != LEAP.version
