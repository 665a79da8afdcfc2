"""Visits with the outcome measures recorded item by item, for the measure charts' tests.

The episode runs from 7 Sep 2026 (first-line start) unless told otherwise; the forms are
answered so their totals are easy to check by eye.
"""

from __future__ import annotations

from datetime import date, timedelta

from factories import make_episode

from trochtrack.domain.measures.outcomes import CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.domain.model import Episode, Treatment, Visit
from trochtrack.domain.vocabulary import Side, TreatmentKind

START = date(2026, 9, 7)
PSFS_ACTIVITIES = ("Walking the dog", "Stairs", "Lying on the left side")


def visa_g(q1: int, middle: int, q7: int, part: str, q8: int) -> Questionnaire:
    """A VISA-G form: ``middle`` for questions 2 to 6, question 8 answered in ``part``."""
    answers = [Answer(item="1", score=q1)]
    answers += [Answer(item=str(n), score=middle) for n in range(2, 7)]
    answers += [Answer(item="7", score=q7), Answer(item=f"8{part}", score=q8)]
    return Questionnaire(instrument="visa_g", answers=tuple(answers))


def visa_g_with_blanks(*blank: str) -> Questionnaire:
    """A VISA-G form with the questions ``blank`` left unanswered (it has no total)."""
    form = visa_g(5, 5, 4, "B", 10)
    answers = tuple(
        Answer(item=a.item, score=None) if a.item.rstrip("ABC") in blank else a
        for a in form.answers
    )
    return Questionnaire(instrument="visa_g", answers=answers)


def lefs(each: int, *, first: int | None = None) -> Questionnaire:
    """A LEFS form scoring ``each`` on every item (``first`` on item 1 if given)."""
    scores = [each] * 20
    if first is not None:
        scores[0] = first
    return Questionnaire(
        instrument="lefs",
        answers=tuple(Answer(item=str(n), score=s) for n, s in enumerate(scores, start=1)),
    )


def psfs(*scores: int | None) -> Questionnaire:
    """A PSFS form rating the three activities."""
    return Questionnaire(
        instrument="psfs",
        answers=tuple(
            Answer(item=str(n), score=s, activity=activity)
            for n, (activity, s) in enumerate(zip(PSFS_ACTIVITIES, scores, strict=True), start=1)
        ),
    )


def pseq2(first: int, second: int) -> Questionnaire:
    """A PSEQ-2 form."""
    return Questionnaire(
        instrument="pseq2",
        answers=(Answer(item="1", score=first), Answer(item="2", score=second)),
    )


def measured_visit(day: date, pain: int, **recorded: object) -> Visit:
    """A visit on ``day`` with pain and whatever else is given."""
    return Visit(date=day, pain_nrs=pain, **recorded)  # type: ignore[arg-type]


def measured_episode(*, start: date = START, visits: tuple[Visit, ...] | None = None) -> Episode:
    """An episode of the left hip from ``start``, with every measure at four visits.

    The visits are 0, 4, 8 and 11 weeks after ``start``: VISA-G 39, 44, 54, 59; LEFS 40,
    38, 60, 61; PSFS 3.0, 4.0, 5.3, 6.0; PSEQ-2 6, 7, 9, 10; pain on stairs 7, 6, 4, 3;
    stance left 8, 12, 20, 25 s and right 30 s; strength left 140, 150, 165, 175 N and
    right 30 N more, body mass 70 kg at every visit. Exercise runs throughout, education
    for the first four weeks and shockwave therapy from week 9 to week 11.
    """
    weeks = [start + timedelta(weeks=n) for n in (0, 4, 8, 9, 11)]
    return make_episode(
        first_line_start=start,
        side=Side.LEFT,
        visits=default_visits(start) if visits is None else visits,
        treatments=(
            Treatment(kind=TreatmentKind.EXERCISE_PROGRAM, start=start),
            Treatment(kind=TreatmentKind.EDUCATION, start=start, end=weeks[1]),
            Treatment(kind=TreatmentKind.ESWT, start=weeks[3], end=weeks[4]),
        ),
    )


def default_visits(start: date = START) -> tuple[Visit, ...]:
    """The four visits of :func:`measured_episode`."""
    forms = (
        (visa_g(5, 5, 4, "B", 5), lefs(2), psfs(3, 3, 3), pseq2(3, 3)),
        (visa_g(5, 5, 4, "B", 10), lefs(2, first=0), psfs(4, 4, 4), pseq2(3, 4)),
        (visa_g(5, 7, 4, "B", 10), lefs(3), psfs(5, 5, 6), pseq2(4, 5)),
        (visa_g(5, 7, 4, "B", 15), lefs(3, first=4), psfs(6, 6, 6), pseq2(5, 5)),
    )
    # Weeks after the start, pain, pain on stairs, left stance (s), left strength (N).
    rows = ((0, 7, 7, 8.0, 140.0), (4, 6, 6, 12.0, 150.0), (8, 5, 4, 20.0, 165.0))
    rows += ((11, 4, 3, 25.0, 175.0),)
    return tuple(
        measured_visit(
            start + timedelta(weeks=week),
            pain,
            questionnaires=visit_forms,
            outcomes=CoreOutcomes(
                stair_pain_nrs=stairs,
                stance_pain_left_s=stance,
                stance_pain_right_s=30.0,
                abduction_left=strength,
                abduction_right=strength + 30,
                abduction_unit=StrengthUnit.NEWTON,
                body_mass_kg=70.0,
            ),
        )
        for (week, pain, stairs, stance, strength), visit_forms in zip(rows, forms, strict=True)
    )
