"""The tabs of the patient view: timeline, visits, scans, treatments, charts and letters.

The charts are drawn when their tab is on view (drawing them takes a moment), and again
only after the episode they show was read again.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from trochtrack.charts.lesions import draw_lesion_chart, lesion_chart_data
from trochtrack.domain.actions import EscalationDecision
from trochtrack.domain.documents import DocumentInfo
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.workflow import AlertView
from trochtrack.ui.models.lesion_table import MEASUREMENT_ERROR_NOTE, lesion_measurements
from trochtrack.ui.models.timeline import TimelineModel, timeline_entries
from trochtrack.ui.models.treatment_table import TreatmentTableModel
from trochtrack.ui.models.visit_table import VisitTableModel
from trochtrack.ui.views.letters_tab import LettersTab
from trochtrack.ui.views.record_tab import RecordTab, make_table
from trochtrack.ui.views.scans_tab import ScansTab
from trochtrack.ui.widgets.chart import ChartWidget
from trochtrack.ui.widgets.measure_chart import MeasureChartPanel


class PatientTabs(QTabWidget):
    """One episode's records in tabs, and the patient's letters (which need no episode)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._episode: Episode | None = None
        self._evaluation: EpisodeEvaluation | None = None
        self._decided: list[EscalationDecision] = []
        self._pain_points = 0
        self._charts_stale = True
        self.timeline_model = TimelineModel(self)
        self.timeline_table = make_table(self.timeline_model, "Timeline", self)
        self.visits_tab = RecordTab(VisitTableModel(self), "visit", self)
        self.scans_tab = ScansTab(self)
        self.treatments_tab = RecordTab(TreatmentTableModel(self), "treatment", self)
        self.letters_tab = LettersTab(self)
        self.addTab(self.timeline_table, "&Timeline")
        self.addTab(self.visits_tab, "V&isits")
        self.addTab(self.scans_tab, "&Scans")
        self.addTab(self.treatments_tab, "T&reatments")
        self.charts_index = self.addTab(self._build_charts(), "&Charts")
        self.letters_index = self.addTab(self.letters_tab, "&Letters")
        self.currentChanged.connect(self._on_tab_changed)

    def _build_charts(self) -> QSplitter:
        self.measure_panel = MeasureChartPanel(self)
        self.symptom_chart = self.measure_panel.chart
        # Beside the tabs, shown with the charts: a row above them would take their height.
        self.setCornerWidget(self.measure_panel.selector_bar, Qt.Corner.TopRightCorner)
        self.measure_panel.selector_bar.hide()
        self.lesion_chart = ChartWidget("Lesion size over time", self)
        charts = QSplitter(Qt.Orientation.Vertical, self)
        charts.addWidget(self.measure_panel)
        charts.addWidget(self.lesion_chart)
        # The trend chart carries a treatment strip and a legend beside its scores: on a
        # short screen it needs the larger share to leave its scores room to read.
        charts.setStretchFactor(0, 2)
        charts.setStretchFactor(1, 1)
        charts.setSizes([440, 200])
        return charts

    def show_first(self) -> None:
        """The tab a patient opens on: the timeline, or the letters when there is no episode.

        A patient without an episode leaves only the letters open; the next patient
        opened would otherwise start there too.
        """
        self.setCurrentIndex(0 if self.isTabEnabled(0) else self.letters_index)

    def show_letters(self) -> None:
        self.setCurrentIndex(self.letters_index)

    def show_documents(self, documents: list[DocumentInfo], composed: frozenset[int]) -> None:
        self.letters_tab.set_documents(documents, composed)

    def show_episode(
        self,
        patient: PatientEvaluation,
        episode: Episode | None,
        evaluation: EpisodeEvaluation | None,
        alert_views: list[AlertView],
        decided: list[EscalationDecision],
        as_of: date,
    ) -> None:
        """The episode's records in every tab; with no episode only the letters stay open."""
        self._episode, self._evaluation = episode, evaluation
        self._decided, self._pain_points = decided, patient.rules.response.pain_drop_points
        has_episode = episode is not None and evaluation is not None
        for index in range(self.count()):
            self.setTabEnabled(index, has_episode or index == self.letters_index)
        for button in self.letters_tab.create_buttons.values():
            button.setEnabled(has_episode)
        if episode is None or evaluation is None:
            self._clear_records()
        else:
            self._show_records(patient, episode, evaluation, as_of)
            self.timeline_model.set_rows(timeline_entries(episode, alert_views, decided, as_of))
            self.timeline_table.fit_columns()
        self._charts_stale = True
        if self.currentIndex() == self.charts_index:
            self._draw_charts()

    def _clear_records(self) -> None:
        for tab in (self.visits_tab, self.scans_tab.records, self.treatments_tab):
            tab.set_rows([])
        self.timeline_model.set_rows([])
        self.scans_tab.lesion_model.set_rows([])
        self.scans_tab.show_lesions(None)

    def _show_records(
        self,
        patient: PatientEvaluation,
        episode: Episode,
        evaluation: EpisodeEvaluation,
        as_of: date,
    ) -> None:
        self.visits_tab.set_rows(sorted(episode.visits, key=lambda v: v.date))
        treatments = self.treatments_tab.model
        if isinstance(treatments, TreatmentTableModel):
            treatments.as_of = as_of
        self.treatments_tab.set_rows(sorted(episode.treatments, key=lambda t: t.start))
        self.scans_tab.records.set_rows(sorted(episode.scans, key=lambda s: s.date))
        noise_floor = float(patient.rules.lesions.axis_min_change_mm)
        self.scans_tab.lesion_model.set_rows(lesion_measurements(episode, evaluation, noise_floor))
        self.scans_tab.show_lesions(evaluation)
        self.scans_tab.note_label.setText(
            MEASUREMENT_ERROR_NOTE.format(mm=noise_floor)
            + " Hover over a change call to see the thresholds."
        )

    def _draw_charts(self) -> None:
        episode, evaluation = self._episode, self._evaluation
        self._charts_stale = False
        if episode is None or evaluation is None:
            self.measure_panel.clear()
            self.lesion_chart.clear()
            return
        lesions = lesion_chart_data(episode, evaluation)
        self.measure_panel.show_episode(episode, evaluation, self._decided, self._pain_points)
        self.lesion_chart.redraw(lambda fig: draw_lesion_chart(fig, lesions))

    def _on_tab_changed(self, index: int) -> None:
        self.measure_panel.selector_bar.setVisible(index == self.charts_index)
        if index == self.charts_index and self._charts_stale:
            self._draw_charts()
