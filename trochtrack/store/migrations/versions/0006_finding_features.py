"""A bursa's or fluid collection's characteristics on each finding (docs/rules.md §7b, v1.1).

Every existing finding keeps its values and gets ``has_features`` false and no
characteristic: nothing was recorded about them before.

SQLite adds a table constraint only by rebuilding the table. The rebuilt table is
written out here in full, not reflected: reflection returns the constraints in no fixed
order, so two databases upgraded alike would get differently written schemas.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "measurement"
OLD_COLUMNS = (
    "id",
    "scan_id",
    "lesion_id",
    "visibility",
    "dim_1_mm",
    "dim_2_mm",
    "dim_3_mm",
    "site",
    "explicit_nulls",
)
FLAGS = ("feature_septations", "feature_compressible")
CHECKS = (
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


def _feature_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("has_features", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("feature_content", sa.Text(), nullable=True),
        sa.Column("feature_wall", sa.Text(), nullable=True),
        sa.Column("feature_doppler", sa.Text(), nullable=True),
        *(sa.Column(name, sa.Boolean(), nullable=True) for name in FLAGS),
    ]


def _feature_checks() -> list[sa.CheckConstraint]:
    checks = [sa.CheckConstraint(sql, name=op.f(f"ck_{TABLE}_{name}")) for name, sql in CHECKS]
    checks += [
        sa.CheckConstraint(
            f"{name} IS NULL OR {name} IN (0, 1)", name=op.f(f"ck_{TABLE}_{name}_flag")
        )
        for name in FLAGS
    ]
    return checks


def _create(name: str, *, features: bool) -> None:
    """The measurement table as 0001 made it, with the characteristics when asked."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("lesion_id", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.Text(), nullable=False),
        sa.Column("dim_1_mm", sa.Double(), nullable=True),
        sa.Column("dim_2_mm", sa.Double(), nullable=True),
        sa.Column("dim_3_mm", sa.Double(), nullable=True),
        sa.Column("site", sa.Text(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        *(_feature_columns() if features else ()),
        sa.CheckConstraint(
            "(visibility = 'measured' AND dim_1_mm IS NOT NULL AND dim_2_mm IS NOT NULL AND "
            "dim_3_mm IS NOT NULL) OR (visibility <> 'measured' AND dim_1_mm IS NULL AND "
            "dim_2_mm IS NULL AND dim_3_mm IS NULL)",
            name=op.f("ck_measurement_dims_match_visibility"),
        ),
        sa.CheckConstraint(
            "visibility IN ('measured', 'not_visualised', 'not_measured')",
            name=op.f("ck_measurement_visibility_known"),
        ),
        *(
            sa.CheckConstraint(
                f"dim_{axis}_mm > 0 AND dim_{axis}_mm <= 300.0",
                name=op.f(f"ck_measurement_dim_{axis}_range"),
            )
            for axis in (1, 2, 3)
        ),
        sa.CheckConstraint("length(site) <= 200", name=op.f("ck_measurement_site_length")),
        *(_feature_checks() if features else ()),
        sa.ForeignKeyConstraint(
            ["lesion_id"],
            ["lesion.id"],
            name=op.f("fk_measurement_lesion_id_lesion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scan.id"], name=op.f("fk_measurement_scan_id_scan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement")),
        sa.UniqueConstraint("scan_id", "lesion_id", name=op.f("uq_measurement_scan_id_lesion_id")),
        sqlite_strict=True,
    )


def _rebuild_on_sqlite(*, features: bool) -> None:
    """Copy every row into the table rebuilt with (or without) the characteristics."""
    columns = ", ".join(OLD_COLUMNS)
    _create("_measurement_rebuilt", features=features)
    op.execute(f"INSERT INTO _measurement_rebuilt ({columns}) SELECT {columns} FROM {TABLE}")  # noqa: S608
    op.drop_table(TABLE)
    op.rename_table("_measurement_rebuilt", TABLE)
    op.create_index(op.f("ix_measurement_lesion_id"), TABLE, ["lesion_id"], unique=False)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(features=True)
        return
    # PostgreSQL's BOOLEAN holds only true and false: no flag checks needed there.
    for column in _feature_columns():
        op.add_column(TABLE, column)
    for name, sql in CHECKS:
        op.create_check_constraint(op.f(f"ck_{TABLE}_{name}"), TABLE, sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(features=False)
        return
    for name, _ in CHECKS:
        op.drop_constraint(op.f(f"ck_{TABLE}_{name}"), TABLE, type_="check")
    for column in reversed(_feature_columns()):
        op.drop_column(TABLE, column.name)
