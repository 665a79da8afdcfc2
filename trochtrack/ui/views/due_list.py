"""Home: every open episode's next due item and every standing alert, soonest first.

The outcome measures due on the clinic's schedule are listed with them. A refresh
evaluates on the GUI thread only the few episodes a save or a new day made stale. When
there are more (a new database, new rules, a date moved far ahead), the list shows them
as evaluating and runs the rules on them in the background, with a progress bar,
reading the list again every few seconds as batches finish.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Final

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trochtrack.services.due import DueEntry, DueListStats, due_list_with_stats, evaluate_waiting
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.due_table import DueFilter, DueFilterProxy, DueTableModel
from trochtrack.ui.models.table import ROW_ROLE
from trochtrack.ui.operations import Failed, Operation
from trochtrack.ui.text import PlainLabel, moved_in_words, show_date
from trochtrack.ui.views.record_tab import make_table, selected_row
from trochtrack.ui.workers import Progress, Worker, busy_cursor, wait_for_background_work

EVALUATE_ON_SCREEN_AT_MOST: Final = 100
"""Stale episodes a refresh evaluates itself (about 0.15 s); more go to the background."""
REFILL_MS: Final = 3000
"""How often the list is read again while the background evaluation runs."""

FILTER_LABELS = {
    DueFilter.ALL: "All",
    DueFilter.OVERDUE: "Overdue",
    DueFilter.THIS_WEEK: "This week",
    DueFilter.RED_FLAGS: "Red flags",
    DueFilter.MEASURES: "Measures",
}
FILTER_TIPS = {
    DueFilter.ALL: "Everything due and every standing alert",
    DueFilter.OVERDUE: "Only what is past its date",
    DueFilter.THIS_WEEK: "Due within 7 days (overdue items included)",
    DueFilter.RED_FLAGS: "Only red-flag alerts",
    DueFilter.MEASURES: "Only outcome measures due on the clinic's schedule (Settings)",
}


class EvaluationProgress(QWidget):
    """How far the background evaluation has gone, above the list; hidden otherwise."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = PlainLabel("", self, wrap=True)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Episodes evaluated")
        self.bar.setFormat("%v of %m")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.setVisible(False)

    def show_progress(self, done: int, total: int) -> None:
        self.label.setText(
            f"Running the rules on {total:,} episodes: the list fills in as they finish, "
            "and the others show “Evaluating…” until then."
        )
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.setVisible(True)


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
        self.evaluation = EvaluationProgress(self)
        self._evaluation: Progress | None = None
        self._evaluation_worker: Worker | None = None
        self._waiting: tuple[int, ...] = ()
        self._reads = 0
        self._worker_read: Worker | None = None
        self._worker_reading = False
        self._refill = QTimer(self, singleShot=True, interval=REFILL_MS)
        self._refill.timeout.connect(self._read_on_worker)
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(filters)
        layout.addWidget(self.evaluation)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.filter_buttons[DueFilter.ALL].setChecked(True)
        ctx.bus.records_changed.connect(lambda _patient: self.refresh())
        ctx.bus.patients_changed.connect(self.refresh)
        ctx.bus.changed_elsewhere.connect(self.refresh)
        ctx.bus.settings_changed.connect(self.refresh)
        ctx.bus.as_of_changed.connect(lambda _day: self.refresh())

    def refresh(self) -> None:
        """Read the list again, now (after a change, a new date, new settings)."""
        self._reads += 1  # a first fill still under way on a worker is now out of date
        as_of = self.ctx.as_of
        # While the background runs the rules, it alone evaluates: two writers of one
        # episode's cache could collide, and the list only waits a few seconds longer.
        at_most = 0 if self.evaluating else EVALUATE_ON_SCREEN_AT_MOST
        with busy_cursor():
            outcome = self._reading(as_of, at_most).run()
        if not isinstance(outcome, Failed):
            self._show(as_of, *outcome)

    def fill_from_worker(self) -> None:
        """The first read, on a worker: the window shows while the list is read."""
        self._show_title(self.ctx.as_of)
        for chosen, button in self.filter_buttons.items():
            button.setText(FILTER_LABELS[chosen])  # no count yet: not "(0)"
        self.empty_label.setText("Reading the due list…")
        self._read_on_worker()

    def _read_on_worker(self) -> None:
        """A read on a worker: the first fill, and the refills while the rules run.

        At 30k patients a read takes about half a second, which the refills would take
        from the window every few seconds. It evaluates nothing itself (stale episodes go
        to the background evaluation): a refresh on the GUI thread meanwhile may evaluate,
        and must be the only writer. One read at a time: a refill due while one runs is
        put off.
        """
        if self._worker_reading:
            self._refill.start()
            return
        self._worker_reading = True
        self._reads += 1
        as_of = self.ctx.as_of
        # Kept until the next read: the pool does not own a worker (autoDelete off), and
        # one dropped as it finishes could be freed under the pool thread still using it.
        self._worker_read = self._reading(as_of, 0).start(partial(self._filled, self._reads, as_of))

    def _filled(
        self, read: int, as_of: date, outcome: tuple[list[DueEntry], DueListStats] | Failed
    ) -> None:
        """Show the result of read number ``read``, unless a later read began since."""
        self._worker_reading = False
        if read == self._reads and not isinstance(outcome, Failed):
            self._show(as_of, *outcome)

    def _reading(self, as_of: date, at_most: int) -> Operation[tuple[list[DueEntry], DueListStats]]:
        clinic = self.ctx.clinic
        return Operation(
            self.ctx,
            self,
            lambda: due_list_with_stats(
                clinic, as_of, evaluate_at_most=at_most, with_measures=True
            ),
            title="Due list",
            failure="The due list could not be read.",
        )

    def _show(self, as_of: date, entries: list[DueEntry], stats: DueListStats) -> None:
        self.model.set_entries(entries, as_of)
        self._show_title(as_of)
        self._update_counts()
        self.table.fit_columns()
        self._waiting = stats.waiting
        if stats.waiting and not self.evaluating:
            self._evaluate_in_background(stats.waiting, as_of)

    def _show_title(self, as_of: date) -> None:
        today = self.ctx.clinic.today()
        ahead = f" ({moved_in_words(as_of, today).lower()})" if self.ctx.looking_ahead else ""
        self.title_label.setText(f"Due on {show_date(as_of)}{ahead}")

    @property
    def evaluating(self) -> bool:
        """Whether the rules are being run on waiting episodes in the background."""
        return self._evaluation is not None

    def _evaluate_in_background(self, waiting: Sequence[int], as_of: date) -> None:
        progress = Progress()
        progress.progressed.connect(partial(self._show_evaluation_progress, progress))
        self._evaluation = progress
        self._show_evaluation_progress(progress, 0, len(waiting))
        clinic = self.ctx.clinic
        self._evaluation_worker = Operation(
            self.ctx,
            self,
            lambda: evaluate_waiting(
                clinic, as_of, waiting, progress=progress.report, cancelled=progress.cancelled
            ),
            title="Due list",
            failure="The rules could not be run on every episode; "
            "those not run still show as evaluating.",
        ).start(partial(self._evaluation_done, progress))

    def _show_evaluation_progress(self, progress: Progress, done: int, total: int) -> None:
        if progress is not self._evaluation:
            # Reported by a batch that ended as the evaluation was paused (a restore):
            # showing it would bring the bar back and restart the refills, on a database
            # that may be closed.
            return
        self.evaluation.show_progress(done, total)
        if done and not self._refill.isActive():
            self._refill.start()

    def _evaluation_done(self, progress: Progress, outcome: object) -> None:
        if progress is not self._evaluation:
            return  # stopped for a restore or at quit: the database may be closed
        self._finish_evaluation()
        # After a failure (already shown), the next refresh tries again, not this one:
        # trying at once would repeat the message in a loop.
        if not isinstance(outcome, Failed):
            self.refresh()

    def _finish_evaluation(self) -> None:
        self._evaluation = self._evaluation_worker = None
        self._refill.stop()
        self.evaluation.setVisible(False)

    def pause_evaluation(self, paused: bool) -> None:
        """Stop the background evaluation after its batch and wait for it, or resume it.

        Paused before the database is closed (a restore, quitting); what it finished
        stays cached, and resuming evaluates the episodes still waiting.
        """
        if paused and self._evaluation is not None:
            self._evaluation.cancel()
            wait_for_background_work()
            self._finish_evaluation()
        elif not paused and self._waiting and not self.evaluating:
            self.refresh()

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
