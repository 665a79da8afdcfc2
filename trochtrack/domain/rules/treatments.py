"""Alerts about treatments, independent of the status table (docs/rules.md §5)."""

from __future__ import annotations

from datetime import date
from typing import Final

from trochtrack.domain.model import Patient, Treatment
from trochtrack.domain.rules.alerts import Alert, Evidence, JsonValue, iso
from trochtrack.domain.rules.config import RulesConfig
from trochtrack.domain.rules.dates import days_after, inclusive_days
from trochtrack.domain.rules.known import KnownEpisode
from trochtrack.domain.vocabulary import AlertCode, Severity, TreatmentKind

# Exercise and education beat an early injection [S15]; injection is not first line [S28].
INVASIVE_SOURCES: Final = ("S15", "S28")
# Exercise is the core of first-line care [S11][S15]; the 14-day start is unsourced.
PHYSIO_SOURCES: Final = ("S11", "S15", "DESIGN")
NSAID_SOURCES: Final = ("S51", "S55", "S56")

_NSAID_COVER: Final = (TreatmentKind.EXERCISE_PROGRAM, TreatmentKind.EDUCATION)


def treatment_alerts(known: KnownEpisode, patient: Patient, rules: RulesConfig) -> list[Alert]:
    """``invasive-before-review``, ``physio-not-started`` and ``nsaid-prolonged``, each once."""
    alerts = [
        _invasive_before_review(known, rules),
        _physio_not_started(known, rules),
        _nsaid_prolonged(known, patient, rules),
    ]
    return [alert for alert in alerts if alert is not None]


def _course(known: KnownEpisode, treatment: Treatment) -> dict[str, JsonValue]:
    return {
        "kind": treatment.kind.value,
        "start": iso(treatment.start),
        "end": iso(known.end_on_record(treatment)),
    }


def _invasive_before_review(known: KnownEpisode, rules: RulesConfig) -> Alert | None:
    review_due = rules.review_due(known.episode.first_line_start)
    early = [t for t in known.treatments if t.kind.invasive and t.start < review_due]
    if not early:
        return None
    kinds = ", ".join(dict.fromkeys(t.kind.value.replace("_", " ") for t in early))
    return Alert(
        code=AlertCode.INVASIVE_BEFORE_REVIEW,
        severity=Severity.WARNING,
        due=None,
        summary=(
            f"Review the timing of {kinds}: started before the first-line review point; "
            "invasive options are best weighed after a trial of exercise and education."
        ),
        why=(
            f"Invasive treatment started on {', '.join(t.start.isoformat() for t in early)}, "
            f"before the review point on {review_due.isoformat()} "
            f"({rules.review_weeks} weeks after first-line care began)."
        ),
        evidence={
            "treatments": [_course(known, t) for t in early],
            "first_line_start": iso(known.episode.first_line_start),
            "review_due": iso(review_due),
            "preset": rules.preset,
        },
        sources=INVASIVE_SOURCES,
    )


def _physio_not_started(known: KnownEpisode, rules: RulesConfig) -> Alert | None:
    days = rules.treatments.physio_start_days
    start = known.episode.first_line_start
    expected_by = days_after(start, days)
    if known.as_of < expected_by or known.started(TreatmentKind.EXERCISE_PROGRAM):
        return None
    return Alert(
        code=AlertCode.PHYSIO_NOT_STARTED,
        severity=Severity.WARNING,
        due=None,
        summary=(
            "Consider starting an exercise programme: none is recorded "
            f"{(known.as_of - start).days} days after first-line care began."
        ),
        why=(
            f"First-line care began on {start.isoformat()}; by {expected_by.isoformat()} "
            f"({days} days) an exercise programme is expected and none has started."
        ),
        evidence={
            "first_line_start": iso(start),
            "days_since_start": (known.as_of - start).days,
            "threshold_days": days,
            "treatments_on_record": [_course(known, t) for t in known.treatments],
        },
        sources=PHYSIO_SOURCES,
    )


def _nsaid_prolonged(known: KnownEpisode, patient: Patient, rules: RulesConfig) -> Alert | None:
    """A course longer than the limit, counted inclusively, that runs or ended lately.

    An open course, or one ending after ``as_of``, counts up to ``as_of``. Once a course
    ended more than ``nsaid_recent_days`` before ``as_of`` it no longer raises the alert:
    the pitfall is about the care being given now.
    """
    limits = rules.treatments
    age = patient.age_on(known.as_of)
    older = age >= limits.nsaid_older_age_years
    limit = limits.nsaid_max_days_older if older else limits.nsaid_max_days
    courses, longest = _prolonged_nsaid_courses(known, limit, limits.nsaid_recent_days)
    if not courses:
        return None
    covered = bool(known.started(*_NSAID_COVER))
    evidence: Evidence = {
        "courses": courses,
        "patient_age": age,
        "limit_days": limit,
        "older_age_years": limits.nsaid_older_age_years,
        "recent_days": limits.nsaid_recent_days,
        "exercise_or_education_started": covered,
        "rule": (
            f"a course longer than {limit} days, counting its first and last day, that is "
            f"still running or ended at most {limits.nsaid_recent_days} days ago"
        ),
    }
    days, ended = longest
    how_long = (
        f"has run {days} days" if ended is None else f"of {days} days ended on {ended.isoformat()}"
    )
    return Alert(
        code=AlertCode.NSAID_PROLONGED,
        severity=Severity.INFO if covered else Severity.WARNING,
        due=None,
        summary=(
            f"Review anti-inflammatory use with the prescriber or pharmacist: a course {how_long}."
        ),
        why=(
            f"Anti-inflammatory course of {days} days (first and last day counted), longer "
            f"than {limit} days"
            + (f" (the limit from age {limits.nsaid_older_age_years})" if older else "")
            + ("." if covered else "; no exercise programme or education has started alongside it.")
        ),
        evidence=evidence,
        sources=NSAID_SOURCES,
    )


def _prolonged_nsaid_courses(
    known: KnownEpisode, limit: int, recent_days: int
) -> tuple[list[JsonValue], tuple[int, date | None]]:
    """The courses over ``limit`` days still running or ended lately, as evidence.

    Also the longest of them: its length in days and the day it ended (``None`` while
    it runs).
    """
    courses: list[JsonValue] = []
    longest: tuple[int, date | None] = (0, None)
    for treatment in known.started(TreatmentKind.NSAID):
        end = known.end_on_record(treatment)
        days = inclusive_days(treatment.start, end or known.as_of)
        ended_days_ago = None if end is None else (known.as_of - end).days
        if days <= limit or (ended_days_ago is not None and ended_days_ago > recent_days):
            continue
        courses.append(
            _course(known, treatment)
            | {"days": days, "running": end is None, "ended_days_ago": ended_days_ago}
        )
        if days > longest[0]:
            longest = (days, end)
    return courses, longest
