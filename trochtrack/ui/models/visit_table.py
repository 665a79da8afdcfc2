"""The visits table: an episode's visits with their scores, measures, red flags and notes.

The questionnaires and the core set's measures each get a column once any visit of the
episode records them, so a clinic that does not use one is not shown an empty column.
A questionnaire whose blank items leave it without a total shows "–", with the reason
in its tooltip; a strength shows its unit, and in newtons per kilogram in its tooltip
when the body mass was recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.measures.outcomes import CoreOutcomes
from trochtrack.domain.measures.questionnaires import Questionnaire, find_form
from trochtrack.domain.model import Visit
from trochtrack.domain.vocabulary import Severity
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import SEVERITY_COLOURS, first_line, show_date, show_number, show_score
from trochtrack.wording.labels import RED_FLAG_LABELS
from trochtrack.wording.measures import (
    ABDUCTION_LEFT,
    ABDUCTION_RIGHT,
    BODY_MASS_NAME,
    GROC,
    LEFS,
    NIGHT_PAIN,
    NO_TOTAL_MARK,
    PAIN,
    PSEQ2,
    PSFS,
    STAIR_PAIN,
    STANCE_CAP_NOTE,
    STANCE_LEFT,
    STANCE_RIGHT,
    TEMPERATURE_COLUMN,
    VISA_G,
    MeasureWords,
)


def visit_red_flags(visit: Visit) -> str:
    return ", ".join(sorted(RED_FLAG_LABELS[flag] for flag in visit.red_flags))


def form_total_text(form: Questionnaire | None) -> str:
    """A form's total as a table shows it: blank when not recorded, "–" without a total."""
    if form is None:
        return ""
    scored = form.score()
    if scored.total is None:
        return NO_TOTAL_MARK
    if form.definition.scoring == "mean":
        return show_number(scored.total)
    return str(scored.whole_total())


def form_details(form: Questionnaire | None) -> str | None:
    """What a form's cell means: why it has no total, or what the total is of."""
    if form is None:
        return None
    definition = form.definition
    scored = form.score()
    if scored.total is None:
        return f"{definition.name}: no total. {scored.problem}"
    lines = [f"{definition.name} {form_total_text(form)} ({definition.low}–{definition.high})"]
    if definition.named_items is not None:
        lines += [
            f"{answer.item}. {answer.activity}: {show_score(answer.score)}"
            for answer in form.answers
        ]
    else:
        lines.append(f"From its {len(definition.items)} items")
    return "\n".join(lines)


def strength_text(outcomes: CoreOutcomes, value: float | None) -> str:
    """A dynamometer reading with its unit (``142 N``), blank when not recorded."""
    if value is None or outcomes.abduction_unit is None:
        return ""
    return show_number(value, unit=str(outcomes.abduction_unit))


def strength_details(outcomes: CoreOutcomes, value: float | None) -> str | None:
    """The reading in newtons per kilogram of body mass, or why it cannot be given."""
    if value is None:
        return None
    per_kg = outcomes.abduction_per_kg(value)
    if per_kg is None or outcomes.body_mass_kg is None:
        return f"{strength_text(outcomes, value)}; no body mass recorded, so no N/kg"
    mass = show_number(outcomes.body_mass_kg, unit="kg")
    per_kg_text = show_number(per_kg, decimals=2, unit="N/kg")
    return f"{strength_text(outcomes, value)} = {per_kg_text} ({BODY_MASS_NAME.lower()} {mass})"


def _form_column(words: MeasureWords) -> Column[Visit]:
    code = words.field

    def form(visit: Visit) -> Questionnaire | None:
        return find_form(visit.questionnaires, code)

    return Column(
        words.column,
        lambda v: form_total_text(form(v)),
        sort_key=lambda v: None if (found := form(v)) is None else found.score().total,
        tooltip=lambda v: form_details(form(v)),
        numeric=True,
    )


def _visa_g_text(visit: Visit) -> str:
    if visit.visa_g is None:
        return form_total_text(find_form(visit.questionnaires, VISA_G.field))
    return show_score(visit.visa_g)


def _stance_column(words: MeasureWords) -> Column[Visit]:
    def value(visit: Visit) -> float | None:
        seconds: float | None = getattr(visit.outcomes, words.field)
        return seconds

    return Column(
        words.column,
        lambda v: show_number(value(v), unit="s") if value(v) is not None else "",
        sort_key=value,
        tooltip=lambda v: f"{words.name}; {STANCE_CAP_NOTE}" if value(v) is not None else None,
        numeric=True,
    )


def _strength_column(words: MeasureWords) -> Column[Visit]:
    def value(visit: Visit) -> float | None:
        reading: float | None = getattr(visit.outcomes, words.field)
        return reading

    return Column(
        words.column,
        lambda v: strength_text(v.outcomes, value(v)),
        sort_key=lambda v: v.outcomes.abduction_newtons(value(v)),
        tooltip=lambda v: strength_details(v.outcomes, value(v)),
        numeric=True,
    )


SCORE_COLUMNS: Final[tuple[Column[Visit], ...]] = (
    Column("Date", lambda v: show_date(v.date), sort_key=lambda v: v.date),
    Column(
        PAIN.column,
        lambda v: show_score(v.pain_nrs),
        sort_key=lambda v: v.pain_nrs,
        numeric=True,
    ),
    Column(
        NIGHT_PAIN.column,
        lambda v: show_score(v.night_pain_nrs),
        sort_key=lambda v: v.night_pain_nrs,
        numeric=True,
    ),
    Column(
        VISA_G.column,
        _visa_g_text,
        sort_key=lambda v: v.visa_g,
        tooltip=lambda v: form_details(find_form(v.questionnaires, VISA_G.field)),
        numeric=True,
    ),
    Column(
        GROC.column,
        lambda v: show_score(v.groc, signed=True),
        sort_key=lambda v: v.groc,
        numeric=True,
    ),
)
MEASURE_COLUMNS: Final[tuple[Column[Visit], ...]] = (
    _form_column(LEFS),
    _form_column(PSFS),
    _form_column(PSEQ2),
    _stance_column(STANCE_LEFT),
    _stance_column(STANCE_RIGHT),
    Column(
        STAIR_PAIN.column,
        lambda v: show_score(v.outcomes.stair_pain_nrs),
        sort_key=lambda v: v.outcomes.stair_pain_nrs,
        tooltip=lambda v: None if v.outcomes.stair_pain_nrs is None else STAIR_PAIN.scale,
        numeric=True,
    ),
    _strength_column(ABDUCTION_LEFT),
    _strength_column(ABDUCTION_RIGHT),
)
"""Shown only for an episode in which some visit records them, after the scores."""
RECORD_COLUMNS: Final[tuple[Column[Visit], ...]] = (
    Column(
        TEMPERATURE_COLUMN,
        lambda v: show_number(v.temperature_c),
        sort_key=lambda v: v.temperature_c,
        numeric=True,
    ),
    Column("Red flags", visit_red_flags, tooltip=visit_red_flags),
    Column("Notes", lambda v: first_line(v.notes), tooltip=lambda v: v.notes),
    Column("Clinician", lambda v: v.clinician or ""),
)


def shown_columns(visits: Sequence[Visit]) -> tuple[Column[Visit], ...]:
    """The columns for ``visits``: a measure's only when some visit records it."""
    measures = tuple(c for c in MEASURE_COLUMNS if any(c.text(visit) for visit in visits))
    return SCORE_COLUMNS + measures + RECORD_COLUMNS


class VisitTableModel(RowTableModel[Visit]):
    """An episode's visits: scores, temperature, measures, red flags, notes."""

    columns = shown_columns(())

    @override
    def set_rows(self, rows: Sequence[Visit]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.columns = shown_columns(self._rows)
        self.endResetModel()

    @override
    def row_foreground(self, row: Visit) -> QColor | None:
        return QColor(SEVERITY_COLOURS[Severity.CRITICAL]) if row.red_flags else None
