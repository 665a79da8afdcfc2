"""The lesions table: each measurement of a lesion, its volume and the change call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from typing_extensions import override

from trochtrack.domain.features import Features
from trochtrack.domain.geometry import Dimensions
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation, LesionAssessment
from trochtrack.domain.vocabulary import LesionKind, Modality, Visibility
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import (
    change_label,
    lesion_kind_label,
    modality_label,
    show_date,
    show_dimensions,
    show_volume,
)
from trochtrack.wording.labels import POSSIBLE_MARK

MEASUREMENT_ERROR_NOTE: Final = (
    "Changes under {mm:g} mm are within the measurement error of ultrasound; "
    "they are not called a change."
)


@dataclass(frozen=True, slots=True)
class LesionMeasurement:
    """One finding of one lesion; the latest carries the change call of the evaluation."""

    lesion: str
    kind: LesionKind
    site: str | None
    scan_date: date
    modality: Modality
    visibility: Visibility
    dims_mm: Dimensions | None
    volume_mm3: float | None
    assessment: LesionAssessment | None
    noise_floor_mm: float
    features: Features | None = None
    baseline: bool = False
    """The finding the latest one is compared with as the lesion's first scan."""
    possible: bool = False
    """The scan's report is not sure of it."""

    @property
    def features_text(self) -> str:
        """The characteristics recorded, with those that became concerning at the latest."""
        text = "" if self.features is None else self.features.describe()
        if self.assessment is not None and self.assessment.features_changed:
            changed = ", ".join(self.assessment.features_changed_names)
            text += f" (now concerning: {changed})"
        return text

    @property
    def size_text(self) -> str:
        if self.dims_mm is not None:
            return show_dimensions(self.dims_mm)
        if self.visibility is Visibility.NOT_VISUALISED:
            return "not visualised"
        return "no size recorded"

    @property
    def change_text(self) -> str:
        if self.assessment is None:
            return "baseline (first scan compared)" if self.baseline else ""
        if not (self.kind.size_tracked or self.kind.is_calcification):
            return "No size rule"
        text = change_label(self.assessment.change)
        since = self.assessment.change_since_baseline
        if since is not None:
            text += f"; since first scan: {change_label(since).lower()}"
        return text

    def change_explanation(self) -> str | None:
        """The thresholds behind the change call, for the tooltip."""
        if self.assessment is None:
            return None
        parts = [f"{self.change_text}."]
        if self.assessment.previous is not None:
            parts.append(f"Compared with {self.assessment.previous.describe()}.")
        for number, axis in enumerate(self.assessment.axes, start=1):
            percent = f", {axis.change_percent:+.1f} %" if axis.change_percent is not None else ""
            parts.append(
                f"Axis {number}: {axis.previous_mm:g} → {axis.latest_mm:g} mm "
                f"({axis.change_mm:+g} mm{percent}): {axis.trend.value}"
            )
        if self.assessment.volume_change_percent is not None:
            parts.append(f"Volume {self.assessment.volume_change_percent:+.1f} %")
        since = self.assessment.since_baseline
        if since is not None:
            parts.append(
                f"Against the first scan ({since.baseline.describe()}): "
                f"{change_label(since.change).lower()}"
                + (
                    f", volume {since.volume_change_percent:+.1f} %"
                    if since.volume_change_percent is not None
                    else ""
                )
            )
        if self.assessment.volume_approximate:
            parts.append("The shape is elongated, so the ellipsoid volume is approximate.")
        if self.assessment.rule:
            parts.append(f"Rule: {self.assessment.rule}.")
        parts.append(MEASUREMENT_ERROR_NOTE.format(mm=self.noise_floor_mm))
        return "\n".join(parts)


def lesion_measurements(
    episode: Episode, evaluation: EpisodeEvaluation, noise_floor_mm: float
) -> list[LesionMeasurement]:
    """Every finding of the episode by lesion, then by date."""
    assessments = {assessment.lesion: assessment for assessment in evaluation.lesions}
    baselines = {
        (a.lesion, a.since_baseline.baseline.date, a.since_baseline.baseline.modality)
        for a in evaluation.lesions
        if a.since_baseline is not None
    }
    rows: list[LesionMeasurement] = []
    for scan in sorted(episode.scans, key=lambda s: s.date):
        for finding in scan.findings:
            assessment = assessments.get(finding.lesion)
            latest = assessment is not None and assessment.latest.date == scan.date
            rows.append(
                LesionMeasurement(
                    lesion=finding.lesion,
                    kind=finding.kind,
                    site=finding.site,
                    scan_date=scan.date,
                    modality=scan.modality,
                    visibility=finding.visibility,
                    dims_mm=finding.dims_mm,
                    volume_mm3=finding.volume_mm3,
                    assessment=assessment if latest else None,
                    noise_floor_mm=noise_floor_mm,
                    features=finding.features,
                    baseline=(finding.lesion, scan.date, scan.modality) in baselines,
                    possible=finding.possible is True,
                )
            )
    return sorted(rows, key=lambda row: (row.lesion, row.scan_date))


class LesionTableModel(RowTableModel[LesionMeasurement]):
    """Per lesion: each measurement, its volume, and the change call at the latest."""

    columns = (
        Column("Lesion", lambda m: m.lesion),
        Column("Kind", lambda m: lesion_kind_label(m.kind) + (POSSIBLE_MARK if m.possible else "")),
        Column("Site", lambda m: m.site or "", tooltip=lambda m: m.site),
        Column("Scan", lambda m: show_date(m.scan_date), sort_key=lambda m: m.scan_date),
        Column("Modality", lambda m: modality_label(m.modality)),
        Column("Diameters", lambda m: m.size_text),
        Column(
            "Volume",
            lambda m: show_volume(m.volume_mm3),
            sort_key=lambda m: m.volume_mm3,
            numeric=True,
        ),
        Column("Change", lambda m: m.change_text, tooltip=LesionMeasurement.change_explanation),
        Column("Characteristics", lambda m: m.features_text, tooltip=lambda m: m.features_text),
    )

    @override
    def row_bold(self, row: LesionMeasurement) -> bool:
        return row.assessment is not None
