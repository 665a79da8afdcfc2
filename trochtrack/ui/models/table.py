"""The base of every table: an immutable tuple of service rows, shown column by column.

A subclass names its columns (title, text, sort key) and may colour rows. The model
sorts its own tuple in Python, so sorting 10,000 patients costs one ``list.sort`` and
never a round trip into Python for every comparison a proxy would make.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from trochtrack.ui.text import plain_tooltip

ROW_ROLE: Final = Qt.ItemDataRole.UserRole
"""The row object itself (a service DTO)."""

_Row = TypeVar("_Row")
"""What one row of a table shows (a visit, a due entry, a patient list item...)."""


@dataclass(frozen=True, slots=True)
class Column(Generic[_Row]):
    """One column: its title, how a row shows in it, and what it sorts by."""

    title: str
    text: Callable[[_Row], str]
    sort_key: Callable[[_Row], Any] | None = None
    tooltip: Callable[[_Row], str | None] | None = None
    numeric: bool = False


class RowTableModel(QAbstractTableModel, Generic[_Row]):
    """Read-only rows of service objects; edits go through dialogs and services."""

    columns: tuple[Column[_Row], ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[_Row, ...] = ()

    def set_rows(self, rows: Sequence[_Row]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[_Row, ...]:
        return self._rows

    def row_at(self, row: int) -> _Row:
        return self._rows[row]

    def row_foreground(self, row: _Row) -> QColor | None:
        """A text colour for the whole row (none by default)."""
        del row
        return None

    def row_background(self, row: _Row) -> QColor | None:
        """A background for the whole row (none by default)."""
        del row
        return None

    def row_bold(self, row: _Row) -> bool:
        """Whether the row stands out in bold."""
        del row
        return False

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    @override
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @override
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(column.tooltip(row)) if column.tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.row_foreground(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self.row_background(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and self.row_bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns):
            self.reorder(self.in_order(self._rows, column, order))

    def reorder(self, rows: tuple[_Row, ...]) -> None:
        """Show the same row objects in a new order, keeping the selection on its rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self._rows[index.row()] for index in persistent]
        self._rows = rows
        position = {id(row): number for number, row in enumerate(rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(position[id(row)], index.column())
                for row, index in zip(before, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def in_order(self, rows: Sequence[_Row], column: int, order: Qt.SortOrder) -> tuple[_Row, ...]:
        """``rows`` sorted as the view shows them sorted by ``column``."""
        chosen = self.columns[column]
        return tuple(
            sorted(
                rows,
                key=lambda row: _sort_value(chosen, row),
                reverse=order is Qt.SortOrder.DescendingOrder,
            )
        )


def _sort_value(column: Column[_Row], row: _Row) -> tuple[bool, Any]:
    """Missing values sort last whatever their type."""
    value = column.sort_key(row) if column.sort_key else column.text(row).casefold()
    return (value is None or value == "", value if value is not None else "")
