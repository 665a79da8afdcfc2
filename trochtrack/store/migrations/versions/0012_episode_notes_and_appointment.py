"""An episode's own notes, and its next appointment (read by the letters and the handout).

Every existing episode gets neither: nothing of the kind was recorded before. Both
columns are added in place, each with its own check (the notes' length on both
databases; on SQLite, where a date is text, that the appointment is a real date).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTES_MAX_LENGTH = 20_000  # trochtrack.domain.model.NOTES_MAX_LENGTH at this revision


def upgrade() -> None:
    op.add_column(
        "episode",
        sa.Column(
            "notes",
            sa.Text(),
            sa.CheckConstraint(
                f"length(notes) <= {NOTES_MAX_LENGTH}", name=op.f("ck_episode_notes_length")
            ),
            nullable=True,
        ),
    )
    date_checks = []
    if op.get_bind().dialect.name == "sqlite":
        date_checks.append(
            sa.CheckConstraint(
                "next_appointment IS NULL OR date(next_appointment, '+0 days') IS next_appointment",
                name=op.f("ck_episode_next_appointment_real"),
            )
        )
    op.add_column("episode", sa.Column("next_appointment", sa.Date(), *date_checks, nullable=True))


def downgrade() -> None:
    op.drop_column("episode", "next_appointment")
    op.drop_column("episode", "notes")
