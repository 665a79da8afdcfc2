"""Treatment alerts of rules.md §5: invasive before review, physio start, NSAID duration."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trochtrack.domain.rules import PRESETS, inclusive_days
from trochtrack.domain.vocabulary import AlertCode, Severity, TreatmentKind

A = AlertCode
K = TreatmentKind


def _alert(evaluation, code):
    found = [alert for alert in evaluation.alerts if alert.code is code]
    assert len(found) <= 1
    return found[0] if found else None


def _episode(build, *treatments, exercise=True):
    first = [build.treatment(K.EXERCISE_PROGRAM, 0)] if exercise else []
    return build.episode(visits=[build.visit(0, 6)], treatments=[*first, *treatments])


@pytest.mark.parametrize("preset", PRESETS)
def test_invasive_treatment_the_day_before_review_is_flagged(build, preset):
    rules = build.rules(preset)
    review = rules.review_weeks * 7
    for start, flagged in ((review - 1, True), (review, False), (review + 1, False)):
        episode = _episode(build, build.treatment(K.CORTICOSTEROID_INJECTION, start))
        alert = _alert(build.evaluate(episode, review + 2, rules), A.INVASIVE_BEFORE_REVIEW)
        assert (alert is not None) is flagged, start
        if flagged:
            assert (alert.severity, alert.due) == (Severity.WARNING, None)


@pytest.mark.parametrize("kind", [k for k in K if k.invasive], ids=lambda k: k.value)
def test_every_invasive_kind_counts(build, kind):
    episode = _episode(build, build.treatment(kind, 3))
    assert _alert(build.evaluate(episode, 3), A.INVASIVE_BEFORE_REVIEW) is not None


def test_shockwave_is_not_invasive(build):
    episode = _episode(build, build.treatment(K.ESWT, 3))
    assert _alert(build.evaluate(episode, 3), A.INVASIVE_BEFORE_REVIEW) is None


def test_invasive_alert_is_raised_once_and_lists_every_treatment(build):
    episode = _episode(
        build,
        build.treatment(K.CORTICOSTEROID_INJECTION, 3),
        build.treatment(K.PRP_INJECTION, 10),
    )
    alert = _alert(build.evaluate(episode, 12), A.INVASIVE_BEFORE_REVIEW)
    assert [t["kind"] for t in alert.evidence["treatments"]] == [
        "corticosteroid_injection",
        "prp_injection",
    ]


def test_an_invasive_treatment_planned_after_as_of_is_not_counted(build):
    episode = _episode(build, build.treatment(K.CORTICOSTEROID_INJECTION, 20))
    assert _alert(build.evaluate(episode, 19), A.INVASIVE_BEFORE_REVIEW) is None
    assert _alert(build.evaluate(episode, 20), A.INVASIVE_BEFORE_REVIEW) is not None


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("offset", "flagged"), [(13, False), (14, True), (15, True)])
def test_physio_not_started_from_day_14(build, preset, offset, flagged):
    episode = _episode(build, build.treatment(K.EDUCATION, 0), exercise=False)
    alert = _alert(build.evaluate(episode, offset, build.rules(preset)), A.PHYSIO_NOT_STARTED)
    assert (alert is not None) is flagged
    if flagged:
        assert (alert.severity, alert.due) == (Severity.WARNING, None)
        assert alert.evidence["days_since_start"] == offset


def test_an_exercise_programme_started_by_as_of_clears_physio(build):
    late = _episode(build, build.treatment(K.EXERCISE_PROGRAM, 20), exercise=False)
    assert _alert(build.evaluate(late, 19), A.PHYSIO_NOT_STARTED) is not None
    assert _alert(build.evaluate(late, 20), A.PHYSIO_NOT_STARTED) is None


# NSAID courses count their days inclusively (rules.md §5, v1.1): a course from day 2 to
# day 11 is 10 days. ``days`` below is always that inclusive count.


def _last_day(start, days):
    return start + days - 1


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("days", "flagged"), [(9, False), (10, False), (11, True)])
def test_open_nsaid_course_longer_than_10_days(build, preset, days, flagged):
    episode = _episode(build, build.treatment(K.NSAID, 2))
    as_of = _last_day(2, days)
    alert = _alert(build.evaluate(episode, as_of, build.rules(preset)), A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        assert alert.evidence["courses"][0]["days"] == days
        assert alert.evidence["courses"][0]["running"] is True
        assert f"has run {days} days" in alert.summary


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("days", "flagged"), [(10, False), (11, True)])
def test_finished_nsaid_course_counts_its_first_and_last_day(build, preset, days, flagged):
    episode = _episode(build, build.treatment(K.NSAID, 2, _last_day(2, days)))
    evaluation = build.evaluate(episode, _last_day(2, days) + 3, build.rules(preset))
    alert = _alert(evaluation, A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        (course,) = alert.evidence["courses"]
        assert (course["days"], course["running"], course["ended_days_ago"]) == (days, False, 3)
        assert f"of {days} days ended on {build.day(_last_day(2, days)).isoformat()}" in (
            alert.summary
        )


def test_the_issue_s_october_course_is_ten_days():
    """20 to 29 October is 10 days of tablets, not 9; to 30 October it is 11."""
    assert inclusive_days(date(2026, 10, 20), date(2026, 10, 29)) == 10
    assert inclusive_days(date(2026, 10, 20), date(2026, 10, 30)) == 11
    assert inclusive_days(date(2026, 10, 20), date(2026, 10, 20)) == 1


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(
    ("after_end", "standing"), [(0, True), (13, True), (14, True), (15, False), (60, False)]
)
def test_nsaid_alert_stands_until_14_days_after_the_course_ends(build, preset, after_end, standing):
    end = _last_day(2, 11)
    episode = _episode(build, build.treatment(K.NSAID, 2, end))
    alert = _alert(build.evaluate(episode, end + after_end, build.rules(preset)), A.NSAID_PROLONGED)
    assert (alert is not None) is standing
    if standing:
        assert alert.evidence["courses"][0]["ended_days_ago"] == after_end
        assert alert.evidence["recent_days"] == 14


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("after_end", "standing"), [(14, True), (15, False)])
def test_the_14_day_window_holds_from_age_65_too(build, preset, after_end, standing):
    end = _last_day(2, 6)
    as_of = build.day(end + after_end)
    patient = build.born(date(as_of.year - 70, as_of.month, as_of.day))
    episode = _episode(build, build.treatment(K.NSAID, 2, end))
    evaluation = build.evaluate(episode, end + after_end, build.rules(preset), patient=patient)
    assert (_alert(evaluation, A.NSAID_PROLONGED) is not None) is standing


def test_the_window_is_a_clinic_setting(build):
    end = _last_day(2, 11)
    episode = _episode(build, build.treatment(K.NSAID, 2, end))
    rules = build.rules(treatments__nsaid_recent_days=3)
    assert _alert(build.evaluate(episode, end + 3, rules), A.NSAID_PROLONGED) is not None
    assert _alert(build.evaluate(episode, end + 4, rules), A.NSAID_PROLONGED) is None


def test_a_course_still_running_stands_however_long_ago_it_started(build):
    episode = _episode(build, build.treatment(K.NSAID, 2))
    alert = _alert(build.evaluate(episode, 300), A.NSAID_PROLONGED)
    assert alert.evidence["courses"][0]["days"] == 299


@pytest.mark.parametrize(("offset", "flagged"), [(11, False), (12, True)])
def test_nsaid_ending_after_as_of_runs_until_as_of(build, offset, flagged):
    episode = _episode(build, build.treatment(K.NSAID, 2, 40))
    alert = _alert(build.evaluate(episode, offset), A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        assert alert.evidence["courses"][0]["end"] is None
        assert alert.evidence["courses"][0]["days"] == offset - 1


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("days", "flagged"), [(4, False), (5, False), (6, True)])
def test_nsaid_limit_is_5_days_from_age_65(build, preset, days, flagged):
    as_of = build.day(_last_day(2, days))
    patient = build.born(date(as_of.year - 65, as_of.month, as_of.day))
    episode = _episode(build, build.treatment(K.NSAID, 2))
    evaluation = build.evaluate(episode, _last_day(2, days), build.rules(preset), patient=patient)
    alert = _alert(evaluation, A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        assert (alert.evidence["patient_age"], alert.evidence["limit_days"]) == (65, 5)
        assert "the limit from age 65" in alert.why


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("days", "flagged"), [(5, False), (6, True)])
def test_finished_course_at_65_counts_inclusively(build, preset, days, flagged):
    end = _last_day(2, days)
    as_of = build.day(end)
    patient = build.born(date(as_of.year - 66, as_of.month, as_of.day))
    episode = _episode(build, build.treatment(K.NSAID, 2, end))
    evaluation = build.evaluate(episode, end, build.rules(preset), patient=patient)
    assert (_alert(evaluation, A.NSAID_PROLONGED) is not None) is flagged


def test_the_day_before_the_65th_birthday_keeps_the_10_day_limit(build):
    as_of = build.day(7)
    turns_65_tomorrow = build.born(date(as_of.year - 65, as_of.month, as_of.day + 1))
    turns_65_today = build.born(date(as_of.year - 65, as_of.month, as_of.day))
    episode = _episode(build, build.treatment(K.NSAID, 2))
    young = build.evaluate(episode, 7, patient=turns_65_tomorrow)
    old = build.evaluate(episode, 7, patient=turns_65_today)
    assert _alert(young, A.NSAID_PROLONGED) is None
    assert _alert(old, A.NSAID_PROLONGED) is not None


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(0, 60),
    length=st.none() | st.integers(0, 40),
    as_of=st.integers(0, 130),
    age=st.integers(40, 90),
)
def test_nsaid_alert_agrees_with_counting_the_days_one_by_one(build, start, length, as_of, age):
    """Days are counted by walking the calendar, so the arithmetic is checked independently."""
    end = None if length is None else start + length
    day = build.day(as_of)
    patient = build.born(date(day.year - age, 1, 1))
    episode = _episode(build, build.treatment(K.NSAID, start, end))
    evaluation = build.evaluate(episode, as_of, build.rules(), patient=patient)
    alert = _alert(evaluation, A.NSAID_PROLONGED)
    if start > as_of:
        assert alert is None
        return
    last = as_of if end is None or end > as_of else end
    taken = [offset for offset in range(start, as_of + 1) if offset <= last]
    limit = 5 if patient.age_on(day) >= 65 else 10
    since_end = list(range(last + 1, as_of + 1))
    expected = len(taken) > limit and len(since_end) <= 14
    assert (alert is not None) is expected, (len(taken), len(since_end))


def test_nsaid_alert_once_for_several_long_courses(build):
    episode = _episode(
        build,
        build.treatment(K.NSAID, 0, 12),
        build.treatment(K.NSAID, 5),
        build.treatment(K.NSAID, 14, 16),
    )
    alert = _alert(build.evaluate(episode, 20), A.NSAID_PROLONGED)
    assert [course["days"] for course in alert.evidence["courses"]] == [13, 16]
    assert set(alert.sources) == {"S51", "S55", "S56"}
    assert "prescriber" in alert.summary
    assert "has run 16 days" in alert.summary


def test_an_old_long_course_does_not_keep_a_new_short_one_flagged(build):
    episode = _episode(build, build.treatment(K.NSAID, 0, 20), build.treatment(K.NSAID, 60))
    assert _alert(build.evaluate(episode, 65), A.NSAID_PROLONGED) is None
    alert = _alert(build.evaluate(episode, 70), A.NSAID_PROLONGED)
    assert [course["start"] for course in alert.evidence["courses"]] == [build.day(60).isoformat()]


@pytest.mark.parametrize(
    ("cover", "severity"),
    [
        ((), Severity.WARNING),
        ((K.EDUCATION,), Severity.INFO),
        ((K.EXERCISE_PROGRAM,), Severity.INFO),
        ((K.ACTIVITY_MODIFICATION, K.ICE), Severity.WARNING),
    ],
)
def test_nsaid_severity_depends_on_exercise_or_education(build, cover, severity):
    episode = build.episode(
        treatments=[build.treatment(K.NSAID, 0), *(build.treatment(kind, 0) for kind in cover)]
    )
    assert _alert(build.evaluate(episode, 20), A.NSAID_PROLONGED).severity is severity


def test_exercise_starting_after_as_of_does_not_soften_the_nsaid_alert(build):
    episode = build.episode(
        treatments=[build.treatment(K.NSAID, 0), build.treatment(K.EXERCISE_PROGRAM, 30)]
    )
    assert _alert(build.evaluate(episode, 20), A.NSAID_PROLONGED).severity is Severity.WARNING
    assert _alert(build.evaluate(episode, 30), A.NSAID_PROLONGED).severity is Severity.INFO
