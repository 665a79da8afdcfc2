"""Initial schema: patients, episodes, visits, treatments, scans, lesions, settings.

``upgrade()`` is longer than the project's 60-line limit on purpose: a revision is
a record of the schema as it was made, written once and never edited, and reads best
as one list of tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinician",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("profession", sa.Text(), nullable=True),
        sa.Column("registration", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(name) <= 100", name=op.f("ck_clinician_name_length")),
        sa.CheckConstraint(
            "length(profession) <= 200", name=op.f("ck_clinician_profession_length")
        ),
        sa.CheckConstraint(
            "length(registration) <= 200", name=op.f("ck_clinician_registration_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician")),
        sqlite_strict=True,
    )
    op.create_table(
        "patient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=False),
        sa.Column("family_name", sa.Text(), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("sex", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("gp_name", sa.Text(), nullable=True),
        sa.Column("gp_practice", sa.Text(), nullable=True),
        sa.Column("gp_address", sa.Text(), nullable=True),
        sa.Column("has_gp", sa.Boolean(), nullable=False),
        sa.Column("gp_explicit_nulls", sa.Text(), nullable=False),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "sex IN ('female', 'male', 'other', 'unknown')", name=op.f("ck_patient_sex_known")
        ),
        sa.CheckConstraint(
            "date_of_birth IS NULL OR date(date_of_birth, '+0 days') IS date_of_birth",
            name=op.f("ck_patient_date_of_birth_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint("length(address) <= 500", name=op.f("ck_patient_address_length")),
        sa.CheckConstraint(
            "length(family_name) <= 100", name=op.f("ck_patient_family_name_length")
        ),
        sa.CheckConstraint("length(given_name) <= 100", name=op.f("ck_patient_given_name_length")),
        sa.CheckConstraint("length(gp_address) <= 500", name=op.f("ck_patient_gp_address_length")),
        sa.CheckConstraint("length(ref) <= 40", name=op.f("ck_patient_ref_length")),
        sa.CheckConstraint("length(trim(ref)) > 0", name=op.f("ck_patient_ref_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient")),
        sa.UniqueConstraint("ref", name=op.f("uq_patient_ref")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_search_key"), ["search_key"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
        sqlite_strict=True,
    )
    op.create_table(
        "episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("side", sa.Text(), nullable=False),
        sa.Column("diagnosis", sa.Text(), nullable=False),
        sa.Column("onset_date", sa.Date(), nullable=True),
        sa.Column("first_line_start", sa.Date(), nullable=False),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "diagnosis IN ('gtps', 'trochanteric_bursitis', 'gluteal_tendinopathy', 'calcific_tendinopathy')",
            name=op.f("ck_episode_diagnosis_known"),
        ),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_episode_side_known")),
        sa.CheckConstraint(
            "closed_date IS NULL OR date(closed_date, '+0 days') IS closed_date",
            name=op.f("ck_episode_closed_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "closed_date IS NULL OR closed_date >= first_line_start",
            name=op.f("ck_episode_closed_after_start"),
        ),
        sa.CheckConstraint(
            "first_line_start IS NULL OR date(first_line_start, '+0 days') IS first_line_start",
            name=op.f("ck_episode_first_line_start_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "length(closed_reason) <= 200", name=op.f("ck_episode_closed_reason_length")
        ),
        sa.CheckConstraint("length(ref) <= 40", name=op.f("ck_episode_ref_length")),
        sa.CheckConstraint(
            "onset_date IS NULL OR date(onset_date, '+0 days') IS onset_date",
            name=op.f("ck_episode_onset_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_episode_patient_id_patient"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episode")),
        sa.UniqueConstraint("patient_id", "ref", name=op.f("uq_episode_patient_id_ref")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_episode_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "lesion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("lesion_key", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("site", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('fluid_collection', 'adventitial_bursa', 'trochanteric_bursa', 'calcification', 'tendinopathy', 'partial_tear', 'full_tear')",
            name=op.f("ck_lesion_kind_known"),
        ),
        sa.CheckConstraint("length(lesion_key) <= 40", name=op.f("ck_lesion_lesion_key_length")),
        sa.CheckConstraint("length(site) <= 200", name=op.f("ck_lesion_site_length")),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_lesion_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesion")),
        sa.UniqueConstraint(
            "episode_id", "lesion_key", name=op.f("uq_lesion_episode_id_lesion_key")
        ),
        sqlite_strict=True,
    )
    op.create_table(
        "scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("scan_date", sa.Date(), nullable=False),
        sa.Column("modality", sa.Text(), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "modality IN ('US', 'MRI', 'XR', 'CT')", name=op.f("ck_scan_modality_known")
        ),
        sa.CheckConstraint("length(report) <= 20000", name=op.f("ck_scan_report_length")),
        sa.CheckConstraint(
            "scan_date IS NULL OR date(scan_date, '+0 days') IS scan_date",
            name=op.f("ck_scan_scan_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_scan_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scan_episode_id_scan_date"), ["episode_id", "scan_date"], unique=False
        )

    op.create_table(
        "treatment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('exercise_program', 'education', 'activity_modification', 'nsaid', 'therapeutic_ultrasound', 'manual_therapy', 'ice', 'corticosteroid_injection', 'eswt', 'prp_injection', 'barbotage', 'tenotomy', 'surgical_referral')",
            name=op.f("ck_treatment_kind_known"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR date(end_date, '+0 days') IS end_date",
            name=op.f("ck_treatment_end_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_treatment_end_after_start")
        ),
        sa.CheckConstraint("length(detail) <= 2000", name=op.f("ck_treatment_detail_length")),
        sa.CheckConstraint(
            "start_date IS NULL OR date(start_date, '+0 days') IS start_date",
            name=op.f("ck_treatment_start_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_treatment_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("treatment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_treatment_episode_id_start_date"),
            ["episode_id", "start_date"],
            unique=False,
        )

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("pain_nrs", sa.Integer(), nullable=False),
        sa.Column("night_pain_nrs", sa.Integer(), nullable=True),
        sa.Column("visa_g", sa.Integer(), nullable=True),
        sa.Column("groc", sa.Integer(), nullable=True),
        sa.Column("temperature_c", sa.Double(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("clinician", sa.Text(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.CheckConstraint("groc BETWEEN -5 AND 5", name=op.f("ck_visit_groc_range")),
        sa.CheckConstraint("length(clinician) <= 100", name=op.f("ck_visit_clinician_length")),
        sa.CheckConstraint("length(notes) <= 20000", name=op.f("ck_visit_notes_length")),
        sa.CheckConstraint(
            "night_pain_nrs BETWEEN 0 AND 10", name=op.f("ck_visit_night_pain_nrs_range")
        ),
        sa.CheckConstraint("pain_nrs BETWEEN 0 AND 10", name=op.f("ck_visit_pain_nrs_range")),
        sa.CheckConstraint(
            "temperature_c BETWEEN 30.0 AND 45.0", name=op.f("ck_visit_temperature_c_range")
        ),
        sa.CheckConstraint("visa_g BETWEEN 0 AND 100", name=op.f("ck_visit_visa_g_range")),
        sa.CheckConstraint(
            "visit_date IS NULL OR date(visit_date, '+0 days') IS visit_date",
            name=op.f("ck_visit_visit_date_real"),
        ).ddl_if(dialect="sqlite"),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
            name=op.f("fk_visit_episode_id_episode"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sqlite_strict=True,
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_episode_id_visit_date"), ["episode_id", "visit_date"], unique=False
        )

    op.create_table(
        "measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("lesion_id", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.Text(), nullable=False),
        sa.Column("dim_1_mm", sa.Double(), nullable=True),
        sa.Column("dim_2_mm", sa.Double(), nullable=True),
        sa.Column("dim_3_mm", sa.Double(), nullable=True),
        sa.Column("site", sa.Text(), nullable=True),
        sa.Column("explicit_nulls", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(visibility = 'measured' AND dim_1_mm IS NOT NULL AND dim_2_mm IS NOT NULL AND dim_3_mm IS NOT NULL) OR (visibility <> 'measured' AND dim_1_mm IS NULL AND dim_2_mm IS NULL AND dim_3_mm IS NULL)",
            name=op.f("ck_measurement_dims_match_visibility"),
        ),
        sa.CheckConstraint(
            "visibility IN ('measured', 'not_visualised', 'not_measured')",
            name=op.f("ck_measurement_visibility_known"),
        ),
        sa.CheckConstraint(
            "dim_1_mm > 0 AND dim_1_mm <= 300.0", name=op.f("ck_measurement_dim_1_range")
        ),
        sa.CheckConstraint(
            "dim_2_mm > 0 AND dim_2_mm <= 300.0", name=op.f("ck_measurement_dim_2_range")
        ),
        sa.CheckConstraint(
            "dim_3_mm > 0 AND dim_3_mm <= 300.0", name=op.f("ck_measurement_dim_3_range")
        ),
        sa.CheckConstraint("length(site) <= 200", name=op.f("ck_measurement_site_length")),
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
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measurement_lesion_id"), ["lesion_id"], unique=False)

    op.create_table(
        "visit_red_flag",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("flag", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "flag IN ('acute_severe_pain', 'unable_to_weight_bear', 'fall_or_trauma', 'hot_swollen_joint', 'systemically_unwell', 'constant_night_pain', 'unexplained_weight_loss', 'cancer_history', 'neurological_deficit', 'recent_injection')",
            name=op.f("ck_visit_red_flag_flag_known"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_red_flag_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("visit_id", "flag", name=op.f("pk_visit_red_flag")),
        sqlite_strict=True,
    )


def downgrade() -> None:
    op.drop_table("visit_red_flag")
    with op.batch_alter_table("measurement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurement_lesion_id"))

    op.drop_table("measurement")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_episode_id_visit_date"))

    op.drop_table("visit")
    with op.batch_alter_table("treatment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_treatment_episode_id_start_date"))

    op.drop_table("treatment")
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_episode_id_scan_date"))

    op.drop_table("scan")
    op.drop_table("lesion")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_episode_patient_id"))

    op.drop_table("episode")
    op.drop_table("setting")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_search_key"))

    op.drop_table("patient")
    op.drop_table("clinician")
