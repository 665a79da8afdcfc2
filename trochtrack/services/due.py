"""The due list: next due items and active alerts across all patients, soonest first.

It lists every open episode's next due item and every active critical or warning alert.
Evaluating every episode on every call would not scale to a large clinic, so each
episode's evaluation is cached with the data version, the rules version and the span of
dates it holds for (see :func:`trochtrack.domain.rules.valid_until`). A call evaluates
again only the episodes whose data changed, whose cache was made under other rules, or
whose span the date has left; the rest is one query.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Final

from trochtrack.domain.actions import AlertAction, DecisionKind, EscalationDecision
from trochtrack.domain.rules import (
    DueItem,
    DueKind,
    EpisodeEvaluation,
    RulesConfig,
    due_items,
    evaluate_episode,
    valid_until,
)
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus, Severity
from trochtrack.services.clinic import Clinic
from trochtrack.services.evaluation import alert_key, clinic_rules
from trochtrack.services.workflow import ANSWERED_BY_DECISION
from trochtrack.store.repositories import DueListRow

PAYLOAD_FORMAT: Final = "trochtrack-due/2"
FIRST_LINE_ITEMS: Final = frozenset(
    {
        DueKind.REVIEW,
        DueKind.OUTCOME_MEASURES,
        DueKind.ESCALATION_DECISION,
        DueKind.OVERDUE_ASSESSMENT,
    }
)
REVIEW_AFTER_DECISION: Final = "review_after_decision"
LISTED_SEVERITIES: Final = frozenset({Severity.CRITICAL, Severity.WARNING})


class EntryKind(StrEnum):
    """A due date, or an alert waiting for a clinician."""

    DUE = "due"
    ALERT = "alert"


@dataclass(frozen=True, slots=True)
class DueEntry:
    """One line of the due list."""

    due: date
    """The due date; for an alert without one, the evaluation date (it stands now)."""
    entry: EntryKind
    what: str
    """A due item's kind (``review``, ``escalation_decision``…) or the alert's code."""
    label: str
    severity: Severity | None
    patient_id: int
    patient_ref: str
    patient_name: str
    date_of_birth: date
    episode_id: int
    episode_ref: str
    side: str
    status: EpisodeStatus
    overdue: bool
    alert_key: str | None = None

    @property
    def red_flag(self) -> bool:
        """A red-flag alert (infection, fracture, malignancy, neurological)."""
        return self.what.startswith("red-flag-")


@dataclass(frozen=True, slots=True)
class DueListStats:
    """How much of a due list came from the cache (for the benchmark and the log)."""

    episodes: int
    evaluated: int


def due_list(
    clinic: Clinic,
    as_of: date,
    *,
    within_days: int | None = None,
    rules: RulesConfig | None = None,
) -> list[DueEntry]:
    """The due list on ``as_of``.

    ``within_days`` keeps what falls due by then (everything overdue or standing now too).
    """
    entries, _ = due_list_with_stats(clinic, as_of, within_days=within_days, rules=rules)
    return entries


def due_list_with_stats(
    clinic: Clinic,
    as_of: date,
    *,
    within_days: int | None = None,
    rules: RulesConfig | None = None,
) -> tuple[list[DueEntry], DueListStats]:
    """:func:`due_list`, also saying how many episodes had to be evaluated."""
    rules = rules or clinic_rules(clinic)
    with clinic.unit_of_work() as uow:
        rows = uow.evaluations.due_list_rows(as_of)
        episode_ids = [row.episode_id for row in rows]
        actions = uow.workflow.alert_actions(episode_ids)
        decisions = uow.workflow.decisions(episode_ids)
    cache_version = f"{rules.version}/{PAYLOAD_FORMAT}"
    stale = [row for row in rows if not _fresh(row, as_of, cache_version)]
    payloads = {row.episode_id: row.cached_payload for row in rows}
    if stale:
        payloads.update(_evaluate_and_cache(clinic, stale, as_of, rules, cache_version))

    last_action: dict[tuple[int, str], AlertAction] = {}
    for action in actions:
        last_action[(action.episode_id, action.alert_key)] = action
    horizon = None if within_days is None else as_of + timedelta(days=within_days)
    entries: list[DueEntry] = []
    for row in rows:
        payload = json.loads(payloads[row.episode_id] or "{}")
        entries.extend(
            _entries(row, payload, as_of, decisions.get(row.episode_id, []), last_action)
        )
    if horizon is not None:
        entries = [e for e in entries if e.due <= horizon]
    entries.sort(key=_order)
    return entries, DueListStats(episodes=len(rows), evaluated=len(stale))


def _fresh(row: DueListRow, as_of: date, cache_version: str) -> bool:
    """Whether the cached evaluation was made from this data, these rules, for this date."""
    if row.cached_payload is None or row.cached_as_of is None:
        return False
    if row.cached_data_version != row.data_version or row.cached_rules_version != cache_version:
        return False
    if as_of < row.cached_as_of:
        return False
    return row.cached_valid_until is None or as_of < row.cached_valid_until


def _evaluate_and_cache(
    clinic: Clinic,
    stale: Sequence[DueListRow],
    as_of: date,
    rules: RulesConfig,
    cache_version: str,
) -> dict[int, str]:
    payloads: dict[int, str] = {}
    with clinic.unit_of_work() as uow:
        loaded = uow.records.episodes_with_patients([row.episode_id for row in stale])
        for row in stale:
            patient, episode = loaded[row.episode_id]
            evaluation = evaluate_episode(patient, episode, as_of, rules)
            payload = json.dumps(_payload(evaluation), separators=(",", ":"))
            payloads[row.episode_id] = payload
            uow.evaluations.store(
                row.episode_id,
                as_of=as_of,
                valid_until=valid_until(patient, episode, evaluation, rules),
                data_version=row.data_version,
                rules_version=cache_version,
                payload=payload,
            )
        uow.commit()
    return payloads


def _payload(evaluation: EpisodeEvaluation) -> dict[str, Any]:
    """What the due list needs of an evaluation (kept small: it is read on every call)."""
    return {
        "format": PAYLOAD_FORMAT,
        "status": evaluation.status.value,
        "items": [
            {
                "kind": item.kind.value,
                "due": item.due.isoformat(),
                "label": item.label,
                "alert": item.alert_code.value if item.alert_code else None,
            }
            for item in due_items(evaluation)
        ],
        "alerts": [
            {
                "code": alert.code.value,
                "severity": alert.severity.value,
                "due": alert.due.isoformat() if alert.due else None,
                "summary": alert.summary,
                "key": alert_key(alert),
            }
            for alert in evaluation.alerts
            if alert.severity in LISTED_SEVERITIES
        ],
    }


def _entries(
    row: DueListRow,
    payload: dict[str, Any],
    as_of: date,
    decisions: list[EscalationDecision],
    last_action: dict[tuple[int, str], AlertAction],
) -> list[DueEntry]:
    status = EpisodeStatus(payload["status"])
    decision = next((d for d in reversed(decisions) if d.decided_on <= as_of), None)

    def entry(when: date, kind: EntryKind, what: str, label: str, **extra: Any) -> DueEntry:
        return DueEntry(
            due=when,
            entry=kind,
            what=what,
            label=label,
            patient_id=row.patient_id,
            patient_ref=row.patient_ref,
            patient_name=f"{row.family_name}, {row.given_name}",
            date_of_birth=row.date_of_birth,
            episode_id=row.episode_id,
            episode_ref=row.episode_ref,
            side=row.side,
            status=status,
            overdue=when < as_of,
            **extra,
        )

    items = [
        DueItem(
            kind=DueKind(item["kind"]),
            due=date.fromisoformat(item["due"]),
            label=item["label"],
            alert_code=AlertCode(item["alert"]) if item["alert"] else None,
        )
        for item in payload["items"]
    ]
    if decision is not None:
        items = [
            item
            for item in items
            if item.kind not in FIRST_LINE_ITEMS
            or (decision.next_review is not None and item.due > decision.next_review)
        ]
    entries: list[DueEntry] = []
    for alert in payload["alerts"]:
        code = AlertCode(alert["code"])
        action = last_action.get((row.episode_id, alert["key"]))
        if action is not None and action.silences(as_of):
            continue
        if decision is not None and code in ANSWERED_BY_DECISION:
            continue
        due = date.fromisoformat(alert["due"]) if alert["due"] else as_of
        entries.append(
            entry(
                due,
                EntryKind.ALERT,
                code.value,
                alert["summary"],
                severity=Severity(alert["severity"]),
                alert_key=alert["key"],
            )
        )
    active_alerts = {e.what for e in entries}
    if items:
        first = items[0]
        # An item whose own alert stands (the escalation decision and
        # conservative-care-failed, say) shows once, as that alert.
        if first.alert_code is None or first.alert_code.value not in active_alerts:
            entries.append(
                entry(first.due, EntryKind.DUE, first.kind.value, first.label, severity=None)
            )
    if (
        decision is not None
        and decision.kind is DecisionKind.CONTINUE_FIRST_LINE
        and decision.next_review is not None
    ):
        entries.append(
            entry(
                decision.next_review,
                EntryKind.DUE,
                REVIEW_AFTER_DECISION,
                "Review (first-line care continued at the decision)",
                severity=None,
            )
        )
    return entries


def _order(entry: DueEntry) -> tuple[date, int, str, str]:
    rank = entry.severity.rank if entry.severity is not None else len(Severity)
    return (entry.due, rank, entry.patient_name, entry.what)
