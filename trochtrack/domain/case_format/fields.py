"""The keys of each object in a case file: which must be there and which may be.

Reading refuses any other key; writing writes the optional ones back when they have a
value or the file wrote them out empty.
"""

from __future__ import annotations

from typing import Any, Final

CASE_FORMAT: Final = "trochtrack-case/1"

JsonObject = dict[str, Any]

PATIENT_REQUIRED: Final = ("ref", "given_name", "family_name", "date_of_birth", "sex")
PATIENT_OPTIONAL: Final = ("gp", "phone", "email", "address")
GP_OPTIONAL: Final = ("name", "practice", "address")

EPISODE_REQUIRED: Final = ("ref", "side", "diagnosis", "first_line_start")
EPISODE_OPTIONAL: Final = (
    "diagnosis_since",
    "other_diagnoses",
    "onset_date",
    "closed_date",
    "closed_reason",
    "notes",
    "next_appointment",
    "visits",
    "treatments",
    "scans",
)

WORKING_DIAGNOSIS_REQUIRED: Final = ("diagnosis",)
WORKING_DIAGNOSIS_OPTIONAL: Final = ("since", "possible")

VISIT_REQUIRED: Final = ("date", "pain_nrs")
VISIT_OPTIONAL: Final = (
    "night_pain_nrs",
    "visa_g",
    "groc",
    "temperature_c",
    "red_flags",
    "notes",
    "clinician",
    "stance_pain_left_s",
    "stance_pain_right_s",
    "stair_pain_nrs",
    "abduction_left",
    "abduction_right",
    "abduction_unit",
    "body_mass_kg",
    "questionnaires",
)

TREATMENT_REQUIRED: Final = ("kind", "start")
TREATMENT_OPTIONAL: Final = ("end", "detail")

SCAN_REQUIRED: Final = ("date", "modality")
SCAN_OPTIONAL: Final = ("report", "findings")

FINDING_REQUIRED: Final = ("lesion", "kind")
FINDING_OPTIONAL: Final = ("site", "dims_mm", "features", "possible")
