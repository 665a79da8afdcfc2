"""A bursa's or fluid collection's characteristics over time (rules.md §7b, v1.1)."""

import pytest

from trochtrack.domain.rules import CONCERNING, PRESETS
from trochtrack.domain.vocabulary import (
    AlertCode,
    LesionKind,
    Modality,
    RedFlag,
    Severity,
    TreatmentKind,
)

A = AlertCode
BURSA = LesionKind.ADVENTITIAL_BURSA
US, MRI = Modality.US, Modality.MRI
SIZE = (20, 5, 18)
SIMPLE = {
    "content": "anechoic",
    "wall": "thin",
    "doppler": "none",
    "septations": False,
    "compressible": True,
}
SIZE_TRACKED = [
    LesionKind.ADVENTITIAL_BURSA,
    LesionKind.TROCHANTERIC_BURSA,
    LesionKind.FLUID_COLLECTION,
]


def _scans(build, *steps, kind=BURSA):
    """One lesion on successive scans 20 days apart; each step is (features, modality)."""
    return [
        build.scan(20 * index, build.finding("x1", kind, SIZE, **features), modality=modality)
        for index, (features, modality) in enumerate(steps)
    ]


def _evaluate(build, *steps, kind=BURSA, visits=None, preset=None):
    episode = build.episode(
        visits=visits or [build.visit(0, 5)],
        treatments=[build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)],
        scans=_scans(build, *steps, kind=kind),
    )
    evaluation = build.evaluate(episode, 20 * len(steps), build.rules(preset))
    (lesion,) = evaluation.lesions
    alerts = [a for a in evaluation.alerts if a.code is A.LESION_FEATURES_CHANGED]
    return lesion, alerts


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("kind", SIZE_TRACKED)
@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("content", "anechoic", "complex"),
        ("content", "hypoechoic", "complex"),
        ("wall", "thin", "thickened"),
        ("doppler", "none", "present"),
        ("septations", False, True),
        ("compressible", True, False),
    ],
)
def test_each_characteristic_that_becomes_concerning_is_named(
    build, preset, kind, name, before, after
):
    lesion, alerts = _evaluate(
        build, ({name: before}, US), ({name: after}, US), kind=kind, preset=preset
    )
    assert lesion.features_changed_names == [name]
    (alert,) = alerts
    assert (alert.severity, alert.due, alert.lesion) == (Severity.INFO, None, "x1")
    assert alert.evidence["features"] == [{"feature": name, "previous": before, "latest": after}]


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("content", "anechoic", "hypoechoic"),  # hypoechoic is not a concerning value
        ("content", "complex", "complex"),  # concerning on both: no change
        ("wall", "thickened", "thin"),  # stopped being concerning
        ("doppler", "present", "none"),
        ("septations", True, False),
        ("compressible", False, True),
        ("compressible", False, False),
    ],
)
def test_no_call_unless_a_value_turns_concerning(build, name, before, after):
    lesion, alerts = _evaluate(build, ({name: before}, US), ({name: after}, US))
    assert (lesion.features_changed, alerts) == ((), [])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({}, {"content": "complex"}),  # not recorded before
        ({"content": "anechoic"}, {"wall": "thickened"}),  # different characteristics
        ({"content": "anechoic"}, {}),  # nothing recorded on the latest
    ],
    ids=["missing before", "other feature", "missing latest"],
)
def test_a_characteristic_missing_on_either_finding_gives_no_call(build, before, after):
    lesion, alerts = _evaluate(build, (before, US), (after, US))
    assert (lesion.features_changed, alerts) == ((), [])


def test_features_changed_are_sorted_by_name(build):
    concerning = {
        "content": "complex",
        "wall": "thickened",
        "doppler": "present",
        "septations": True,
        "compressible": False,
    }
    lesion, (alert,) = _evaluate(build, (SIMPLE, US), (concerning, US))
    assert (
        lesion.features_changed_names
        == sorted(CONCERNING)
        == ["compressible", "content", "doppler", "septations", "wall"]
    )
    assert [f["feature"] for f in alert.evidence["features"]] == lesion.features_changed_names


def test_compared_with_the_previous_finding_on_the_same_modality(build):
    lesion, alerts = _evaluate(
        build,
        ({"content": "anechoic"}, US),
        ({"content": "anechoic"}, MRI),
        ({"content": "complex"}, US),
    )
    assert lesion.features_changed_names == ["content"]
    assert lesion.features_compared.date == build.day(0)
    (alert,) = alerts
    assert alert.evidence["previous"]["date"] == build.day(0).isoformat()
    assert alert.evidence["latest"]["date"] == build.day(40).isoformat()


def test_the_latest_same_modality_finding_is_the_one_compared(build):
    lesion, alerts = _evaluate(
        build,
        ({"content": "anechoic"}, US),
        ({"content": "complex"}, US),
        ({"content": "complex"}, US),
    )
    assert (lesion.features_changed, alerts) == ((), [])


def test_no_call_without_an_earlier_finding_on_the_same_modality(build):
    lesion, alerts = _evaluate(build, ({"content": "anechoic"}, US), ({"content": "complex"}, MRI))
    assert (lesion.features_compared, lesion.features_changed, alerts) == (None, (), [])


def test_a_single_finding_has_no_call(build):
    lesion, alerts = _evaluate(build, ({"content": "complex"}, US))
    assert (lesion.features_changed, alerts) == ((), [])


@pytest.mark.parametrize(
    "kind",
    [
        LesionKind.CALCIFICATION,
        LesionKind.TENDINOPATHY,
        LesionKind.PARTIAL_TEAR,
        LesionKind.FULL_TEAR,
    ],
)
def test_kinds_without_characteristics_have_an_empty_list(build, kind):
    scans = [
        build.scan(0, build.finding("x1", kind, SIZE)),
        build.scan(20, build.finding("x1", kind, SIZE)),
    ]
    (lesion,) = build.evaluate(build.episode(scans=scans), 40).lesions
    assert lesion.features_changed == ()
    assert lesion.features_changed_names == []


def test_a_concerning_change_is_a_warning_when_symptoms_are_worse(build):
    worse = [build.visit(0, 5), build.visit(20, 7)]
    _, (alert,) = _evaluate(build, (SIMPLE, US), ({"wall": "thickened"}, US), visits=worse)
    assert alert.severity is Severity.WARNING
    assert alert.evidence["symptoms_worsening"] is True


def test_a_concerning_change_is_a_warning_with_an_infection_red_flag(build):
    fever = [build.visit(0, 5), build.visit(20, 5, flags=[RedFlag.HOT_SWOLLEN_JOINT])]
    _, (alert,) = _evaluate(build, (SIMPLE, US), ({"doppler": "present"}, US), visits=fever)
    assert alert.severity is Severity.WARNING
    assert alert.evidence["red_flag_infection"] is True


def test_another_red_flag_does_not_raise_the_severity(build):
    neuro = [build.visit(0, 5), build.visit(20, 5, flags=[RedFlag.NEUROLOGICAL_DEFICIT])]
    _, (alert,) = _evaluate(build, (SIMPLE, US), ({"doppler": "present"}, US), visits=neuro)
    assert alert.severity is Severity.INFO


def test_one_alert_per_lesion_and_each_lesion_its_own(build):
    simple, changed = SIMPLE, {**SIMPLE, "content": "complex", "wall": "thickened"}
    scans = [
        build.scan(
            0,
            build.finding("b1", BURSA, SIZE, **simple),
            build.finding("f1", LesionKind.FLUID_COLLECTION, SIZE, **simple),
        ),
        build.scan(
            20,
            build.finding("b1", BURSA, SIZE, **changed),
            build.finding("f1", LesionKind.FLUID_COLLECTION, SIZE, **changed),
        ),
    ]
    evaluation = build.evaluate(build.episode(scans=scans), 40)
    assert [a.lesion for a in evaluation.alerts if a.code is A.LESION_FEATURES_CHANGED] == [
        "b1",
        "f1",
    ]


def test_the_alert_names_each_value_and_both_dates_and_asks_for_a_review(build):
    _, (alert,) = _evaluate(
        build, (SIMPLE, US), ({**SIMPLE, "content": "complex", "wall": "thickened"}, US)
    )
    assert alert.summary.startswith("Consider a review of the imaging")
    assert "radiologist" in alert.summary
    assert "anechoic → complex content" in alert.summary
    assert "thin wall → thickened wall" in alert.summary
    assert build.day(0).isoformat() in alert.why
    assert build.day(20).isoformat() in alert.why
    assert alert.evidence["previous"]["features"]["content"] == "anechoic"
    assert alert.evidence["latest"]["features"]["wall"] == "thickened"
    assert alert.sources == ("DESIGN",)
    for word in ("infection", "haemorrhage", "tumour", "sarcoma"):
        assert word not in alert.summary.lower()


def test_size_and_characteristics_are_judged_apart(build):
    scans = [
        build.scan(0, build.finding("b1", BURSA, (10, 10, 10), **SIMPLE)),
        build.scan(20, build.finding("b1", BURSA, (15, 10, 10), content="complex")),
    ]
    evaluation = build.evaluate(build.episode(scans=scans), 40)
    codes = {a.code for a in evaluation.alerts if a.lesion == "b1"}
    assert codes == {A.LESION_ENLARGED, A.LESION_FEATURES_CHANGED}
