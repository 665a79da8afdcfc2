"""The Charts tab's upper chart: pain and VISA-G, or one outcome measure chosen for it.

The selector lists the symptom chart first, then only the measures the episode has a
value (or a form) for. A click on a measure's point opens a small popup with that
visit's value and, for a questionnaire, its answers item by item with blank ones named;
a click elsewhere on the chart, another choice, a redraw or leaving the tab closes it.
In the window the charts have no title: the selector names what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from PySide6.QtCore import QPoint, QSignalBlocker, Qt
from PySide6.QtGui import QGuiApplication, QHideEvent, QPalette
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from trochtrack.charts.measure_figure import draw_measure_chart
from trochtrack.charts.measures import MeasureChartData, measure_chart_data, recorded_measures
from trochtrack.charts.symptoms import draw_symptom_chart, symptom_chart_data
from trochtrack.domain.actions import EscalationDecision
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.chart import ChartWidget

SYMPTOMS: Final = "symptoms"
SYMPTOMS_NAME: Final = "Pain and VISA-G"
POPUP_WIDTH: Final = 420
POPUP_OFFSET: Final = QPoint(12, 12)


class PointPopup(QLabel):
    """A small window beside the cursor with what a clicked point stands for."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        # Activity names are the patient's words: shown as typed, never as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setMargin(6)
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAccessibleName("Answers at the point clicked")

    def show_at(self, text: str, at: QPoint) -> None:
        """Show ``text`` below and right of ``at`` (global), inside the screen."""
        self.setText(text)
        # As wide as its longest line, up to the limit; then as tall as that width needs.
        margins = 2 * (self.margin() + self.frameWidth()) + 2
        longest = max(self.fontMetrics().horizontalAdvance(line) for line in text.splitlines())
        self.setFixedWidth(min(longest + margins, POPUP_WIDTH))
        self.setFixedHeight(self.heightForWidth(self.width()))
        where = at + POPUP_OFFSET
        screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            where.setX(max(room.left(), min(where.x(), room.right() - self.width())))
            if where.y() + self.height() > room.bottom():
                where.setY(at.y() - POPUP_OFFSET.y() - self.height())
        self.move(where)
        self.show()


class MeasureChartPanel(QWidget):
    """The chart chosen in :attr:`selector_bar` (placed by the tabs, above the chart)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._episode: Episode | None = None
        self._evaluation: EpisodeEvaluation | None = None
        self._decisions: tuple[EscalationDecision, ...] = ()
        self._pain_points = 0
        self._measure: MeasureChartData | None = None
        self.selector_bar = QWidget(self)
        self.selector = QComboBox(self.selector_bar)
        self.selector.setAccessibleName("Chart shown")
        self.selector.setToolTip(
            "Pain and VISA-G, or one outcome measure of this episode. "
            "Click a point of a measure to see that visit's answers."
        )
        self.selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar = QHBoxLayout(self.selector_bar)
        bar.setContentsMargins(0, 0, 4, 0)
        label = PlainLabel("Chart:", self.selector_bar)
        label.setBuddy(self.selector)
        bar.addWidget(label)
        bar.addWidget(self.selector)
        self.chart = ChartWidget("Pain and VISA-G over time", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart)
        self.popup = PointPopup(self)
        self._fill_selector(())
        self.selector.currentIndexChanged.connect(self._on_selected)
        self.chart.point_clicked.connect(self._show_point)
        self.chart.background_clicked.connect(self.popup.hide)

    def show_episode(
        self,
        episode: Episode,
        evaluation: EpisodeEvaluation,
        decisions: Sequence[EscalationDecision],
        pain_change_points: int,
    ) -> None:
        """Chart ``episode``; the choice stays while the episode still has that measure."""
        self._episode, self._evaluation = episode, evaluation
        self._decisions = tuple(decisions)
        self._pain_points = pain_change_points
        self._fill_selector(
            tuple((m.name, m.code) for m in recorded_measures(episode, evaluation.as_of))
        )
        self._draw()

    def clear(self) -> None:
        """Show no chart (no episode)."""
        self._episode = self._evaluation = self._measure = None
        self._fill_selector(())
        self.popup.hide()
        self.chart.clear()

    @property
    def measure(self) -> MeasureChartData | None:
        """The measure chart on view; ``None`` while the symptom chart is."""
        return self._measure

    def _fill_selector(self, measures: Sequence[tuple[str, str]]) -> None:
        current = self.selector.currentData()
        with QSignalBlocker(self.selector):
            self.selector.clear()
            self.selector.addItem(SYMPTOMS_NAME, SYMPTOMS)
            for name, code in measures:
                self.selector.addItem(name, code)
            self.selector.setCurrentIndex(max(self.selector.findData(current), 0))
        self.selector.setEnabled(self.selector.count() > 1)

    def _draw(self) -> None:
        self.popup.hide()
        episode, evaluation = self._episode, self._evaluation
        if episode is None or evaluation is None:
            self.chart.clear()
            return
        code = self.selector.currentData()
        if code == SYMPTOMS:
            self._measure = None
            symptoms = symptom_chart_data(episode, evaluation, pain_change_points=self._pain_points)
            self.chart.set_accessible_name("Pain and VISA-G over time")
            self.chart.redraw(lambda fig: draw_symptom_chart(fig, replace(symptoms, title="")))
            return
        measure = measure_chart_data(
            episode,
            evaluation,
            str(code),
            decisions=self._decisions,
            pain_change_points=self._pain_points,
        )
        shown = self._measure = replace(measure, title="")
        self.chart.set_accessible_name(f"{self.selector.currentText()} over time")
        self.chart.redraw(lambda fig: draw_measure_chart(fig, shown))

    def _on_selected(self, _index: int) -> None:
        self._draw()

    def _show_point(self, gid: str, index: int, at: QPoint) -> None:
        text = None if self._measure is None else self._measure.details(gid, index)
        if text is None:
            self.popup.hide()
            return
        self.popup.show_at(text, at)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        self.popup.hide()
        super().hideEvent(event)
