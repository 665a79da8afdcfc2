"""Tables of an episode's records, of a patient's documents and of a record's history.

The patient view's tabs show the episode's visits, treatments, scans, lesion measurements
and timeline; the letters tab the documents; the history dialog the audit trail.

Rows are the domain's own frozen records, or small row objects built here from them and
from the episode's evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Final

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.domain.features import Features
from trochtrack.domain.model import Dimensions, Episode, Scan, Treatment, Visit
from trochtrack.domain.rules import EpisodeEvaluation, LesionAssessment, inclusive_days
from trochtrack.domain.vocabulary import LesionKind, Modality, Severity, Visibility
from trochtrack.services.audit import AuditEvent
from trochtrack.services.letters import KIND_NAMES
from trochtrack.services.workflow import AlertState, AlertView
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import (
    RED_FLAG_LABELS,
    SEVERITY_COLOURS,
    SEVERITY_LABELS,
    change_label,
    first_line,
    humanise_key,
    lesion_kind_label,
    modality_label,
    sentence,
    show_date,
    show_dimensions,
    show_number,
    show_score,
    treatment_label,
)

DECISION_LABELS: Final[dict[DecisionKind, str]] = {
    DecisionKind.CONTINUE_FIRST_LINE: "Continue first-line care",
    DecisionKind.SECOND_LINE: "Start second-line care",
    DecisionKind.REFER: "Refer",
}
STATE_LABELS: Final[dict[AlertState, str]] = {
    AlertState.ACTIVE: "active",
    AlertState.ACKNOWLEDGED: "acknowledged",
    AlertState.OVERRIDDEN: "overridden",
    AlertState.SNOOZED: "snoozed",
    AlertState.DECIDED: "answered by the escalation decision",
    AlertState.ACTED: "action recorded",
}
MEASUREMENT_ERROR_NOTE: Final = (
    "Changes under {mm:g} mm are within the measurement error of ultrasound; "
    "they are not called a change."
)
# Bookkeeping columns of the audit trail that say nothing to a clinician.
_HIDDEN_AUDIT_KEYS: Final = frozenset(
    {"id", "episode_id", "patient_id", "explicit_nulls", "search_key", "created_at", "updated_at"}
)


def document_kind_label(kind: DocumentKind) -> str:
    return sentence(KIND_NAMES[kind])


def visit_red_flags(visit: Visit) -> str:
    return ", ".join(sorted(RED_FLAG_LABELS[flag] for flag in visit.red_flags))


class VisitTableModel(RowTableModel[Visit]):
    """An episode's visits: scores, temperature, red flags, notes."""

    columns = (
        Column("Date", lambda v: show_date(v.date), sort_key=lambda v: v.date),
        Column(
            "Pain", lambda v: show_score(v.pain_nrs), sort_key=lambda v: v.pain_nrs, numeric=True
        ),
        Column(
            "Night pain",
            lambda v: show_score(v.night_pain_nrs),
            sort_key=lambda v: v.night_pain_nrs,
            numeric=True,
        ),
        Column("VISA-G", lambda v: show_score(v.visa_g), sort_key=lambda v: v.visa_g, numeric=True),
        Column(
            "GROC",
            lambda v: show_score(v.groc, signed=True),
            sort_key=lambda v: v.groc,
            numeric=True,
        ),
        Column(
            "Temp. °C",
            lambda v: show_number(v.temperature_c),
            sort_key=lambda v: v.temperature_c,
            numeric=True,
        ),
        Column("Red flags", visit_red_flags, tooltip=visit_red_flags),
        Column("Notes", lambda v: first_line(v.notes), tooltip=lambda v: v.notes),
        Column("Clinician", lambda v: v.clinician or ""),
    )

    @override
    def row_foreground(self, row: Visit) -> QColor | None:
        return QColor(SEVERITY_COLOURS[Severity.CRITICAL]) if row.red_flags else None


def course_length(treatment: Treatment, as_of: date) -> str:
    """How long a course ran: ``10 days``, or ``4 days so far`` while it runs on ``as_of``.

    The first and the last day both count, as tablets are counted; a course that starts
    after ``as_of`` has no length yet.
    """
    if treatment.start > as_of:
        return ""
    ended = treatment.end is not None and treatment.end <= as_of
    days = inclusive_days(treatment.start, treatment.end if ended and treatment.end else as_of)
    text = "1 day" if days == 1 else f"{days} days"
    return text if ended else f"{text} so far"


class TreatmentTableModel(RowTableModel[Treatment]):
    """An episode's treatments, first- and second-line, with their length on ``as_of``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.max
        self.columns = (
            Column("Treatment", lambda t: treatment_label(t.kind)),
            Column("Line", lambda t: "Second-line" if t.kind.second_line else "First-line"),
            Column("Start", lambda t: show_date(t.start), sort_key=lambda t: t.start),
            Column("End", lambda t: show_date(t.end, missing="ongoing"), sort_key=lambda t: t.end),
            Column(
                "Length",
                lambda t: course_length(t, self.as_of),
                sort_key=lambda t: (t.end or self.as_of) - t.start,
            ),
            Column("Detail", lambda t: first_line(t.detail), tooltip=lambda t: t.detail),
        )


class ScanTableModel(RowTableModel[Scan]):
    """An episode's scans with the lesions each one looked at."""

    columns = (
        Column("Date", lambda s: show_date(s.date), sort_key=lambda s: s.date),
        Column("Modality", lambda s: modality_label(s.modality)),
        Column("Lesions", lambda s: ", ".join(f.lesion for f in s.findings)),
        Column("Report", lambda s: first_line(s.report), tooltip=lambda s: s.report),
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
                )
            )
    return sorted(rows, key=lambda row: (row.lesion, row.scan_date))


class LesionTableModel(RowTableModel[LesionMeasurement]):
    """Per lesion: each measurement, its volume, and the change call at the latest."""

    columns = (
        Column("Lesion", lambda m: m.lesion),
        Column("Kind", lambda m: lesion_kind_label(m.kind)),
        Column("Site", lambda m: m.site or "", tooltip=lambda m: m.site),
        Column("Scan", lambda m: show_date(m.scan_date), sort_key=lambda m: m.scan_date),
        Column("Modality", lambda m: modality_label(m.modality)),
        Column("Diameters", lambda m: m.size_text),
        Column(
            "Volume",
            lambda m: show_number(m.volume_mm3, unit="mm³"),
            sort_key=lambda m: m.volume_mm3,
            numeric=True,
        ),
        Column("Change", lambda m: m.change_text, tooltip=LesionMeasurement.change_explanation),
        Column("Characteristics", lambda m: m.features_text, tooltip=lambda m: m.features_text),
    )

    @override
    def row_bold(self, row: LesionMeasurement) -> bool:
        return row.assessment is not None


class TimelineKind(StrEnum):
    """What a timeline line is about (in the order lines of one day are listed)."""

    VISIT = "Visit"
    SCAN = "Scan"
    TREATMENT = "Treatment"
    TREATMENT_END = "Treatment ended"
    DECISION = "Decision"
    ALERT = "Alert"


_KIND_ORDER: Final = {kind: number for number, kind in enumerate(TimelineKind)}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated line of the episode's story."""

    day: date
    kind: TimelineKind
    text: str
    severity: Severity | None = None


def timeline_entries(
    episode: Episode,
    alerts: list[AlertView],
    decisions: list[EscalationDecision],
    as_of: date,
) -> list[TimelineEntry]:
    """Visits, scans, treatments, decisions and alerts of an episode in date order."""
    entries = [TimelineEntry(v.date, TimelineKind.VISIT, _visit_text(v)) for v in episode.visits]
    entries += [TimelineEntry(s.date, TimelineKind.SCAN, _scan_text(s)) for s in episode.scans]
    for treatment in episode.treatments:
        entries.append(
            TimelineEntry(treatment.start, TimelineKind.TREATMENT, _treatment_text(treatment))
        )
        if treatment.end is not None:
            entries.append(
                TimelineEntry(
                    treatment.end, TimelineKind.TREATMENT_END, treatment_label(treatment.kind)
                )
            )
    entries += [
        TimelineEntry(d.decided_on, TimelineKind.DECISION, decision_text(d)) for d in decisions
    ]
    for view in alerts:
        state = STATE_LABELS[view.state]
        entries.append(
            TimelineEntry(
                view.alert.due or as_of,
                TimelineKind.ALERT,
                f"{view.alert.summary} ({state})",
                view.alert.severity,
            )
        )
    return sorted(entries, key=lambda e: (e.day, _KIND_ORDER[e.kind]))


def decision_text(decision: EscalationDecision) -> str:
    parts = [f"{DECISION_LABELS[decision.kind]} (by {decision.clinician})"]
    if decision.second_line:
        parts.append(", ".join(treatment_label(kind) for kind in decision.second_line))
    if decision.referred_to:
        parts.append(f"to {decision.referred_to}")
    if decision.reason:
        parts.append(decision.reason)
    if decision.next_review:
        parts.append(f"next review {show_date(decision.next_review)}")
    return "; ".join(parts)


def _visit_text(visit: Visit) -> str:
    parts = [f"pain {visit.pain_nrs}/10"]
    if visit.night_pain_nrs is not None:
        parts.append(f"night pain {visit.night_pain_nrs}/10")
    if visit.visa_g is not None:
        parts.append(f"VISA-G {visit.visa_g}")
    if visit.groc is not None:
        parts.append(f"GROC {show_score(visit.groc, signed=True)}")
    if visit.temperature_c is not None:
        parts.append(f"{show_number(visit.temperature_c)} °C")
    if visit.red_flags:
        parts.append(f"red flags: {visit_red_flags(visit)}")
    text = sentence(", ".join(parts))
    return f"{text}. {first_line(visit.notes)}" if visit.notes else text


def _scan_text(scan: Scan) -> str:
    findings = []
    for finding in scan.findings:
        if finding.dims_mm is not None:
            size = show_dimensions(finding.dims_mm)
        elif finding.visibility is Visibility.NOT_VISUALISED:
            size = "not visualised"
        else:
            size = "seen"
        findings.append(f"{finding.lesion} {size}")
    return f"{modality_label(scan.modality)}: {'; '.join(findings) or 'no findings recorded'}"


def _treatment_text(treatment: Treatment) -> str:
    line = "second-line" if treatment.kind.second_line else "first-line"
    text = f"{treatment_label(treatment.kind)} ({line})"
    return f"{text}: {first_line(treatment.detail)}" if treatment.detail else text


class TimelineModel(RowTableModel[TimelineEntry]):
    """The episode's story, one dated line per event."""

    columns = (
        Column("Date", lambda e: show_date(e.day), sort_key=lambda e: e.day),
        Column("Event", lambda e: e.kind.value),
        Column(
            "Details",
            lambda e: f"{SEVERITY_LABELS[e.severity]}: {e.text}" if e.severity else e.text,
            tooltip=lambda e: e.text,
        ),
    )

    @override
    def row_foreground(self, row: TimelineEntry) -> QColor | None:
        return QColor(SEVERITY_COLOURS[row.severity]) if row.severity else None


def _document_status(document: DocumentInfo) -> str:
    return "Ready" if document.status is DocumentStatus.GENERATED else "Failed"


class DocumentTableModel(RowTableModel[DocumentInfo]):
    """Letters and handouts produced for the patient, newest first."""

    columns = (
        Column("Date", lambda d: show_date(d.document_date), sort_key=lambda d: d.created_at),
        Column("Document", lambda d: document_kind_label(d.kind)),
        Column("Title", lambda d: d.title, tooltip=lambda d: d.title),
        Column("To", lambda d: d.recipient or ""),
        Column("Status", _document_status, tooltip=lambda d: d.error),
        Column("By", lambda d: d.clinician or ""),
    )

    @override
    def row_foreground(self, row: DocumentInfo) -> QColor | None:
        if row.status is DocumentStatus.FAILED:
            return QColor(SEVERITY_COLOURS[Severity.CRITICAL])
        return None


def change_summary(event: AuditEvent) -> str:
    """What an audited change did, field by field."""
    before = event.before or {}
    after = event.after or {}
    keys = [k for k in sorted({*before, *after}) if k not in _HIDDEN_AUDIT_KEYS]
    if event.before is None:
        return "; ".join(
            f"{humanise_key(k)}: {_shown(after.get(k))}" for k in keys if after.get(k) is not None
        )
    if event.after is None:
        return "deleted"
    return "; ".join(
        f"{humanise_key(k)}: {_shown(before.get(k))} → {_shown(after.get(k))}" for k in keys
    )


def _shown(value: Any) -> str:
    return "empty" if value is None or value == "" else str(value)


class HistoryTableModel(RowTableModel[AuditEvent]):
    """A record's audit trail: who changed what, and when."""

    columns = (
        Column(
            "When",
            lambda e: e.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            sort_key=lambda e: e.recorded_at,
        ),
        Column("Who", lambda e: e.actor or "unknown"),
        Column("Action", lambda e: e.action.value),
        Column("Change", change_summary, tooltip=change_summary),
    )
