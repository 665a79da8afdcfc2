"""What clinicians record about alerts and escalation decisions.

The rules suggest; the clinician decides and the app records it. An override needs a
reason, a snooze needs a date, and continuing first-line care at the decision point
needs a reason and the date of the next review. A critical alert is answered by what
was done about it (an action from a short list, with the time and a note), never by a
click: "not applicable" and "other" say why or what in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import DETAIL_MAX_LENGTH, NAME_MAX_LENGTH
from trochtrack.domain.values import check_member, check_name, check_optional_text
from trochtrack.domain.vocabulary import AlertCode, TreatmentKind


class AlertActionKind(StrEnum):
    """What was done with an alert."""

    ACKNOWLEDGED = "acknowledged"
    OVERRIDDEN = "overridden"
    SNOOZED = "snoozed"
    DECIDED = "decided"
    """Answered by an escalation decision."""
    ACTED = "acted"
    """What was done about a critical alert was recorded."""


class AlertState(StrEnum):
    """Where an alert stands for the clinicians."""

    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    OVERRIDDEN = "overridden"
    SNOOZED = "snoozed"
    DECIDED = "decided"
    ACTED = "acted"
    """What was done about a critical alert is recorded."""


class CriticalAction(StrEnum):
    """What was done about a critical alert (a red flag needing same-day care)."""

    EMERGENCY_DEPARTMENT = "emergency_department"
    """Sent to the emergency department today."""
    SAME_DAY_MEDICAL = "same_day_medical"
    """A same-day GP or medical assessment was arranged."""
    NOT_APPLICABLE = "not_applicable"
    """Discussed, and not applicable to this patient (the reason says why)."""
    OTHER = "other"
    """Something else (the note says what)."""

    @property
    def needs_note(self) -> bool:
        """Whether the action means nothing without words (why, or what)."""
        return self in (CriticalAction.NOT_APPLICABLE, CriticalAction.OTHER)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertAction:
    """One clinician's action on one alert of one episode."""

    episode_id: int
    alert_key: str
    alert_code: AlertCode
    action: AlertActionKind
    clinician: str
    recorded_at: datetime
    reason: str | None = None
    snooze_until: date | None = None
    taken: CriticalAction | None = None
    """For ``acted``: what was done."""
    taken_at: datetime | None = None
    """For ``acted``: when it was done (the clinician's own time, not the recording's)."""
    id: int | None = None

    def __post_init__(self) -> None:
        _check_clinician_and_reason(self)
        if self.action is AlertActionKind.OVERRIDDEN and self.reason is None:
            raise ValidationError("reason", "an override needs a reason")
        if self.action is AlertActionKind.SNOOZED:
            if self.snooze_until is None:
                raise ValidationError("snooze_until", "a snooze needs a date")
            if self.snooze_until <= self.recorded_at.date():
                raise ValidationError(
                    "snooze_until", f"{self.snooze_until.isoformat()} is not in the future"
                )
        self._check_critical_action()

    def _check_critical_action(self) -> None:
        if self.action is not AlertActionKind.ACTED:
            if self.taken is not None or self.taken_at is not None:
                raise ValidationError("taken", "only a recorded action says what was done")
            return
        if self.taken is None:
            raise ValidationError("taken", "choose what was done")
        taken = check_member(CriticalAction, self.taken, "taken")
        object.__setattr__(self, "taken", taken)
        if taken.needs_note and self.reason is None:
            what = (
                "why it does not apply"
                if taken is CriticalAction.NOT_APPLICABLE
                else "what was done"
            )
            raise ValidationError("reason", f"say {what}")
        if self.taken_at is None:
            raise ValidationError("taken_at", "give the time it was done")
        if self.taken_at.tzinfo is None:
            raise ValidationError("taken_at", "needs its time zone")
        if self.taken_at > self.recorded_at:
            raise ValidationError("taken_at", "is later than now")

    def silences(self, as_of: date) -> bool:
        """Whether the alert should stay quiet on ``as_of`` because of this action."""
        if self.action is AlertActionKind.SNOOZED:
            return self.snooze_until is not None and as_of < self.snooze_until
        return True


class DecisionKind(StrEnum):
    """The escalation decision."""

    CONTINUE_FIRST_LINE = "continue_first_line"
    SECOND_LINE = "second_line"
    REFER = "refer"


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationDecision:
    """What the clinician decided at the review or escalation point, and why."""

    decided_on: date
    kind: DecisionKind
    clinician: str
    reason: str | None = None
    second_line: tuple[TreatmentKind, ...] = ()
    """Second-line treatments chosen (kind second_line: at least one)."""
    referred_to: str | None = None
    next_review: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_clinician_and_reason(self)
        object.__setattr__(
            self,
            "referred_to",
            check_optional_text(self.referred_to, "referred_to", max_length=200),
        )
        if self.kind is DecisionKind.CONTINUE_FIRST_LINE:
            if self.reason is None:
                raise ValidationError("reason", "say why first-line care continues")
            if self.next_review is None:
                raise ValidationError("next_review", "give the date of the next review")
            if self.next_review <= self.decided_on:
                raise ValidationError("next_review", "must be after the decision date")
        if self.kind is DecisionKind.SECOND_LINE:
            if not self.second_line:
                raise ValidationError("second_line", "choose at least one second-line treatment")
            for kind in self.second_line:
                if not kind.second_line:
                    raise ValidationError("second_line", f"{kind} is a first-line treatment")
        if self.kind is DecisionKind.REFER and self.referred_to is None:
            raise ValidationError("referred_to", "say where the patient is referred")


def _check_clinician_and_reason(record: AlertAction | EscalationDecision) -> None:
    """Who recorded it, and why in their words: checked alike on every clinician's record."""
    clinician = check_name(record.clinician, "clinician", max_length=NAME_MAX_LENGTH)
    reason = check_optional_text(
        record.reason, "reason", max_length=DETAIL_MAX_LENGTH, multiline=True
    )
    object.__setattr__(record, "clinician", clinician)
    object.__setattr__(record, "reason", reason)
