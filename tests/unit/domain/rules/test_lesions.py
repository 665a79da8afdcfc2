"""Lesion size change, lesion alerts and the follow-up scan (rules.md §7)."""

import math

import pytest

from trochtrack.domain.rules import PRESETS, AxisTrend
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
LESION_CODES = {
    A.LESION_NOT_COMPARABLE,
    A.LESION_ENLARGED,
    A.LESION_REDUCED,
    A.LESION_RESOLVED,
    A.CALCIFICATION_ENLARGED,
    A.CALCIFICATION_REDUCED,
    A.CALCIFICATION_RESOLVED,
}


def _evaluate(build, *scans, visits=None, offset=60):
    episode = build.episode(
        visits=visits or [build.visit(0, 5)],
        treatments=[build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)],
        scans=scans,
    )
    return build.evaluate(episode, offset)


def _pair(build, kind, before, after, *, modality=Modality.US):
    """One lesion seen on two scans; returns (assessment, lesion alerts)."""
    evaluation = _evaluate(
        build,
        build.scan(0, build.finding("x1", kind, before)),
        build.scan(30, build.finding("x1", kind, after), modality=modality),
    )
    alerts = [(a.code, a.severity) for a in evaluation.alerts if a.code in LESION_CODES]
    return evaluation.lesions[0], alerts


def test_volume_is_the_ellipsoid_of_the_latest_diameters(build):
    lesion, _ = _pair(build, BURSA, (20, 5, 18), (26, 7, 19))
    assert lesion.volume_mm3 == round(math.pi / 6 * 26 * 7 * 19, 1) == 1810.6
    assert lesion.previous_volume_mm3 == 942.5


@pytest.mark.parametrize(
    ("dims", "approximate"),
    [((24, 4, 23), True), ((12, 4, 4), False), ((12.1, 4, 4), True), ((8, 8, 5), False)],
)
def test_volume_is_approximate_when_longest_over_shortest_exceeds_3(build, dims, approximate):
    lesion = _evaluate(build, build.scan(0, build.finding("x1", BURSA, dims))).lesions[0]
    assert lesion.change is C.SINGLE_MEASUREMENT
    assert lesion.volume_approximate is approximate


def _axis_trend(build, old, new):
    # The other two axes stay put, so only this axis can move.
    lesion, _ = _pair(build, BURSA, (old, 10, 10), (new, 10, 10))
    return lesion.axes[0].trend


@pytest.mark.parametrize(
    ("old", "new", "trend"),
    [
        (6.1, 8.1, AxisTrend.UP),
        (6.2, 8.2, AxisTrend.UP),  # 1.9999999999999991 in floats
        (10, 11.9, AxisTrend.STEADY),
        (10, 12, AxisTrend.UP),  # 2 mm and 20 % exactly
        (11, 13.2, AxisTrend.UP),  # 20 % exactly; 0.2 * 11 is 2.2000000000000002 in floats
        (11, 13, AxisTrend.STEADY),  # 2 mm but 18 %
        (30, 33, AxisTrend.STEADY),  # 3 mm but 10 %
        (8.2, 6.2, AxisTrend.DOWN),
        (12, 10, AxisTrend.STEADY),  # 2 mm but 16.7 % of the old size
        (10, 8, AxisTrend.DOWN),
        (10, 8.1, AxisTrend.STEADY),
    ],
)
def test_axis_thresholds_are_exact(build, old, new, trend):
    assert _axis_trend(build, old, new) is trend


def test_axis_change_is_reported_exactly(build):
    lesion, _ = _pair(build, BURSA, (6.2, 10, 10), (8.2, 10, 10))
    assert lesion.axes[0].change_mm == 2.0
    assert lesion.axes[0].change_percent == 32.3


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ((6.1, 10, 10), (8.1, 12, 8.5), C.ENLARGED),  # two axes up, volume +35 %
        ((6.1, 10, 10), (8.1, 11.9, 8.5), C.NO_RELIABLE_CHANGE),  # one axis up, +34 %
        ((10, 10, 10), (15, 10, 10), C.ENLARGED),  # one axis, volume +50 % exactly
        ((10, 10, 10), (14.9, 10, 10), C.NO_RELIABLE_CHANGE),  # volume +49 %
        ((1.6, 3.3, 2.9), (2.4, 3.3, 2.9), C.ENLARGED),  # +50 %; floats say 49.99...
        ((10, 10, 10), (5, 10, 10), C.REDUCED),  # volume -50 % exactly
        ((10, 10, 10), (5.1, 10, 10), C.NO_RELIABLE_CHANGE),
        ((12, 9, 6), (8, 6, 5), C.REDUCED),  # two axes down
        ((20, 20, 5), (16, 16, 5), C.REDUCED),  # two axes down, volume -36 %
        ((20, 20, 5), (16, 17, 5), C.NO_RELIABLE_CHANGE),  # one axis down, -32 %
        ((10, 10, 10), (12, 12, 5), C.ENLARGED),  # two axes up beats a smaller volume
        ((10, 10, 10), (11.5, 9, 10.5), C.NO_RELIABLE_CHANGE),
    ],
)
def test_size_tracked_change_table(build, before, after, change):
    assert _pair(build, BURSA, before, after)[0].change is change


@pytest.mark.parametrize(
    ("change_dims", "code"),
    [
        (((10, 10, 10), (15, 10, 10)), A.LESION_ENLARGED),
        (((10, 10, 10), (5, 10, 10)), A.LESION_REDUCED),
        (((10, 10, 10), None), A.LESION_RESOLVED),
    ],
)
@pytest.mark.parametrize(
    "kind",
    [LesionKind.ADVENTITIAL_BURSA, LesionKind.TROCHANTERIC_BURSA, LesionKind.FLUID_COLLECTION],
)
def test_size_tracked_alerts_are_info(build, change_dims, code, kind):
    _, alerts = _pair(build, kind, *change_dims)
    assert alerts == [(code, Severity.INFO)]


def test_enlarged_is_a_warning_when_symptoms_are_worse(build):
    scans = (
        build.scan(0, build.finding("b1", BURSA, (10, 10, 10))),
        build.scan(30, build.finding("b1", BURSA, (15, 10, 10))),
    )
    calm = _evaluate(build, *scans, visits=[build.visit(0, 5), build.visit(30, 6)])
    worse = _evaluate(build, *scans, visits=[build.visit(0, 5), build.visit(30, 7)])
    (calm_alert,) = [a for a in calm.alerts if a.code is A.LESION_ENLARGED]
    (worse_alert,) = [a for a in worse.alerts if a.code is A.LESION_ENLARGED]
    assert (calm_alert.severity, worse_alert.severity) == (Severity.INFO, Severity.WARNING)
    assert worse_alert.lesion == "b1"
    assert "not a reason to escalate" in calm_alert.summary


def test_resolved_has_no_latest_volume_but_keeps_the_previous(build):
    lesion, _ = _pair(build, BURSA, (12, 9, 6), None)
    assert (lesion.change, lesion.volume_mm3, lesion.volume_approximate) == (
        C.RESOLVED,
        None,
        None,
    )
    assert lesion.previous_volume_mm3 == 339.3


def test_seen_again_after_not_visualised_is_no_reliable_change(build):
    lesion, alerts = _pair(build, BURSA, None, (10, 10, 10))
    assert (lesion.change, lesion.previous_volume_mm3, alerts) == (
        C.NO_RELIABLE_CHANGE,
        None,
        [],
    )


def test_another_modality_is_not_comparable(build):
    lesion, alerts = _pair(build, BURSA, (10, 10, 10), (20, 20, 20), modality=Modality.MRI)
    assert lesion.change is C.NOT_COMPARABLE
    assert alerts == [(A.LESION_NOT_COMPARABLE, Severity.INFO)]
    assert lesion.previous_volume_mm3 == 523.6
    lesion, alerts = _pair(build, CALC, (10, 4, 4), None, modality=Modality.XR)
    assert (lesion.change, alerts) == (C.NOT_COMPARABLE, [(A.LESION_NOT_COMPARABLE, Severity.INFO)])


def test_comparison_uses_the_finding_just_before_the_latest(build):
    mri_then_mri = _evaluate(
        build,
        build.scan(0, build.finding("b1", BURSA, (10, 10, 10))),
        build.scan(10, build.finding("b1", BURSA, (10, 10, 10)), modality=Modality.MRI),
        build.scan(20, build.finding("b1", BURSA, (15, 10, 10)), modality=Modality.MRI),
    )
    assert mri_then_mri.lesions[0].change is C.ENLARGED
    assert mri_then_mri.lesions[0].previous.date == build.day(10)
    us_then_mri = _evaluate(
        build,
        build.scan(0, build.finding("b1", BURSA, (10, 10, 10))),
        build.scan(10, build.finding("b1", BURSA, (10, 10, 10))),
        build.scan(20, build.finding("b1", BURSA, (15, 10, 10)), modality=Modality.MRI),
    )
    assert us_then_mri.lesions[0].change is C.NOT_COMPARABLE


def test_scans_are_compared_in_date_order_whatever_the_record_order(build):
    evaluation = _evaluate(
        build,
        build.scan(30, build.finding("b1", BURSA, (15, 10, 10))),
        build.scan(0, build.finding("b1", BURSA, (10, 10, 10))),
    )
    assert evaluation.lesions[0].change is C.ENLARGED


@pytest.mark.parametrize(
    ("before", "after", "change", "code"),
    [
        ((10, 4, 4), (12, 4, 4), C.ENLARGED, A.CALCIFICATION_ENLARGED),  # +2 mm, +20 %
        ((11, 4, 4), (13.2, 4, 4), C.ENLARGED, A.CALCIFICATION_ENLARGED),  # 20 % exactly
        ((10, 4, 4), (11.9, 4, 4), C.NO_RELIABLE_CHANGE, None),
        ((11, 4, 4), (13, 4, 4), C.NO_RELIABLE_CHANGE, None),  # 2 mm but 18 %
        ((10, 4, 4), (5, 4, 4), C.REDUCED, A.CALCIFICATION_REDUCED),  # half exactly
        ((10, 4, 4), (5.1, 4, 4), C.NO_RELIABLE_CHANGE, None),
        ((6, 4, 3), None, C.RESOLVED, A.CALCIFICATION_RESOLVED),
        ((10, 3, 3), (10, 6, 6), C.NO_RELIABLE_CHANGE, None),  # only the longest counts
        ((4, 10, 4), (4, 4, 12), C.ENLARGED, A.CALCIFICATION_ENLARGED),  # longest in any axis
    ],
)
def test_calcification_uses_the_longest_diameter(build, before, after, change, code):
    lesion, alerts = _pair(build, CALC, before, after)
    assert lesion.change is change
    assert alerts == ([] if code is None else [(code, Severity.INFO)])


@pytest.mark.parametrize(
    "kind", [LesionKind.TENDINOPATHY, LesionKind.PARTIAL_TEAR, LesionKind.FULL_TEAR]
)
def test_tendon_findings_have_no_size_rule_and_no_alerts(build, kind):
    lesion, alerts = _pair(build, kind, (5, 5, 5), (20, 20, 20))
    assert (lesion.change, alerts) == (C.NO_RELIABLE_CHANGE, [])
    lesion, alerts = _pair(build, kind, (5, 5, 5), None)
    assert (lesion.change, alerts) == (C.RESOLVED, [])
    lesion, alerts = _pair(build, kind, (5, 5, 5), (5, 5, 5), modality=Modality.MRI)
    assert (lesion.change, alerts) == (C.NOT_COMPARABLE, [])


def test_each_lesion_gets_its_own_alert_and_lesions_are_sorted(build):
    evaluation = _evaluate(
        build,
        build.scan(
            0,
            build.finding("fluid-2", LesionKind.FLUID_COLLECTION, (10, 10, 10)),
            build.finding("bursa-1", BURSA, (10, 10, 10)),
        ),
        build.scan(
            30,
            build.finding("fluid-2", LesionKind.FLUID_COLLECTION, (15, 10, 10)),
            build.finding("bursa-1", BURSA, (15, 10, 10)),
        ),
    )
    assert [lesion.lesion for lesion in evaluation.lesions] == ["bursa-1", "fluid-2"]
    enlarged = [a.lesion for a in evaluation.alerts if a.code is A.LESION_ENLARGED]
    assert enlarged == ["bursa-1", "fluid-2"]


def test_findings_after_as_of_are_ignored(build):
    scans = (
        build.scan(0, build.finding("b1", BURSA, (10, 10, 10))),
        build.scan(
            30, build.finding("b1", BURSA, (15, 10, 10)), build.finding("c1", CALC, (3, 3, 3))
        ),
    )
    evaluation = _evaluate(build, *scans, offset=29)
    assert [(lesion.lesion, lesion.change) for lesion in evaluation.lesions] == [
        ("b1", C.SINGLE_MEASUREMENT)
    ]


def test_lesion_alert_evidence_names_the_lesion_and_thresholds(build):
    evaluation = _evaluate(
        build,
        build.scan(0, build.finding("b1", BURSA, (24, 4, 23))),
        build.scan(30, build.finding("b1", BURSA, (30, 6, 23))),
    )
    alert = next(a for a in evaluation.alerts if a.code is A.LESION_ENLARGED)
    assert alert.lesion == "b1"
    assert [axis["trend"] for axis in alert.evidence["axes"]] == ["up", "up", "steady"]
    assert alert.evidence["previous"]["dims_mm"] == [24, 4, 23]
    assert "2 mm" in alert.evidence["rule"]
    assert "S32" in alert.sources
    assert {"S30", "S31", "S33", "S34", "S37", "S38"} <= set(alert.sources)


def _follow_up(build, *scans, offset):
    evaluation = _evaluate(build, *scans, offset=offset)
    return [
        (a.code, a.severity, a.due) for a in evaluation.alerts if a.code is A.FOLLOW_UP_SCAN_DUE
    ]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("offset", "raised"), [(10 + 83, False), (10 + 84, True), (10 + 85, True)])
def test_follow_up_scan_due_12_weeks_after_a_visualised_collection(build, preset, offset, raised):
    episode = build.episode(
        visits=[build.visit(0, 5)],
        treatments=[build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)],
        scans=[build.scan(10, build.finding("b1", BURSA, (24, 4, 23)))],
    )
    evaluation = build.evaluate(episode, offset, build.rules(preset))
    alerts = [
        (a.code, a.severity, a.due) for a in evaluation.alerts if a.code is A.FOLLOW_UP_SCAN_DUE
    ]
    assert alerts == ([(A.FOLLOW_UP_SCAN_DUE, Severity.INFO, build.day(94))] if raised else [])
    assert evaluation.follow_up_scan_due == build.day(94)


def test_a_later_scan_of_any_kind_clears_the_follow_up(build):
    first = build.scan(10, build.finding("b1", BURSA, (24, 4, 23)))
    other = build.scan(50, build.finding("c1", CALC, (3, 3, 3)), modality=Modality.XR)
    assert _follow_up(build, first, other, offset=200) == []
    assert _follow_up(build, first, other, offset=49) == []
    assert _follow_up(build, first, offset=200) != []


def test_follow_up_counts_from_the_latest_scan_showing_a_collection(build):
    first = build.scan(10, build.finding("b1", BURSA, (24, 4, 23)))
    again = build.scan(40, build.finding("b1", BURSA, (20, 4, 20)))
    assert _follow_up(build, first, again, offset=10 + 84) == []
    assert _follow_up(build, first, again, offset=40 + 84) == [
        (A.FOLLOW_UP_SCAN_DUE, Severity.INFO, build.day(124))
    ]


def test_no_follow_up_without_a_visualised_collection(build):
    calcification_only = build.scan(10, build.finding("c1", CALC, (3, 3, 3)))
    resolved = build.scan(10, build.finding("b1", BURSA, None))
    assert _follow_up(build, calcification_only, offset=200) == []
    assert _follow_up(build, resolved, offset=200) == []


def test_the_rule_stated_follows_the_clinics_thresholds_not_the_first_ones_used(build):
    # Rule texts are made once per kind and thresholds: a clinic that changes a
    # threshold must see its own number, even after an evaluation with the shipped one.
    episode = build.episode(
        visits=[build.visit(0, 5)],
        scans=[
            build.scan(0, build.finding("x1", BURSA, (20, 5, 18))),
            build.scan(30, build.finding("x1", BURSA, (26, 7, 19))),
            build.scan(30, build.finding("c1", CALC, (6, 3, 3))),
        ],
    )
    shipped = build.evaluate(episode, 60)
    stricter = build.evaluate(
        episode,
        60,
        build.rules(lesions__axis_min_change_mm=3.5, calcifications__growth_mm=4.5),
    )
    shipped_rule, stricter_rule = (
        {lesion.lesion: lesion.rule for lesion in evaluation.lesions}
        for evaluation in (shipped, stricter)
    )
    assert ">= 2 mm" in shipped_rule["x1"]
    assert ">= 3.5 mm" not in shipped_rule["x1"]
    assert ">= 3.5 mm" in stricter_rule["x1"]
    assert "4.5 mm" not in shipped_rule["c1"]
    assert "4.5 mm" in stricter_rule["c1"]
