"""A bursa's or fluid collection's characteristics on each finding (rules v1.1 §7b).

Every existing finding keeps its values and gets ``has_features`` false and no
characteristic: nothing was recorded about them before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FLAGS = ("feature_septations", "feature_compressible")
_CHECKS = (
    ("feature_content_known", "feature_content IN ('anechoic', 'hypoechoic', 'complex')"),
    ("feature_wall_known", "feature_wall IN ('thin', 'thickened')"),
    ("feature_doppler_known", "feature_doppler IN ('none', 'present')"),
    (
        "features_only_when_recorded",
        "has_features OR (feature_content IS NULL AND feature_wall IS NULL"
        " AND feature_doppler IS NULL AND feature_septations IS NULL"
        " AND feature_compressible IS NULL)",
    ),
)


def _recreate() -> Literal["always", "auto"]:
    # SQLite adds a table constraint only by rebuilding the table, which stays STRICT.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "measurement", recreate=_recreate(), table_kwargs={"sqlite_strict": True}
    ) as batch_op:
        batch_op.add_column(
            sa.Column("has_features", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("feature_content", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("feature_wall", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("feature_doppler", sa.Text(), nullable=True))
        for name in _FLAGS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=True))
        for name, condition in _CHECKS:
            batch_op.create_check_constraint(name, condition)
        if sqlite:
            # PostgreSQL's BOOLEAN holds only true and false already.
            for name in _FLAGS:
                batch_op.create_check_constraint(
                    f"{name}_flag", f"{name} IS NULL OR {name} IN (0, 1)"
                )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "measurement", recreate=_recreate(), table_kwargs={"sqlite_strict": True}
    ) as batch_op:
        if sqlite:
            for name in _FLAGS:
                batch_op.drop_constraint(f"{name}_flag", type_="check")
        for name, _ in _CHECKS:
            batch_op.drop_constraint(name, type_="check")
        for name in (
            *_FLAGS,
            "feature_doppler",
            "feature_wall",
            "feature_content",
            "has_features",
        ):
            batch_op.drop_column(name)
