"""What the rules said of an episode and what clinicians did about it."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trochtrack.domain.actions import CriticalAction
from trochtrack.domain.model import DETAIL_MAX_LENGTH
from trochtrack.store.models.base import STRICT, Base, max_length, one_of, real_date


class AlertActionRow(Base):
    """What a clinician did with an alert: acknowledged, overrode, snoozed, or acted on it.

    An override has a reason and a snooze a date; for a critical alert ``taken`` and
    ``taken_at`` say what was done about it and when.
    """

    __tablename__ = "alert_action"
    __table_args__ = (
        sa.Index(None, "episode_id", "alert_key"),
        sa.CheckConstraint(
            "action IN ('acknowledged', 'overridden', 'snoozed', 'decided', 'acted')",
            name="action_known",
        ),
        one_of("taken", CriticalAction, "taken_known"),
        sa.CheckConstraint(
            "(action = 'acted') = (taken IS NOT NULL AND taken_at IS NOT NULL)",
            name="acted_says_what_and_when",
        ),
        sa.CheckConstraint(
            "taken IS NULL OR taken NOT IN ('not_applicable', 'other')"
            " OR coalesce(length(trim(reason)), 0) > 0",
            name="acted_note_when_needed",
        ),
        sa.CheckConstraint(
            "action <> 'overridden' OR coalesce(length(trim(reason)), 0) > 0",
            name="override_has_reason",
        ),
        sa.CheckConstraint(
            "action <> 'snoozed' OR snooze_until IS NOT NULL", name="snooze_has_date"
        ),
        real_date("snooze_until", "snooze_until_real"),
        max_length("reason", DETAIL_MAX_LENGTH, "reason_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    alert_key: Mapped[str]
    alert_code: Mapped[str]
    action: Mapped[str]
    reason: Mapped[str | None]
    snooze_until: Mapped[date | None]
    clinician: Mapped[str]
    recorded_at: Mapped[datetime]
    taken: Mapped[str | None]
    taken_at: Mapped[datetime | None]


class DecisionRow(Base):
    """The escalation decision recorded at the review or escalation point."""

    __tablename__ = "decision"
    __table_args__ = (
        sa.Index(None, "episode_id", "decided_on"),
        sa.CheckConstraint(
            "kind IN ('continue_first_line', 'second_line', 'refer')", name="kind_known"
        ),
        sa.CheckConstraint(
            "kind <> 'continue_first_line' OR (length(trim(reason)) > 0"
            " AND next_review IS NOT NULL)",
            name="continue_has_reason_and_review",
        ),
        real_date("decided_on", "decided_on_real"),
        real_date("next_review", "next_review_real"),
        max_length("reason", DETAIL_MAX_LENGTH, "reason_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    decided_on: Mapped[date]
    kind: Mapped[str]
    reason: Mapped[str | None]
    options: Mapped[str] = mapped_column(default="[]")
    """JSON list: the second-line options chosen to discuss, or where the patient is referred."""
    next_review: Mapped[date | None]
    clinician: Mapped[str]
    recorded_at: Mapped[datetime]


class EpisodeEvaluationRow(Base):
    """What the due list needs of an episode's evaluation, cached.

    Valid for one data version and one rules version, from ``as_of`` until the day
    before ``valid_until``: the due list reuses it while only the date moves within
    that span. The next two due items sit in columns (an episode has at most two: its
    first-line item and a follow-up scan); the few critical or warning alerts, as JSON,
    only where there are some (most episodes have none), so the due list rarely parses
    anything. ``measures`` holds the time points of the clinic's outcome-measure schedule
    still waiting for a measure whose window had not closed, one a line (window opens,
    closes, due date, label), so the due list tells from the date alone which one is
    open, without evaluating again as windows open and close.
    """

    __tablename__ = "episode_evaluation"
    __table_args__ = (STRICT,)

    episode_id: Mapped[int] = mapped_column(
        sa.ForeignKey("episode.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date]
    valid_until: Mapped[date | None]
    data_version: Mapped[int]
    cache_version: Mapped[str]
    status: Mapped[str]
    next_due: Mapped[date | None]
    next_kind: Mapped[str | None]
    next_label: Mapped[str | None]
    next_alert: Mapped[str | None]
    then_due: Mapped[date | None]
    then_kind: Mapped[str | None]
    then_label: Mapped[str | None]
    alerts: Mapped[str | None]
    measures: Mapped[str | None]
