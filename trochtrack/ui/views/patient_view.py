"""One patient: header, episode switcher, the episode's tabs and its alert cards.

Everything shown is read again from the services whenever the patient's records change
(or the date the rules are read on moves), so the cards, the due dates and the tables
never disagree with what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.charts.lesions import draw_lesion_chart, lesion_chart_data
from trochtrack.charts.symptoms import draw_symptom_chart, symptom_chart_data
from trochtrack.domain.actions import AlertActionKind, EscalationDecision
from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.domain.model import Episode, Scan, Treatment, Visit
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.domain.vocabulary import Severity
from trochtrack.services.documents import document_pdf
from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.letters import suggested_recipient
from trochtrack.services.patient_screen import patient_screen
from trochtrack.services.records import set_patient_archived, stored_id
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
from trochtrack.ui.dialogs.letters import LetterDialog
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.episode_records import SCANS, TREATMENTS, VISITS, RecordKind
from trochtrack.ui.models.lesion_table import MEASUREMENT_ERROR_NOTE, lesion_measurements
from trochtrack.ui.models.timeline import TimelineModel, timeline_entries
from trochtrack.ui.models.treatment_table import TreatmentTableModel
from trochtrack.ui.models.visit_table import VisitTableModel
from trochtrack.ui.operations import Change, Failed, Operation, returned
from trochtrack.ui.printing import (
    PrintError,
    choose_printer_and_print,
    open_in_viewer,
    preview_pdf,
    save_pdf_as,
)
from trochtrack.ui.text import (
    ERROR_COLOUR,
    PlainLabel,
    diagnosis_label,
    sentence,
    show_date,
    side_label,
    status_label,
)
from trochtrack.ui.views.alerts_panel import AlertsPanel
from trochtrack.ui.views.letters_tab import LettersTab
from trochtrack.ui.views.record_tab import RecordTab, make_table
from trochtrack.ui.views.scans_tab import ScansTab
from trochtrack.ui.widgets.alert_card import state_text
from trochtrack.ui.widgets.chart import ChartWidget
from trochtrack.wording.labels import SEX_LABELS

_R = TypeVar("_R")
"""The record a dialog edits (a visit, a scan, a treatment)."""
_D = TypeVar("_D", bound=QDialog)


def episode_title(episode: Episode) -> str:
    closed = f", closed {show_date(episode.closed_date)}" if episode.closed_date else ""
    return (
        f"{side_label(episode.side)} hip, {episode.ref}: {diagnosis_label(episode.diagnosis)} "
        f"(from {show_date(episode.first_line_start)}{closed})"
    )


def default_episode(episodes: tuple[Episode, ...], as_of: date) -> Episode | None:
    """The open episode begun last, else the one begun last."""
    if not episodes:
        return None
    open_ = [e for e in episodes if e.closed_date is None or e.closed_date > as_of]
    return max(open_ or list(episodes), key=lambda e: (e.first_line_start, e.id or 0))


class PatientView(QWidget):
    """Header, episode switcher, tabs (timeline, visits, scans, treatments, charts) and alerts."""

    title_changed = Signal(str)
    message = Signal(str)
    """A short note for the status bar (printed, saved)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id: int | None = None
        self.episode_id: int | None = None
        self.evaluation: PatientEvaluation | None = None
        self.alert_views: list[AlertView] = []
        self._charts_stale = True

        self.name_label = PlainLabel("", self)
        name_font = self.name_label.font()
        name_font.setPointSizeF(name_font.pointSizeF() * 1.5)
        name_font.setBold(True)
        self.name_label.setFont(name_font)
        self.details_label = PlainLabel("", self, wrap=True)
        self.episode_label = PlainLabel("", self, wrap=True)
        self.banner_label = PlainLabel("", self, wrap=True)
        self.banner_label.setStyleSheet(
            f"background: {ERROR_COLOUR}; color: white; font-weight: bold; padding: 6px;"
        )
        self.banner_label.setAccessibleName("Critical alert banner")
        self.ahead_label = PlainLabel("", self, wrap=True)
        self.ahead_label.setStyleSheet("background: #FFF4CE; padding: 4px;")
        self.episode_combo = QComboBox(self)
        self.episode_combo.setAccessibleName("Episode")
        self.episode_combo.activated.connect(self._on_episode_chosen)
        self.edit_patient_button = QPushButton("Patient details…", self)
        self.new_episode_button = QPushButton("New episode…", self)
        self.edit_episode_button = QPushButton("Episode details…", self)
        self.decision_button = QPushButton("Record decision…", self)
        self.archive_button = QPushButton("Archive patient", self)
        self.edit_patient_button.clicked.connect(self.edit_patient)
        self.new_episode_button.clicked.connect(self.new_episode)
        self.edit_episode_button.clicked.connect(self.edit_episode)
        self.decision_button.clicked.connect(self.record_decision)
        self.archive_button.clicked.connect(self.toggle_archived)

        self.timeline_model = TimelineModel(self)
        self.timeline_table = make_table(self.timeline_model, "Timeline", self)
        self.visits_tab = RecordTab(VisitTableModel(self), "visit", self)
        self.scans_tab = ScansTab(self)
        self.treatments_tab = RecordTab(TreatmentTableModel(self), "treatment", self)
        self.symptom_chart = ChartWidget("Pain and VISA-G over time", self)
        self.lesion_chart = ChartWidget("Lesion size over time", self)
        charts = QSplitter(Qt.Orientation.Vertical, self)
        charts.addWidget(self.symptom_chart)
        charts.addWidget(self.lesion_chart)
        charts.setSizes([360, 260])
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.timeline_table, "&Timeline")
        self.tabs.addTab(self.visits_tab, "&Visits")
        self.tabs.addTab(self.scans_tab, "&Scans")
        self.tabs.addTab(self.treatments_tab, "T&reatments")
        self.charts_index = self.tabs.addTab(charts, "&Charts")
        self.letters_tab = LettersTab(self)
        self.letters_index = self.tabs.addTab(self.letters_tab, "&Letters")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.alerts_panel = AlertsPanel(self)

        self._connect_records()
        self.alerts_panel.acknowledge_requested.connect(self.acknowledge_alert)
        self.alerts_panel.override_requested.connect(
            lambda view: self.act_with_dialog(view, AlertActionKind.OVERRIDDEN)
        )
        self.alerts_panel.snooze_requested.connect(
            lambda view: self.act_with_dialog(view, AlertActionKind.SNOOZED)
        )
        self.alerts_panel.decision_requested.connect(lambda _view: self.record_decision())
        self.alerts_panel.action_requested.connect(self.record_critical_action)
        self.alerts_panel.history_requested.connect(self.show_alert_history)
        self.letters_tab.create_requested.connect(self.create_document)
        self.letters_tab.preview_requested.connect(self.preview_document)
        self.letters_tab.print_requested.connect(self.print_document)
        self.letters_tab.save_requested.connect(self.save_document)
        self.letters_tab.open_requested.connect(self.open_document)

        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.name_label)
        header.addWidget(self.details_label)
        header.addWidget(self.episode_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.episode_combo, 1)
        for button in (
            self.edit_episode_button,
            self.new_episode_button,
            self.decision_button,
            self.edit_patient_button,
            self.archive_button,
        ):
            buttons.addWidget(button)
        splitter = QSplitter(self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.alerts_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 440])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner_label)
        layout.addLayout(buttons)
        layout.addWidget(self.ahead_label)
        layout.addWidget(splitter, 1)

        ctx.bus.records_changed.connect(self._on_records_changed)
        ctx.bus.as_of_changed.connect(lambda _day: self.refresh())
        ctx.bus.settings_changed.connect(self.refresh)

    def _connect_records(self) -> None:
        visits, scans, treatments = self.visits_tab, self.scans_tab.records, self.treatments_tab
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
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.refresh()

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
        evaluation, views, decided, documents = read
        self.evaluation = evaluation
        self.alert_views = views
        self._show_header(evaluation)
        self._show_episode(evaluation, decided)
        self.letters_tab.set_documents(documents)
        self._charts_stale = True
        if self.tabs.currentIndex() == self.charts_index:
            self._draw_charts()
        QTimer.singleShot(0, self.interrupt_for_critical_alerts)

    def _read(
        self, patient_id: int
    ) -> tuple[PatientEvaluation, list[AlertView], list[EscalationDecision], list[DocumentInfo]]:
        screen = patient_screen(self.ctx.clinic, patient_id, self.ctx.as_of)
        episodes = screen.evaluation.record.episodes
        if self.episode_id is None or all(e.id != self.episode_id for e in episodes):
            chosen = default_episode(episodes, self.ctx.as_of)
            self.episode_id = None if chosen is None else stored_id(chosen.id)
        if self.episode_id is None:
            return screen.evaluation, [], [], screen.documents
        return (
            screen.evaluation,
            screen.alert_views(self.episode_id),
            screen.episode_decisions(self.episode_id),
            screen.documents,
        )

    def _show_header(self, evaluation: PatientEvaluation) -> None:
        record = evaluation.record
        patient = record.patient
        archived = f" (archived {show_date(record.archived_on)})" if record.archived_on else ""
        self.name_label.setText(f"{patient.display_name}{archived}")
        self.details_label.setText(
            f"{patient.age_on(self.ctx.as_of)} years · born {show_date(patient.date_of_birth)}"
            f" · {SEX_LABELS[patient.sex]} · ref {patient.ref}"
        )
        self.archive_button.setText("Restore patient" if record.archived_on else "Archive patient")
        self.title_changed.emit(patient.display_name)
        self.episode_combo.clear()
        for episode in record.episodes:
            self.episode_combo.addItem(episode_title(episode), episode.id)
        self.episode_combo.setCurrentIndex(self.episode_combo.findData(self.episode_id))
        if self.ctx.looking_ahead:
            self.ahead_label.setText(
                f"Looking ahead: the rules are read as on {show_date(self.ctx.as_of)} "
                f"(today is {show_date(self.ctx.clinic.today())}). New entries are still dated "
                "today or earlier."
            )
        self.ahead_label.setVisible(self.ctx.looking_ahead)

    def _show_episode(self, patient: PatientEvaluation, decided: list[EscalationDecision]) -> None:
        episode, evaluation = self.episode, self.episode_evaluation
        has_episode = episode is not None and evaluation is not None
        for widget in (self.edit_episode_button, self.decision_button):
            widget.setEnabled(has_episode)
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, has_episode or index == self.letters_index)
        for button in self.letters_tab.create_buttons.values():
            button.setEnabled(has_episode)
        if episode is None or evaluation is None:
            self.episode_label.setText("No episode yet: open one with New episode….")
            self.banner_label.setVisible(False)
            for tab in (self.visits_tab, self.scans_tab.records, self.treatments_tab):
                tab.set_rows([])
            self.timeline_model.set_rows([])
            self.scans_tab.lesion_model.set_rows([])
            self.scans_tab.show_lesions(None)
            self.alerts_panel.set_alerts([])
            return
        follow_up = (
            f" · follow-up scan {show_date(evaluation.follow_up_scan_due)}"
            if evaluation.follow_up_scan_due
            else ""
        )
        self.episode_label.setText(
            f"{side_label(episode.side)} hip ({episode.ref}) · {status_label(evaluation.status)}"
            f" · review {show_date(evaluation.review_due)}"
            f" · escalation decision {show_date(evaluation.escalation_due)}{follow_up}"
        )
        critical = [v for v in self.alert_views if v.alert.severity is Severity.CRITICAL]
        self.banner_label.setText(
            "\n".join(f"CRITICAL: {v.alert.summary}\n{state_text(v)}" for v in critical)
        )
        self.banner_label.setVisible(bool(critical))
        self.visits_tab.set_rows(sorted(episode.visits, key=lambda v: v.date))
        treatments = self.treatments_tab.model
        if isinstance(treatments, TreatmentTableModel):
            treatments.as_of = self.ctx.as_of
        self.treatments_tab.set_rows(sorted(episode.treatments, key=lambda t: t.start))
        self.scans_tab.records.set_rows(sorted(episode.scans, key=lambda s: s.date))
        noise_floor = float(patient.rules.lesions.axis_min_change_mm)
        self.scans_tab.lesion_model.set_rows(lesion_measurements(episode, evaluation, noise_floor))
        self.scans_tab.show_lesions(evaluation)
        self.scans_tab.note_label.setText(
            MEASUREMENT_ERROR_NOTE.format(mm=noise_floor)
            + " Hover over a change call to see the thresholds."
        )
        self.timeline_model.set_rows(
            timeline_entries(episode, self.alert_views, decided, self.ctx.as_of)
        )
        self.timeline_table.resizeColumnsToContents()
        self.alerts_panel.set_alerts(self.alert_views)

    def _draw_charts(self) -> None:
        episode, evaluation = self.episode, self.episode_evaluation
        self._charts_stale = False
        if episode is None or evaluation is None:
            self.symptom_chart.clear()
            self.lesion_chart.clear()
            return
        symptoms = symptom_chart_data(episode, evaluation)
        lesions = lesion_chart_data(episode, evaluation)
        self.symptom_chart.redraw(lambda fig: draw_symptom_chart(fig, symptoms))
        self.lesion_chart.redraw(lambda fig: draw_lesion_chart(fig, lesions))

    def _on_tab_changed(self, index: int) -> None:
        if index == self.charts_index and self._charts_stale:
            self._draw_charts()

    def _on_episode_chosen(self, index: int) -> None:
        self.episode_id = self.episode_combo.itemData(index)
        self.refresh()

    def _on_records_changed(self, patient_id: int) -> None:
        if patient_id == self.patient_id:
            self.refresh()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.interrupt_for_critical_alerts)

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
        dialog = PatientDialog(self.ctx, self.evaluation.record.patient, self)
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
        Operation(
            self.ctx,
            self,
            lambda: set_patient_archived(clinic, patient_id, archived=not archived),
            title="Archive patient",
            failure="Nothing was changed.",
            changed=Change(patient_id=patient_id, patient_list=True),
        ).run()

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

    # -- letters ----------------------------------------------------------------------

    def create_document(self, kind: DocumentKind) -> LetterDialog | None:
        ids = self._ids()
        if ids is None:
            return None
        red_flags = [v for v in self.alert_views if v.alert.code.is_red_flag]
        dialog = LetterDialog(
            self.ctx,
            ids[0],
            ids[1],
            kind,
            self,
            red_flag_recipient=suggested_recipient(red_flags) if red_flags else None,
        )
        dialog.open()
        return dialog

    def _pdf(self, document: DocumentInfo) -> bytes | None:
        stored = Operation(
            self.ctx,
            self,
            lambda: document_pdf(self.ctx.clinic, document.id),
            title="Letters",
            failure="The document cannot be shown.",
        ).run()
        return None if isinstance(stored, Failed) else stored[1]

    def preview_document(self, document: DocumentInfo) -> QDialog | None:
        pdf = self._pdf(document)
        if pdf is None:
            return None
        try:
            dialog = preview_pdf(pdf, self)
        except PrintError as error:
            self.ctx.prompter.warn(self, "Preview", str(error))
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_document(self, document: DocumentInfo | None = None) -> bool:
        """Print ``document``, or the one selected on the Letters tab (Ctrl+P)."""
        self.tabs.setCurrentIndex(self.letters_index)
        document = document or self.letters_tab.selected()
        if document is None or document.status is not DocumentStatus.GENERATED:
            self.message.emit("Nothing to print: produce a letter or choose one first.")
            return False
        pdf = self._pdf(document)
        if pdf is None:
            return False
        try:
            printed = choose_printer_and_print(pdf, self)
        except PrintError as error:
            self.ctx.prompter.warn(self, "Print", f"Not printed. {error}")
            return False
        if printed:
            self.message.emit(f"Sent to the printer: {document.title}")
        return printed

    def save_document(self, document: DocumentInfo) -> Path | None:
        pdf = self._pdf(document)
        if pdf is None or self.evaluation is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = (
            f"{self.evaluation.record.patient.ref}-{document.kind.value}-"
            f"{document.document_date.isoformat()}.pdf"
        )
        path = self.ctx.prompter.save_path(self, "Save PDF", Path(folder) / name, "PDF (*.pdf)")
        if path is None:
            return None
        try:
            save_pdf_as(pdf, path)
        except OSError as error:
            self.ctx.prompter.warn(self, "Save PDF", f"Not saved: {error.strerror or error}")
            return None
        self.message.emit(f"Saved {path.name}")
        return path

    def open_document(self, document: DocumentInfo) -> bool:
        pdf = self._pdf(document)
        if pdf is None:
            return False
        if not open_in_viewer(pdf, self.ctx.paths.viewer):
            self.ctx.prompter.warn(
                self, "Open PDF", "No PDF viewer could be started; use Save as… instead."
            )
            return False
        return True
