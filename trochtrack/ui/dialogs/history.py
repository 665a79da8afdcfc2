"""A record's history from the audit trail: who changed what, and when."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trochtrack.services.audit import AuditEvent, record_history
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.history_table import HistoryTableModel
from trochtrack.ui.text import PlainLabel


class HistoryDialog(QDialog):
    """Every audited change of some rows of one table, oldest first."""

    def __init__(
        self,
        ctx: AppContext,
        table_name: str,
        row_ids: list[int],
        title: str,
        parent: QWidget | None = None,
        *,
        events: list[AuditEvent] | None = None,
        empty: str = "No change has been recorded.",
    ) -> None:
        """``events`` already read (an alert's actions) replace reading the rows' history.

        ``empty`` is said in place of the table when there is nothing to list.
        """
        super().__init__(parent)
        self.setWindowTitle(f"History: {title}")
        self.model = HistoryTableModel(self)
        self.model.set_rows(
            events if events is not None else record_history(ctx.clinic, table_name, row_ids)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(title, self, wrap=True))
        self.table: QTableView | None = None
        if self.model.rowCount():
            self.table = QTableView(self)
            self.table.setModel(self.model)
            self.table.setAccessibleName("Changes")
            self.table.verticalHeader().setVisible(False)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            self.table.setWordWrap(True)
            self.table.resizeColumnsToContents()
            self.table.resizeRowsToContents()
            layout.addWidget(self.table)
        else:
            layout.addWidget(PlainLabel(empty, self, wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.table is not None:
            self.resize(820, 360)
        else:
            self.resize(560, self.heightForWidth(560))
