"""Acting on alerts and recording escalation decisions.

Each action is stored with the clinician and the time (and audited). An alert is
*active* until a clinician acknowledges it, overrides it with a reason, or snoozes it
(it comes back on the snooze date); an escalation decision answers the first-line alerts
standing when it was taken. A critical alert is different: it can be neither overridden
nor snoozed, and until what was done about it is recorded (an action from a short list,
with the time) it *awaits action*, pinned at the top of the due list even once seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final

from trochtrack.domain.actions import (
    AlertAction,
    AlertActionKind,
    AlertState,
    CriticalAction,
    EscalationDecision,
)
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Treatment
from trochtrack.domain.rules import Alert, EpisodeEvaluation
from trochtrack.domain.vocabulary import AlertCode, Severity
from trochtrack.services.clinic import Clinic
from trochtrack.services.evaluation import alert_key
from trochtrack.services.records import check_episode_change
from trochtrack.store.audit import AuditEvent
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import CRITICAL_ACTION_WORDS

ANSWERED_BY_DECISION: Final = frozenset(
    {
        AlertCode.OUTCOME_MEASURE_DUE,
        AlertCode.FIRST_LINE_LIMITED_RESPONSE,
        AlertCode.CONSERVATIVE_CARE_FAILED,
        AlertCode.ESCALATION_REVIEW_OVERDUE,
    }
)


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert with what has been done about it."""

    episode_id: int
    alert: Alert
    key: str
    state: AlertState
    last_action: AlertAction | None

    @property
    def active(self) -> bool:
        """Still waiting for a clinician."""
        return self.state is AlertState.ACTIVE

    @property
    def awaiting_action(self) -> bool:
        """A critical alert with no action recorded yet (seen or not): it stays pinned."""
        return self.alert.severity is Severity.CRITICAL and self.state is not AlertState.ACTED


def alert_views(
    episode_id: int,
    evaluation: EpisodeEvaluation,
    actions: Iterable[AlertAction],
) -> list[AlertView]:
    """The episode's alerts with their state on the evaluation date."""
    latest: dict[str, AlertAction] = {}
    for action in actions:
        if action.episode_id == episode_id:
            latest[action.alert_key] = action
    views: list[AlertView] = []
    for alert in evaluation.alerts:
        key = alert_key(alert)
        last = latest.get(key)
        if last is None or not last.silences(evaluation.as_of):
            state = AlertState.ACTIVE
        else:
            state = AlertState(last.action.value)
        views.append(AlertView(episode_id, alert, key, state, last))
    return views


def episode_alert_views(
    clinic: Clinic, episode_id: int, evaluation: EpisodeEvaluation
) -> list[AlertView]:
    """The episode's alerts and their state, read from the database."""
    with clinic.unit_of_work() as uow:
        actions = uow.workflow.alert_actions([episode_id])
    return alert_views(episode_id, evaluation, actions)


def act_on_alert(
    clinic: Clinic,
    episode_id: int,
    alert: Alert,
    action: AlertActionKind,
    *,
    reason: str | None = None,
    snooze_until: date | None = None,
) -> AlertAction:
    """Acknowledge, override (reason required) or snooze (date required) an alert.

    A critical alert can only be acknowledged (seen) here; what was done about it is
    recorded with :func:`record_critical_action`.

    Raises:
        ValidationError: a missing reason or snooze date, no clinician named, or an
            override or snooze of a critical alert.
    """
    if alert.severity is Severity.CRITICAL and action is not AlertActionKind.ACKNOWLEDGED:
        raise ValidationError(
            "action",
            "a critical alert is not overridden or snoozed: record what was done about it",
        )
    record = AlertAction(
        episode_id=episode_id,
        alert_key=alert_key(alert),
        alert_code=alert.code,
        action=action,
        clinician=clinic.actor or "",
        recorded_at=clinic.now(),
        reason=reason,
        snooze_until=snooze_until,
    )
    with clinic.unit_of_work() as uow:
        uow.workflow.add_alert_action(record)
        uow.commit()
    return record


def record_critical_action(
    clinic: Clinic,
    episode_id: int,
    alert: Alert,
    taken: CriticalAction,
    *,
    note: str | None = None,
    taken_at: datetime | None = None,
) -> AlertAction:
    """Record what was done about a critical alert and when (``taken_at``, default now).

    The alert then no longer awaits action; it stays in the record, the audit trail
    and the next letters.

    Raises:
        ValidationError: the alert is not critical, "not applicable" or "other" has no
            note, the time is later than now, or no clinician is named.
    """
    if alert.severity is not Severity.CRITICAL:
        raise ValidationError("alert", "only a critical alert is answered by an action")
    now = clinic.now()
    raised_on = alert.evidence.get("visit")
    if (
        taken_at is not None
        and isinstance(raised_on, str)
        and taken_at.astimezone().date() < date.fromisoformat(raised_on)
    ):
        raise ValidationError(
            "taken_at", f"is before the visit of {raised_on} at which the alert was raised"
        )
    record = AlertAction(
        episode_id=episode_id,
        alert_key=alert_key(alert),
        alert_code=alert.code,
        action=AlertActionKind.ACTED,
        clinician=clinic.actor or "",
        recorded_at=now,
        reason=note,
        taken=taken,
        taken_at=now if taken_at is None else taken_at,
    )
    with clinic.unit_of_work() as uow:
        uow.workflow.add_alert_action(record)
        uow.commit()
    return record


def alert_history(clinic: Clinic, view: AlertView) -> list[AuditEvent]:
    """The audit trail of what clinicians did with this alert, oldest first."""
    with clinic.unit_of_work() as uow:
        ids = [
            str(action.id)
            for action in uow.workflow.alert_actions([view.episode_id])
            if action.alert_key == view.key and action.id is not None
        ]
        return uow.audit_history("alert_action", ids)


def critical_response(action: AlertAction | None) -> str:
    """What was done about a critical alert, in a line, from its latest action."""
    if action is None:
        return "No action recorded yet"
    if action.action is not AlertActionKind.ACTED or action.taken is None:
        return f"Seen by {action.clinician} {_when(action.recorded_at)}; no action recorded yet"
    words = CRITICAL_ACTION_WORDS[action.taken]
    text = f"{words[:1].upper()}{words[1:]} {_when(action.taken_at)}"
    if action.reason:
        text += f": {action.reason}"
    return f"{text} (recorded by {action.clinician})"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"on {long_date(local.date())} at {local:%H:%M}"


def record_decision(
    clinic: Clinic,
    episode_id: int,
    decision: EscalationDecision,
    standing_alerts: Sequence[Alert],
) -> int:
    """Store the escalation decision, answering the first-line alerts it settles.

    A second-line decision also starts the chosen treatments on the decision date, which
    marks the episode escalated. All of it is one transaction.
    """
    answered = [alert for alert in standing_alerts if alert.code in ANSWERED_BY_DECISION]
    today = clinic.today()
    if decision.decided_on > today:
        raise ValidationError(
            "decided_on", f"{decision.decided_on.isoformat()} is after today ({today.isoformat()})"
        )
    started = [
        Treatment(kind=kind, start=decision.decided_on, detail="started at the escalation decision")
        for kind in decision.second_line
    ]
    with clinic.unit_of_work() as uow:
        if started:
            check_episode_change(
                uow,
                episode_id,
                lambda episode: replace(episode, treatments=(*episode.treatments, *started)),
                today,
            )
        for treatment in started:
            uow.records.add_treatment(episode_id, treatment)
        decision_id = uow.workflow.add_decision(episode_id, decision, now=clinic.now())
        for alert in answered:
            uow.workflow.add_alert_action(
                AlertAction(
                    episode_id=episode_id,
                    alert_key=alert_key(alert),
                    alert_code=alert.code,
                    action=AlertActionKind.DECIDED,
                    clinician=decision.clinician,
                    recorded_at=clinic.now(),
                    reason=f"escalation decision: {decision.kind}",
                )
            )
        uow.commit()
    return decision_id


def decisions(clinic: Clinic, episode_id: int) -> list[EscalationDecision]:
    """The episode's escalation decisions, oldest first."""
    with clinic.unit_of_work() as uow:
        return uow.workflow.decisions([episode_id]).get(episode_id, [])
