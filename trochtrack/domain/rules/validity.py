"""How long an evaluation stays true when only the date moves.

An episode's evaluation changes with ``as_of`` only on certain days: the review and
escalation points, the physio-start limit, a closure, a record dated later entering the
picture, the follow-up scan falling due, a 65th birthday, an NSAID course crossing its
limit. Until the first of those days the status, the alerts and the due items are the
same, so a cached evaluation can serve the due list without evaluating again. Alerts
that count days in their wording (a late exercise programme, a long NSAID course) change
every day, so an evaluation with one of them holds for one day only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final

from trochtrack.domain.model import Episode, Patient
from trochtrack.domain.rules.config import RulesConfig
from trochtrack.domain.rules.dates import days_after
from trochtrack.domain.rules.engine import EpisodeEvaluation
from trochtrack.domain.vocabulary import AlertCode, TreatmentKind

_COUNTS_DAYS: Final = frozenset({AlertCode.PHYSIO_NOT_STARTED, AlertCode.NSAID_PROLONGED})


def valid_until(
    patient: Patient, episode: Episode, evaluation: EpisodeEvaluation, rules: RulesConfig
) -> date | None:
    """The first day after ``evaluation.as_of`` on which the evaluation may differ.

    ``None`` means it holds for every later day.
    """
    as_of = evaluation.as_of
    if any(alert.code in _COUNTS_DAYS for alert in evaluation.alerts):
        return days_after(as_of, 1)
    later = [day for day in _turning_points(patient, episode, evaluation, rules) if day > as_of]
    return min(later, default=None)


def _turning_points(
    patient: Patient, episode: Episode, evaluation: EpisodeEvaluation, rules: RulesConfig
) -> Iterator[date]:
    yield evaluation.review_due
    yield evaluation.escalation_due
    yield days_after(episode.first_line_start, rules.treatments.physio_start_days)
    if episode.closed_date is not None:
        yield episode.closed_date
    if evaluation.follow_up_scan_due is not None:
        yield evaluation.follow_up_scan_due
    for visit in episode.visits:
        yield visit.date
    for scan in episode.scans:
        yield scan.date
    limits = rules.treatments
    for treatment in episode.treatments:
        yield treatment.start
        if treatment.end is not None:
            yield treatment.end
            yield days_after(treatment.end, 1)
        if treatment.kind is TreatmentKind.NSAID:
            for limit in (limits.nsaid_max_days, limits.nsaid_max_days_older):
                yield days_after(treatment.start, limit + 1)
    birthday = _birthday(patient.date_of_birth, limits.nsaid_older_age_years)
    if birthday is not None:
        yield birthday


def _birthday(born: date, years: int) -> date | None:
    """The day the patient turns ``years`` (29 February counts from 1 March)."""
    year = born.year + years
    if year > date.max.year:
        return None
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)
