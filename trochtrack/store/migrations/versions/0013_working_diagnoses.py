"""Several working diagnoses per episode: the main one dated, others beside it.

Every existing episode keeps its diagnosis as the main one, undated (when it was made
was not recorded), and has no others: nothing is lost or guessed. The date is added to
``episode`` in place; the others get a table of their own.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# trochtrack.domain.vocabulary.Diagnosis at this revision.
DIAGNOSES = ("gtps", "trochanteric_bursitis", "gluteal_tendinopathy", "calcific_tendinopathy")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    date_checks = []
    if sqlite:
        date_checks.append(
            sa.CheckConstraint(
                "diagnosis_since IS NULL OR date(diagnosis_since, '+0 days') IS diagnosis_since",
                name=op.f("ck_episode_diagnosis_since_real"),
            )
        )
    op.add_column("episode", sa.Column("diagnosis_since", sa.Date(), *date_checks, nullable=True))
    allowed = ", ".join(f"'{value}'" for value in DIAGNOSES)
    op.create_table(
        "other_diagnosis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("diagnosis", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("possible", sa.Boolean(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.CheckConstraint(
            f"diagnosis IN ({allowed})", name=op.f("ck_other_diagnosis_diagnosis_known")
        ),
        sa.CheckConstraint(
            "since IS NULL OR date(since, '+0 days') IS since",
            name=op.f("ck_other_diagnosis_since_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "possible IS NULL OR possible IN (0, 1)",
            name=op.f("ck_other_diagnosis_possible_flag"),
        ).ddl_if(dialect="sqlite"),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_other_diagnosis_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_other_diagnosis")),
        sa.UniqueConstraint(
            "episode_id", "position", name=op.f("uq_other_diagnosis_episode_id_position")
        ),
        sqlite_strict=True,
    )


def downgrade() -> None:
    op.drop_table("other_diagnosis")
    op.drop_column("episode", "diagnosis_since")
