"""Several working diagnoses per episode: the case format keeps them exactly, and refuses
what cannot be (the main one again, one twice, a date before birth) naming the field."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from trochtrack.domain.case_format import case_from_json, case_to_json
from trochtrack.domain.diagnoses import WorkingDiagnosis, diagnoses_as_of
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.vocabulary import Diagnosis

SEED = json.loads(
    (Path(__file__).parents[2] / "data" / "examples" / "bursa-characteristics.json").read_text()
)


def _with(**episode_keys: object) -> dict:
    data = copy.deepcopy(SEED)
    data["episodes"][0].update(episode_keys)
    return data


def test_other_diagnoses_are_read_and_written_back_exactly():
    data = _with(
        diagnosis_since="2026-01-05",
        other_diagnoses=[
            {"diagnosis": "calcific_tendinopathy", "since": "2026-01-20"},
            {"diagnosis": "gluteal_tendinopathy", "since": None, "possible": True},
            {"diagnosis": "trochanteric_bursitis", "possible": False},
        ],
    )
    episode = case_from_json(data).episodes[0]
    assert episode.main_diagnosis == WorkingDiagnosis(
        diagnosis=Diagnosis(data["episodes"][0]["diagnosis"]), since=date(2026, 1, 5)
    )
    assert [(d.diagnosis, d.since, d.possible) for d in episode.other_diagnoses] == [
        (Diagnosis.CALCIFIC_TENDINOPATHY, date(2026, 1, 20), None),
        (Diagnosis.GLUTEAL_TENDINOPATHY, None, True),
        (Diagnosis.TROCHANTERIC_BURSITIS, None, False),
    ]
    assert case_to_json(case_from_json(data)) == data


def test_a_file_without_them_reads_and_writes_back_unchanged():
    assert "other_diagnoses" not in SEED["episodes"][0]
    assert case_from_json(SEED).episodes[0].other_diagnoses == ()
    assert case_to_json(case_from_json(SEED)) == SEED


@pytest.mark.parametrize(
    ("others", "path", "message"),
    [
        ([{"diagnosis": "MAIN"}], "other_diagnoses[0].diagnosis", "is already the main diagnosis"),
        (
            [{"diagnosis": "calcific_tendinopathy"}, {"diagnosis": "calcific_tendinopathy"}],
            "other_diagnoses[1].diagnosis",
            "calcific_tendinopathy is listed twice",
        ),
        ([{"diagnosis": "bursa"}], "other_diagnoses[0].diagnosis", "unknown value 'bursa'"),
        (
            [{"diagnosis": "calcific_tendinopathy", "possible": "yes"}],
            "other_diagnoses[0].possible",
            "expected true or false",
        ),
        (
            [{"diagnosis": "calcific_tendinopathy", "since": "1900-01-01"}],
            "other_diagnoses[0].since",
            "before the date of birth",
        ),
        ([{"since": "2026-01-05"}], "other_diagnoses[0].diagnosis", "is required"),
        ("calcific_tendinopathy", "other_diagnoses", "expected a list"),
    ],
    ids=["main-again", "twice", "unknown", "possible-text", "before-birth", "no-diagnosis", "text"],
)
def test_impossible_other_diagnoses_are_refused_naming_the_field(others, path, message):
    main = SEED["episodes"][0]["diagnosis"]
    if isinstance(others, list):
        others = [{k: main if v == "MAIN" else v for k, v in other.items()} for other in others]
    with pytest.raises(ValidationError) as refused:
        case_from_json(_with(other_diagnoses=others))
    assert refused.value.path == f"episodes[0].{path}"
    assert message in str(refused.value)


def test_a_diagnosis_since_after_today_is_refused_on_import():
    data = _with(other_diagnoses=[{"diagnosis": "calcific_tendinopathy", "since": "2026-12-24"}])
    with pytest.raises(ValidationError) as refused:
        case_from_json(data, not_after=date(2026, 12, 1))
    assert refused.value.path == "episodes[0].other_diagnoses[0].since"


def test_as_of_a_day_only_the_diagnoses_made_by_then_count():
    main = WorkingDiagnosis(diagnosis=Diagnosis.GTPS)
    early = WorkingDiagnosis(diagnosis=Diagnosis.TROCHANTERIC_BURSITIS, since=date(2026, 1, 5))
    late = WorkingDiagnosis(diagnosis=Diagnosis.CALCIFIC_TENDINOPATHY, since=date(2026, 3, 1))
    undated = WorkingDiagnosis(diagnosis=Diagnosis.GLUTEAL_TENDINOPATHY)
    others = (early, late, undated)
    assert diagnoses_as_of(main, others, date(2026, 2, 1)) == (main, early, undated)
    assert diagnoses_as_of(main, others, date(2026, 3, 1)) == (main, *others)
