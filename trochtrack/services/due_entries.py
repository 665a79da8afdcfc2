"""The due list's lines for one episode, from its cached evaluation and its workflow.

An episode gives its standing alerts (those not silenced by an action, nor answered by
an escalation decision) and its first dated item still due, and after a decision to
continue first-line care, the review it set; and, when the due list is asked for them,
the outcome measures its clinic's schedule waits for while their window is open.
:mod:`trochtrack.services.due` reads the rows and orders the lines.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Final, NamedTuple

from trochtrack.domain.actions import (
    AlertAction,
    AlertActionKind,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.measures.schedule import TimePointDue
from trochtrack.domain.rules import DueKind
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus, Severity
from trochtrack.services.workflow import ANSWERED_BY_DECISION, critical_response
from trochtrack.store.repositories import DueListRow

FIRST_LINE_ITEMS: Final = frozenset(
    {
        DueKind.REVIEW,
        DueKind.OUTCOME_MEASURES,
        DueKind.ESCALATION_DECISION,
        DueKind.OVERDUE_ASSESSMENT,
    }
)
REVIEW_AFTER_DECISION: Final = "review_after_decision"
MEASURE_DUE: Final = "measure_due"
EVALUATING_LABEL: Final = "Not known yet: the rules have not been run on this episode"
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
    EVALUATING = "evaluating"
    """An episode the rules have not been run on yet (the first run goes on in the
    background): what it is due for is not known, so it has neither date nor label."""
    MEASURES = "measures"
    """Outcome measures due on the clinic's schedule: a reminder, not a rules item (it
    changes no status and answers to no alert)."""


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
    status: EpisodeStatus | None
    """``None`` only for an episode still being evaluated (:attr:`EntryKind.EVALUATING`)."""
    overdue: bool
    alert_key: str | None = None
    pinned: bool = False
    """A critical alert awaiting a recorded action: listed first whatever its date."""
    response: str | None = None
    """For a critical alert, what was done about it (or that it was only seen so far)."""
    window: tuple[date, date] | None = None
    """For measures due, the first and last day a visit records them for this time point."""

    @property
    def red_flag(self) -> bool:
        """A red-flag alert (infection, fracture, malignancy, neurological)."""
        return self.kind is EntryKind.ALERT and AlertCode(self.what).is_red_flag


_EpisodeColumns = tuple[int, str, str, date, int, str, str, EpisodeStatus | None]
"""Whose line it is: the patient and episode columns every line of one episode shares.

In :class:`DueEntry`'s order (``patient_id`` to ``status``), to be spread into it. A
plain tuple: a named one takes several times longer to make, once per listed episode.
"""


class _DatedItem(NamedTuple):
    """A dated item as the cache keeps it (the next one, or the one after it)."""

    kind: str
    due: str
    label: str
    alert_code: str | None
    """The alert that stands for this item, if any (only the next item has one)."""


def episode_entries(
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
    episode = _episode_columns(row, _STATUS[row.status])
    if decision is None and row.alerts is None and row.next_kind and row.next_label:
        # Most episodes: one dated item, nothing to weigh against alerts or decisions.
        return [
            _line(
                kind=EntryKind.DUE,
                due=date.fromisoformat(row.next_due or ""),
                what=row.next_kind,
                label=row.next_label,
                episode=episode,
                as_of=as_of,
            )
        ]
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


def evaluating_entry(row: DueListRow, as_of: date) -> DueEntry:
    """The line of an episode waiting for its first evaluation: who, and no verdict yet."""
    return _line(
        kind=EntryKind.EVALUATING,
        due=as_of,
        what=EntryKind.EVALUATING.value,
        label=EVALUATING_LABEL,
        episode=_episode_columns(row, None),
        as_of=as_of,
    )


def measures_text(waiting: Sequence[TimePointDue]) -> str | None:
    """The time points waiting for a measure as the cache keeps them, one a line.

    Each line is the window's first and last day and the due date, ISO, then the label
    (``2026-12-01 2026-12-22 2026-12-08 VISA-G due at 8 weeks``): fixed places that
    :func:`measure_entry` reads by slicing, with no parsing.
    """
    if not waiting:
        return None
    return "\n".join(
        f"{each.time_point.opens.isoformat()} {each.time_point.closes.isoformat()} "
        f"{each.time_point.due.isoformat()} {each.label}"
        for each in waiting
    )


def measure_entry(row: DueListRow, as_of: date, today: str) -> DueEntry | None:
    """The episode's line for the measures its schedule waits for, if a window is open.

    ``today`` is ``as_of`` as ISO text: the cached dates are compared as text, and on
    most days most episodes have no window open, so most rows make nothing.
    """
    text = row.measures
    if text is None or text[:10] > today:
        return None
    for line in text.split("\n"):
        closes = line[11:21]
        if closes < today:
            continue  # missed: its window closed unrecorded
        if line[:10] > today:
            return None  # the next window opens later
        if row.status is None:
            raise RuntimeError(f"episode {row.episode_id} was listed without being evaluated")
        return _line(
            kind=EntryKind.MEASURES,
            due=date.fromisoformat(line[22:32]),
            what=MEASURE_DUE,
            label=line[33:],
            episode=_episode_columns(row, _STATUS[row.status]),
            as_of=as_of,
            window=(date.fromisoformat(line[:10]), date.fromisoformat(closes)),
        )
    return None


def _episode_columns(row: DueListRow, status: EpisodeStatus | None) -> _EpisodeColumns:
    return (
        row.patient_id,
        row.patient_ref,
        f"{row.family_name}, {row.given_name}",
        date.fromisoformat(row.date_of_birth),
        row.episode_id,
        row.episode_ref,
        row.side,
        status,
    )


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
    window: tuple[date, date] | None = None,
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
        window,
    )


def _standing_decision(
    decisions: list[EscalationDecision] | None, as_of: date
) -> EscalationDecision | None:
    """The latest escalation decision taken on or before ``as_of``."""
    if not decisions:
        return None
    return next((d for d in reversed(decisions) if d.decided_on <= as_of), None)
