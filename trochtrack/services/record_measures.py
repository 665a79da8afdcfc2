"""The record printout's table of outcome measures: every answer as it was entered.

The printout is the whole record, so a form's item answers are listed, blank items as
such, beside the total the app gave it; the core set's measures follow on their own row.
"""

from __future__ import annotations

from collections.abc import Sequence

from trochtrack.domain.measures.outcomes import CoreOutcomes
from trochtrack.domain.measures.questionnaires import Questionnaire
from trochtrack.domain.model import Visit
from trochtrack.reports.data import RecordTable
from trochtrack.wording.dates import long_date
from trochtrack.wording.measures import format_number

NO_TOTAL = "no total"
"""A form with blank items: the app gives it no total."""


def measures_tables(visits: Sequence[Visit]) -> tuple[RecordTable, ...]:
    """The table of outcome measures, one row per form and per visit's core set.

    No table at all (rather than an empty one) for an episode without them, as for the
    records made before the measures existed.
    """
    rows: list[tuple[str, ...]] = []
    for visit in visits:
        day = long_date(visit.date)
        rows.extend(
            (day, form.definition.name, _answers(form), _total(form))
            for form in visit.questionnaires
        )
        if not visit.outcomes.is_empty():
            rows.append((day, "Core outcome set", core_set_text(visit.outcomes), ""))
    if not rows:
        return ()
    table = RecordTable(
        title="Outcome measures",
        header=("Date", "Measure", "Answers", "Total"),
        fractions=(0.14, 0.14, 0.60, 0.12),
        rows=tuple(rows),
        empty="",
    )
    return (table,)


def _answers(form: Questionnaire) -> str:
    if form.definition.named_items is not None:
        return "; ".join(f"{answer.activity} {_score(answer.score)}" for answer in form.answers)
    given = {answer.item: answer.score for answer in form.answers}
    parts = []
    for item in form.definition.items:
        keys = [key for key in item.answer_ids() if key in given]
        if not keys:
            parts.append(f"{item.id}: blank")
        for key in keys:
            parts.append(f"{key}: {_score(given[key])}")
    return ", ".join(parts)


def _score(score: int | None) -> str:
    return "blank" if score is None else str(score)


def _total(form: Questionnaire) -> str:
    total = form.score().total
    return NO_TOTAL if total is None else format_number(total)


def core_set_text(outcomes: CoreOutcomes) -> str:
    """The core set's measures of one visit in a line, each with its unit."""
    parts = []
    for side, value in (
        ("left", outcomes.stance_pain_left_s),
        ("right", outcomes.stance_pain_right_s),
    ):
        if value is not None:
            parts.append(f"single-leg stance {side} {format_number(value)} s to pain")
    if outcomes.stair_pain_nrs is not None:
        parts.append(f"pain on stairs {outcomes.stair_pain_nrs}/10")
    for side, value in (("left", outcomes.abduction_left), ("right", outcomes.abduction_right)):
        if value is not None:
            text = f"abduction {side} {format_number(value)} {outcomes.abduction_unit}"
            per_kg = outcomes.abduction_per_kg(value)
            if per_kg is not None:
                text += f" ({per_kg:.2f} N/kg)"
            parts.append(text)
    if outcomes.body_mass_kg is not None:
        parts.append(f"body mass {format_number(outcomes.body_mass_kg)} kg")
    return "; ".join(parts)
