"""Audit anchor: a keyed MAC of the audit head, made with a key kept outside the database.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy would drop the table's STRICT option.
    op.add_column("audit_head", sa.Column("mac", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_head", "mac")
