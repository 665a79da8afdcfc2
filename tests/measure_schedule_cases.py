"""Visits and episodes for the outcome-measure schedule's tests (domain, services, UI).

:func:`at_eight_weeks` is the patient the due list is about: eight weeks into first-line
care, every measure recorded at baseline and 4 weeks, and a visit at week 7 that records
everything but VISA-G, so VISA-G alone is due at 8 weeks.
"""

from __future__ import annotations

from datetime import date, timedelta

from factories import make_episode

from trochtrack.domain.measures.outcomes import CoreOutcomes
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.domain.model import Episode, Treatment, Visit
from trochtrack.domain.vocabulary import TreatmentKind


def visa_g_form(*, blank: str | None = None) -> Questionnaire:
    """A VISA-G form totalling 52, or with question ``blank`` unanswered (no total)."""
    scores = {"1": 6, "2": 5, "3": 5, "4": 7, "5": 5, "6": 5, "7": 4, "8B": 15}
    answers = tuple(
        Answer(item=item, score=None if item.rstrip("ABC") == blank else score)
        for item, score in scores.items()
    )
    return Questionnaire(instrument="visa_g", answers=answers)


def lefs_form() -> Questionnaire:
    return Questionnaire(
        instrument="lefs", answers=tuple(Answer(item=str(n), score=3) for n in range(1, 21))
    )


def psfs_form() -> Questionnaire:
    activities = ("Stairs", "Walking the dog", "Lying on the left side")
    return Questionnaire(
        instrument="psfs",
        answers=tuple(
            Answer(item=str(n), score=5, activity=activity)
            for n, activity in enumerate(activities, start=1)
        ),
    )


def pseq2_form() -> Questionnaire:
    return Questionnaire(
        instrument="pseq2", answers=(Answer(item="1", score=4), Answer(item="2", score=4))
    )


def every_measure(day: date, *, visa_g: bool = True) -> Visit:
    """A visit recording every scheduled measure (VISA-G only if ``visa_g``)."""
    forms = (visa_g_form(),) if visa_g else ()
    return Visit(
        date=day,
        pain_nrs=5,
        questionnaires=(*forms, lefs_form(), psfs_form(), pseq2_form()),
        outcomes=CoreOutcomes(stair_pain_nrs=5),
    )


def at_eight_weeks(today: date) -> Episode:
    """First-line care (exercise) began eight weeks before ``today``; no VISA-G since week 4."""
    start = today - timedelta(weeks=8)
    return make_episode(
        first_line_start=start,
        treatments=(Treatment(kind=TreatmentKind.EXERCISE_PROGRAM, start=start),),
        visits=(
            every_measure(start),
            every_measure(start + timedelta(weeks=4)),
            every_measure(start + timedelta(weeks=7), visa_g=False),
        ),
    )
