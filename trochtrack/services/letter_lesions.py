"""The scan table of the letters: each lesion's findings and the rules' change calls.

Both calls are given for the latest finding: against the previous scan and, from the
third scan on, against the first scan of the latest one's modality (docs/rules.md §7a, v1.1),
with the numbers behind them; a bursa's or collection's characteristics appear beside
its sizes, and those that became concerning beside the change call (§7b).
"""

from __future__ import annotations

from datetime import date

from trochtrack.domain.model import Episode, Scan
from trochtrack.domain.rules import (
    AxisChange,
    EpisodeEvaluation,
    LesionAssessment,
    SinceBaseline,
)
from trochtrack.domain.vocabulary import LesionChange
from trochtrack.reports.data import LesionFinding, LesionRow
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import (
    CHANGE_LABELS,
    LESION_KIND_LABELS,
    MODALITY_LABELS,
    POSSIBLE_MARK,
)


def lesion_rows(episode: Episode, evaluation: EpisodeEvaluation) -> tuple[LesionRow, ...]:
    """Every lesion of the episode as the letters print it, up to the evaluation date."""
    scans = sorted((s for s in episode.scans if s.date <= evaluation.as_of), key=_scan_day)
    return tuple(_row(assessment, scans) for assessment in evaluation.lesions)


def change_detail(assessment: LesionAssessment) -> str | None:
    """The numbers behind the call against the previous scan."""
    change = assessment.change
    previous = assessment.previous
    if change is LesionChange.NOT_COMPARABLE and previous is not None:
        return f"the previous scan ({previous.date.isoformat()}) was {previous.modality.value}"
    if change is LesionChange.RESOLVED and previous is not None:
        return f"seen on {previous.date.isoformat()}, not visualised since"
    if not assessment.axes:
        return None
    return _moves(assessment, assessment.axes, assessment.volume_change_percent)


def since_first_detail(assessment: LesionAssessment, since: SinceBaseline) -> str:
    """The numbers behind the call against the first scan: its date and the changes."""
    head = f"since {long_date(since.baseline.date)} ({since.baseline.modality.value})"
    moves = _moves(assessment, since.axes, since.volume_change_percent)
    return f"{head}: {moves}" if moves else head


def _row(assessment: LesionAssessment, scans: list[Scan]) -> LesionRow:
    findings = [
        (scan, finding)
        for scan in scans
        for finding in scan.findings
        if finding.lesion == assessment.lesion
    ]
    kind = assessment.kind
    since = assessment.since_baseline
    return LesionRow(
        lesion=assessment.lesion,
        kind=LESION_KIND_LABELS[kind]
        + (POSSIBLE_MARK if findings and findings[-1][1].possible is True else ""),
        site=next((f.site for _, f in reversed(findings) if f.site), None),
        measure="volume" if kind.size_tracked else "longest" if kind.is_calcification else "none",
        findings=tuple(
            LesionFinding(
                day=scan.date,
                modality=MODALITY_LABELS[scan.modality],
                dims_mm=finding.dims_mm,
                visualised=finding.visualised,
                volume_mm3=finding.volume_mm3,
                features=(finding.features.describe() or None) if finding.features else None,
            )
            for scan, finding in findings
        ),
        change=CHANGE_LABELS[assessment.change],
        change_detail=change_detail(assessment),
        volume_approximate=bool(assessment.volume_approximate),
        since_first=None if since is None else CHANGE_LABELS[since.change],
        since_first_detail=None if since is None else since_first_detail(assessment, since),
        features_changed=(
            "; ".join(change.describe() for change in assessment.features_changed) or None
        ),
    )


def _moves(
    assessment: LesionAssessment,
    axes: tuple[AxisChange, ...],
    volume_change_percent: float | None,
) -> str | None:
    if not axes:
        return None
    if assessment.kind.is_calcification:
        axis = axes[0]
        return f"longest diameter {axis.change_mm:+g} mm ({axis.change_percent:+g} %)"
    detail = f"axes {', '.join(f'{axis.change_mm:+g}' for axis in axes)} mm"
    if volume_change_percent is not None:
        detail += f"; volume {volume_change_percent:+g} %"
    return detail


def _scan_day(scan: Scan) -> date:
    return scan.date
