"""How long an evaluation stays true when only the date moves.

An episode's evaluation changes with ``as_of`` only on certain days: the review and
escalation points, the physio-start limit, a closure, a record dated later entering the
picture, the follow-up scan falling due, a 65th birthday, an NSAID course crossing its
limit or leaving the days after its end in which the pitfall still stands. Until the
first of those days the status, the alerts and the due items are the same, so a cached
evaluation can serve the due list without evaluating again. Alerts that count days in
their wording (a late exercise programme, an NSAID course still running) change every
day, so an evaluation with one of them holds for one day only; an NSAID alert about a
course that has ended names the patient's age, which changes on their birthday.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from trochtrack.domain.model import Episode, Patient
from trochtrack.domain.rules.alerts import Alert
from trochtrack.domain.rules.config import RulesConfig
from trochtrack.domain.rules.dates import days_after
from trochtrack.domain.rules.engine import EpisodeEvaluation
from trochtrack.domain.vocabulary import AlertCode, TreatmentKind


def valid_until(
    patient: Patient, episode: Episode, evaluation: EpisodeEvaluation, rules: RulesConfig
) -> date | None:
    """The first day after ``evaluation.as_of`` on which the evaluation may differ.

    ``None`` means it holds for every later day.
    """
    as_of = evaluation.as_of
    if any(_counts_days(alert) for alert in evaluation.alerts):
        return days_after(as_of, 1)
    later = [day for day in _turning_points(patient, episode, evaluation, rules) if day > as_of]
    if any(alert.code is AlertCode.NSAID_PROLONGED for alert in evaluation.alerts):
        later.append(_next_birthday(patient.date_of_birth, as_of))
    return min(later, default=None)


def _counts_days(alert: Alert) -> bool:
    """Whether the alert's wording moves with every day (a count of days so far)."""
    if alert.code is AlertCode.PHYSIO_NOT_STARTED:
        return True
    if alert.code is not AlertCode.NSAID_PROLONGED:
        return False
    courses = alert.evidence.get("courses")
    return isinstance(courses, list) and any(
        isinstance(course, dict) and course.get("running") is True for course in courses
    )


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
            # Counted inclusively, a course passes ``limit`` days on start + limit.
            for limit in (limits.nsaid_max_days, limits.nsaid_max_days_older):
                yield days_after(treatment.start, limit)
            if treatment.end is not None:
                yield days_after(treatment.end, limits.nsaid_recent_days + 1)
    birthday = _birthday(patient.date_of_birth, limits.nsaid_older_age_years)
    if birthday is not None:
        yield birthday


def _next_birthday(born: date, as_of: date) -> date:
    """The patient's first birthday after ``as_of``."""
    for year in (as_of.year, as_of.year + 1):
        day = _birthday(born, year - born.year)
        if day is not None and day > as_of:
            return day
    return date.max


def _birthday(born: date, years: int) -> date | None:
    """The day the patient turns ``years`` (29 February counts from 1 March)."""
    year = born.year + years
    if year > date.max.year:
        return None
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)
