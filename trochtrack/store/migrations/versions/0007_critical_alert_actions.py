"""What was done about a critical alert, and when: a new alert action, ``acted``.

Existing actions keep their values; none of them is ``acted``, so ``taken`` and
``taken_at`` stay empty on them. The rebuilt table also closes a gap: an override with
no reason at all (NULL) passed the old check, as a comparison with NULL is not false.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = "action IN ('acknowledged', 'overridden', 'snoozed', 'decided')"
_OLD_OVERRIDE = "action <> 'overridden' OR length(trim(reason)) > 0"
_NEW_OVERRIDE = "action <> 'overridden' OR coalesce(length(trim(reason)), 0) > 0"
_NEW_CHECKS = (
    (
        "taken_known",
        "taken IN ('emergency_department', 'same_day_medical', 'not_applicable', 'other')",
    ),
    (
        "acted_says_what_and_when",
        "(action = 'acted') = (taken IS NOT NULL AND taken_at IS NOT NULL)",
    ),
    (
        "acted_note_when_needed",
        "taken IS NULL OR taken NOT IN ('not_applicable', 'other')"
        " OR coalesce(length(trim(reason)), 0) > 0",
    ),
)


def _recreate() -> Literal["always", "auto"]:
    # A changed constraint on SQLite means rebuilding the table, which stays STRICT.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table(
        "alert_action", recreate=_recreate(), table_kwargs={"sqlite_strict": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("taken", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint("action_known", type_="check")
        batch_op.create_check_constraint(
            "action_known",
            "action IN ('acknowledged', 'overridden', 'snoozed', 'decided', 'acted')",
        )
        for name, condition in _NEW_CHECKS:
            batch_op.create_check_constraint(name, condition)
        batch_op.drop_constraint("override_has_reason", type_="check")
        batch_op.create_check_constraint("override_has_reason", _NEW_OVERRIDE)


def downgrade() -> None:
    op.execute("DELETE FROM alert_action WHERE action = 'acted'")
    with op.batch_alter_table(
        "alert_action", recreate=_recreate(), table_kwargs={"sqlite_strict": True}
    ) as batch_op:
        for name, _ in _NEW_CHECKS:
            batch_op.drop_constraint(name, type_="check")
        batch_op.drop_constraint("action_known", type_="check")
        batch_op.create_check_constraint("action_known", _OLD_ACTIONS)
        batch_op.drop_constraint("override_has_reason", type_="check")
        batch_op.create_check_constraint("override_has_reason", _OLD_OVERRIDE)
        batch_op.drop_column("taken_at")
        batch_op.drop_column("taken")
