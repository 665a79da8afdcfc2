"""Entries that are possible but unlikely: the window asks before it saves one.

What cannot be true (a visit before the patient was born, a date of birth in the future)
is refused by the records themselves. What is merely unusual is often a typing slip (a
year off by ten, a visit entered twice), so the clinician is asked, and may save anyway:
a patient older than 110, a scan more than a year before the episode began, a second
visit on one day, a treatment begun before first-line care.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Final

from trochtrack.domain.model import Episode, Patient, Scan, Treatment, Visit

OLDEST_LIKELY_AGE_YEARS: Final = 110
SCAN_LEAD_LIKELY: Final = timedelta(days=365)
"""How long before an episode began a scan of it is still unremarkable."""


class DoubtKind(Enum):
    """Why an entry looks unlikely."""

    OLD_AGE = "old_age"
    SCAN_LONG_BEFORE_EPISODE = "scan_long_before_episode"
    SECOND_VISIT_SAME_DAY = "second_visit_same_day"
    TREATMENT_BEFORE_EPISODE = "treatment_before_episode"


@dataclass(frozen=True, slots=True, kw_only=True)
class Doubt:
    """One reason to ask: the field, the date entered and what it was compared with."""

    kind: DoubtKind
    field: str
    entered: date
    compared_with: date
    years: int = 0
    """The patient's age, for :attr:`DoubtKind.OLD_AGE`."""


def patient_doubts(patient: Patient, today: date) -> list[Doubt]:
    """An age over :data:`OLDEST_LIKELY_AGE_YEARS` on ``today``."""
    age = patient.age_on(today)
    if age <= OLDEST_LIKELY_AGE_YEARS:
        return []
    return [
        Doubt(
            kind=DoubtKind.OLD_AGE,
            field="date_of_birth",
            entered=patient.date_of_birth,
            compared_with=today,
            years=age,
        )
    ]


def _episode_began(episode: Episode) -> date:
    if episode.onset_date is None:
        return episode.first_line_start
    return min(episode.onset_date, episode.first_line_start)


def scan_doubts(episode: Episode, scan: Scan) -> list[Doubt]:
    """A scan more than a year before the episode began (its onset, or first-line care)."""
    began = _episode_began(episode)
    if scan.date >= began - SCAN_LEAD_LIKELY:
        return []
    return [
        Doubt(
            kind=DoubtKind.SCAN_LONG_BEFORE_EPISODE,
            field="date",
            entered=scan.date,
            compared_with=began,
        )
    ]


def visit_doubts(episode: Episode, visit: Visit) -> list[Doubt]:
    """A second visit on one day (the visit itself, when corrected, is not counted)."""
    same_day = [
        other
        for other in episode.visits
        if other.date == visit.date and (visit.id is None or other.id != visit.id)
    ]
    if not same_day:
        return []
    return [
        Doubt(
            kind=DoubtKind.SECOND_VISIT_SAME_DAY,
            field="date",
            entered=visit.date,
            compared_with=visit.date,
        )
    ]


def treatment_doubts(episode: Episode, treatment: Treatment) -> list[Doubt]:
    """A treatment begun before the episode's first-line care."""
    if treatment.start >= episode.first_line_start:
        return []
    return [
        Doubt(
            kind=DoubtKind.TREATMENT_BEFORE_EPISODE,
            field="start",
            entered=treatment.start,
            compared_with=episode.first_line_start,
        )
    ]
