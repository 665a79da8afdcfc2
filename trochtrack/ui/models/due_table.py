"""The due list as a table (``DueEntry`` rows from ``services.due``), shown by DueListView.

Rows keep the service's order (critical alerts awaiting action pinned first, then
soonest first, most severe first on a day); the proxy only filters. A critical alert
says what was done about it, or that nothing is recorded yet. Outcome measures due on
the clinic's schedule show under All and under their own filter, Measures: they are
reminders, not the rules' items, so Overdue, This week and Red flags go on counting only
what the rules call for.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.vocabulary import Severity
from trochtrack.services.due import DueEntry, EntryKind
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import (
    OVERDUE_BACKGROUND,
    SEVERITY_COLOURS,
    due_in_words,
    show_date,
    side_label,
    status_label,
)
from trochtrack.wording.labels import SEVERITY_LABELS

THIS_WEEK_DAYS: Final = 7
PINNED_BACKGROUND: Final = "#F9D6D5"
PINNED_WHEN: Final = "Now: record what was done"
EVALUATING_WHEN: Final = "Evaluating…"
EVALUATING_FOREGROUND: Final = "#5F6368"


def what_text(entry: DueEntry) -> str:
    """The entry's label; a critical alert leads with what was done about it."""
    return entry.label if entry.response is None else f"[{entry.response}] {entry.label}"


def when_text(entry: DueEntry, as_of: date) -> str:
    if entry.kind is EntryKind.EVALUATING:
        return EVALUATING_WHEN
    return PINNED_WHEN if entry.pinned else due_in_words(entry.due, as_of)


def due_text(entry: DueEntry) -> str:
    """The date; none for an episode still being evaluated (its date is not known)."""
    return "" if entry.kind is EntryKind.EVALUATING else show_date(entry.due)


def due_order(entry: DueEntry) -> tuple[bool, date]:
    """By date, with the episodes still being evaluated last."""
    return (entry.kind is EntryKind.EVALUATING, entry.due)


class DueFilter(StrEnum):
    """What the due list shows."""

    ALL = "all"
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    RED_FLAGS = "red_flags"
    MEASURES = "measures"

    def accepts(self, entry: DueEntry, as_of: date) -> bool:
        if entry.kind is EntryKind.EVALUATING:
            # Not known to be due at all yet; the bar above the list says how many wait.
            return self is DueFilter.ALL
        if entry.kind is EntryKind.MEASURES:
            return self in {DueFilter.ALL, DueFilter.MEASURES}
        if self is DueFilter.MEASURES:
            return False
        if self is DueFilter.OVERDUE:
            return entry.overdue
        if self is DueFilter.THIS_WEEK:
            # Overdue entries still need doing this week, so they stay in.
            return entry.due <= as_of + timedelta(days=THIS_WEEK_DAYS)
        if self is DueFilter.RED_FLAGS:
            return entry.red_flag
        return True


class DueTableModel(RowTableModel[DueEntry]):
    """Every due item and standing alert across patients, on one date."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.min
        self.columns = (
            Column("Due", due_text, sort_key=due_order),
            Column("When", lambda e: when_text(e, self.as_of), sort_key=due_order),
            Column("Patient", lambda e: e.patient_name),
            Column("Ref", lambda e: e.patient_ref),
            Column(
                "Born", lambda e: show_date(e.date_of_birth), sort_key=lambda e: e.date_of_birth
            ),
            Column("Hip", lambda e: f"{side_label(e.side)} ({e.episode_ref})"),
            Column("What", what_text, tooltip=_entry_tooltip),
            Column(
                "Severity",
                lambda e: SEVERITY_LABELS[e.severity] if e.severity else "",
                sort_key=lambda e: e.severity.rank if e.severity else len(Severity),
            ),
        )

    def set_entries(self, entries: list[DueEntry], as_of: date) -> None:
        self.beginResetModel()
        self.as_of = as_of
        self._rows = tuple(entries)
        self.endResetModel()

    @override
    def row_foreground(self, row: DueEntry) -> QColor | None:
        if row.severity is Severity.CRITICAL:
            return QColor(SEVERITY_COLOURS[Severity.CRITICAL])
        if row.kind is EntryKind.EVALUATING:
            return QColor(EVALUATING_FOREGROUND)
        return None

    @override
    def row_background(self, row: DueEntry) -> QColor | None:
        if row.pinned:
            return QColor(PINNED_BACKGROUND)
        return QColor(OVERDUE_BACKGROUND) if row.overdue else None

    @override
    def row_bold(self, row: DueEntry) -> bool:
        return row.overdue or row.severity is Severity.CRITICAL


def _entry_tooltip(entry: DueEntry) -> str:
    lines = [entry.label]
    if entry.window is not None:
        first, last = entry.window
        lines.append(
            f"Recorded by a visit from {show_date(first)} to {show_date(last)} "
            "(the clinic's schedule, under Settings)."
        )
    if entry.response is not None:
        lines.append(f"What was done: {entry.response}")
    if entry.pinned:
        lines.append("Pinned at the top until what was done is recorded (open the patient).")
    status = "not known yet" if entry.status is None else status_label(entry.status)
    return "\n".join(lines) + f"\n\nEpisode status: {status}"


class DueFilterProxy(QSortFilterProxyModel):
    """The due list through one of the filters (all, overdue, this week, red flags, measures)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = DueFilter.ALL

    def set_due_filter(self, chosen: DueFilter) -> None:
        self.beginFilterChange()
        self._filter = chosen
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def count(self, chosen: DueFilter) -> int:
        """How many entries a filter would show."""
        model = self.sourceModel()
        if not isinstance(model, DueTableModel):
            return 0
        return sum(1 for entry in model.rows() if chosen.accepts(entry, model.as_of))

    @override
    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DueTableModel):
            return True
        return self._filter.accepts(model.row_at(source_row), model.as_of)
