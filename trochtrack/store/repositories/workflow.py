"""Alert actions and escalation decisions: what clinicians did about the alerts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.domain.actions import (
    AlertAction,
    AlertActionKind,
    CriticalAction,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.vocabulary import AlertCode, TreatmentKind
from trochtrack.store.mapping import (
    as_stored,
)
from trochtrack.store.models import (
    AlertActionRow,
    DecisionRow,
)


class WorkflowRepository:
    """What clinicians did with alerts, and the escalation decisions."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add_alert_action(self, action: AlertAction) -> None:
        self._session.add(
            AlertActionRow(
                episode_id=action.episode_id,
                alert_key=action.alert_key,
                alert_code=action.alert_code.value,
                action=action.action.value,
                reason=action.reason,
                snooze_until=action.snooze_until,
                clinician=action.clinician,
                recorded_at=action.recorded_at,
                taken=None if action.taken is None else action.taken.value,
                taken_at=action.taken_at,
            )
        )
        self._session.flush()

    @as_stored
    def alert_actions(self, episode_ids: Sequence[int] | None = None) -> list[AlertAction]:
        """Every recorded alert action (of some episodes), oldest first."""
        query = sa.select(AlertActionRow).order_by(AlertActionRow.id)
        if episode_ids is not None:
            query = query.where(AlertActionRow.episode_id.in_(episode_ids))
        return [
            AlertAction(
                episode_id=row.episode_id,
                alert_key=row.alert_key,
                alert_code=AlertCode(row.alert_code),
                action=AlertActionKind(row.action),
                clinician=row.clinician,
                recorded_at=row.recorded_at,
                reason=row.reason,
                snooze_until=row.snooze_until,
                taken=None if row.taken is None else CriticalAction(row.taken),
                taken_at=row.taken_at,
                id=row.id,
            )
            for row in self._session.scalars(query)
        ]

    def add_decision(self, episode_id: int, decision: EscalationDecision, *, now: datetime) -> int:
        row = DecisionRow(
            episode_id=episode_id,
            decided_on=decision.decided_on,
            kind=decision.kind.value,
            reason=decision.reason,
            options=json.dumps(
                {
                    "second_line": [kind.value for kind in decision.second_line],
                    "referred_to": decision.referred_to,
                }
            ),
            next_review=decision.next_review,
            clinician=decision.clinician,
            recorded_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    @as_stored
    def decisions(
        self, episode_ids: Sequence[int] | None = None
    ) -> dict[int, list[EscalationDecision]]:
        """Decisions by episode, in the order they were taken."""
        query = sa.select(DecisionRow).order_by(DecisionRow.decided_on, DecisionRow.id)
        if episode_ids is not None:
            query = query.where(DecisionRow.episode_id.in_(episode_ids))
        found: dict[int, list[EscalationDecision]] = {}
        for row in self._session.scalars(query):
            options = json.loads(row.options)
            found.setdefault(row.episode_id, []).append(
                EscalationDecision(
                    id=row.id,
                    decided_on=row.decided_on,
                    kind=DecisionKind(row.kind),
                    clinician=row.clinician,
                    reason=row.reason,
                    second_line=tuple(TreatmentKind(k) for k in options.get("second_line", [])),
                    referred_to=options.get("referred_to"),
                    next_review=row.next_review,
                )
            )
        return found
