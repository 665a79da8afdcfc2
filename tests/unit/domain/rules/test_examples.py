"""The worked examples agree with their expected evaluations on every compared field."""

import json
from datetime import date
from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.rules import evaluate_case, evaluation_to_json

EXAMPLES = Path(__file__).parents[3] / "data" / "examples"
EXPECTED = sorted(EXAMPLES.glob("*.expected.json"))


def _alert_multiset(episode):
    return sorted((a["code"], a["severity"], a["due"]) for a in episode["alerts"])


def _lesion_fields(episode):
    return {
        lesion["lesion"]: (
            lesion["kind"],
            lesion["change"],
            lesion["change_since_baseline"],
            lesion["features_changed"],
            lesion["volume_mm3"],
            lesion["previous_volume_mm3"],
            lesion["volume_approximate"],
        )
        for lesion in episode["lesions"]
        if lesion["kind"] not in ("tendinopathy", "partial_tear", "full_tear")
    }


def test_every_example_has_an_expected_evaluation(example_cases):
    names = {path.name.split(".")[0] for path in EXPECTED}
    assert names == set(example_cases)
    assert len(EXPECTED) == 7


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda path: path.name)
def test_example_matches_expected(build, example_cases, expected_path):
    name, as_of = expected_path.name.split(".")[:2]
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    case = load_case_json(example_cases[name].read_text(encoding="utf-8"))
    actual = evaluation_to_json(evaluate_case(case, date.fromisoformat(as_of), build.rules()))

    assert (actual["format"], actual["as_of"], actual["preset"], actual["patient"]) == (
        expected["format"],
        expected["as_of"],
        expected["preset"],
        expected["patient"],
    )
    assert len(actual["episodes"]) == len(expected["episodes"])
    for got, want in zip(actual["episodes"], expected["episodes"], strict=True):
        assert got["ref"] == want["ref"]
        assert (got["status"], got["review_due"], got["escalation_due"]) == (
            want["status"],
            want["review_due"],
            want["escalation_due"],
        )
        assert _alert_multiset(got) == _alert_multiset(want)
        assert _lesion_fields(got) == _lesion_fields(want)
        assert [lesion["lesion"] for lesion in got["lesions"]] == [
            lesion["lesion"] for lesion in want["lesions"]
        ]
