"""Merging two records of one person, with what it takes to part them again.

A new table only: nothing existing changes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patient_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_patient_id", sa.Integer(), nullable=False),
        sa.Column("absorbed_ref", sa.Text(), nullable=False),
        sa.Column("absorbed_patient", sa.Text(), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["kept_patient_id"],
            ["patient.id"],
            name=op.f("fk_patient_merge_kept_patient_id_patient"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_merge")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("patient_merge") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patient_merge_kept_patient_id"), ["kept_patient_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("patient_merge")
