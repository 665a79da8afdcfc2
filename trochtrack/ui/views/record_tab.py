"""A tab of an episode's records: a table with New, Edit, Delete and History buttons."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractItemModel, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.ui.models.table import ROW_ROLE, RowTableModel

FIT_ROWS: Final = 100
"""Rows beyond those on screen whose text sets a table's column widths (Qt's default,
1,000, took 0.2-0.4 s at every refresh of a 10k clinic's due list)."""


class RecordTable(QTableView):
    """A table view that sizes its columns to their text when it is on view.

    A patient's visits, scans and treatments are filled into every tab at once; sizing the
    columns of the tabs not shown (200 visits' worth for a long follow-up) is left until
    the tab is picked.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit_pending = False
        self.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)

    def fit_columns(self) -> None:
        """Size the columns to their text now, or when the table is next shown."""
        self._fit_pending = not self.isVisible()
        if not self._fit_pending:
            self.resizeColumnsToContents()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self.fit_columns()


def make_table(model: QAbstractItemModel, name: str, parent: QWidget) -> RecordTable:
    """A read-only, row-selecting table view of ``model`` with a stretching last column."""
    table = RecordTable(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setWordWrap(False)
    return table


def selected_row(table: QTableView) -> Any | None:
    """The row object of the selected row, through any proxy."""
    rows = table.selectionModel().selectedRows()
    return rows[0].data(ROW_ROLE) if rows else None


class RecordTab(QWidget):
    """An episode's visits, scans or treatments, and what can be done with them."""

    new_requested = Signal()
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    history_requested = Signal(object)

    def __init__(self, model: RowTableModel[Any], noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = make_table(model, f"{noun.capitalize()}s", self)
        self.table.setSortingEnabled(True)
        self.new_button = QPushButton(f"New {noun}…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.delete_button = QPushButton("Delete…", self)
        self.history_button = QPushButton("History…", self)
        for button, text in (
            (self.edit_button, f"Edit the selected {noun}"),
            (self.delete_button, f"Delete the selected {noun}"),
            (self.history_button, f"History of the selected {noun}"),
        ):
            button.setAccessibleName(text)
            button.setToolTip(text)
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(lambda: self._emit_selected(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit_selected(self.delete_requested))
        self.history_button.clicked.connect(lambda: self._emit_selected(self.history_requested))
        self.table.doubleClicked.connect(lambda _index: self._emit_selected(self.edit_requested))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.table, 1)
        model.modelReset.connect(self._on_selection_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    def selected(self) -> Any | None:
        return selected_row(self.table)

    def set_rows(self, rows: list[Any]) -> None:
        """Show ``rows``; the record that was selected stays selected (after an edit, say)."""
        chosen = getattr(self.selected(), "id", None)
        self.model.set_rows(rows)
        self.table.fit_columns()
        if chosen is None:
            return
        for number, row in enumerate(self.model.rows()):
            if getattr(row, "id", None) == chosen:
                self.table.selectRow(number)
                return

    def _emit_selected(self, signal: SignalInstance) -> None:
        row = self.selected()
        if row is not None:
            signal.emit(row)

    def _on_selection_changed(self) -> None:
        chosen = self.selected() is not None
        for button in (self.edit_button, self.delete_button, self.history_button):
            button.setEnabled(chosen)
