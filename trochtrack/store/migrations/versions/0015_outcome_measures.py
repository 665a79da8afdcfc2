"""Questionnaires item by item, and the core outcome set's visit measures.

Two new tables hold each questionnaire form and its answers. The visit gains the core
set's measures: time to pain in single-leg stance per side (capped at 30 s), pain on
stairs, hip abduction strength per side with its unit, and body mass. Every existing
visit keeps its scores as they were: a VISA-G total entered without items stays a
total, with no form behind it. The evaluation cache gains the time points of the
clinic's outcome-measure schedule still waiting for a measure (their windows, due dates
and labels); the rows cached before have none, and the due list evaluates them again
(its cache version changed with them).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As at this revision (trochtrack.domain.measures).
INSTRUMENTS = ("visa_g", "lefs", "psfs", "pseq2")
ACTIVITY_MAX_LENGTH = 200

_VISIT_COLUMNS: tuple[tuple[str, Any, str, str], ...] = (
    ("stance_pain_left_s", sa.Double(), "stance_pain_left_s BETWEEN 0 AND 30.0", "range"),
    ("stance_pain_right_s", sa.Double(), "stance_pain_right_s BETWEEN 0 AND 30.0", "range"),
    ("stair_pain_nrs", sa.Integer(), "stair_pain_nrs BETWEEN 0 AND 10", "range"),
    ("abduction_left", sa.Double(), "abduction_left > 0", "positive"),
    ("abduction_right", sa.Double(), "abduction_right > 0", "positive"),
    ("abduction_unit", sa.Text(), "abduction_unit IN ('N', 'kg')", "known"),
    ("body_mass_kg", sa.Double(), "body_mass_kg BETWEEN 20.0 AND 300.0", "range"),
)


def upgrade() -> None:
    for name, kind, check, suffix in _VISIT_COLUMNS:
        constraint = sa.CheckConstraint(check, name=op.f(f"ck_visit_{name}_{suffix}"))
        op.add_column("visit", sa.Column(name, kind, constraint, nullable=True))
    known = ", ".join(f"'{code}'" for code in INSTRUMENTS)
    op.create_table(
        "questionnaire",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.Text(), nullable=False),
        sa.Column("total", sa.Double(), nullable=True),
        sa.CheckConstraint(
            f"instrument IN ({known})", name=op.f("ck_questionnaire_instrument_known")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_questionnaire_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire")),
        sa.UniqueConstraint(
            "visit_id", "instrument", name=op.f("uq_questionnaire_visit_id_instrument")
        ),
        sqlite_strict=True,
    )
    op.create_table(
        "questionnaire_answer",
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("activity", sa.Text(), nullable=True),
        sa.CheckConstraint(
            f"length(activity) <= {ACTIVITY_MAX_LENGTH}",
            name=op.f("ck_questionnaire_answer_activity_length"),
        ),
        sa.CheckConstraint(
            "score BETWEEN 0 AND 100", name=op.f("ck_questionnaire_answer_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaire.id"],
            name=op.f("fk_questionnaire_answer_questionnaire_id_questionnaire"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("questionnaire_id", "item", name=op.f("pk_questionnaire_answer")),
        sqlite_strict=True,
    )
    op.add_column("episode_evaluation", sa.Column("measures", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("episode_evaluation", "measures")
    op.drop_table("questionnaire_answer")
    op.drop_table("questionnaire")
    for name, _kind, _check, _suffix in reversed(_VISIT_COLUMNS):
        op.drop_column("visit", name)
