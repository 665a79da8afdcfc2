"""Evaluation cache in columns (the due list reads them without parsing JSON).

The table only caches what the rules compute from the records, so it is dropped and made
again empty; the due list fills it on its next call.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("episode_evaluation")
    op.create_table(
        "episode_evaluation",
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("cache_version", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("next_kind", sa.Text(), nullable=True),
        sa.Column("next_label", sa.Text(), nullable=True),
        sa.Column("next_alert", sa.Text(), nullable=True),
        sa.Column("then_due", sa.Date(), nullable=True),
        sa.Column("then_kind", sa.Text(), nullable=True),
        sa.Column("then_label", sa.Text(), nullable=True),
        sa.Column("alerts", sa.Text(), nullable=True),
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
