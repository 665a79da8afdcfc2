"""A finding the report calls possible or uncertain ("possible adventitial bursa").

Every existing finding gets ``possible`` empty ("not said"): nothing marked one before,
and such a word typed into the site or the report stays there as it was typed. The
column is added in place, on SQLite with its 0-or-1 check (PostgreSQL's BOOLEAN needs
none); no table is rebuilt.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    checks = []
    if op.get_bind().dialect.name == "sqlite":
        checks.append(
            sa.CheckConstraint(
                "possible IS NULL OR possible IN (0, 1)", name=op.f("ck_measurement_possible_flag")
            )
        )
    op.add_column("measurement", sa.Column("possible", sa.Boolean(), *checks, nullable=True))


def downgrade() -> None:
    op.drop_column("measurement", "possible")
