"""The dated things an open episode is waiting for, for the due list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from trochtrack.domain.rules.engine import EpisodeEvaluation
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus


class DueKind(StrEnum):
    """What falls due."""

    REVIEW = "review"
    OUTCOME_MEASURES = "outcome_measures"
    ESCALATION_DECISION = "escalation_decision"
    OVERDUE_ASSESSMENT = "overdue_assessment"
    FOLLOW_UP_SCAN = "follow_up_scan"


@dataclass(frozen=True, slots=True, kw_only=True)
class DueItem:
    """One dated item of an episode; ``alert_code`` names the alert raised about it, if any."""

    kind: DueKind
    due: date
    label: str
    alert_code: AlertCode | None


_LABELS: Final = {
    DueKind.REVIEW: "First-line review",
    DueKind.OUTCOME_MEASURES: "Record outcome measures (pain NRS, VISA-G, GROC)",
    DueKind.ESCALATION_DECISION: "Escalation decision",
    DueKind.OVERDUE_ASSESSMENT: "Overdue response assessment",
    DueKind.FOLLOW_UP_SCAN: "Follow-up scan",
}
_ORDER: Final = {kind: index for index, kind in enumerate(DueKind)}
_AT_REVIEW_POINT: Final = frozenset({DueKind.REVIEW, DueKind.OUTCOME_MEASURES})
_BY_STATUS: Final[dict[EpisodeStatus, tuple[DueKind, AlertCode | None]]] = {
    EpisodeStatus.IN_PROGRESS: (DueKind.REVIEW, None),
    EpisodeStatus.AWAITING_ASSESSMENT: (DueKind.OUTCOME_MEASURES, AlertCode.OUTCOME_MEASURE_DUE),
    EpisodeStatus.LIMITED_RESPONSE: (
        DueKind.ESCALATION_DECISION,
        AlertCode.FIRST_LINE_LIMITED_RESPONSE,
    ),
    EpisodeStatus.FAILED: (DueKind.ESCALATION_DECISION, AlertCode.CONSERVATIVE_CARE_FAILED),
    EpisodeStatus.ASSESSMENT_OVERDUE: (
        DueKind.OVERDUE_ASSESSMENT,
        AlertCode.ESCALATION_REVIEW_OVERDUE,
    ),
}


def due_items(evaluation: EpisodeEvaluation) -> tuple[DueItem, ...]:
    """The episode's due items, soonest first.

    Closed episodes wait for nothing; escalated and responding ones have no review or
    escalation item, only a follow-up scan while one is awaited.
    """
    if evaluation.status is EpisodeStatus.CLOSED:
        return ()
    raised = {alert.code for alert in evaluation.alerts}
    pending: list[tuple[DueKind, date, AlertCode | None]] = []
    if evaluation.status in _BY_STATUS:
        kind, code = _BY_STATUS[evaluation.status]
        at_review = kind in _AT_REVIEW_POINT
        pending.append(
            (kind, evaluation.review_due if at_review else evaluation.escalation_due, code)
        )
    if evaluation.follow_up_scan_due is not None:
        pending.append(
            (DueKind.FOLLOW_UP_SCAN, evaluation.follow_up_scan_due, AlertCode.FOLLOW_UP_SCAN_DUE)
        )
    items = (
        DueItem(
            kind=kind,
            due=due,
            label=_LABELS[kind],
            alert_code=code if code in raised else None,
        )
        for kind, due, code in pending
    )
    return tuple(sorted(items, key=lambda item: (item.due, _ORDER[item.kind])))
