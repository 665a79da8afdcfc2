"""Home: every open episode's next due item and every standing alert, soonest first."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trochtrack.services.due import DueEntry, due_list
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.due_table import DueFilter, DueFilterProxy, DueTableModel
from trochtrack.ui.models.table import ROW_ROLE
from trochtrack.ui.operations import Failed, Operation
from trochtrack.ui.text import PlainLabel, moved_in_words, show_date
from trochtrack.ui.views.record_tab import make_table, selected_row
from trochtrack.ui.workers import busy_cursor

FILTER_LABELS = {
    DueFilter.ALL: "All",
    DueFilter.OVERDUE: "Overdue",
    DueFilter.THIS_WEEK: "This week",
    DueFilter.RED_FLAGS: "Red flags",
}
FILTER_TIPS = {
    DueFilter.ALL: "Everything due and every standing alert",
    DueFilter.OVERDUE: "Only what is past its date",
    DueFilter.THIS_WEEK: "Due within 7 days (overdue items included)",
    DueFilter.RED_FLAGS: "Only red-flag alerts",
}


class DueListView(QWidget):
    """The due list across all patients, filterable; opening an entry opens the patient."""

    patient_requested = Signal(int, int)
    """Patient id and episode id of the entry opened."""
    batch_letters_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DueTableModel(self)
        self.proxy = DueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.title_label = PlainLabel("", self)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title_label.setFont(font)
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[DueFilter, QToolButton] = {}
        filters = QHBoxLayout()
        for chosen in DueFilter:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setToolTip(FILTER_TIPS[chosen])
            button.setAccessibleName(f"Show {FILTER_LABELS[chosen].lower()}")
            self.filter_group.addButton(button)
            self.filter_buttons[chosen] = button
            button.toggled.connect(partial(self._on_filter_toggled, chosen))
            filters.addWidget(button)
        filters.addStretch(1)
        self.letters_button = QPushButton("Letters for everyone due this week…", self)
        self.letters_button.clicked.connect(self.batch_letters_requested)
        filters.addWidget(self.letters_button)
        self.table = make_table(self.proxy, "Due list", self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.empty_label = PlainLabel("Nothing is due.", self)
        self.open_button = QPushButton("&Open patient", self)
        self.open_button.clicked.connect(self.open_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.filter_buttons[DueFilter.ALL].setChecked(True)
        ctx.bus.records_changed.connect(lambda _patient: self.refresh())
        ctx.bus.patients_changed.connect(self.refresh)
        ctx.bus.changed_elsewhere.connect(self.refresh)
        ctx.bus.settings_changed.connect(self.refresh)
        ctx.bus.as_of_changed.connect(lambda _day: self.refresh())

    def refresh(self) -> None:
        as_of, clinic = self.ctx.as_of, self.ctx.clinic
        operation = Operation(
            self.ctx,
            self,
            lambda: due_list(clinic, as_of),
            title="Due list",
            failure="The due list could not be read.",
        )
        # A new date may re-evaluate many episodes (the cache holds per date span).
        with busy_cursor():
            entries = operation.run()
        if isinstance(entries, Failed):
            return
        self.model.set_entries(entries, as_of)
        today = self.ctx.clinic.today()
        ahead = f" ({moved_in_words(as_of, today).lower()})" if self.ctx.looking_ahead else ""
        self.title_label.setText(f"Due on {show_date(as_of)}{ahead}")
        self._update_counts()
        self.table.resizeColumnsToContents()

    def _on_filter_toggled(self, chosen: DueFilter, checked: bool) -> None:
        if checked:
            self.set_filter(chosen)

    def set_filter(self, chosen: DueFilter) -> None:
        self.filter_buttons[chosen].setChecked(True)
        self.proxy.set_due_filter(chosen)
        self._update_counts()

    def entries_shown(self) -> list[DueEntry]:
        return [self.proxy.index(row, 0).data(ROW_ROLE) for row in range(self.proxy.rowCount())]

    def _update_counts(self) -> None:
        for chosen, button in self.filter_buttons.items():
            button.setText(f"{FILTER_LABELS[chosen]} ({self.proxy.count(chosen)})")
        shown = self.proxy.rowCount()
        self.empty_label.setText("" if shown else "Nothing is due here.")
        self.open_button.setEnabled(shown > 0)

    def open_selected(self) -> None:
        entry = selected_row(self.table)
        if isinstance(entry, DueEntry):
            self.patient_requested.emit(entry.patient_id, entry.episode_id)
