"""Treatment alerts of rules.md §5: invasive before review, physio start, NSAID duration."""

from datetime import date

import pytest

from trochtrack.domain.rules import PRESETS
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


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("days", "flagged"), [(9, False), (10, False), (11, True)])
def test_open_nsaid_course_longer_than_10_days(build, preset, days, flagged):
    episode = _episode(build, build.treatment(K.NSAID, 2))
    alert = _alert(build.evaluate(episode, 2 + days, build.rules(preset)), A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        assert alert.evidence["courses"][0]["days"] == days
        assert alert.evidence["courses"][0]["running"] is True


@pytest.mark.parametrize(("days", "flagged"), [(10, False), (11, True)])
def test_finished_nsaid_course_counts_start_to_end(build, days, flagged):
    episode = _episode(build, build.treatment(K.NSAID, 2, 2 + days))
    alert = _alert(build.evaluate(episode, 60), A.NSAID_PROLONGED)
    assert (alert is not None) is flagged


@pytest.mark.parametrize(("offset", "flagged"), [(12, False), (13, True)])
def test_nsaid_ending_after_as_of_runs_until_as_of(build, offset, flagged):
    episode = _episode(build, build.treatment(K.NSAID, 2, 40))
    alert = _alert(build.evaluate(episode, offset), A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        assert alert.evidence["courses"][0]["end"] is None


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("days", "flagged"), [(4, False), (5, False), (6, True)])
def test_nsaid_limit_is_5_days_from_age_65(build, preset, days, flagged):
    as_of = build.day(2 + days)
    patient = build.born(date(as_of.year - 65, as_of.month, as_of.day))
    episode = _episode(build, build.treatment(K.NSAID, 2))
    evaluation = build.evaluate(episode, 2 + days, build.rules(preset), patient=patient)
    alert = _alert(evaluation, A.NSAID_PROLONGED)
    assert (alert is not None) is flagged
    if flagged:
        assert (alert.evidence["patient_age"], alert.evidence["limit_days"]) == (65, 5)


def test_the_day_before_the_65th_birthday_keeps_the_10_day_limit(build):
    as_of = build.day(8)
    turns_65_tomorrow = build.born(date(as_of.year - 65, as_of.month, as_of.day + 1))
    turns_65_today = build.born(date(as_of.year - 65, as_of.month, as_of.day))
    episode = _episode(build, build.treatment(K.NSAID, 2))
    young = build.evaluate(episode, 8, patient=turns_65_tomorrow)
    old = build.evaluate(episode, 8, patient=turns_65_today)
    assert _alert(young, A.NSAID_PROLONGED) is None
    assert _alert(old, A.NSAID_PROLONGED) is not None


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


def test_nsaid_alert_once_for_several_long_courses(build):
    episode = _episode(
        build,
        build.treatment(K.NSAID, 0, 12),
        build.treatment(K.NSAID, 5),
        build.treatment(K.NSAID, 14, 16),
    )
    alert = _alert(build.evaluate(episode, 30), A.NSAID_PROLONGED)
    assert [course["days"] for course in alert.evidence["courses"]] == [12, 25]
    assert set(alert.sources) == {"S51", "S55", "S56"}
    assert "prescriber" in alert.summary
