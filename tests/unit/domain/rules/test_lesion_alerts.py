"""Change since a lesion's baseline scan and its alerts (rules.md §7a, v1.1)."""

import pytest

from trochtrack.domain.rules import PRESETS
from trochtrack.domain.vocabulary import (
    AlertCode,
    LesionChange,
    LesionKind,
    Modality,
    Severity,
    TreatmentKind,
)

A = AlertCode
C = LesionChange
BURSA = LesionKind.ADVENTITIAL_BURSA
CALC = LesionKind.CALCIFICATION
US, MRI = Modality.US, Modality.MRI
SINCE = {A.LESION_ENLARGED_SINCE_BASELINE, A.CALCIFICATION_ENLARGED_SINCE_BASELINE}
SIZE_TRACKED = [
    LesionKind.ADVENTITIAL_BURSA,
    LesionKind.TROCHANTERIC_BURSA,
    LesionKind.FLUID_COLLECTION,
]


def _series(build, kind, *steps, preset=None, visits=None):
    """One lesion on successive scans 20 days apart; ``steps`` are dims or (dims, modality)."""
    scans = []
    for index, step in enumerate(steps):
        dims, modality = step if isinstance(step, tuple) and len(step) == 2 else (step, US)
        scans.append(build.scan(20 * index, build.finding("x1", kind, dims), modality=modality))
    episode = build.episode(
        visits=visits or [build.visit(0, 5)],
        treatments=[build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)],
        scans=scans,
    )
    evaluation = build.evaluate(episode, 20 * len(steps), build.rules(preset))
    (lesion,) = evaluation.lesions
    return lesion, [a for a in evaluation.alerts if a.lesion == "x1"]


def _codes(alerts):
    return [(a.code, a.severity) for a in alerts]


SLOW = ((24, 4, 23), (27, 5, 25), (30, 6, 28))


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("kind", SIZE_TRACKED)
def test_steps_within_measurement_error_that_add_up_are_enlarged_since_baseline(
    build, preset, kind
):
    lesion, alerts = _series(build, kind, *SLOW, preset=preset)
    assert (lesion.change, lesion.change_since_baseline) == (C.NO_RELIABLE_CHANGE, C.ENLARGED)
    assert lesion.since_baseline.baseline.date == build.day(0)
    assert _codes(alerts) == [(A.LESION_ENLARGED_SINCE_BASELINE, Severity.INFO)]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(
    ("first", "latest", "change"),
    [
        ((10, 10, 10), (12, 12, 10), C.ENLARGED),  # two axes up exactly: 2 mm and 20 %
        ((10, 10, 10), (12, 11.9, 10), C.NO_RELIABLE_CHANGE),  # one axis up, volume +42.8 %
        ((10, 10, 10), (15, 10, 10), C.ENLARGED),  # one axis, volume +50 % exactly
        ((10, 10, 10), (14.9, 10, 10), C.NO_RELIABLE_CHANGE),  # volume +49 %
        ((12, 12, 10), (10, 10, 10), C.NO_RELIABLE_CHANGE),  # -2 mm is only 16.7 %
        ((10, 10, 10), (8, 8, 10), C.REDUCED),  # two axes down
        ((10, 10, 10), (5, 10, 10), C.REDUCED),  # volume -50 % exactly
        ((10, 10, 10), (5.1, 10, 10), C.NO_RELIABLE_CHANGE),
        ((6.2, 6.2, 10), (8.2, 8.2, 10), C.ENLARGED),  # 2 mm that floats call 1.99...
    ],
)
def test_since_baseline_uses_the_axis_and_volume_rows(build, preset, first, latest, change):
    middle = tuple((a + b) / 2 for a, b in zip(first, latest, strict=True))
    lesion, _ = _series(build, BURSA, first, middle, latest, preset=preset)
    assert lesion.change_since_baseline is change


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(
    ("first", "latest", "change"),
    [
        ((10, 4, 4), (12, 4, 4), C.ENLARGED),  # +2 mm and +20 %
        ((11, 4, 4), (13.2, 4, 4), C.ENLARGED),  # +20 % exactly
        ((10, 4, 4), (11.9, 4, 4), C.NO_RELIABLE_CHANGE),
        ((11, 4, 4), (13, 4, 4), C.NO_RELIABLE_CHANGE),  # 2 mm but 18 %
        ((10, 4, 4), (5, 4, 4), C.REDUCED),  # half exactly
        ((10, 4, 4), (5.1, 4, 4), C.NO_RELIABLE_CHANGE),
        ((4, 10, 4), (4, 4, 12), C.ENLARGED),  # the longest diameter in any axis
    ],
)
def test_calcification_since_baseline_uses_the_longest_diameter(
    build, preset, first, latest, change
):
    middle = tuple(max(a, b) for a, b in zip(first, latest, strict=True))
    lesion, _ = _series(build, CALC, first, first, latest, preset=preset)
    assert lesion.change_since_baseline is change
    lesion, _ = _series(build, CALC, first, middle, latest, preset=preset)
    assert lesion.change_since_baseline is change


@pytest.mark.parametrize(
    "steps",
    [
        ((10, 10, 10),),
        ((10, 10, 10), (20, 20, 20)),
    ],
    ids=["one finding", "two findings"],
)
def test_no_baseline_call_before_three_findings(build, steps):
    lesion, alerts = _series(build, BURSA, *steps)
    assert (lesion.change_since_baseline, lesion.since_baseline) == (None, None)
    assert not set(_codes(alerts)) & {(code, s) for code in SINCE for s in Severity}


def test_baseline_is_the_earliest_finding_on_the_latest_modality(build):
    lesion, _ = _series(build, BURSA, ((10, 10, 10), MRI), (10, 10, 10), (10, 10, 10), (15, 10, 10))
    assert lesion.since_baseline.baseline.date == build.day(20)
    assert lesion.since_baseline.baseline.modality is US


def test_no_baseline_call_when_the_baseline_is_the_previous_finding(build):
    lesion, _ = _series(build, BURSA, ((10, 10, 10), MRI), (10, 10, 10), (30, 30, 30))
    assert lesion.change is C.ENLARGED
    assert lesion.change_since_baseline is None


def test_no_baseline_call_when_the_baseline_is_the_latest_finding(build):
    lesion, alerts = _series(build, BURSA, (10, 10, 10), (10, 10, 10), ((30, 30, 30), MRI))
    assert (lesion.change, lesion.change_since_baseline) == (C.NOT_COMPARABLE, None)
    assert _codes(alerts) == [(A.LESION_NOT_COMPARABLE, Severity.INFO)]


@pytest.mark.parametrize(
    "steps",
    [
        (None, (10, 10, 10), (30, 30, 30)),  # baseline not visualised
        ((10, 10, 10), (10, 10, 10), None),  # latest not visualised
    ],
    ids=["baseline unseen", "latest unseen"],
)
def test_no_baseline_call_without_two_sizes(build, steps):
    lesion, _ = _series(build, BURSA, *steps)
    assert lesion.change_since_baseline is None


@pytest.mark.parametrize(
    "kind", [LesionKind.TENDINOPATHY, LesionKind.PARTIAL_TEAR, LesionKind.FULL_TEAR]
)
def test_tendon_findings_have_no_baseline_call(build, kind):
    lesion, alerts = _series(build, kind, (5, 5, 5), (5, 5, 5), (20, 20, 20))
    assert (lesion.change_since_baseline, alerts) == (None, [])


def test_another_modality_just_before_leaves_the_baseline_as_the_only_size_call(build):
    lesion, alerts = _series(build, BURSA, (10, 10, 10), ((10, 10, 10), MRI), (15, 10, 10))
    assert (lesion.change, lesion.change_since_baseline) == (C.NOT_COMPARABLE, C.ENLARGED)
    assert _codes(alerts) == [
        (A.LESION_ENLARGED_SINCE_BASELINE, Severity.INFO),
        (A.LESION_NOT_COMPARABLE, Severity.INFO),
    ]
    (since,) = [a for a in alerts if a.code is A.LESION_ENLARGED_SINCE_BASELINE]
    assert "only size comparison" in since.why


def test_no_since_baseline_alert_when_the_last_step_is_already_enlarged(build):
    lesion, alerts = _series(build, BURSA, (10, 10, 10), (10, 10, 10), (15, 10, 10))
    assert (lesion.change, lesion.change_since_baseline) == (C.ENLARGED, C.ENLARGED)
    assert _codes(alerts) == [(A.LESION_ENLARGED, Severity.INFO)]


def test_a_smaller_step_after_growth_still_alerts_since_baseline(build):
    lesion, alerts = _series(build, BURSA, (10, 10, 10), (20, 20, 20), (15, 15, 10))
    assert (lesion.change, lesion.change_since_baseline) == (C.REDUCED, C.ENLARGED)
    assert _codes(alerts) == [
        (A.LESION_ENLARGED_SINCE_BASELINE, Severity.INFO),
        (A.LESION_REDUCED, Severity.INFO),
    ]


def test_reduced_since_baseline_raises_no_alert(build):
    lesion, alerts = _series(build, BURSA, (30, 6, 28), (27, 5, 25), (24, 4, 23))
    assert (lesion.change, lesion.change_since_baseline) == (C.NO_RELIABLE_CHANGE, C.REDUCED)
    assert alerts == []


@pytest.mark.parametrize("kind", SIZE_TRACKED)
def test_since_baseline_is_a_warning_when_symptoms_are_worse(build, kind):
    calm = [build.visit(0, 5), build.visit(40, 6)]
    worse = [build.visit(0, 5), build.visit(40, 7)]
    _, calm_alerts = _series(build, kind, *SLOW, visits=calm)
    _, worse_alerts = _series(build, kind, *SLOW, visits=worse)
    assert _codes(calm_alerts) == [(A.LESION_ENLARGED_SINCE_BASELINE, Severity.INFO)]
    assert _codes(worse_alerts) == [(A.LESION_ENLARGED_SINCE_BASELINE, Severity.WARNING)]
    assert "consider a radiology or medical review" in worse_alerts[0].summary
    assert "not a reason to escalate" in calm_alerts[0].summary


def test_calcification_since_baseline_stays_info_when_symptoms_are_worse(build):
    worse = [build.visit(0, 5), build.visit(40, 8)]
    lesion, alerts = _series(build, CALC, (10, 4, 4), (11, 4, 4), (12, 4, 4), visits=worse)
    assert (lesion.change, lesion.change_since_baseline) == (C.NO_RELIABLE_CHANGE, C.ENLARGED)
    assert _codes(alerts) == [(A.CALCIFICATION_ENLARGED_SINCE_BASELINE, Severity.INFO)]


def test_since_baseline_evidence_names_the_baseline_scan_and_the_sizes(build):
    _, alerts = _series(build, BURSA, *SLOW)
    (alert,) = alerts
    assert alert.evidence["baseline"]["date"] == build.day(0).isoformat()
    assert alert.evidence["baseline"]["dims_mm"] == [24, 4, 23]
    assert alert.evidence["latest"]["dims_mm"] == [30, 6, 28]
    assert [axis["trend"] for axis in alert.evidence["axes_since_baseline"]] == ["up"] * 3
    assert alert.evidence["volume_change_since_baseline_percent"] == 128.3
    assert alert.evidence["change_since_previous"] == "no_reliable_change"
    assert build.day(0).isoformat() in alert.summary
    assert "+128.3 %" in alert.summary
    assert "24 × 4 × 23 mm" in alert.why
    assert "30 × 6 × 28 mm" in alert.why
    assert "2 mm" in alert.evidence["rule"]
    assert {"S30", "S31", "S33", "S34", "S37", "S38", "S32"} == set(alert.sources)
    assert alert.summary.startswith("Review")


def test_the_clinic_s_axis_thresholds_apply_since_baseline_too(build):
    steps = ((10, 10, 10), (10.5, 10.5, 10), (11, 11, 10))
    lenient = build.rules(lesions__axis_min_change_mm=1, lesions__axis_min_change_fraction=0.1)
    scans = [build.scan(20 * i, build.finding("x1", BURSA, d)) for i, d in enumerate(steps)]
    episode = build.episode(visits=[build.visit(0, 5)], scans=scans)
    (default,) = build.evaluate(episode, 60).lesions
    (clinic,) = build.evaluate(episode, 60, lenient).lesions
    assert default.change_since_baseline is C.NO_RELIABLE_CHANGE
    assert clinic.change_since_baseline is C.ENLARGED
