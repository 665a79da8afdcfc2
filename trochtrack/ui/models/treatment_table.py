"""The treatments table: first- and second-line care, with each course's length."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject

from trochtrack.domain.model import Treatment
from trochtrack.domain.rules import inclusive_days
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import (
    first_line,
    show_date,
    treatment_label,
)


def course_length(treatment: Treatment, as_of: date) -> str:
    """How long a course ran: ``10 days``, or ``4 days so far`` while it runs on ``as_of``.

    The first and the last day both count, as tablets are counted; a course that starts
    after ``as_of`` has no length yet.
    """
    if treatment.start > as_of:
        return ""
    ended = treatment.end is not None and treatment.end <= as_of
    days = inclusive_days(treatment.start, treatment.end if ended and treatment.end else as_of)
    text = "1 day" if days == 1 else f"{days} days"
    return text if ended else f"{text} so far"


class TreatmentTableModel(RowTableModel[Treatment]):
    """An episode's treatments, first- and second-line, with their length on ``as_of``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.max
        self.columns = (
            Column("Treatment", lambda t: treatment_label(t.kind)),
            Column("Line", lambda t: "Second-line" if t.kind.second_line else "First-line"),
            Column("Start", lambda t: show_date(t.start), sort_key=lambda t: t.start),
            Column("End", lambda t: show_date(t.end, missing="ongoing"), sort_key=lambda t: t.end),
            Column(
                "Length",
                lambda t: course_length(t, self.as_of),
                sort_key=lambda t: (t.end or self.as_of) - t.start,
            ),
            Column("Detail", lambda t: first_line(t.detail), tooltip=lambda t: t.detail),
        )
