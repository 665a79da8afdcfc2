"""trochtrack-evaluation/1 output and the lossless episode-evaluation JSON."""

import json
from datetime import date

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Case
from trochtrack.domain.rules import (
    episode_evaluation_from_json,
    episode_evaluation_to_json,
    evaluate_case,
    evaluation_to_json,
)
from trochtrack.domain.vocabulary import LesionKind, RedFlag, Severity, TreatmentKind

SEVERITY_ORDER = [s.value for s in sorted(Severity, key=lambda s: s.rank)]


@pytest.fixture
def busy_case(build):
    """Failed first-line care, red flags, NSAID, two lesions and an enlarging bursa."""
    return build.episode(
        visits=[
            build.visit(0, 5, visa=60),
            build.visit(30, 8, visa=45, groc=-2, temp=38.2, flags=[RedFlag.NEUROLOGICAL_DEFICIT]),
        ],
        treatments=[build.treatment(TreatmentKind.NSAID, 0)],
        scans=[
            build.scan(
                0,
                build.finding("b1", LesionKind.ADVENTITIAL_BURSA, (24, 4, 23)),
                build.finding("c1", LesionKind.CALCIFICATION, (6, 4, 3)),
            ),
            build.scan(
                20,
                build.finding("b1", LesionKind.ADVENTITIAL_BURSA, (30, 6, 23)),
                build.finding("c1", LesionKind.CALCIFICATION, None),
            ),
        ],
    )


def _case(build, episode):
    return Case(patient=build.patient, episodes=(episode,))


def test_output_has_exactly_the_documented_shape(build, busy_case):
    episode = busy_case
    document = evaluation_to_json(
        evaluate_case(_case(build, episode), build.day(45), build.rules())
    )
    assert list(document) == [
        "format",
        "as_of",
        "preset",
        "rules_version",
        "patient",
        "episodes",
    ]
    assert document["format"] == "trochtrack-evaluation/1"
    assert (document["as_of"], document["preset"], document["patient"]) == (
        "2026-04-16",
        "protocol",
        "P-T",
    )
    assert document["rules_version"] == build.rules().version
    (ep,) = document["episodes"]
    assert list(ep) == ["ref", "status", "review_due", "escalation_due", "alerts", "lesions"]
    for alert in ep["alerts"]:
        assert list(alert) == ["code", "severity", "due", "summary", "evidence", "sources"]
        assert alert["summary"].startswith(("Consider", "Review"))
        assert "\n" not in alert["summary"]
        assert alert["sources"]
    for lesion in ep["lesions"]:
        assert list(lesion) == [
            "lesion",
            "kind",
            "change",
            "change_since_baseline",
            "features_changed",
            "volume_mm3",
            "previous_volume_mm3",
            "volume_approximate",
        ]
    json.dumps(document, allow_nan=False)


def test_alerts_are_sorted_by_severity_then_code(build, busy_case):
    episode = busy_case
    document = evaluation_to_json(
        evaluate_case(_case(build, episode), build.day(45), build.rules())
    )
    alerts = document["episodes"][0]["alerts"]
    keys = [(SEVERITY_ORDER.index(a["severity"]), a["code"]) for a in alerts]
    assert keys == sorted(keys)
    assert [a["code"] for a in alerts] == [
        "red-flag-infection",
        "conservative-care-failed",
        "lesion-enlarged",
        "nsaid-prolonged",
        "physio-not-started",
        "red-flag-neurological",
        "symptoms-worsening",
        "calcification-resolved",
    ]
    by_code = {a["code"]: a for a in alerts}
    assert by_code["conservative-care-failed"]["due"] == "2026-04-13"
    assert by_code["red-flag-infection"]["due"] is None
    assert len(by_code["conservative-care-failed"]["evidence"]["options"]) == 5
    assert by_code["lesion-enlarged"]["evidence"]["lesion"] == "b1"
    assert by_code["calcification-resolved"]["evidence"]["lesion"] == "c1"


@pytest.mark.parametrize("offset", [0, 10, 30, 45, 200])
def test_episode_evaluation_round_trips(build, busy_case, offset):
    episode = busy_case
    evaluation = build.evaluate(episode, offset)
    document = episode_evaluation_to_json(evaluation)
    assert episode_evaluation_from_json(document) == evaluation
    assert episode_evaluation_from_json(json.loads(json.dumps(document))) == evaluation


def test_every_example_round_trips(build, example_cases):
    for path in example_cases.values():
        case = load_case_json(path.read_text(encoding="utf-8"))
        for as_of in (date(2026, 9, 10), date(2026, 10, 20), date(2027, 1, 1)):
            for episode in evaluate_case(case, as_of, build.rules()).episodes:
                text = json.dumps(episode_evaluation_to_json(episode))
                assert episode_evaluation_from_json(json.loads(text)) == episode


def test_reading_a_damaged_cache_names_the_field(build, busy_case):
    episode = busy_case
    document = episode_evaluation_to_json(build.evaluate(episode, 45))
    document["alerts"][1]["severity"] = "urgent"
    with pytest.raises(ValidationError) as caught:
        episode_evaluation_from_json(document)
    assert caught.value.path == "alerts[1].severity"

    document = episode_evaluation_to_json(build.evaluate(episode, 45))
    del document["lesions"][0]["latest"]["dims_mm"]
    with pytest.raises(ValidationError) as caught:
        episode_evaluation_from_json(document)
    assert caught.value.path == "lesions[0].latest.dims_mm"

    with pytest.raises(ValidationError) as caught:
        episode_evaluation_from_json({"format": "something-else"})
    assert caught.value.path == "format"
