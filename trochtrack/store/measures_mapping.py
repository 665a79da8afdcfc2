"""Between a visit's outcome measures and their rows: the core-set columns and the forms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from trochtrack.domain.measures.outcomes import CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.store.models import QuestionnaireAnswerRow, QuestionnaireRow, VisitRow

# A form as read: its instrument and its answers as (item, score, activity).
FormValues = tuple[str, Sequence[tuple[str, int | None, str | None]]]

_NO_OUTCOMES: Final = CoreOutcomes()


def outcomes_from_values(row: Any) -> CoreOutcomes:
    """The core-set measures of an ORM or Core visit row (most visits have none)."""
    values = (
        row.stance_pain_left_s,
        row.stance_pain_right_s,
        row.stair_pain_nrs,
        row.abduction_left,
        row.abduction_right,
        row.abduction_unit,
        row.body_mass_kg,
    )
    if all(value is None for value in values):
        return _NO_OUTCOMES
    return CoreOutcomes(
        stance_pain_left_s=row.stance_pain_left_s,
        stance_pain_right_s=row.stance_pain_right_s,
        stair_pain_nrs=row.stair_pain_nrs,
        abduction_left=row.abduction_left,
        abduction_right=row.abduction_right,
        abduction_unit=None if row.abduction_unit is None else StrengthUnit(row.abduction_unit),
        body_mass_kg=row.body_mass_kg,
    )


def apply_outcomes(outcomes: CoreOutcomes, row: VisitRow) -> None:
    row.stance_pain_left_s = outcomes.stance_pain_left_s
    row.stance_pain_right_s = outcomes.stance_pain_right_s
    row.stair_pain_nrs = outcomes.stair_pain_nrs
    row.abduction_left = outcomes.abduction_left
    row.abduction_right = outcomes.abduction_right
    row.abduction_unit = None if outcomes.abduction_unit is None else outcomes.abduction_unit.value
    row.body_mass_kg = outcomes.body_mass_kg


def forms_of_row(row: VisitRow) -> list[FormValues]:
    return [
        (form.instrument, [(a.item, a.score, a.activity) for a in form.answers])
        for form in row.questionnaires
    ]


def questionnaires_from_values(forms: Iterable[FormValues]) -> tuple[Questionnaire, ...]:
    return tuple(
        Questionnaire(
            instrument=code,
            answers=tuple(
                Answer(item=item, score=score, activity=activity)
                for item, score, activity in answers
            ),
        )
        for code, answers in forms
    )


def apply_questionnaires(forms: tuple[Questionnaire, ...], row: VisitRow) -> None:
    """Rewrite the visit's form rows to hold ``forms``, keeping rows that still apply."""
    wanted = {form.instrument: form for form in forms}
    row.questionnaires = [each for each in row.questionnaires if each.instrument in wanted]
    existing = {each.instrument: each for each in row.questionnaires}
    for code, form in wanted.items():
        form_row = existing.get(code)
        if form_row is None:
            form_row = QuestionnaireRow(instrument=code)
            row.questionnaires.append(form_row)
        form_row.total = form.score().total
        _apply_answers(form, form_row)


def _apply_answers(form: Questionnaire, row: QuestionnaireRow) -> None:
    wanted = {answer.item: (position, answer) for position, answer in enumerate(form.answers)}
    row.answers = [each for each in row.answers if each.item in wanted]
    existing = {each.item: each for each in row.answers}
    for item, (position, answer) in wanted.items():
        answer_row = existing.get(item)
        if answer_row is None:
            answer_row = QuestionnaireAnswerRow(item=item)
            row.answers.append(answer_row)
        answer_row.position = position
        answer_row.score = answer.score
        answer_row.activity = answer.activity
