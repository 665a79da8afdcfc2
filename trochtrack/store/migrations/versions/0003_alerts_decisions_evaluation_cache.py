"""Alert actions, escalation decisions and the cached evaluations of the due list.

``upgrade()`` is longer than the project's 60-line limit on purpose: a revision is
a record of the schema as it was made, written once and never edited, and reads best
as one list of tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("alert_key", sa.Text(), nullable=False),
        sa.Column("alert_code", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("snooze_until", sa.Date(), nullable=True),
        sa.Column("clinician", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action <> 'overridden' OR length(trim(reason)) > 0",
            name=op.f("ck_alert_action_override_has_reason"),
        ),
        sa.CheckConstraint(
            "action <> 'snoozed' OR snooze_until IS NOT NULL",
            name=op.f("ck_alert_action_snooze_has_date"),
        ),
        sa.CheckConstraint(
            "action IN ('acknowledged', 'overridden', 'snoozed', 'decided')",
            name=op.f("ck_alert_action_action_known"),
        ),
        sa.CheckConstraint(
            "snooze_until IS NULL OR date(snooze_until, '+0 days') IS snooze_until",
            name=op.f("ck_alert_action_snooze_until_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint("length(reason) <= 2000", name=op.f("ck_alert_action_reason_length")),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_alert_action_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_action")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("alert_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alert_action_episode_id_alert_key"),
            ["episode_id", "alert_key"],
            unique=False,
        )

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("clinician", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decided_on IS NULL OR date(decided_on, '+0 days') IS decided_on",
            name=op.f("ck_decision_decided_on_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "kind <> 'continue_first_line' OR (length(trim(reason)) > 0 AND next_review IS NOT NULL)",
            name=op.f("ck_decision_continue_has_reason_and_review"),
        ),
        sa.CheckConstraint(
            "kind IN ('continue_first_line', 'second_line', 'refer')",
            name=op.f("ck_decision_kind_known"),
        ),
        sa.CheckConstraint(
            "next_review IS NULL OR date(next_review, '+0 days') IS next_review",
            name=op.f("ck_decision_next_review_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint("length(reason) <= 2000", name=op.f("ck_decision_reason_length")),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_decision_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_episode_id_decided_on"),
            ["episode_id", "decided_on"],
            unique=False,
        )

    op.create_table(
        "episode_evaluation",
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_episode_evaluation_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("episode_id", name=op.f("pk_episode_evaluation")),
        sqlite_strict=True,
    )


def downgrade() -> None:
    op.drop_table("episode_evaluation")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_episode_id_decided_on"))

    op.drop_table("decision")
    with op.batch_alter_table("alert_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_action_episode_id_alert_key"))

    op.drop_table("alert_action")
