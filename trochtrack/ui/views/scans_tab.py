"""The scans tab: the episode's scans, each lesion's change calls, and every measurement.

For each lesion the summary gives both calls of the rules: against the previous scan and
(from the third scan on) against the first scan of the latest one's modality, each with
its date and the change in volume (or in the longest diameter of a calcification); and
a bursa's or collection's characteristics, with those that became concerning.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trochtrack.domain.rules import (
    AxisChange,
    EpisodeEvaluation,
    LesionAssessment,
    LesionObservation,
)
from trochtrack.domain.vocabulary import LesionChange
from trochtrack.ui.models.lesion_table import LesionTableModel
from trochtrack.ui.models.scan_table import ScanTableModel
from trochtrack.ui.text import (
    ERROR_COLOUR,
    PlainLabel,
    lesion_kind_label,
    modality_label,
    show_date,
    show_dimensions,
    show_volume,
)
from trochtrack.ui.views.record_tab import RecordTab, make_table
from trochtrack.wording.labels import CHANGE_LABELS

SITE_COLUMN: Final = 2
SITE_WIDTH: Final = 150
NO_LESIONS: Final = "No lesion has been recorded on a scan yet."


def _growth(kind_is_calcification: bool, axes: tuple[AxisChange, ...], volume: float | None) -> str:
    """``volume +49.3 %`` (bursae, collections) or ``longest diameter +2 mm (+20 %)``."""
    if kind_is_calcification and axes:
        axis = axes[0]
        percent = "" if axis.change_percent is None else f" ({axis.change_percent:+g} %)"
        return f", longest diameter {axis.change_mm:+g} mm{percent}"
    if volume is not None:
        return f", volume {volume:+g} %"
    return ""


def _call(
    against: str,
    earlier: LesionObservation,
    change: LesionChange,
    assessment: LesionAssessment,
    moves: tuple[tuple[AxisChange, ...], float | None],
) -> str:
    head = (
        f"Against the {against} ({earlier.modality.value} {show_date(earlier.date)}): "
        f"{CHANGE_LABELS[change]}"
    )
    return head + _growth(assessment.kind.is_calcification, *moves)


def against_previous(assessment: LesionAssessment) -> str:
    """The call against the previous scan, with its date and the change."""
    previous = assessment.previous
    if previous is None:
        return "Against the previous scan: none yet (first measurement)"
    moves = (assessment.axes, assessment.volume_change_percent)
    return _call("previous scan", previous, assessment.change, assessment, moves)


def against_first(assessment: LesionAssessment) -> str:
    """The call against the baseline scan, or why there is none."""
    since = assessment.since_baseline
    if since is None:
        return "Against the first scan: not yet (it needs a third scan of the same modality)"
    moves = (since.axes, since.volume_change_percent)
    return _call("first scan", since.baseline, since.change, assessment, moves)


def lesion_summary(assessment: LesionAssessment) -> str:
    """Everything the rules say of one lesion, line by line, in the window's words."""
    latest = assessment.latest
    site = f" · {latest.site}" if latest.site else ""
    lines = [f"{assessment.lesion} · {lesion_kind_label(assessment.kind)}{site}"]
    if latest.dims_mm is not None and assessment.volume_mm3 is not None:
        size = show_dimensions(latest.dims_mm)
        if assessment.kind.size_tracked:
            size += f" ({show_volume(assessment.volume_mm3)})"
    else:
        size = "not visualised" if not latest.visualised else "no size recorded"
    lines.append(f"Latest: {modality_label(latest.modality)} {show_date(latest.date)}, {size}")
    if not (assessment.kind.size_tracked or assessment.kind.is_calcification):
        lines.append("No size rule for tendon findings")
        return "\n".join(lines)
    lines += [against_previous(assessment), against_first(assessment)]
    if latest.features is not None and not latest.features.is_empty:
        lines.append(f"Characteristics: {latest.features.describe()}")
    if assessment.features_changed and assessment.features_compared is not None:
        changes = "; ".join(change.describe() for change in assessment.features_changed)
        lines.append(
            f"Became concerning since {show_date(assessment.features_compared.date)}: {changes}"
        )
    return "\n".join(lines)


def needs_review(assessment: LesionAssessment) -> bool:
    """A lesion whose latest calls raise an alert-worthy change (shown in the alert colour)."""
    return bool(assessment.features_changed) or LesionChange.ENLARGED in (
        assessment.change,
        assessment.change_since_baseline,
    )


class ScansTab(QWidget):
    """The episode's scans; below them each lesion's calls and every measurement."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records = RecordTab(ScanTableModel(self), "scan", self)
        self.summary_box = QWidget(self)
        self.summary_layout = QVBoxLayout(self.summary_box)
        self.summary_layout.setContentsMargins(4, 4, 4, 4)
        self.summary_layout.addStretch(1)
        self.summary_labels: list[PlainLabel] = []
        summary_scroll = QScrollArea(self)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        summary_scroll.setWidget(self.summary_box)
        summary_scroll.setAccessibleName("Each lesion's change calls")
        self.lesion_model = LesionTableModel(self)
        self.lesion_table = make_table(self.lesion_model, "Lesion measurements", self)
        header = self.lesion_table.horizontalHeader()
        # The site can be long and the characteristics longer: the site keeps a width
        # (the tooltip has it all), the characteristics take what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SITE_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(SITE_COLUMN, SITE_WIDTH)
        header.setStretchLastSection(True)
        self.note_label = PlainLabel("", self, wrap=True)
        self.note_label.setStyleSheet("color: #555555;")
        calls = QWidget(self)
        calls_layout = QVBoxLayout(calls)
        calls_layout.setContentsMargins(0, 0, 0, 0)
        calls_layout.addWidget(
            PlainLabel("Lesions: the change against the previous and the first scan", calls)
        )
        calls_layout.addWidget(summary_scroll, 1)
        measurements = QWidget(self)
        measurements_layout = QVBoxLayout(measurements)
        measurements_layout.setContentsMargins(0, 0, 0, 0)
        measurements_layout.addWidget(PlainLabel("Every measurement", measurements))
        measurements_layout.addWidget(self.lesion_table, 1)
        measurements_layout.addWidget(self.note_label)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.records)
        splitter.addWidget(calls)
        splitter.addWidget(measurements)
        splitter.setSizes([170, 200, 230])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_lesions(self, evaluation: EpisodeEvaluation | None) -> None:
        """One summary per lesion of the evaluation (none without an episode)."""
        for label in self.summary_labels:
            label.hide()
            label.deleteLater()
        self.summary_labels = []
        assessments = () if evaluation is None else evaluation.lesions
        texts = [lesion_summary(a) for a in assessments] or [NO_LESIONS]
        for index, text in enumerate(texts):
            label = PlainLabel(text, self.summary_box, wrap=True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            edge = ERROR_COLOUR if assessments and needs_review(assessments[index]) else "#C8C8C8"
            label.setStyleSheet(
                "QLabel { background: white; border: 1px solid #C8C8C8;"
                f" border-left: 5px solid {edge}; padding: 4px 6px; }}"
            )
            self.summary_layout.insertWidget(self.summary_layout.count() - 1, label)
            self.summary_labels.append(label)
