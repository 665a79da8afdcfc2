"""Letter drafts (the clinician's edits before issue, and corrections) and the clinic logo.

``upgrade()`` is longer than the project's 60-line limit on purpose: a revision is
a record of the schema as it was made, written once and never edited, and reads best
as one list of tables.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clinician", sa.Text(), nullable=True),
        sa.Column("issued_document_id", sa.Integer(), nullable=True),
        sa.Column("corrects_document_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "document_date IS NULL OR date(document_date, '+0 days') IS document_date",
            name=op.f("ck_letter_draft_document_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "kind IN ('gp-followup', 'referral', 'handout')",
            name=op.f("ck_letter_draft_kind_known"),
        ),
        sa.CheckConstraint(
            "length(content) <= 100000", name=op.f("ck_letter_draft_content_length")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_document_id"],
            ["document.id"],
            name=op.f("fk_letter_draft_corrects_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_letter_draft_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_document_id"],
            ["document.id"],
            name=op.f("fk_letter_draft_issued_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_letter_draft_patient_id_patient"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_draft")),
        sa.UniqueConstraint("issued_document_id", name=op.f("uq_letter_draft_issued_document_id")),
        sqlite_strict=True,
    )
    op.create_index(
        op.f("ix_letter_draft_patient_id_updated_at"),
        "letter_draft",
        ["patient_id", "updated_at"],
        unique=False,
    )

    op.create_table(
        "letterhead_logo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_letterhead_logo_single_row")),
        sa.CheckConstraint("length(image) <= 1048576", name=op.f("ck_letterhead_logo_image_size")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_letterhead_logo_sha256_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letterhead_logo")),
        sqlite_strict=True,
    )


def downgrade() -> None:
    op.drop_table("letterhead_logo")
    op.drop_index(op.f("ix_letter_draft_patient_id_updated_at"), table_name="letter_draft")
    op.drop_table("letter_draft")
