"""The due list: next due items and active alerts across all patients, soonest first.

It lists every open episode's next due item and every active critical or warning alert.
A critical alert for which no action has been recorded is *pinned*: it comes first,
whatever its date, and stays there once seen; after the action is recorded it stays
listed, with the action, in date order like any other alert.
Evaluating every episode on every call would not scale to a large clinic, so each
episode's evaluation is cached with the data version, the rules version and the span of
dates it holds for (see :func:`trochtrack.domain.rules.valid_until`). A call evaluates
again only the episodes whose data changed, whose cache was made under other rules, or
whose span the date has left; the rest is one query.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Final, NamedTuple

from trochtrack.domain.actions import (
    AlertAction,
    AlertActionKind,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.rules import (
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
from trochtrack.services.workflow import ANSWERED_BY_DECISION, critical_response
from trochtrack.store.repositories import CachedEvaluation, DueListRow

CACHE_FORMAT: Final = "due-cache/4"
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
# Enum lookups by value are slow next to a dict; the due list makes tens of thousands.
_STATUS: Final = {member.value: member for member in EpisodeStatus}
_SEVERITY: Final = {member.value: member for member in Severity}
_CODE: Final = {member.value: member for member in AlertCode}
_FIRST_LINE_KINDS: Final = frozenset(kind.value for kind in FIRST_LINE_ITEMS)
_DATED_ITEM: Final = len(Severity)


class EntryKind(StrEnum):
    """A due date, or an alert waiting for a clinician."""

    DUE = "due"
    ALERT = "alert"


class DueEntry(NamedTuple):
    """One line of the due list.

    A named tuple rather than a frozen dataclass: a large clinic's due list builds tens of
    thousands of them on every refresh, and a tuple is made three times faster.
    """

    due: date
    """The due date; for an alert without one, the evaluation date (it stands now)."""
    kind: EntryKind
    what: str
    """A due item's kind (``review``, ``escalation_decision``…) or the alert's code."""
    label: str
    severity: Severity | None
    urgency: int
    """Order among entries on the same day: critical, warning, info, then dated items."""
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
    pinned: bool = False
    """A critical alert awaiting a recorded action: listed first whatever its date."""
    response: str | None = None
    """For a critical alert, what was done about it (or that it was only seen so far)."""

    @property
    def red_flag(self) -> bool:
        """A red-flag alert (infection, fracture, malignancy, neurological)."""
        return self.kind is EntryKind.ALERT and AlertCode(self.what).is_red_flag


# Soonest first; on one day critical, warning, info, then dated items; then by name.
_ORDER: Final = itemgetter(
    *(DueEntry._fields.index(name) for name in ("due", "urgency", "patient_name", "what"))
)


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
    cache_version = f"{rules.version}/{CACHE_FORMAT}"
    today = as_of.isoformat()
    with _collector_paused(), clinic.unit_of_work() as uow:
        rows = uow.evaluations.due_list_rows(as_of)
        actions = uow.workflow.alert_actions()
        decisions = uow.workflow.decisions()
    stale = [row for row in rows if not _fresh(row, today, cache_version)]
    if stale:
        fresh = _evaluate_and_cache(clinic, stale, as_of, rules, cache_version)
        rows = [fresh.get(row.episode_id, row) for row in rows]
    last_action = {(a.episode_id, a.alert_key): a for a in actions}
    horizon = None if within_days is None else (as_of + timedelta(days=within_days)).isoformat()
    entries: list[DueEntry] = []
    with _collector_paused():
        for row in rows:
            entries.extend(_entries(row, as_of, decisions.get(row.episode_id), last_action))
    if horizon is not None:
        entries = [e for e in entries if e.pinned or e.due.isoformat() <= horizon]
    entries.sort(key=_ORDER)
    pinned = [e for e in entries if e.pinned]
    if pinned:
        entries = pinned + [e for e in entries if not e.pinned]
    return entries, DueListStats(episodes=len(rows), evaluated=len(stale))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while the due list is built.

    The rows read and the list built are tens of thousands of small tuples, none of them
    in a cycle; collections set off by their allocation walk every long-lived object of
    the app and took about a third of the time in the benchmark. The collector is back
    on straight after (and on while stale episodes are evaluated).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fresh(row: DueListRow, today: str, cache_version: str) -> bool:
    """Whether the cached evaluation was made from this data, these rules, for this date.

    Dates are ISO text, which orders like the dates themselves.
    """
    return (
        row.cached_as_of is not None
        and row.cached_data_version == row.data_version
        and row.cache_version == cache_version
        and row.cached_as_of <= today
        and (row.valid_until is None or today < row.valid_until)
    )


def _evaluate_and_cache(
    clinic: Clinic,
    stale: Sequence[DueListRow],
    as_of: date,
    rules: RulesConfig,
    cache_version: str,
) -> dict[int, DueListRow]:
    refreshed: dict[int, DueListRow] = {}
    computed: dict[int, CachedEvaluation] = {}
    with clinic.unit_of_work() as uow:
        loaded = uow.records.episodes_with_patients([row.episode_id for row in stale])
        for row in stale:
            patient, episode = loaded[row.episode_id]
            evaluation = evaluate_episode(patient, episode, as_of, rules)
            cached = _cached(
                evaluation, valid_until(patient, episode, evaluation, rules), row, cache_version
            )
            computed[row.episode_id] = cached
            refreshed[row.episode_id] = row._replace(
                cached_as_of=cached.as_of.isoformat(),
                valid_until=cached.valid_until.isoformat() if cached.valid_until else None,
                cached_data_version=cached.data_version,
                cache_version=cached.cache_version,
                status=cached.status,
                next_due=cached.next_due.isoformat() if cached.next_due else None,
                next_kind=cached.next_kind,
                next_label=cached.next_label,
                next_alert=cached.next_alert,
                then_due=cached.then_due.isoformat() if cached.then_due else None,
                then_kind=cached.then_kind,
                then_label=cached.then_label,
                alerts=cached.alerts,
            )
        uow.evaluations.store_many(computed)
        uow.commit()
    return refreshed


def _cached(
    evaluation: EpisodeEvaluation, until: date | None, row: DueListRow, cache_version: str
) -> CachedEvaluation:
    """What the due list keeps of an evaluation: the next item, the listed alerts."""
    items = due_items(evaluation)
    first = items[0] if items else None
    then = items[1] if len(items) > 1 else None
    alerts = [
        {
            "code": alert.code.value,
            "severity": alert.severity.value,
            "due": alert.due.isoformat() if alert.due else None,
            "summary": alert.summary,
            "key": alert_key(alert),
        }
        for alert in evaluation.alerts
        if alert.severity in LISTED_SEVERITIES
    ]
    return CachedEvaluation(
        as_of=evaluation.as_of,
        valid_until=until,
        data_version=row.data_version,
        cache_version=cache_version,
        status=evaluation.status.value,
        next_due=first.due if first else None,
        next_kind=first.kind.value if first else None,
        next_label=first.label if first else None,
        next_alert=first.alert_code.value if first and first.alert_code else None,
        then_due=then.due if then else None,
        then_kind=then.kind.value if then else None,
        then_label=then.label if then else None,
        alerts=json.dumps(alerts, separators=(",", ":")) if alerts else None,
    )


class _EpisodeColumns(NamedTuple):
    """Whose line it is: the patient and episode columns every line of one episode shares.

    In :class:`DueEntry`'s order, to be spread into it.
    """

    patient_id: int
    patient_ref: str
    patient_name: str
    date_of_birth: date
    episode_id: int
    episode_ref: str
    side: str
    status: EpisodeStatus


class _DatedItem(NamedTuple):
    """A dated item as the cache keeps it (the next one, or the one after it)."""

    kind: str
    due: str
    label: str
    alert_code: str | None
    """The alert that stands for this item, if any (only the next item has one)."""


def _entries(
    row: DueListRow,
    as_of: date,
    decisions: list[EscalationDecision] | None,
    last_action: dict[tuple[int, str], AlertAction],
) -> list[DueEntry]:
    """The due list lines of one episode: its next item and its standing alerts."""
    decision = _standing_decision(decisions, as_of)
    if row.next_due is None and row.alerts is None and decision is None:
        return []
    if row.status is None:
        raise RuntimeError(f"episode {row.episode_id} was listed without being evaluated")
    episode = _EpisodeColumns(
        row.patient_id,
        row.patient_ref,
        f"{row.family_name}, {row.given_name}",
        date.fromisoformat(row.date_of_birth),
        row.episode_id,
        row.episode_ref,
        row.side,
        _STATUS[row.status],
    )
    if decision is None and row.alerts is None and row.next_kind and row.next_label:
        # Most episodes: one dated item, nothing to weigh against alerts or decisions.
        only = _DatedItem(row.next_kind, row.next_due or "", row.next_label, row.next_alert)
        return [_dated_line(only, episode=episode, as_of=as_of)]
    lines = _alert_lines(row, episode, as_of, decision, last_action)
    item = _first_item_standing(row, decision)
    # An item whose own alert stands (the escalation decision and
    # conservative-care-failed, say) shows once, as that alert.
    if item is not None and (
        item.alert_code is None or item.alert_code not in {line.what for line in lines}
    ):
        lines.append(_dated_line(item, episode=episode, as_of=as_of))
    if (
        decision is not None
        and decision.kind is DecisionKind.CONTINUE_FIRST_LINE
        and decision.next_review is not None
    ):
        lines.append(
            _line(
                kind=EntryKind.DUE,
                due=decision.next_review,
                what=REVIEW_AFTER_DECISION,
                label="Review (first-line care continued at the decision)",
                episode=episode,
                as_of=as_of,
            )
        )
    return lines


def _alert_lines(
    row: DueListRow,
    episode: _EpisodeColumns,
    as_of: date,
    decision: EscalationDecision | None,
    last_action: dict[tuple[int, str], AlertAction],
) -> list[DueEntry]:
    """The episode's alerts still standing: not silenced, not answered by the decision."""
    lines: list[DueEntry] = []
    for alert in json.loads(row.alerts) if row.alerts else ():
        action = last_action.get((row.episode_id, alert["key"]))
        severity = _SEVERITY[alert["severity"]]
        critical = severity is Severity.CRITICAL
        if not critical and action is not None and action.silences(as_of):
            continue
        if decision is not None and _CODE[alert["code"]] in ANSWERED_BY_DECISION:
            continue
        lines.append(
            _line(
                kind=EntryKind.ALERT,
                due=date.fromisoformat(alert["due"]) if alert["due"] else as_of,
                what=alert["code"],
                label=alert["summary"],
                episode=episode,
                as_of=as_of,
                severity=severity,
                alert_key=alert["key"],
                pinned=critical and (action is None or action.action is not AlertActionKind.ACTED),
                response=critical_response(action) if critical else None,
            )
        )
    return lines


def _first_item_standing(row: DueListRow, decision: EscalationDecision | None) -> _DatedItem | None:
    """The first dated item still due; a decision settles first-line items until its review."""
    items: list[_DatedItem] = []
    if row.next_due and row.next_kind and row.next_label:
        items.append(_DatedItem(row.next_kind, row.next_due, row.next_label, row.next_alert))
    # The cache's then_* columns hold the item after the next.
    if row.then_due and row.then_kind and row.then_label:
        items.append(_DatedItem(row.then_kind, row.then_due, row.then_label, None))
    if decision is not None:
        review = decision.next_review.isoformat() if decision.next_review else None
        items = [
            item
            for item in items
            if item.kind not in _FIRST_LINE_KINDS or (review is not None and item.due > review)
        ]
    return items[0] if items else None


def _dated_line(item: _DatedItem, *, episode: _EpisodeColumns, as_of: date) -> DueEntry:
    return _line(
        kind=EntryKind.DUE,
        due=date.fromisoformat(item.due),
        what=item.kind,
        label=item.label,
        episode=episode,
        as_of=as_of,
    )


def _line(
    *,
    kind: EntryKind,
    due: date,
    what: str,
    label: str,
    episode: _EpisodeColumns,
    as_of: date,
    severity: Severity | None = None,
    alert_key: str | None = None,
    pinned: bool = False,
    response: str | None = None,
) -> DueEntry:
    """One line of the due list; an alert (with a severity) ranks before a dated item."""
    urgency = _DATED_ITEM if severity is None else severity.rank
    return DueEntry(
        due,
        kind,
        what,
        label,
        severity,
        urgency,
        *episode,
        due < as_of,
        alert_key,
        pinned,
        response,
    )


def _standing_decision(
    decisions: list[EscalationDecision] | None, as_of: date
) -> EscalationDecision | None:
    """The latest escalation decision taken on or before ``as_of``."""
    if not decisions:
        return None
    return next((d for d in reversed(decisions) if d.decided_on <= as_of), None)
