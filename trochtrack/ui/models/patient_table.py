"""The patient list (``PatientListItem`` rows) and its instant search, for PatientListView.

The search runs over the service's folded search keys through a
``domain.search.SearchIndex`` (accents and case ignored, ``%`` and ``_`` literal; a
keystroke that extends the query searches only the last matches); the proxy then asks
only "is this patient id in the result", so filtering 10,000 patients never calls
``data()`` and never folds a key twice.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.search import SearchIndex, fold
from trochtrack.services.records import PatientListItem
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import show_date


class PatientTableModel(RowTableModel[PatientListItem]):
    """Patients by family name, with ref, date of birth and archive date."""

    columns = (
        Column("Name", lambda p: p.display_name, sort_key=lambda p: fold(p.display_name)),
        Column("Ref", lambda p: p.ref),
        Column("Born", lambda p: show_date(p.date_of_birth), sort_key=lambda p: p.date_of_birth),
        Column("Archived", lambda p: show_date(p.archived_on), sort_key=lambda p: p.archived_on),
    )

    @override
    def row_foreground(self, row: PatientListItem) -> QColor | None:
        return QColor("#777777") if row.archived_on is not None else None


class PatientFilterProxy(QSortFilterProxyModel):
    """The patients whose name, ref or date of birth match what was typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._matching: frozenset[int] | None = None
        # Built from the rows it was made for; the source's set_rows gives a new tuple.
        self._index: SearchIndex | None = None
        self._indexed_rows: tuple[PatientListItem, ...] | None = None

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self._query = query
        self._matching = self._match(query)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refresh(self) -> None:
        """Search again after the source rows changed."""
        self.set_query(self._query)

    def _match(self, query: str) -> frozenset[int] | None:
        model = self.sourceModel()
        if not isinstance(model, PatientTableModel):
            return None
        rows = model.rows()
        if self._index is None or rows is not self._indexed_rows:
            self._index = SearchIndex((item.patient_id, item.search_key) for item in rows)
            self._indexed_rows = rows
        return self._index.search(query)

    @override
    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self._matching is None:
            return True
        model = self.sourceModel()
        if not isinstance(model, PatientTableModel):
            return True
        return model.row_at(source_row).patient_id in self._matching

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts its own rows in Python; sorting here would call data() for
        # every comparison (seconds for 10,000 patients).
        self.sourceModel().sort(column, order)
