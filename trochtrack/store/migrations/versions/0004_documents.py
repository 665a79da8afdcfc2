"""Documents: every generated letter and handout, with its PDF and SHA-256.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.Text(), nullable=True),
        sa.Column("rules_version", sa.Text(), nullable=True),
        sa.Column("clinician", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(status = 'generated' AND pdf IS NOT NULL AND length(sha256) = 64) OR (status = 'failed' AND pdf IS NULL AND error IS NOT NULL)",
            name=op.f("ck_document_pdf_matches_status"),
        ),
        sa.CheckConstraint(
            "document_date IS NULL OR date(document_date, '+0 days') IS document_date",
            name=op.f("ck_document_document_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "kind IN ('gp-followup', 'referral', 'handout')", name=op.f("ck_document_kind_known")
        ),
        sa.CheckConstraint(
            "status IN ('generated', 'failed')", name=op.f("ck_document_status_known")
        ),
        sa.CheckConstraint("length(recipient) <= 500", name=op.f("ck_document_recipient_length")),
        sa.CheckConstraint("length(title) <= 200", name=op.f("ck_document_title_length")),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_document_episode_id_episode"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_document_patient_id_patient"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_patient_id_created_at"),
            ["patient_id", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_patient_id_created_at"))

    op.drop_table("document")
