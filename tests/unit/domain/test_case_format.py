"""Reading and writing trochtrack-case/1: exact round trips and field-named errors."""

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from trochtrack.domain.case_format import case_from_json, case_to_json, load_case_json
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.vocabulary import Visibility


def test_every_example_reads_and_writes_back_the_same_json(example_cases: dict[str, Path]):
    assert set(example_cases) == {
        "bursa-characteristics",
        "bursa-enlarging",
        "bursa-slow-growth",
        "red-flag-fever",
        "responding-resolving",
        "seed-case",
    }
    for path in example_cases.values():
        original = json.loads(path.read_text(encoding="utf-8"))
        written = case_to_json(case_from_json(original))
        assert json.dumps(written, sort_keys=True) == json.dumps(original, sort_keys=True)


def test_seed_case_findings_keep_their_meaning(example_cases: dict[str, Path]):
    case = load_case_json(example_cases["seed-case"].read_text(encoding="utf-8"))
    findings = {f.lesion: f for f in case.episodes[0].scans[0].findings}
    assert findings["bursa-1"].dims_mm == (24.0, 4.0, 23.0)
    assert findings["tendon-1"].visibility is Visibility.NOT_MEASURED
    assert findings["fluid-1"].volume_mm3 == pytest.approx(167.55, abs=0.01)


def _seed(example_cases: dict[str, Path]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_cases["seed-case"].read_text(encoding="utf-8"))
    return data


BAD_EDITS = [
    (
        lambda d: d["episodes"][0]["visits"][2].__setitem__("pain_nrs", 11),
        "episodes[0].visits[2].pain_nrs: 11 is outside 0–10",
    ),
    (
        lambda d: d["episodes"][0]["visits"][0].__setitem__("visa_g", 101),
        "episodes[0].visits[0].visa_g: 101 is outside 0–100",
    ),
    (
        lambda d: d["episodes"][0]["visits"][1].__setitem__("groc", -6),
        "episodes[0].visits[1].groc: -6 is outside −5 to +5",
    ),
    (
        lambda d: d["episodes"][0]["visits"][0].__setitem__("temperature_c", 52.0),
        "episodes[0].visits[0].temperature_c: 52 is outside 30–45",
    ),
    (
        lambda d: d["episodes"][0]["visits"][0].__setitem__("pain_nrs", "7"),
        "episodes[0].visits[0].pain_nrs: expected a whole number, got text '7'",
    ),
    (
        lambda d: d["episodes"][0]["visits"][0].__setitem__("pian_nrs", 3),
        "episodes[0].visits[0].pian_nrs: unknown field",
    ),
    (
        lambda d: d["patient"].pop("date_of_birth"),
        "patient.date_of_birth: is required",
    ),
    (
        lambda d: d["episodes"][0].pop("first_line_start"),
        "episodes[0].first_line_start: is required",
    ),
    (
        lambda d: d["episodes"][0]["scans"][0]["findings"][1].__setitem__("dims_mm", [4, -4, 2]),
        "episodes[0].scans[0].findings[1].dims_mm[1]: -4 mm must be greater than 0",
    ),
    (
        lambda d: d["episodes"][0]["scans"][0]["findings"][0].__setitem__("dims_mm", [8, 8]),
        "episodes[0].scans[0].findings[0].dims_mm: expected 3 diameters, got 2",
    ),
    (
        lambda d: d["episodes"][0]["scans"][0]["findings"][0].pop("dims_mm"),
        "episodes[0].scans[0].findings[0].dims_mm: is required for a fluid_collection "
        "(three diameters in mm, or null)",
    ),
    (
        lambda d: d["episodes"][0]["visits"][3].__setitem__("date", "1970-01-01"),
        "episodes[0].visits[3].date: 1970-01-01 is before the date of birth (1971-05-14)",
    ),
    (
        lambda d: d["episodes"][0]["visits"][1].__setitem__("date", "2026-09-31"),
        "episodes[0].visits[1].date: 2026-09-31 is not a real date",
    ),
    (
        lambda d: d["episodes"][0].__setitem__("side", "both"),
        "episodes[0].side: unknown value 'both' (one of: left, right)",
    ),
    (
        lambda d: d["episodes"][0]["treatments"][3].__setitem__("end", "2026-09-01"),
        "episodes[0].treatments[3].end: 2026-09-01 is before the start of the treatment "
        "(2026-09-07)",
    ),
    (
        lambda d: d["episodes"][0]["visits"][0].__setitem__("red_flags", ["fever"]),
        "episodes[0].visits[0].red_flags[0]: unknown value 'fever' (one of: acute_severe_pain, "
        "unable_to_weight_bear, fall_or_trauma, hot_swollen_joint, systemically_unwell, "
        "constant_night_pain, unexplained_weight_loss, cancer_history, neurological_deficit, "
        "recent_injection)",
    ),
    (
        lambda d: d.__setitem__("format", "trochtrack-case/2"),
        "format: expected 'trochtrack-case/1', got 'trochtrack-case/2'",
    ),
    (
        lambda d: d["episodes"].append(copy.deepcopy(d["episodes"][0])),
        "episodes[1].ref: 'E1' is used by another episode",
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"), BAD_EDITS, ids=[m.split(":")[0] for _, m in BAD_EDITS]
)
def test_bad_input_names_the_field_and_the_problem(example_cases, edit, message):
    data = _seed(example_cases)
    edit(data)
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert str(caught.value) == message


def test_a_lesion_cannot_change_kind_between_scans(example_cases):
    data = json.loads(example_cases["bursa-enlarging"].read_text(encoding="utf-8"))
    data["episodes"][0]["scans"][1]["findings"][0]["kind"] = "fluid_collection"
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert caught.value.path == "episodes[0].scans[1].findings[0].kind"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "{",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2",
        ),
        ("[1, 2]", "expected an object, got a list"),
        ('{"format": "a", "format": "b"}', "not valid JSON: the key 'format' appears twice"),
    ],
)
def test_malformed_json_is_reported_with_its_position(text, problem):
    with pytest.raises(ValidationError) as caught:
        load_case_json(text)
    assert caught.value.problem == problem


def test_nan_and_infinity_written_in_json_are_refused(example_cases):
    text = example_cases["seed-case"].read_text(encoding="utf-8")
    with pytest.raises(ValidationError, match=r"temperature_c: NaN is not a finite number"):
        load_case_json(text.replace('"temperature_c": 36.9', '"temperature_c": NaN'))
    with pytest.raises(ValidationError, match=r"dims_mm\[0\]: infinity is not a finite number"):
        load_case_json(text.replace('"dims_mm": [8, 8, 5]', '"dims_mm": [Infinity, 8, 5]'))


def test_dates_after_today_are_refused_on_import_but_not_for_evaluation(example_cases):
    text = example_cases["seed-case"].read_text(encoding="utf-8")
    assert load_case_json(text).patient.ref == "P-SEED"
    with pytest.raises(ValidationError) as caught:
        load_case_json(text, not_after=date(2026, 10, 10))
    assert str(caught.value) == (
        "episodes[0].visits[3].date: 2026-10-19 is after the current date (2026-10-10)"
    )


def test_null_and_absent_optional_fields_stay_as_written():
    data = {
        "format": "trochtrack-case/1",
        "patient": {
            "ref": "P-1",
            "given_name": "Ann",
            "family_name": "Lee",
            "date_of_birth": "1970-01-01",
            "sex": "unknown",
            "gp": None,
        },
        "episodes": [
            {
                "ref": "E1",
                "side": "left",
                "diagnosis": "gtps",
                "first_line_start": "2026-01-05",
                "closed_date": None,
                "visits": [
                    {"date": "2026-01-05", "pain_nrs": 5.0, "groc": None, "red_flags": []},
                    {"date": "2026-01-19", "pain_nrs": 4, "temperature_c": 37.25},
                ],
            }
        ],
    }
    written = case_to_json(case_from_json(data))
    assert written == data
    assert written["episodes"][0]["visits"][0]["pain_nrs"] == 5
    assert "treatments" not in written["episodes"][0]


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*path, key))]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [p for index, item in enumerate(value) for p in _leaf_paths(item, (*path, index))]
    return [path]


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


SEED = json.loads((Path(__file__).parents[2] / "data" / "examples" / "seed-case.json").read_text())
FIELDS = [p for p in _leaf_paths(SEED) if p != ("format",)]


@pytest.mark.parametrize("path", FIELDS, ids=_dotted)
def test_every_field_refuses_a_value_of_the_wrong_kind_naming_itself(path):
    data = copy.deepcopy(SEED)
    _set(data, path, {"not": "this"})
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert caught.value.path.startswith(_dotted(path)), (caught.value.path, _dotted(path))


CHARACTERISTICS = json.loads(
    (Path(__file__).parents[2] / "data" / "examples" / "bursa-characteristics.json").read_text()
)
FEATURE_FIELDS = [p for p in _leaf_paths(CHARACTERISTICS) if "features" in p]


@pytest.mark.parametrize("path", FEATURE_FIELDS, ids=_dotted)
def test_every_characteristic_refuses_a_value_of_the_wrong_kind_naming_itself(path):
    data = copy.deepcopy(CHARACTERISTICS)
    _set(data, path, {"not": "this"})
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert caught.value.path == _dotted(path)


BURSA_1 = ("episodes", 0, "scans", 1, "findings", 2)


@pytest.mark.parametrize(
    ("features", "message"),
    [
        (
            {"content": "cloudy"},
            "features.content: unknown value 'cloudy' (one of: anechoic, hypoechoic, complex)",
        ),
        ({"wall": "thick"}, "features.wall: unknown value 'thick' (one of: thin, thickened)"),
        ({"doppler": True}, "features.doppler: unknown value True (one of: none, present)"),
        ({"septations": 1}, "features.septations: expected true or false, got 1"),
        ({"compressible": "yes"}, "features.compressible: expected true or false, got text 'yes'"),
        ({"echogenicity": "complex"}, "features.echogenicity: unknown field"),
        (["complex"], "features: expected an object, got a list"),
    ],
)
def test_bad_characteristics_name_the_field(features, message):
    data = copy.deepcopy(CHARACTERISTICS)
    _set(data, (*BURSA_1, "features"), features)
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert str(caught.value) == f"{_dotted(BURSA_1)}.{message}"


@pytest.mark.parametrize("finding", [1, 3], ids=["calcification", "tendinopathy"])
def test_characteristics_belong_to_bursae_and_collections_only(finding):
    data = copy.deepcopy(CHARACTERISTICS)
    path = ("episodes", 0, "scans", 0, "findings", finding)
    _set(data, (*path, "features"), {"content": "anechoic"})
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert caught.value.path == f"{_dotted(path)}.features"
    assert "only a bursa or fluid collection" in caught.value.problem


@pytest.mark.parametrize(
    "features",
    [{}, None, {"content": None, "wall": "thin"}, {"septations": False, "compressible": False}],
    ids=["empty", "null", "one-null", "flags-false"],
)
def test_characteristics_are_written_back_exactly(features):
    data = copy.deepcopy(CHARACTERISTICS)
    _set(data, (*BURSA_1, "features"), features)
    assert case_to_json(case_from_json(data)) == data


def test_characteristics_keep_their_meaning():
    case = case_from_json(CHARACTERISTICS)
    before, after = (
        {f.lesion: f for f in case.episodes[0].scans[index].findings}["bursa-1"].features
        for index in (0, 1)
    )
    assert before.describe() == "anechoic, thin wall, no Doppler flow, compressible"
    assert after.describe() == "complex content, thickened wall, Doppler flow, compressible"
    assert before.septations is None


@pytest.mark.parametrize(("patient", "kind"), [([], "a list"), ("Ann", "text")])
def test_a_patient_that_is_not_an_object_is_named_once(
    example_cases: dict[str, Path], patient, kind
):
    case = json.loads(example_cases["seed-case"].read_text(encoding="utf-8"))
    case["patient"] = patient
    with pytest.raises(ValidationError) as refused:
        load_case_json(json.dumps(case))
    assert str(refused.value) == f"patient: expected an object, got {kind}"


@pytest.mark.parametrize("possible", [True, False, None], ids=["true", "false", "null"])
def test_a_possible_finding_is_read_and_written_back_exactly(possible):
    data = copy.deepcopy(CHARACTERISTICS)
    _set(data, (*BURSA_1, "possible"), possible)
    case = case_from_json(data)
    finding = {f.lesion: f for f in case.episodes[0].scans[1].findings}["bursa-1"]
    assert finding.possible is possible
    assert case_to_json(case) == data


def test_a_finding_not_said_to_be_possible_exports_without_the_key():
    written = case_to_json(case_from_json(CHARACTERISTICS))
    assert written == CHARACTERISTICS
    assert all(
        "possible" not in finding
        for scan in written["episodes"][0]["scans"]
        for finding in scan["findings"]
    )


@pytest.mark.parametrize(
    ("possible", "shown"), [(1, "1"), (0, "0"), ("yes", "text 'yes'")], ids=["1", "0", "yes"]
)
def test_possible_is_true_or_false_only(possible, shown):
    data = copy.deepcopy(CHARACTERISTICS)
    _set(data, (*BURSA_1, "possible"), possible)
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert str(caught.value) == f"{_dotted(BURSA_1)}.possible: expected true or false, got {shown}"


@pytest.mark.parametrize(
    ("notes", "appointment"),
    [("Works nights; mornings suit her.", "2026-12-10"), (None, None)],
    ids=["given", "null"],
)
def test_an_episode_s_notes_and_next_appointment_are_written_back_exactly(notes, appointment):
    data = copy.deepcopy(CHARACTERISTICS)
    episode = data["episodes"][0]
    episode["notes"] = notes
    episode["next_appointment"] = appointment
    case = case_from_json(data)
    assert case.episodes[0].notes == notes
    assert case_to_json(case) == data


def test_a_next_appointment_may_lie_ahead_of_an_import_but_not_before_birth():
    data = copy.deepcopy(CHARACTERISTICS)
    data["episodes"][0]["next_appointment"] = "2027-01-15"
    case_from_json(data, not_after=date(2026, 12, 1))
    data["episodes"][0]["next_appointment"] = "1900-01-01"
    with pytest.raises(ValidationError) as caught:
        case_from_json(data)
    assert caught.value.path == "episodes[0].next_appointment"
