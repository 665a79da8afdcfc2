"""Red flags and worsening symptoms at the latest visit (rules.md §6)."""

import pytest

from trochtrack.domain.rules import PRESETS
from trochtrack.domain.vocabulary import AlertCode, RedFlag, Severity, TreatmentKind

A = AlertCode
F = RedFlag
RED_FLAG_CODES = {
    A.RED_FLAG_INFECTION,
    A.RED_FLAG_FRACTURE,
    A.RED_FLAG_MALIGNANCY,
    A.RED_FLAG_NEUROLOGICAL,
}


def _red_flags(build, latest, *, earlier=(), offset=10, preset=None):
    episode = build.episode(
        visits=[build.visit(0, 5), *earlier, latest],
        treatments=[build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)],
    )
    evaluation = build.evaluate(episode, offset, build.rules(preset))
    return {(a.code, a.severity) for a in evaluation.alerts if a.code in RED_FLAG_CODES}


INFECTION = {(A.RED_FLAG_INFECTION, Severity.CRITICAL)}


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("temp", "raised"), [(37.9, False), (38.0, True), (38.1, True)])
def test_fever_threshold_with_acute_severe_pain(build, preset, temp, raised):
    latest = build.visit(10, 5, temp=temp, flags=[F.ACUTE_SEVERE_PAIN])
    assert _red_flags(build, latest, preset=preset) == (INFECTION if raised else set())


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("pain", "raised"), [(7, False), (8, True), (9, True)])
def test_fever_with_pain_8_or_more(build, preset, pain, raised):
    latest = build.visit(10, pain, temp=38.0)
    assert _red_flags(build, latest, preset=preset) == (INFECTION if raised else set())


def test_severe_pain_without_fever_or_a_temperature_is_not_infection(build):
    assert _red_flags(build, build.visit(10, 10, flags=[F.ACUTE_SEVERE_PAIN])) == set()
    assert _red_flags(build, build.visit(10, 10, temp=37.5)) == set()
    assert _red_flags(build, build.visit(10, 2, temp=39.5)) == set()


@pytest.mark.parametrize("flag", [F.HOT_SWOLLEN_JOINT, F.SYSTEMICALLY_UNWELL])
def test_hot_swollen_joint_or_systemically_unwell_alone_is_infection(build, flag):
    assert _red_flags(build, build.visit(10, 2, flags=[flag])) == INFECTION


def test_infection_text_routes_to_same_day_assessment_without_diagnosing(build):
    episode = build.episode(visits=[build.visit(0, 9, temp=38.4)])
    alert = build.evaluate(episode, 0).alerts[0]
    assert alert.code is A.RED_FLAG_INFECTION
    assert "same-day medical assessment" in alert.summary
    assert "aspiration" in alert.summary
    assert "septic arthritis" in alert.summary
    assert alert.evidence["temperature_c"] == 38.4
    assert alert.evidence["fever_threshold_c"] == 38
    assert set(alert.sources) == {"S46b", "S44b", "S45b"}


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({F.FALL_OR_TRAUMA, F.UNABLE_TO_WEIGHT_BEAR}, {(A.RED_FLAG_FRACTURE, Severity.CRITICAL)}),
        ({F.FALL_OR_TRAUMA}, set()),
        ({F.UNABLE_TO_WEIGHT_BEAR}, set()),
        (
            {F.CONSTANT_NIGHT_PAIN, F.CANCER_HISTORY},
            {(A.RED_FLAG_MALIGNANCY, Severity.WARNING)},
        ),
        (
            {F.CONSTANT_NIGHT_PAIN, F.UNEXPLAINED_WEIGHT_LOSS},
            {(A.RED_FLAG_MALIGNANCY, Severity.WARNING)},
        ),
        (
            {F.CANCER_HISTORY, F.UNEXPLAINED_WEIGHT_LOSS},
            {(A.RED_FLAG_MALIGNANCY, Severity.WARNING)},
        ),
        ({F.CONSTANT_NIGHT_PAIN}, set()),
        ({F.CANCER_HISTORY}, set()),
        ({F.UNEXPLAINED_WEIGHT_LOSS}, set()),
        ({F.NEUROLOGICAL_DEFICIT}, {(A.RED_FLAG_NEUROLOGICAL, Severity.WARNING)}),
        ({F.RECENT_INJECTION, F.ACUTE_SEVERE_PAIN}, set()),
    ],
)
def test_red_flag_table(build, flags, expected):
    assert _red_flags(build, build.visit(10, 3, flags=flags)) == expected


def test_only_the_latest_visit_counts(build):
    earlier = build.visit(5, 9, temp=39.0, flags=[F.FALL_OR_TRAUMA, F.UNABLE_TO_WEIGHT_BEAR])
    assert _red_flags(build, build.visit(10, 3), earlier=[earlier]) == set()


def test_a_visit_after_as_of_is_not_read(build):
    flagged = build.visit(10, 3, flags=[F.NEUROLOGICAL_DEFICIT])
    assert _red_flags(build, flagged, offset=9) == set()


def _worsening(build, *visits, offset=40):
    episode = build.episode(
        visits=visits, treatments=[build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)]
    )
    alerts = build.evaluate(episode, offset).alerts
    return [(a.severity, a.due) for a in alerts if a.code is A.SYMPTOMS_WORSENING]


WORSE = [(Severity.WARNING, None)]


@pytest.mark.parametrize(("latest", "worse"), [(6, False), (7, True), (10, True)])
def test_pain_two_above_baseline_is_worsening(build, latest, worse):
    result = _worsening(build, build.visit(0, 5), build.visit(30, latest))
    assert result == (WORSE if worse else [])


@pytest.mark.parametrize(("latest", "worse"), [(41, False), (40, True)])
def test_visa_g_ten_below_baseline_is_worsening(build, latest, worse):
    result = _worsening(build, build.visit(0, 5, visa=50), build.visit(30, 5, visa=latest))
    assert result == (WORSE if worse else [])


@pytest.mark.parametrize(("groc", "worse"), [(-1, False), (-2, True)])
def test_groc_minus_two_is_worsening(build, groc, worse):
    result = _worsening(build, build.visit(0, 5), build.visit(30, 5, groc=groc))
    assert result == (WORSE if worse else [])


def test_worsening_reads_the_latest_visit_only(build):
    assert _worsening(build, build.visit(0, 3), build.visit(20, 9), build.visit(30, 3)) == []


def test_visa_g_not_recorded_at_latest_visit_is_not_compared(build):
    visits = (build.visit(0, 5, visa=60), build.visit(20, 5, visa=30), build.visit(30, 5))
    assert _worsening(build, *visits) == []


def test_worsening_even_before_review_and_once(build):
    visits = (build.visit(0, 4, visa=60), build.visit(7, 8, visa=40, groc=-3))
    assert _worsening(build, *visits, offset=7) == WORSE
