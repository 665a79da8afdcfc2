"""One patient: header, episode switcher, the episode's tabs and its alert cards.

Everything shown is read again from the services whenever the patient's records change
(or the date the rules are read on moves), so the cards, the due dates and the tables
never disagree with what is stored. The header (:mod:`~trochtrack.ui.views.patient_header`)
and the tabs (:mod:`~trochtrack.ui.views.patient_tabs`) show what is read here; the
letters are :mod:`~trochtrack.ui.views.documents_controller`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QSplitter, QVBoxLayout, QWidget
from typing_extensions import override

from trochtrack.domain.actions import AlertActionKind, EscalationDecision
from trochtrack.domain.model import Episode, Scan, Treatment, Visit
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.domain.vocabulary import Severity
from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.patient_screen import PatientScreen, patient_screen
from trochtrack.services.records import care_recorded, set_patient_archived, stored_id
from trochtrack.services.workflow import (
    AlertView,
    act_on_alert,
    alert_history,
)
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.alert_action import AlertActionDialog
from trochtrack.ui.dialogs.critical_alert import CriticalAlertDialog
from trochtrack.ui.dialogs.decision import DecisionDialog
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.dialogs.history import HistoryDialog
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.episode_records import SCANS, TREATMENTS, VISITS, RecordKind
from trochtrack.ui.operations import Change, Failed, Operation, returned
from trochtrack.ui.text import sentence
from trochtrack.ui.views.alerts_panel import AlertsPanel
from trochtrack.ui.views.documents_controller import DocumentsController
from trochtrack.ui.views.patient_header import PatientHeader
from trochtrack.ui.views.patient_tabs import PatientTabs

_R = TypeVar("_R")
"""The record a dialog edits (a visit, a scan, a treatment)."""
_D = TypeVar("_D", bound=QDialog)


def default_episode(episodes: tuple[Episode, ...], as_of: date) -> Episode | None:
    """The open episode begun last, else the one begun last."""
    if not episodes:
        return None
    open_ = [e for e in episodes if e.closed_date is None or e.closed_date > as_of]
    return max(open_ or list(episodes), key=lambda e: (e.first_line_start, e.id or 0))


class PatientView(QWidget):
    """Header, episode switcher, tabs (timeline, visits, scans, treatments, charts) and alerts."""

    title_changed = Signal(str)
    closed = Signal(str)
    """The patient on view left the lists (archived or deleted): what to say as it closes."""
    message = Signal(str)
    """A short note for the status bar (printed, saved)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id: int | None = None
        self.episode_id: int | None = None
        self.evaluation: PatientEvaluation | None = None
        self.alert_views: list[AlertView] = []
        self.header = PatientHeader(self)
        self.tabs = PatientTabs(self)
        self.alerts_panel = AlertsPanel(self)
        self.documents = DocumentsController(ctx, self, self.tabs, self)
        self.documents.message.connect(self.message)
        self._connect_header()
        self._connect_records()
        self._connect_alerts()
        splitter = QSplitter(self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.alerts_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 440])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        ctx.bus.records_changed.connect(self._on_records_changed)
        ctx.bus.as_of_changed.connect(lambda _day: self.refresh())
        ctx.bus.settings_changed.connect(self.refresh)
        ctx.bus.changed_elsewhere.connect(self.refresh)

    def _connect_header(self) -> None:
        header = self.header
        header.episode_combo.activated.connect(self._on_episode_chosen)
        header.edit_patient_button.clicked.connect(self.edit_patient)
        header.new_episode_button.clicked.connect(self.new_episode)
        header.edit_episode_button.clicked.connect(self.edit_episode)
        header.decision_button.clicked.connect(self.record_decision)
        header.archive_button.clicked.connect(self.toggle_archived)

    def _connect_records(self) -> None:
        tabs = self.tabs
        visits, scans, treatments = tabs.visits_tab, tabs.scans_tab.records, tabs.treatments_tab
        visits.new_requested.connect(self.new_visit)
        visits.edit_requested.connect(self.edit_visit)
        visits.delete_requested.connect(self.delete_visit)
        visits.history_requested.connect(lambda visit: self.show_history(VISITS, visit))
        scans.new_requested.connect(self.new_scan)
        scans.edit_requested.connect(self.edit_scan)
        scans.delete_requested.connect(self.delete_scan)
        scans.history_requested.connect(lambda scan: self.show_history(SCANS, scan))
        treatments.new_requested.connect(self.new_treatment)
        treatments.edit_requested.connect(self.edit_treatment)
        treatments.delete_requested.connect(self.delete_treatment)
        treatments.history_requested.connect(
            lambda treatment: self.show_history(TREATMENTS, treatment)
        )

    def _connect_alerts(self) -> None:
        panel = self.alerts_panel
        panel.acknowledge_requested.connect(self.acknowledge_alert)
        panel.override_requested.connect(
            lambda view: self.act_with_dialog(view, AlertActionKind.OVERRIDDEN)
        )
        panel.snooze_requested.connect(
            lambda view: self.act_with_dialog(view, AlertActionKind.SNOOZED)
        )
        panel.decision_requested.connect(lambda _view: self.record_decision())
        panel.action_requested.connect(self.record_critical_action)
        panel.history_requested.connect(self.show_alert_history)

    # -- what is on view --------------------------------------------------------------

    @property
    def episode(self) -> Episode | None:
        if self.evaluation is None or self.episode_id is None:
            return None
        return self.evaluation.record.episode(self.episode_id)

    @property
    def episode_evaluation(self) -> EpisodeEvaluation | None:
        if self.evaluation is None or self.episode_id is None:
            return None
        return self.evaluation.episodes[self.episode_id]

    @property
    def patient_name(self) -> str:
        if self.evaluation is None:
            return ""
        return self.evaluation.record.patient.display_name

    def show_patient(self, patient_id: int, episode_id: int | None = None) -> None:
        opening = patient_id != self.patient_id
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.refresh()
        if opening:
            self.tabs.show_first()

    def close_patient(self) -> None:
        """Show no patient (the database was replaced, e.g. by a restore)."""
        self.patient_id = None
        self.episode_id = None
        self.evaluation = None

    def refresh(self) -> None:
        if self.patient_id is None:
            return
        read = Operation(
            self.ctx,
            self,
            lambda: self._read(stored_id(self.patient_id)),
            title="Patient",
            failure="The patient's record could not be read.",
        ).run()
        if isinstance(read, Failed):
            return
        screen, views, decided = read
        evaluation = screen.evaluation
        self.evaluation = evaluation
        self.alert_views = views
        ctx = self.ctx
        today = ctx.clinic.today() if ctx.looking_ahead else None
        self.header.show_patient(evaluation, self.episode_id, ctx.as_of, today)
        self.title_changed.emit(evaluation.record.patient.display_name)
        episode, episode_evaluation = self.episode, self.episode_evaluation
        self.header.show_episode(episode, episode_evaluation, views, ctx.settings.measure_schedule)
        self.tabs.show_episode(evaluation, episode, episode_evaluation, views, decided, ctx.as_of)
        self.tabs.show_documents(screen.documents, screen.composed)
        self.alerts_panel.set_alerts(views)
        QTimer.singleShot(0, self, self.interrupt_for_critical_alerts)

    def _read(
        self, patient_id: int
    ) -> tuple[PatientScreen, list[AlertView], list[EscalationDecision]]:
        """The patient's screen, and the alerts and decisions of the episode to show."""
        screen = patient_screen(self.ctx.clinic, patient_id, self.ctx.as_of)
        episodes = screen.evaluation.record.episodes
        if self.episode_id is None or all(e.id != self.episode_id for e in episodes):
            chosen = default_episode(episodes, self.ctx.as_of)
            self.episode_id = None if chosen is None else stored_id(chosen.id)
        if self.episode_id is None:
            return screen, [], []
        return (
            screen,
            screen.alert_views(self.episode_id),
            screen.episode_decisions(self.episode_id),
        )

    def _on_episode_chosen(self, index: int) -> None:
        self.episode_id = self.header.episode_combo.itemData(index)
        self.refresh()

    def _on_records_changed(self, patient_id: int) -> None:
        if patient_id == self.patient_id:
            self.refresh()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.interrupt_for_critical_alerts)

    # -- alerts -----------------------------------------------------------------------

    def interrupt_for_critical_alerts(self) -> None:
        """Show a new critical alert once; it asks what was done (the dialog records it)."""
        if self.patient_id is None or not self.isVisible() or self.ctx.locked:
            return
        for view in self.alert_views:
            if (
                not view.active
                or view.alert.severity is not Severity.CRITICAL
                or view.key in self.ctx.interrupted_alerts
            ):
                continue
            self.ctx.interrupted_alerts.add(view.key)
            answered = self.ctx.prompter.answer_critical(
                self, self.ctx, self.patient_id, view, self.patient_name
            )
            if not answered:
                # Hidden by the lock before it was answered: ask again afterwards.
                self.ctx.interrupted_alerts.discard(view.key)
            return

    def record_critical_action(self, view: AlertView) -> CriticalAlertDialog | None:
        """Record what was done about a critical alert (from its card)."""
        if self.patient_id is None:
            return None
        dialog = CriticalAlertDialog(self.ctx, self.patient_id, view, self.patient_name, self)
        dialog.open()
        return dialog

    def show_alert_history(self, view: AlertView) -> HistoryDialog:
        """The audit trail of what was done with an alert."""
        dialog = HistoryDialog(
            self.ctx,
            "alert_action",
            [],
            f"Alert: {view.alert.summary}",
            self,
            events=alert_history(self.ctx.clinic, view),
            empty="Nobody has acknowledged, overridden, snoozed or decided on this alert yet.",
        )
        dialog.open()
        return dialog

    def acknowledge_alert(self, view: AlertView) -> None:
        if self.patient_id is None:
            return
        clinic = self.ctx.clinic
        Operation(
            self.ctx,
            self,
            lambda: act_on_alert(clinic, view.episode_id, view.alert, AlertActionKind.ACKNOWLEDGED),
            title="Alert",
            failure="The acknowledgement was not saved.",
            changed=Change(patient_id=self.patient_id),
        ).run()

    def act_with_dialog(self, view: AlertView, action: AlertActionKind) -> AlertActionDialog | None:
        if self.patient_id is None:
            return None
        dialog = AlertActionDialog(self.ctx, self.patient_id, view, action, self)
        dialog.open()
        return dialog

    def record_decision(self) -> DecisionDialog | None:
        if self.patient_id is None or self.episode_id is None:
            return None
        standing = [view.alert for view in self.alert_views if view.active]
        dialog = DecisionDialog(self.ctx, self.patient_id, self.episode_id, standing, self)
        dialog.open()
        return dialog

    # -- patient and episode ----------------------------------------------------------

    def edit_patient(self) -> PatientDialog | None:
        if self.evaluation is None:
            return None
        record = self.evaluation.record
        care = care_recorded(self.ctx.clinic, record.patient_id)
        dialog = PatientDialog(self.ctx, record.patient, self, care_recorded=care)
        dialog.patient_deleted.connect(
            lambda name: self.closed.emit(f"{name} deleted. Edit > Undo registers them again.")
        )
        dialog.open()
        return dialog

    def new_episode(self) -> EpisodeDialog | None:
        if self.evaluation is None or self.patient_id is None:
            return None
        dialog = EpisodeDialog(
            self.ctx, self.patient_id, self.evaluation.record.episodes, None, self
        )
        dialog.episode_saved.connect(self._on_episode_saved)
        dialog.open()
        return dialog

    def edit_episode(self) -> EpisodeDialog | None:
        if self.evaluation is None or self.patient_id is None or self.episode is None:
            return None
        dialog = EpisodeDialog(
            self.ctx, self.patient_id, self.evaluation.record.episodes, self.episode, self
        )
        dialog.open()
        return dialog

    def _on_episode_saved(self, episode_id: int) -> None:
        self.episode_id = episode_id
        self.refresh()

    def toggle_archived(self) -> None:
        if self.evaluation is None or self.patient_id is None:
            return
        archived = self.evaluation.record.archived_on is not None
        name = self.patient_name
        question = (
            f"Bring {name} back to the patient list and the due list?"
            if archived
            else f"Archive {name}? The record is kept (nothing is deleted) but leaves the "
            "patient list and the due list. You can restore it from the archived patients."
        )
        if not self.ctx.prompter.confirm(
            self, "Archive patient", question, action="Restore" if archived else "Archive"
        ):
            return
        clinic, patient_id = self.ctx.clinic, self.patient_id
        outcome = Operation(
            self.ctx,
            self,
            lambda: set_patient_archived(clinic, patient_id, archived=not archived),
            title="Archive patient",
            failure="Nothing was changed.",
            changed=Change(patient_id=patient_id, patient_list=True),
        ).run()
        if not archived and not isinstance(outcome, Failed):
            # An archived record leaves the lists; its tab goes with it.
            self.closed.emit(
                f"{name} archived. Tick 'Show archived patients' in the patient list to "
                "find the record again."
            )

    # -- visits, scans, treatments ----------------------------------------------------

    def _ids(self) -> tuple[int, int] | None:
        if self.patient_id is None or self.episode_id is None:
            return None
        return self.patient_id, self.episode_id

    def new_visit(self) -> VisitDialog | None:
        return self._open_record_dialog(VisitDialog, None)

    def edit_visit(self, visit: Visit) -> VisitDialog | None:
        return self._open_record_dialog(VisitDialog, visit)

    def new_scan(self) -> ScanDialog | None:
        return self._open_record_dialog(ScanDialog, None)

    def edit_scan(self, scan: Scan) -> ScanDialog | None:
        return self._open_record_dialog(ScanDialog, scan)

    def new_treatment(self) -> TreatmentDialog | None:
        return self._open_record_dialog(TreatmentDialog, None)

    def edit_treatment(self, treatment: Treatment) -> TreatmentDialog | None:
        return self._open_record_dialog(TreatmentDialog, treatment)

    def _open_record_dialog(
        self,
        dialog_type: Callable[[AppContext, int, int, _R | None, QWidget], _D],
        record: _R | None,
    ) -> _D | None:
        ids = self._ids()
        if ids is None:
            return None
        dialog = dialog_type(self.ctx, ids[0], ids[1], record, self)
        dialog.open()
        return dialog

    def delete_visit(self, visit: Visit) -> None:
        self._delete(VISITS, visit)

    def delete_scan(self, scan: Scan) -> None:
        self._delete(SCANS, scan)

    def delete_treatment(self, treatment: Treatment) -> None:
        self._delete(TREATMENTS, treatment)

    def _delete(self, kind: RecordKind[Any], record: Any) -> None:
        ids = self._ids()
        if ids is None:
            return
        if not self.ctx.prompter.confirm(
            self,
            "Delete",
            f"Delete {kind.describe(record)} of {self.patient_name}? "
            "Edit > Undo (Ctrl+Z) can put it back.",
            action="Delete",
        ):
            return
        clinic = self.ctx.clinic
        Operation(
            self.ctx,
            self,
            lambda: kind.remove(clinic, *ids, record),
            title="Delete",
            failure="Nothing was deleted.",
            changed=returned,
        ).run()

    def show_history(self, kind: RecordKind[Any], record: Any) -> HistoryDialog:
        title = sentence(kind.describe(record))
        dialog = HistoryDialog(self.ctx, kind.table, [stored_id(record.id)], title, self)
        dialog.open()
        return dialog
