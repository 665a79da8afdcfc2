"""The outcome measures in trochtrack-case/1: the new keys round-trip exactly, files
without them read as before, and a bad form is refused naming its field."""

import json
from pathlib import Path
from typing import Any

import pytest

from trochtrack.domain.case_format import case_from_json, case_to_json, load_case_json
from trochtrack.domain.errors import ValidationError

VISA_G_ITEMS = {"1": 5, "2": 5, "3": 7, "4": 2, "5": 5, "6": 5, "7": 4, "8B": 10}
CORE_SET = {
    "stance_pain_left_s": 30,
    "stance_pain_right_s": 8.5,
    "stair_pain_nrs": 6,
    "abduction_left": 120,
    "abduction_right": 95.5,
    "abduction_unit": "N",
    "body_mass_kg": 72,
}


def _seed_with_measures(example_cases: dict[str, Path]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_cases["seed-case"].read_text(encoding="utf-8"))
    visit = data["episodes"][0]["visits"][0]
    visit["visa_g"] = 43
    visit.update(CORE_SET)
    visit["questionnaires"] = [
        {"instrument": "visa_g", "answers": dict(VISA_G_ITEMS)},
        {"instrument": "lefs", "answers": {str(n): 3 for n in range(1, 20)} | {"20": None}},
        {
            "instrument": "psfs",
            "activities": [
                {"activity": "Stairs", "score": 4},
                {"activity": "Lying on the left side", "score": 2},
                {"activity": "Walking for 30 minutes", "score": None},
            ],
        },
        {"instrument": "pseq2", "answers": {"1": 4, "2": 3}},
    ]
    return data


def test_every_new_field_round_trips_exactly(example_cases: dict[str, Path]):
    original = _seed_with_measures(example_cases)
    case = case_from_json(original)
    visit = case.episodes[0].visits[0]
    assert visit.visa_g == 43
    assert visit.outcomes.stance_pain_right_s == 8.5
    lefs = visit.questionnaires[1]
    assert lefs.score().missing == ("20",)
    written = case_to_json(case)
    assert json.dumps(written, sort_keys=True) == json.dumps(original, sort_keys=True)


def test_items_without_a_typed_total_give_the_visit_its_total(example_cases: dict[str, Path]):
    data = _seed_with_measures(example_cases)
    del data["episodes"][0]["visits"][0]["visa_g"]
    case = case_from_json(data)
    assert case.episodes[0].visits[0].visa_g == 43
    assert case_to_json(case)["episodes"][0]["visits"][0]["visa_g"] == 43


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda v: v["questionnaires"][0]["answers"].__setitem__("8A", 5),
            "episodes[0].visits[0].questionnaires[0].answers.8A: item 8 is answered in parts",
        ),
        (
            lambda v: v.__setitem__("visa_g", 50),
            "episodes[0].visits[0].visa_g: 50 is not the total of its items (43)",
        ),
        (
            lambda v: v["questionnaires"][2].__setitem__("answers", {"1": 4}),
            "episodes[0].visits[0].questionnaires[2].answers: PSFS lists its activities",
        ),
        (
            lambda v: v["questionnaires"][1].__setitem__("total", 57),
            "episodes[0].visits[0].questionnaires[1].total: unknown field",
        ),
        (
            lambda v: v["questionnaires"][3].__setitem__("instrument", "ohs"),
            "episodes[0].visits[0].questionnaires[3].instrument: 'ohs' is not one of",
        ),
        (
            lambda v: v.__setitem__("abduction_unit", "lb"),
            "episodes[0].visits[0].abduction_unit: 'lb' is not a unit here (N or kg)",
        ),
        (
            lambda v: v.__setitem__("stance_pain_left_s", 45),
            "episodes[0].visits[0].stance_pain_left_s: 45 s is past the 30 s cap",
        ),
    ],
)
def test_a_bad_measure_is_refused_naming_its_field(example_cases, change, message):
    data = _seed_with_measures(example_cases)
    change(data["episodes"][0]["visits"][0])
    with pytest.raises(ValidationError) as refused:
        load_case_json(json.dumps(data))
    assert str(refused.value).startswith(message)
