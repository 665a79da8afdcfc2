"""What was done about a critical alert, and when: a new alert action, ``acted``.

Existing actions keep their values; none of them is ``acted``, so ``taken`` and
``taken_at`` stay empty on them. The rebuilt check also closes a gap: an override with
no reason at all (NULL) passed the old one, as a comparison with NULL is not false.

On SQLite a changed constraint means rebuilding the table, written out here in full
(reflection returns constraints in no fixed order); the table stays STRICT.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "alert_action"
OLD_COLUMNS = (
    "id",
    "episode_id",
    "alert_key",
    "alert_code",
    "action",
    "reason",
    "snooze_until",
    "clinician",
    "recorded_at",
)
OLD_ACTIONS = "action IN ('acknowledged', 'overridden', 'snoozed', 'decided')"
NEW_ACTIONS = "action IN ('acknowledged', 'overridden', 'snoozed', 'decided', 'acted')"
OLD_OVERRIDE = "action <> 'overridden' OR length(trim(reason)) > 0"
NEW_OVERRIDE = "action <> 'overridden' OR coalesce(length(trim(reason)), 0) > 0"
NEW_CHECKS = (
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


def _name(check: str) -> str:
    return op.f(f"ck_{TABLE}_{check}")


def _create(name: str, *, acted: bool) -> None:
    """The alert action table as 0003 made it, or with what was done and when."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("alert_key", sa.Text(), nullable=False),
        sa.Column("alert_code", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("snooze_until", sa.Date(), nullable=True),
        sa.Column("clinician", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        *(
            (
                sa.Column("taken", sa.Text(), nullable=True),
                sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
            )
            if acted
            else ()
        ),
        sa.CheckConstraint(
            NEW_OVERRIDE if acted else OLD_OVERRIDE, name=_name("override_has_reason")
        ),
        sa.CheckConstraint(
            "action <> 'snoozed' OR snooze_until IS NOT NULL", name=_name("snooze_has_date")
        ),
        sa.CheckConstraint(NEW_ACTIONS if acted else OLD_ACTIONS, name=_name("action_known")),
        sa.CheckConstraint(
            "snooze_until IS NULL OR date(snooze_until, '+0 days') IS snooze_until",
            name=_name("snooze_until_real"),
        ),
        sa.CheckConstraint("length(reason) <= 2000", name=_name("reason_length")),
        *(
            (sa.CheckConstraint(sql, name=_name(check)) for check, sql in NEW_CHECKS)
            if acted
            else ()
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_alert_action_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_action")),
        sqlite_strict=True,
    )


def _rebuild_on_sqlite(*, acted: bool) -> None:
    columns = ", ".join(OLD_COLUMNS)
    _create("_alert_action_rebuilt", acted=acted)
    op.execute(f"INSERT INTO _alert_action_rebuilt ({columns}) SELECT {columns} FROM {TABLE}")  # noqa: S608
    op.drop_table(TABLE)
    op.rename_table("_alert_action_rebuilt", TABLE)
    op.create_index(
        op.f("ix_alert_action_episode_id_alert_key"),
        TABLE,
        ["episode_id", "alert_key"],
        unique=False,
    )


def _replace_check(check: str, sql: str) -> None:
    op.drop_constraint(_name(check), TABLE, type_="check")
    op.create_check_constraint(_name(check), TABLE, sql)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(acted=True)
        return
    op.add_column(TABLE, sa.Column("taken", sa.Text(), nullable=True))
    op.add_column(TABLE, sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True))
    _replace_check("action_known", NEW_ACTIONS)
    _replace_check("override_has_reason", NEW_OVERRIDE)
    for check, sql in NEW_CHECKS:
        op.create_check_constraint(_name(check), TABLE, sql)


def downgrade() -> None:
    # What was done about a critical alert has no place in the older schema.
    op.execute(f"DELETE FROM {TABLE} WHERE action = 'acted'")  # noqa: S608
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(acted=False)
        return
    for check, _ in NEW_CHECKS:
        op.drop_constraint(_name(check), TABLE, type_="check")
    _replace_check("override_has_reason", OLD_OVERRIDE)
    _replace_check("action_known", OLD_ACTIONS)
    op.drop_column(TABLE, "taken_at")
    op.drop_column(TABLE, "taken")
