"""The timeline: the episode's story, one dated line per event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.actions import EscalationDecision
from trochtrack.domain.measures.questionnaires import Questionnaire
from trochtrack.domain.model import Episode, Scan, Treatment, Visit
from trochtrack.domain.vocabulary import Severity, Visibility
from trochtrack.services.workflow import AlertView
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.models.visit_table import form_total_text, strength_text, visit_red_flags
from trochtrack.ui.text import (
    SEVERITY_COLOURS,
    first_line,
    modality_label,
    sentence,
    show_date,
    show_dimensions,
    show_number,
    show_score,
    treatment_label,
)
from trochtrack.wording.decisions import decision_details
from trochtrack.wording.labels import (
    DECISION_LABELS,
    POSSIBLE_MARK,
    SEVERITY_LABELS,
    STATE_LABELS,
)


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
    who = f"{DECISION_LABELS[decision.kind]} (by {decision.clinician})"
    return "; ".join([who, *decision_details(decision)])


def _visit_text(visit: Visit) -> str:
    parts = [f"pain {visit.pain_nrs}/10"]
    if visit.night_pain_nrs is not None:
        parts.append(f"night pain {visit.night_pain_nrs}/10")
    if visit.visa_g is not None:
        parts.append(f"VISA-G {visit.visa_g}")
    if visit.groc is not None:
        parts.append(f"GROC {show_score(visit.groc, signed=True)}")
    parts += [
        _form_text(form)
        for form in visit.questionnaires
        if not (form.instrument == "visa_g" and visit.visa_g is not None)
    ]
    parts += _core_set_texts(visit)
    if visit.temperature_c is not None:
        parts.append(f"{show_number(visit.temperature_c)} °C")
    if visit.red_flags:
        parts.append(f"red flags: {visit_red_flags(visit)}")
    text = sentence(", ".join(parts))
    return f"{text}. {first_line(visit.notes)}" if visit.notes else text


def _form_text(form: Questionnaire) -> str:
    """``LEFS 54``, or ``LEFS without a total (items 3 and 5 not answered)``."""
    name = form.definition.name
    scored = form.score()
    if scored.total is not None:
        return f"{name} {form_total_text(form)}"
    reason = (scored.problem or "").split(":")[0]
    return f"{name} without a total ({reason[:1].lower()}{reason[1:]})"


def _core_set_texts(visit: Visit) -> list[str]:
    outcomes = visit.outcomes
    texts = []
    stance = [
        f"{show_number(seconds, unit='s')} {side}"
        for side, seconds in (
            ("left", outcomes.stance_pain_left_s),
            ("right", outcomes.stance_pain_right_s),
        )
        if seconds is not None
    ]
    if stance:
        texts.append(f"stance to pain {' and '.join(stance)}")
    if outcomes.stair_pain_nrs is not None:
        texts.append(f"stair pain {outcomes.stair_pain_nrs}/10")
    strength = [
        f"{strength_text(outcomes, value)} {side}"
        for side, value in (("left", outcomes.abduction_left), ("right", outcomes.abduction_right))
        if value is not None
    ]
    if strength:
        texts.append(f"abduction {' and '.join(strength)}")
    return texts


def _scan_text(scan: Scan) -> str:
    findings = []
    for finding in scan.findings:
        if finding.dims_mm is not None:
            size = show_dimensions(finding.dims_mm)
        elif finding.visibility is Visibility.NOT_VISUALISED:
            size = "not visualised"
        else:
            size = "seen"
        findings.append(
            f"{finding.lesion}{POSSIBLE_MARK if finding.possible is True else ''} {size}"
        )
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
