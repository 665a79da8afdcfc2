"""The patient list (``PatientListItem`` rows) and its instant search, for PatientListView.

The model keeps every patient and shows those matching what was typed. The search runs
over the service's folded search keys through a ``domain.search.SearchIndex`` (accents
and case ignored, ``%`` and ``_`` literal; a keystroke that extends the query searches
only the last matches); the model then shows the matching rows in the order of the
sorted list. No proxy: a ``QSortFilterProxyModel`` would ask Python whether to keep
each of 10,000 rows at every keystroke, which cost more than the search itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.search import SearchIndex, fold
from trochtrack.services.records import PatientListItem
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import show_date


class PatientTableModel(RowTableModel[PatientListItem]):
    """Patients by family name, with ref, date of birth and archive date; those found shown."""

    columns = (
        Column("Name", lambda p: p.display_name, sort_key=lambda p: fold(p.display_name)),
        Column("Ref", lambda p: p.ref),
        Column("Born", lambda p: show_date(p.date_of_birth), sort_key=lambda p: p.date_of_birth),
        Column("Archived", lambda p: show_date(p.archived_on), sort_key=lambda p: p.archived_on),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        # Every patient listed, in the order last sorted; the base's rows are those shown.
        self._every: tuple[PatientListItem, ...] = ()
        self._index = SearchIndex(())

    @property
    def total(self) -> int:
        """How many patients are listed, found or not."""
        return len(self._every)

    @override
    def set_rows(self, rows: Sequence[PatientListItem]) -> None:
        self._list_every(tuple(rows))
        self.set_query(self._query)

    def set_query(self, query: str) -> None:
        """Show the patients whose name, ref or date of birth match ``query``."""
        self._query = query
        super().set_rows(self._found())

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The whole list is sorted once; those shown are found again in it, in its order.
        if 0 <= column < len(self.columns):
            self._list_every(self.in_order(self._every, column, order))
            self.reorder(self._found())

    def _found(self) -> tuple[PatientListItem, ...]:
        positions = self._index.search(self._query)
        every = self._every
        return every if positions is None else tuple(every[position] for position in positions)

    def _list_every(self, rows: tuple[PatientListItem, ...]) -> None:
        # Indexed by position in the sorted list, so what is found is in the list's order
        # and taken from it without looking any patient up.
        self._every = rows
        self._index = SearchIndex(enumerate(item.search_key for item in rows))

    @override
    def row_foreground(self, row: PatientListItem) -> QColor | None:
        return QColor("#777777") if row.archived_on is not None else None
