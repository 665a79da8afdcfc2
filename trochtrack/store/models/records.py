"""What is recorded in an episode: visits, treatments, scans, lesions and their measurements."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trochtrack.domain.measures.outcomes import (
    BODY_MASS_RANGE_KG,
    STAIR_PAIN_RANGE,
    STANCE_CAP_S,
    StrengthUnit,
)
from trochtrack.domain.model import (
    DETAIL_MAX_LENGTH,
    GROC_RANGE,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    PAIN_RANGE,
    REF_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TEMPERATURE_RANGE_C,
    VISA_G_RANGE,
)
from trochtrack.domain.vocabulary import (
    DopplerFlow,
    FluidContent,
    LesionKind,
    Modality,
    RedFlag,
    TreatmentKind,
    Visibility,
    WallThickness,
)
from trochtrack.store.models.base import (
    STRICT,
    Base,
    diameter,
    flag,
    in_range,
    max_length,
    one_of,
    real_date,
)

if TYPE_CHECKING:
    from trochtrack.store.models.measures import QuestionnaireRow
    from trochtrack.store.models.patients import EpisodeRow


class VisitRow(Base):
    __tablename__ = "visit"
    __table_args__ = (
        sa.Index(None, "episode_id", "visit_date"),
        real_date("visit_date", "visit_date_real"),
        in_range("pain_nrs", *PAIN_RANGE, "pain_nrs_range"),
        in_range("night_pain_nrs", *PAIN_RANGE, "night_pain_nrs_range"),
        in_range("visa_g", *VISA_G_RANGE, "visa_g_range"),
        in_range("groc", *GROC_RANGE, "groc_range"),
        in_range("temperature_c", *TEMPERATURE_RANGE_C, "temperature_c_range"),
        max_length("notes", NOTES_MAX_LENGTH, "notes_length"),
        max_length("clinician", NAME_MAX_LENGTH, "clinician_length"),
        in_range("stance_pain_left_s", 0, STANCE_CAP_S, "stance_pain_left_s_range"),
        in_range("stance_pain_right_s", 0, STANCE_CAP_S, "stance_pain_right_s_range"),
        in_range("stair_pain_nrs", *STAIR_PAIN_RANGE, "stair_pain_nrs_range"),
        sa.CheckConstraint("abduction_left > 0", name="abduction_left_positive"),
        sa.CheckConstraint("abduction_right > 0", name="abduction_right_positive"),
        one_of("abduction_unit", StrengthUnit, "abduction_unit_known"),
        in_range("body_mass_kg", *BODY_MASS_RANGE_KG, "body_mass_kg_range"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    visit_date: Mapped[date]
    pain_nrs: Mapped[int]
    night_pain_nrs: Mapped[int | None]
    visa_g: Mapped[int | None]
    groc: Mapped[int | None]
    temperature_c: Mapped[float | None]
    notes: Mapped[str | None]
    clinician: Mapped[str | None]
    stance_pain_left_s: Mapped[float | None]
    stance_pain_right_s: Mapped[float | None]
    stair_pain_nrs: Mapped[int | None]
    abduction_left: Mapped[float | None]
    abduction_right: Mapped[float | None]
    abduction_unit: Mapped[str | None]
    body_mass_kg: Mapped[float | None]
    explicit_nulls: Mapped[str] = mapped_column(default="")

    episode: Mapped[EpisodeRow] = relationship(back_populates="visits")
    red_flags: Mapped[list[VisitRedFlagRow]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )
    questionnaires: Mapped[list[QuestionnaireRow]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="QuestionnaireRow.id"
    )


class VisitRedFlagRow(Base):
    __tablename__ = "visit_red_flag"
    __table_args__ = (one_of("flag", RedFlag, "flag_known"), STRICT)

    visit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True
    )
    flag: Mapped[str] = mapped_column(primary_key=True)

    visit: Mapped[VisitRow] = relationship(back_populates="red_flags")


class TreatmentRow(Base):
    __tablename__ = "treatment"
    __table_args__ = (
        sa.Index(None, "episode_id", "start_date"),
        one_of("kind", TreatmentKind, "kind_known"),
        real_date("start_date", "start_date_real"),
        real_date("end_date", "end_date_real"),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        max_length("detail", DETAIL_MAX_LENGTH, "detail_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    kind: Mapped[str]
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    detail: Mapped[str | None]
    explicit_nulls: Mapped[str] = mapped_column(default="")

    episode: Mapped[EpisodeRow] = relationship(back_populates="treatments")


class ScanRow(Base):
    __tablename__ = "scan"
    __table_args__ = (
        sa.Index(None, "episode_id", "scan_date"),
        one_of("modality", Modality, "modality_known"),
        real_date("scan_date", "scan_date_real"),
        max_length("report", NOTES_MAX_LENGTH, "report_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    scan_date: Mapped[date]
    modality: Mapped[str]
    report: Mapped[str | None]
    explicit_nulls: Mapped[str] = mapped_column(default="")

    episode: Mapped[EpisodeRow] = relationship(back_populates="scans")
    measurements: Mapped[list[MeasurementRow]] = relationship(
        back_populates="scan", cascade="all, delete-orphan", order_by="MeasurementRow.id"
    )


class LesionRow(Base):
    __tablename__ = "lesion"
    __table_args__ = (
        sa.UniqueConstraint("episode_id", "lesion_key"),
        one_of("kind", LesionKind, "kind_known"),
        max_length("lesion_key", REF_MAX_LENGTH, "lesion_key_length"),
        max_length("site", SHORT_TEXT_MAX_LENGTH, "site_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    lesion_key: Mapped[str]
    kind: Mapped[str]
    site: Mapped[str | None]

    episode: Mapped[EpisodeRow] = relationship(back_populates="lesions")
    measurements: Mapped[list[MeasurementRow]] = relationship(
        back_populates="lesion", cascade="all, delete-orphan"
    )


class MeasurementRow(Base):
    """One scan's finding for one lesion: three diameters, or 'not visualised'.

    A bursa's or fluid collection's characteristics sit in the ``feature_`` columns;
    ``has_features`` tells "recorded, none known" (an empty set) from "not recorded".
    """

    __tablename__ = "measurement"
    __table_args__ = (
        sa.UniqueConstraint("scan_id", "lesion_id"),
        sa.Index(None, "lesion_id"),
        one_of("visibility", Visibility, "visibility_known"),
        diameter("dim_1_mm", "dim_1_range"),
        diameter("dim_2_mm", "dim_2_range"),
        diameter("dim_3_mm", "dim_3_range"),
        sa.CheckConstraint(
            "(visibility = 'measured' AND dim_1_mm IS NOT NULL AND dim_2_mm IS NOT NULL"
            " AND dim_3_mm IS NOT NULL) OR (visibility <> 'measured' AND dim_1_mm IS NULL"
            " AND dim_2_mm IS NULL AND dim_3_mm IS NULL)",
            name="dims_match_visibility",
        ),
        max_length("site", SHORT_TEXT_MAX_LENGTH, "site_length"),
        one_of("feature_content", FluidContent, "feature_content_known"),
        one_of("feature_wall", WallThickness, "feature_wall_known"),
        one_of("feature_doppler", DopplerFlow, "feature_doppler_known"),
        flag("feature_septations", "feature_septations_flag"),
        flag("feature_compressible", "feature_compressible_flag"),
        sa.CheckConstraint(
            "has_features OR (feature_content IS NULL AND feature_wall IS NULL"
            " AND feature_doppler IS NULL AND feature_septations IS NULL"
            " AND feature_compressible IS NULL)",
            name="features_only_when_recorded",
        ),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = mapped_column(sa.ForeignKey("scan.id", ondelete="CASCADE"))
    lesion_id: Mapped[int] = mapped_column(sa.ForeignKey("lesion.id", ondelete="CASCADE"))
    visibility: Mapped[str]
    dim_1_mm: Mapped[float | None]
    dim_2_mm: Mapped[float | None]
    dim_3_mm: Mapped[float | None]
    site: Mapped[str | None]
    explicit_nulls: Mapped[str] = mapped_column(default="")
    has_features: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    feature_content: Mapped[str | None]
    feature_wall: Mapped[str | None]
    feature_doppler: Mapped[str | None]
    feature_septations: Mapped[bool | None]
    feature_compressible: Mapped[bool | None]
    possible: Mapped[bool | None] = mapped_column(
        sa.CheckConstraint("possible IS NULL OR possible IN (0, 1)", name="possible_flag").ddl_if(
            dialect="sqlite"
        )
    )

    scan: Mapped[ScanRow] = relationship(back_populates="measurements")
    lesion: Mapped[LesionRow] = relationship(back_populates="measurements")
