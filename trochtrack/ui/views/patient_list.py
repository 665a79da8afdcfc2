"""The patient list with instant search by name, ref or date of birth."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trochtrack.services.records import PatientListItem, list_patients
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.patient_table import PatientTableModel
from trochtrack.ui.operations import Failed, Operation
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.views.record_tab import make_table, selected_row
from trochtrack.ui.workers import Worker


class PatientListView(QWidget):
    """Every patient; typing filters at once (accents and case do not matter)."""

    patient_requested = Signal(int)
    new_patient_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = PatientTableModel(self)
        self._reads = 0
        self._first_read: Worker | None = None
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Find by name, ref or date of birth (Ctrl+F)")
        self.search_edit.setAccessibleName("Find patient")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.search_edit.returnPressed.connect(self._on_search_entered)
        self.archived_check = QCheckBox("Show archived patients", self)
        self.archived_check.toggled.connect(self.refresh)
        self.count_label = PlainLabel("", self)
        self.table = make_table(self.model, "Patients", self)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.new_button = QPushButton("&New patient…", self)
        self.new_button.clicked.connect(self.new_patient_requested)
        self.open_button = QPushButton("&Open", self)
        self.open_button.clicked.connect(self.open_selected)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.archived_check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.search_edit)
        ctx.bus.patients_changed.connect(self.refresh)
        ctx.bus.changed_elsewhere.connect(self.refresh)

    def refresh(self) -> None:
        """Read the list again, now."""
        self._reads += 1  # a first fill still under way on a worker is now out of date
        rows = self._reading().run()
        if not isinstance(rows, Failed):
            self.set_patients(rows)

    def fill_from_worker(self) -> None:
        """The first read, on a worker: the window shows while the list is read."""
        self._reads += 1
        self.count_label.setText("Reading the patient list…")
        # Kept: the pool does not own a worker, and one dropped here could be freed mid-run.
        self._first_read = self._reading().start(partial(self._filled, self._reads))

    def _filled(self, read: int, rows: list[PatientListItem] | Failed) -> None:
        """Show the result of read number ``read``, unless a later read began since."""
        if read == self._reads and not isinstance(rows, Failed):
            self.set_patients(rows)

    def _reading(self) -> Operation[list[PatientListItem]]:
        clinic, archived = self.ctx.clinic, self.archived_check.isChecked()
        return Operation(
            self.ctx,
            self,
            lambda: list_patients(clinic, include_archived=archived),
            title="Patients",
            failure="The patient list could not be read.",
        )

    def set_patients(self, rows: list[PatientListItem]) -> None:
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_count()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_search_changed(self, text: str) -> None:
        self.model.set_query(text)
        self._update_count()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _on_search_entered(self) -> None:
        if self.model.rowCount() == 1:
            self.table.selectRow(0)
            self.open_selected()
        else:
            self.table.setFocus()

    def _update_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        noun = "patient" if total == 1 else "patients"
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        )

    def open_selected(self) -> None:
        item = selected_row(self.table)
        if isinstance(item, PatientListItem):
            self.patient_requested.emit(item.patient_id)
