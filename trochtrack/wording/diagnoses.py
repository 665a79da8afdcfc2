"""How an episode's working diagnoses are named: in a sentence, and listed with dates.

The main diagnosis comes first and is called main only when there are others, so an
episode with one diagnosis reads exactly as it did before episodes could hold several.
"""

from __future__ import annotations

from collections.abc import Sequence

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import DIAGNOSIS_LABELS


def diagnosis_name(working: WorkingDiagnosis) -> str:
    """``gluteal tendinopathy``, or ``possible gluteal tendinopathy``."""
    name = DIAGNOSIS_LABELS[working.diagnosis]
    return f"possible {name}" if working.possible else name


def diagnoses_clause(diagnoses: Sequence[WorkingDiagnosis]) -> str:
    """``working diagnosis: X``, or ``working diagnoses: X (main) and possible Y``."""
    main, *others = diagnoses
    if not others:
        return f"working diagnosis: {diagnosis_name(main)}"
    names = [f"{diagnosis_name(main)} (main)", *(diagnosis_name(other) for other in others)]
    return f"working diagnoses: {', '.join(names[:-1])} and {names[-1]}"


def diagnoses_heading(diagnoses: Sequence[WorkingDiagnosis]) -> str:
    """``Working diagnosis``, or ``Working diagnoses`` when there are several."""
    return "Working diagnoses" if len(diagnoses) > 1 else "Working diagnosis"


def diagnoses_listed(diagnoses: Sequence[WorkingDiagnosis]) -> str:
    """Each diagnosis with its date, the main one first and marked when there are others.

    ``Greater trochanteric pain syndrome (main, since 5 Jan 2026); possible gluteal
    tendinopathy (since 20 Jan 2026)``.
    """
    several = len(diagnoses) > 1
    parts = []
    for position, working in enumerate(diagnoses):
        notes = ["main"] if several and position == 0 else []
        if working.since is not None:
            notes.append(f"since {long_date(working.since)}")
        part = diagnosis_name(working)
        parts.append(f"{part} ({', '.join(notes)})" if notes else part)
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
