"""The visits table: an episode's visits with their scores, red flags and notes."""

from __future__ import annotations

from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.model import Visit
from trochtrack.domain.vocabulary import Severity
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import SEVERITY_COLOURS, first_line, show_date, show_number, show_score
from trochtrack.wording.labels import RED_FLAG_LABELS
from trochtrack.wording.measures import GROC, NIGHT_PAIN, PAIN, TEMPERATURE_COLUMN, VISA_G


def visit_red_flags(visit: Visit) -> str:
    return ", ".join(sorted(RED_FLAG_LABELS[flag] for flag in visit.red_flags))


class VisitTableModel(RowTableModel[Visit]):
    """An episode's visits: scores, temperature, red flags, notes."""

    columns = (
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
            VISA_G.column, lambda v: show_score(v.visa_g), sort_key=lambda v: v.visa_g, numeric=True
        ),
        Column(
            GROC.column,
            lambda v: show_score(v.groc, signed=True),
            sort_key=lambda v: v.groc,
            numeric=True,
        ),
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

    @override
    def row_foreground(self, row: Visit) -> QColor | None:
        return QColor(SEVERITY_COLOURS[Severity.CRITICAL]) if row.red_flags else None
