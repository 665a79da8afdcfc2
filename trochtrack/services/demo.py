"""Demo patients for a first look at the app: the seed case and a few others.

The seed case keeps its own dates (it is the case the project started from). The other
patients are placed relative to the day they are loaded, so the due list shows a review
due this week, an overdue decision, a red flag and a resolving calcification whatever
the date.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from typing import Any

from trochtrack.domain.case_format import CASE_FORMAT, case_from_json, load_case_json
from trochtrack.domain.model import Case
from trochtrack.services.cases import ImportSummary, save_cases
from trochtrack.services.clinic import Clinic

SEED_CASE_RESOURCE = ("trochtrack.demo", "seed-case.json")


def seed_case() -> Case:
    """The seed case (P-SEED), from the package's own copy."""
    package, name = SEED_CASE_RESOURCE
    return load_case_json(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def demo_cases(today: date) -> list[Case]:
    """Every demo patient, with dates placed relative to ``today``."""

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    patients: list[dict[str, Any]] = [
        _case(
            {
                "ref": "P-DEMO-01",
                "given_name": "Zoë",
                "family_name": "Ångström-Łukasz",
                "date_of_birth": "1962-03-09",
                "sex": "female",
                "gp": {
                    "name": "Dr H Okafor",
                    "practice": "Harbour Lane Practice",
                    "address": "4 Harbour Lane\nPortbridge PB3 9QT",
                },
            },
            {
                "ref": "E1",
                "side": "right",
                "diagnosis": "gluteal_tendinopathy",
                "onset_date": day(-90),
                "first_line_start": day(-24),
                "visits": [
                    {
                        "date": day(-24),
                        "pain_nrs": 6,
                        "night_pain_nrs": 7,
                        "visa_g": 52,
                        "temperature_c": 36.6,
                        "red_flags": [],
                        "notes": "Pain lying on the right side; stairs provoke it.",
                    },
                    {"date": day(-10), "pain_nrs": 5, "night_pain_nrs": 5, "visa_g": 58, "groc": 1},
                ],
                "treatments": [
                    {"kind": "education", "start": day(-24)},
                    {
                        "kind": "exercise_program",
                        "start": day(-24),
                        "detail": "isometric abduction in standing, 5 x 45 s holds, daily",
                    },
                ],
                "scans": [],
            },
        ),
        _case(
            {
                "ref": "P-DEMO-02",
                "given_name": "Ελένη",
                "family_name": "Παπαδοπούλου",
                "date_of_birth": "1979-11-21",
                "sex": "female",
            },
            {
                "ref": "E1",
                "side": "left",
                "diagnosis": "calcific_tendinopathy",
                "first_line_start": day(-9),
                "visits": [
                    {"date": day(-9), "pain_nrs": 6, "visa_g": 49},
                    {
                        "date": day(-1),
                        "pain_nrs": 9,
                        "temperature_c": 38.3,
                        "red_flags": ["acute_severe_pain", "unable_to_weight_bear"],
                        "notes": "Sudden severe pain since yesterday, feels feverish.",
                    },
                ],
                "treatments": [
                    {"kind": "exercise_program", "start": day(-9)},
                    {
                        "kind": "nsaid",
                        "start": day(-9),
                        "detail": "ibuprofen 400 mg three times daily",
                    },
                ],
                "scans": [
                    {
                        "date": day(-14),
                        "modality": "US",
                        "findings": [
                            {
                                "lesion": "calc-1",
                                "kind": "calcification",
                                "site": "gluteus medius insertion",
                                "dims_mm": [11, 6, 5],
                            }
                        ],
                    },
                ],
            },
        ),
        _case(
            {
                "ref": "P-DEMO-03",
                "given_name": "José",
                "family_name": "Ñúñez",
                "date_of_birth": "1955-06-30",
                "sex": "male",
                "gp": {
                    "name": "Dr M Byrne",
                    "practice": "Castle Street Surgery",
                    "address": "19 Castle Street\nOldtown OT1 4RR",
                },
            },
            {
                "ref": "E1",
                "side": "right",
                "diagnosis": "gtps",
                "first_line_start": day(-45),
                "visits": [
                    {"date": day(-45), "pain_nrs": 5, "night_pain_nrs": 4, "visa_g": 61},
                    {"date": day(-17), "pain_nrs": 3, "night_pain_nrs": 2, "visa_g": 70, "groc": 3},
                ],
                "treatments": [
                    {"kind": "education", "start": day(-45)},
                    {
                        "kind": "exercise_program",
                        "start": day(-45),
                        "detail": "side-lying and standing abduction, 3 x 10, every other day",
                    },
                ],
                "scans": [
                    {
                        "date": day(-50),
                        "modality": "US",
                        "findings": [
                            {
                                "lesion": "fluid-1",
                                "kind": "trochanteric_bursa",
                                "dims_mm": [14, 9, 6],
                            },
                            {"lesion": "calc-1", "kind": "calcification", "dims_mm": [6, 4, 3]},
                        ],
                    },
                    {
                        "date": day(-12),
                        "modality": "US",
                        "findings": [
                            {
                                "lesion": "fluid-1",
                                "kind": "trochanteric_bursa",
                                "dims_mm": [9, 6, 5],
                            },
                            {"lesion": "calc-1", "kind": "calcification", "dims_mm": None},
                        ],
                    },
                ],
            },
        ),
        _case(
            {
                "ref": "P-DEMO-04",
                "given_name": "Thomas",
                "family_name": "O'Brien",
                "date_of_birth": "1948-01-15",
                "sex": "male",
            },
            {
                "ref": "E1",
                "side": "left",
                "diagnosis": "trochanteric_bursitis",
                "first_line_start": day(-70),
                "visits": [
                    {"date": day(-70), "pain_nrs": 5, "visa_g": 60},
                    {"date": day(-40), "pain_nrs": 4, "visa_g": 63, "groc": 1},
                    {"date": day(-6), "pain_nrs": 7, "visa_g": 51, "groc": -2},
                ],
                "treatments": [
                    {"kind": "education", "start": day(-70)},
                    {"kind": "exercise_program", "start": day(-70)},
                    {"kind": "nsaid", "start": day(-20), "detail": "naproxen 250 mg twice daily"},
                ],
                "scans": [
                    {
                        "date": day(-75),
                        "modality": "US",
                        "findings": [
                            {
                                "lesion": "bursa-1",
                                "kind": "adventitial_bursa",
                                "site": "posterior to the greater trochanter",
                                "dims_mm": [20, 5, 18],
                            }
                        ],
                    },
                    {
                        "date": day(-8),
                        "modality": "US",
                        "findings": [
                            {
                                "lesion": "bursa-1",
                                "kind": "adventitial_bursa",
                                "site": "posterior to the greater trochanter",
                                "dims_mm": [26, 7, 19],
                            }
                        ],
                    },
                ],
            },
        ),
        _case(
            {
                "ref": "P-DEMO-05",
                "given_name": "Aisha",
                "family_name": "Rahman",
                "date_of_birth": "1983-08-02",
                "sex": "female",
            },
            {
                "ref": "E1",
                "side": "right",
                "diagnosis": "gtps",
                "first_line_start": day(-3),
                "visits": [{"date": day(-3), "pain_nrs": 6, "night_pain_nrs": 5, "visa_g": 55}],
                "treatments": [{"kind": "education", "start": day(-3)}],
                "scans": [],
            },
        ),
        _case(
            {
                "ref": "P-DEMO-06",
                "given_name": "Margit",
                "family_name": "Kovács",
                "date_of_birth": "1969-12-05",
                "sex": "female",
            },
            {
                "ref": "E1",
                "side": "left",
                "diagnosis": "gtps",
                "first_line_start": day(-120),
                "closed_date": day(-30),
                "closed_reason": "discharged, symptoms resolved",
                "visits": [
                    {"date": day(-120), "pain_nrs": 6, "visa_g": 50},
                    {"date": day(-60), "pain_nrs": 2, "visa_g": 81, "groc": 4},
                ],
                "treatments": [{"kind": "exercise_program", "start": day(-120)}],
                "scans": [],
            },
        ),
    ]
    return [seed_case(), *(case_from_json(data, not_after=today) for data in patients)]


def load_demo(clinic: Clinic) -> list[ImportSummary]:
    """Add (or refresh) the demo patients in the clinic database."""
    return save_cases(clinic, demo_cases(clinic.today()))


def _case(patient: dict[str, Any], episode: dict[str, Any]) -> dict[str, Any]:
    return {"format": CASE_FORMAT, "patient": patient, "episodes": [episode]}
