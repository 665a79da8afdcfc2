"""How charts, letters and handouts name dates and the clinical vocabulary.

Dates are written one way everywhere ("20 Oct 2026"): day first, an English month
abbreviation, the full year. The month names are spelled out here rather than taken from
``strftime("%b")``, which follows the process locale (Qt sets it from the desktop), so
a letter would otherwise read "20 Okt 2026" on one workstation and "20 Oct 2026" on
another.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from trochtrack.domain.vocabulary import (
    Diagnosis,
    EpisodeStatus,
    LesionChange,
    LesionKind,
    Modality,
    Side,
    TreatmentKind,
)

MONTH_ABBREVIATIONS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def long_date(day: date) -> str:
    """``20 Oct 2026``: the one date format of every document."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    """``20 Oct``: chart ticks, where the axis label gives the year."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


TREATMENT_LABELS: Final[dict[TreatmentKind, str]] = {
    TreatmentKind.EXERCISE_PROGRAM: "Exercise programme",
    TreatmentKind.EDUCATION: "Education",
    TreatmentKind.ACTIVITY_MODIFICATION: "Activity modification",
    TreatmentKind.NSAID: "Anti-inflammatory (NSAID)",
    TreatmentKind.THERAPEUTIC_ULTRASOUND: "Therapeutic ultrasound",
    TreatmentKind.MANUAL_THERAPY: "Manual therapy",
    TreatmentKind.ICE: "Ice",
    TreatmentKind.CORTICOSTEROID_INJECTION: "Corticosteroid injection",
    TreatmentKind.ESWT: "Shockwave therapy (ESWT)",
    TreatmentKind.PRP_INJECTION: "PRP injection",
    TreatmentKind.BARBOTAGE: "Barbotage",
    TreatmentKind.TENOTOMY: "Tenotomy",
    TreatmentKind.SURGICAL_REFERRAL: "Surgical referral",
}

DIAGNOSIS_LABELS: Final[dict[Diagnosis, str]] = {
    Diagnosis.GTPS: "greater trochanteric pain syndrome",
    Diagnosis.TROCHANTERIC_BURSITIS: "trochanteric bursitis",
    Diagnosis.GLUTEAL_TENDINOPATHY: "gluteal tendinopathy",
    Diagnosis.CALCIFIC_TENDINOPATHY: "calcific tendinopathy",
}

SIDE_LABELS: Final[dict[Side, str]] = {Side.LEFT: "left", Side.RIGHT: "right"}

LESION_KIND_LABELS: Final[dict[LesionKind, str]] = {
    LesionKind.FLUID_COLLECTION: "fluid collection",
    LesionKind.ADVENTITIAL_BURSA: "adventitial bursa",
    LesionKind.TROCHANTERIC_BURSA: "trochanteric bursa",
    LesionKind.CALCIFICATION: "calcification",
    LesionKind.TENDINOPATHY: "tendinopathy",
    LesionKind.PARTIAL_TEAR: "partial tear",
    LesionKind.FULL_TEAR: "full-thickness tear",
}

CHANGE_LABELS: Final[dict[LesionChange, str]] = {
    LesionChange.SINGLE_MEASUREMENT: "first measurement",
    LesionChange.NOT_COMPARABLE: "not comparable (other modality)",
    LesionChange.RESOLVED: "resolved (not visualised)",
    LesionChange.ENLARGED: "enlarged",
    LesionChange.REDUCED: "reduced",
    LesionChange.NO_RELIABLE_CHANGE: "no reliable change",
}

MODALITY_LABELS: Final[dict[Modality, str]] = {
    Modality.US: "ultrasound",
    Modality.MRI: "MRI",
    Modality.XR: "X-ray",
    Modality.CT: "CT",
}

STATUS_LABELS: Final[dict[EpisodeStatus, str]] = {
    EpisodeStatus.CLOSED: "episode closed",
    EpisodeStatus.ESCALATED: "second-line care started",
    EpisodeStatus.IN_PROGRESS: "first-line care under way",
    EpisodeStatus.RESPONDING: "responding to first-line care",
    EpisodeStatus.LIMITED_RESPONSE: "limited response so far",
    EpisodeStatus.FAILED: "no clinically important improvement by the decision point",
    EpisodeStatus.AWAITING_ASSESSMENT: "response not yet assessed",
    EpisodeStatus.ASSESSMENT_OVERDUE: "response assessment overdue",
}


_ISO_DATE: Final = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def readable(text: str) -> str:
    """Rules text as people read it: dates as "20 Oct 2026", proper ≥ and ≤.

    The rules write ISO dates and ``>=`` (plain text that sorts and parses); the window
    and the documents show the one date format used everywhere else.
    """
    text = _ISO_DATE.sub(
        lambda match: long_date(date(int(match[1]), int(match[2]), int(match[3]))), text
    )
    return text.replace(">=", "≥").replace("<=", "≤")


def literal_text(text: str) -> str:
    """Text shown as typed, never as matplotlib mathematics.

    Matplotlib reads a pair of ``$`` as TeX: a lesion called ``bursa-$x$`` would print
    an italic x, and one with bad TeX stopped the whole letter.
    """
    return text.replace("$", r"\$")
