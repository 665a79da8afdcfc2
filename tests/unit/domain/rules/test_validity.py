"""An evaluation holds, day after day, until the date valid_until gives (Hypothesis)."""

from dataclasses import replace
from datetime import date, timedelta

from factories import make_episode
from hypothesis import given, settings
from hypothesis import strategies as st

from trochtrack.domain.model import Case, Treatment
from trochtrack.domain.rules import PRESETS, due_items, evaluate_episode, valid_until
from trochtrack.domain.vocabulary import AlertCode, TreatmentKind

# Test modules are not a package; the case strategies live beside this file.
from .test_properties import T0, as_of_dates, cases, patients  # noqa: TID252


def _day(offset):
    return T0 + timedelta(days=offset)


def _what_the_due_list_shows(evaluation):
    return (
        evaluation.status,
        evaluation.review_due,
        evaluation.escalation_due,
        tuple((a.code, a.severity, a.due, a.lesion, a.summary) for a in evaluation.alerts),
        due_items(evaluation),
        tuple(
            (
                lesion.lesion,
                lesion.change,
                lesion.change_since_baseline,
                lesion.features_changed,
                lesion.volume_mm3,
                lesion.previous_volume_mm3,
            )
            for lesion in evaluation.lesions
        ),
    )


def _holds_until_valid_until(rules, case, as_of, horizon):
    for episode in case.episodes:
        first = evaluate_episode(case.patient, episode, as_of, rules)
        until = valid_until(case.patient, episode, first, rules)
        last = as_of + timedelta(days=horizon)
        if until is not None:
            assert until > as_of
            last = min(last, until - timedelta(days=1))
        day = as_of
        while day <= last:
            later = evaluate_episode(case.patient, episode, day, rules)
            assert _what_the_due_list_shows(later) == _what_the_due_list_shows(first), day
            day += timedelta(days=1)


@settings(max_examples=150, deadline=None)
@given(case=cases(), as_of=as_of_dates, horizon=st.integers(1, 240))
def test_nothing_changes_before_valid_until(build, case, as_of, horizon):
    _holds_until_valid_until(build.rules(), case, as_of, horizon)


@st.composite
def nsaid_cases(draw):
    """A patient near 65 with NSAID courses, evaluated around the end of the first one."""
    courses = []
    for _ in range(draw(st.integers(1, 2))):
        start = draw(st.integers(0, 60))
        length = draw(st.none() | st.integers(0, 20))
        courses.append(
            Treatment(
                kind=TreatmentKind.NSAID,
                start=_day(start),
                end=None if length is None else _day(start + length),
            )
        )
    # Exercise from the start, so the daily physio-start count never masks the window.
    exercise = Treatment(kind=TreatmentKind.EXERCISE_PROGRAM, start=T0)
    episode = make_episode(
        first_line_start=T0,
        treatments=(*courses, exercise),
    )
    born = draw(st.dates(date(1960, 1, 1), date(1962, 12, 31)))
    case = Case(patient=replace(draw(patients), date_of_birth=born), episodes=(episode,))
    first = courses[0]
    around = (first.end or first.start) + timedelta(days=draw(st.integers(-5, 20)))
    return case, max(around, T0)


@settings(max_examples=300, deadline=None)
@given(
    case_and_day=nsaid_cases(),
    preset=st.sampled_from(PRESETS),
    horizon=st.integers(1, 40),
)
def test_the_nsaid_pitfall_window_ends_no_later_than_valid_until(
    build, case_and_day, preset, horizon
):
    case, as_of = case_and_day
    _holds_until_valid_until(build.rules(preset), case, as_of, horizon)


def test_an_ended_course_s_alert_holds_until_the_window_closes(build):
    """The alert of an ended course counts no more days, so it holds until it lapses."""
    course = Treatment(kind=TreatmentKind.NSAID, start=_day(5), end=_day(16))
    episode = make_episode(
        first_line_start=T0,
        treatments=(course, Treatment(kind=TreatmentKind.EXERCISE_PROGRAM, start=T0)),
    )
    patient = build.born(date(1970, 1, 1))
    rules = build.rules("leap")
    evaluation = evaluate_episode(patient, episode, _day(17), rules)
    assert AlertCode.NSAID_PROLONGED in {alert.code for alert in evaluation.alerts}
    # 12 days from day 5 to day 16; the pitfall lapses 15 days after the end.
    assert valid_until(patient, episode, evaluation, rules) == _day(16 + 15)
    lapsed = evaluate_episode(patient, episode, _day(31), rules)
    assert AlertCode.NSAID_PROLONGED not in {alert.code for alert in lapsed.alerts}
