"""Database tables (SQLAlchemy 2 typed declarative). Rows never leave the store.

Ranges, vocabularies, NOT NULL and foreign keys are enforced by the database as well as
by the domain, so a value that bypasses the app (a script, a bug) is refused too. On
SQLite the tables are STRICT, which also refuses a value of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from trochtrack.domain.actions import CriticalAction
from trochtrack.domain.documents import DocumentKind, DocumentStatus
from trochtrack.domain.model import (
    ADDRESS_MAX_LENGTH,
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
from trochtrack.domain.values import MAX_DIAMETER_MM
from trochtrack.domain.vocabulary import (
    Diagnosis,
    DopplerFlow,
    FluidContent,
    LesionKind,
    Modality,
    RedFlag,
    Sex,
    Side,
    TreatmentKind,
    Visibility,
    WallThickness,
)
from trochtrack.store.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STRICT: dict[str, Any] = {"sqlite_strict": True}


class AuditAction(StrEnum):
    """What an audit event records."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    EXPORT = "export"


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: sa.Text(),
        date: sa.Date(),
        datetime: UtcDateTime(),
        float: sa.Double(),
    }


def one_of(column: str, values: Iterable[StrEnum], name: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value.value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


def in_range(column: str, low: float, high: float, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=name)


def max_length(column: str, limit: int, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) <= {limit}", name=name)


def real_date(column: str, name: str) -> sa.CheckConstraint:
    """On SQLite a date is text: refuse anything that is not a real ISO date.

    ``date(x, '+0 days')`` normalises (2026-02-30 becomes 2026-03-02), so only a real
    date equals itself. PostgreSQL's DATE type needs no such check.
    """
    check = sa.CheckConstraint(
        f"{column} IS NULL OR date({column}, '+0 days') IS {column}", name=name
    )
    return check.ddl_if(dialect="sqlite")


def flag(column: str, name: str) -> sa.CheckConstraint:
    """A nullable true/false column holds 0 or 1 (SQLite stores booleans as integers).

    PostgreSQL's BOOLEAN holds nothing else already.
    """
    check = sa.CheckConstraint(f"{column} IS NULL OR {column} IN (0, 1)", name=name)
    return check.ddl_if(dialect="sqlite")


def diameter(column: str, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} > 0 AND {column} <= {MAX_DIAMETER_MM}", name=name)


class ClinicianRow(Base):
    __tablename__ = "clinician"
    __table_args__ = (
        max_length("name", NAME_MAX_LENGTH, "name_length"),
        max_length("profession", SHORT_TEXT_MAX_LENGTH, "profession_length"),
        max_length("registration", SHORT_TEXT_MAX_LENGTH, "registration_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    profession: Mapped[str | None]
    registration: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)


class PatientRow(Base):
    __tablename__ = "patient"
    __table_args__ = (
        one_of("sex", Sex, "sex_known"),
        max_length("ref", REF_MAX_LENGTH, "ref_length"),
        max_length("given_name", NAME_MAX_LENGTH, "given_name_length"),
        max_length("family_name", NAME_MAX_LENGTH, "family_name_length"),
        max_length("gp_address", ADDRESS_MAX_LENGTH, "gp_address_length"),
        max_length("address", ADDRESS_MAX_LENGTH, "address_length"),
        real_date("date_of_birth", "date_of_birth_real"),
        sa.CheckConstraint("length(trim(ref)) > 0", name="ref_not_blank"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(unique=True)
    given_name: Mapped[str]
    family_name: Mapped[str]
    # casefolded, accent-free "given family ref dob" for search; SQLite folds ASCII only.
    search_key: Mapped[str] = mapped_column(index=True)
    date_of_birth: Mapped[date]
    sex: Mapped[str]
    phone: Mapped[str | None]
    email: Mapped[str | None]
    address: Mapped[str | None]
    gp_name: Mapped[str | None]
    gp_practice: Mapped[str | None]
    gp_address: Mapped[str | None]
    has_gp: Mapped[bool] = mapped_column(default=False)
    gp_explicit_nulls: Mapped[str] = mapped_column(default="")
    explicit_nulls: Mapped[str] = mapped_column(default="")
    archived_on: Mapped[date | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    episodes: Mapped[list[EpisodeRow]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="EpisodeRow.id"
    )


class EpisodeRow(Base):
    __tablename__ = "episode"
    __table_args__ = (
        sa.UniqueConstraint("patient_id", "ref"),
        one_of("side", Side, "side_known"),
        one_of("diagnosis", Diagnosis, "diagnosis_known"),
        real_date("first_line_start", "first_line_start_real"),
        real_date("onset_date", "onset_date_real"),
        real_date("closed_date", "closed_date_real"),
        sa.CheckConstraint(
            "closed_date IS NULL OR closed_date >= first_line_start", name="closed_after_start"
        ),
        max_length("ref", REF_MAX_LENGTH, "ref_length"),
        max_length("closed_reason", SHORT_TEXT_MAX_LENGTH, "closed_reason_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    ref: Mapped[str]
    side: Mapped[str]
    diagnosis: Mapped[str]
    onset_date: Mapped[date | None]
    first_line_start: Mapped[date]
    closed_date: Mapped[date | None]
    closed_reason: Mapped[str | None]
    explicit_nulls: Mapped[str] = mapped_column(default="")
    # Bumped by every change to the episode or anything recorded in it; cached
    # evaluations remember the version they were computed from.
    data_version: Mapped[int] = mapped_column(default=1)

    patient: Mapped[PatientRow] = relationship(back_populates="episodes")
    visits: Mapped[list[VisitRow]] = relationship(
        back_populates="episode",
        cascade="all, delete-orphan",
        order_by="(VisitRow.visit_date, VisitRow.id)",
    )
    treatments: Mapped[list[TreatmentRow]] = relationship(
        back_populates="episode",
        cascade="all, delete-orphan",
        order_by="(TreatmentRow.start_date, TreatmentRow.id)",
    )
    scans: Mapped[list[ScanRow]] = relationship(
        back_populates="episode",
        cascade="all, delete-orphan",
        order_by="(ScanRow.scan_date, ScanRow.id)",
    )
    lesions: Mapped[list[LesionRow]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", order_by="LesionRow.id"
    )


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
    explicit_nulls: Mapped[str] = mapped_column(default="")

    episode: Mapped[EpisodeRow] = relationship(back_populates="visits")
    red_flags: Mapped[list[VisitRedFlagRow]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
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

    scan: Mapped[ScanRow] = relationship(back_populates="measurements")
    lesion: Mapped[LesionRow] = relationship(back_populates="measurements")


class SettingRow(Base):
    """Clinic-wide settings shared by every workstation (JSON values)."""

    __tablename__ = "setting"
    __table_args__ = (STRICT,)

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class AuditEventRow(Base):
    """One change to clinical data, hash-chained to the one before it. Append-only."""

    __tablename__ = "audit_event"
    __table_args__ = (
        one_of("action", AuditAction, "action_known"),
        sa.Index(None, "table_name", "row_key"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recorded_at: Mapped[datetime]
    actor: Mapped[str | None]
    table_name: Mapped[str]
    row_key: Mapped[str]
    action: Mapped[str]
    before_json: Mapped[str | None]
    after_json: Mapped[str | None]
    previous_hash: Mapped[str]
    hash: Mapped[str] = mapped_column(unique=True)


class AuditHeadRow(Base):
    """The newest audit hash: one row, locked by every writer so the chain cannot fork."""

    __tablename__ = "audit_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"), STRICT)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int]
    last_hash: Mapped[str]
    mac: Mapped[str | None]
    """HMAC-SHA256 of the head with the workstation's audit key (see store.audit_anchor)."""


class AlertActionRow(Base):
    """What a clinician did with an alert: acknowledged, overrode, snoozed, or acted on it.

    An override has a reason and a snooze a date; for a critical alert ``taken`` and
    ``taken_at`` say what was done about it and when.
    """

    __tablename__ = "alert_action"
    __table_args__ = (
        sa.Index(None, "episode_id", "alert_key"),
        sa.CheckConstraint(
            "action IN ('acknowledged', 'overridden', 'snoozed', 'decided', 'acted')",
            name="action_known",
        ),
        one_of("taken", CriticalAction, "taken_known"),
        sa.CheckConstraint(
            "(action = 'acted') = (taken IS NOT NULL AND taken_at IS NOT NULL)",
            name="acted_says_what_and_when",
        ),
        sa.CheckConstraint(
            "taken IS NULL OR taken NOT IN ('not_applicable', 'other')"
            " OR coalesce(length(trim(reason)), 0) > 0",
            name="acted_note_when_needed",
        ),
        sa.CheckConstraint(
            "action <> 'overridden' OR coalesce(length(trim(reason)), 0) > 0",
            name="override_has_reason",
        ),
        sa.CheckConstraint(
            "action <> 'snoozed' OR snooze_until IS NOT NULL", name="snooze_has_date"
        ),
        real_date("snooze_until", "snooze_until_real"),
        max_length("reason", DETAIL_MAX_LENGTH, "reason_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    alert_key: Mapped[str]
    alert_code: Mapped[str]
    action: Mapped[str]
    reason: Mapped[str | None]
    snooze_until: Mapped[date | None]
    clinician: Mapped[str]
    recorded_at: Mapped[datetime]
    taken: Mapped[str | None]
    taken_at: Mapped[datetime | None]


class DecisionRow(Base):
    """The escalation decision recorded at the review or escalation point."""

    __tablename__ = "decision"
    __table_args__ = (
        sa.Index(None, "episode_id", "decided_on"),
        sa.CheckConstraint(
            "kind IN ('continue_first_line', 'second_line', 'refer')", name="kind_known"
        ),
        sa.CheckConstraint(
            "kind <> 'continue_first_line' OR (length(trim(reason)) > 0"
            " AND next_review IS NOT NULL)",
            name="continue_has_reason_and_review",
        ),
        real_date("decided_on", "decided_on_real"),
        real_date("next_review", "next_review_real"),
        max_length("reason", DETAIL_MAX_LENGTH, "reason_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    decided_on: Mapped[date]
    kind: Mapped[str]
    reason: Mapped[str | None]
    options: Mapped[str] = mapped_column(default="[]")
    """JSON list: the second-line options chosen to discuss, or where the patient is referred."""
    next_review: Mapped[date | None]
    clinician: Mapped[str]
    recorded_at: Mapped[datetime]


class EpisodeEvaluationRow(Base):
    """What the due list needs of an episode's evaluation, cached.

    Valid for one data version and one rules version, from ``as_of`` until the day
    before ``valid_until``: the due list reuses it while only the date moves within
    that span. The next two due items sit in columns (an episode has at most two: its
    first-line item and a follow-up scan); the few critical or warning alerts, as JSON,
    only where there are some (most episodes have none), so the due list rarely parses
    anything.
    """

    __tablename__ = "episode_evaluation"
    __table_args__ = (STRICT,)

    episode_id: Mapped[int] = mapped_column(
        sa.ForeignKey("episode.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date]
    valid_until: Mapped[date | None]
    data_version: Mapped[int]
    cache_version: Mapped[str]
    status: Mapped[str]
    next_due: Mapped[date | None]
    next_kind: Mapped[str | None]
    next_label: Mapped[str | None]
    next_alert: Mapped[str | None]
    then_due: Mapped[date | None]
    then_kind: Mapped[str | None]
    then_label: Mapped[str | None]
    alerts: Mapped[str | None]


class DocumentRow(Base):
    """A generated letter or handout: the exact PDF, its hash, and what produced it.

    A failed generation is kept too (no PDF, the error), so the user sees why and the
    visit data that was being written about is never affected.
    """

    __tablename__ = "document"
    __table_args__ = (
        sa.Index(None, "patient_id", "created_at"),
        one_of("kind", DocumentKind, "kind_known"),
        one_of("status", DocumentStatus, "status_known"),
        sa.CheckConstraint(
            "(status = 'generated' AND pdf IS NOT NULL AND length(sha256) = 64)"
            " OR (status = 'failed' AND pdf IS NULL AND error IS NOT NULL)",
            name="pdf_matches_status",
        ),
        real_date("document_date", "document_date_real"),
        max_length("title", SHORT_TEXT_MAX_LENGTH, "title_length"),
        max_length("recipient", ADDRESS_MAX_LENGTH, "recipient_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("patient.id", ondelete="CASCADE"))
    episode_id: Mapped[int | None] = mapped_column(sa.ForeignKey("episode.id", ondelete="SET NULL"))
    kind: Mapped[str]
    status: Mapped[str]
    document_date: Mapped[date]
    created_at: Mapped[datetime]
    title: Mapped[str]
    recipient: Mapped[str | None]
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str | None]
    rules_version: Mapped[str | None]
    clinician: Mapped[str | None]
    error: Mapped[str | None]


class LetterDraftRow(Base):
    """A letter being composed: the clinician's edits, kept across restarts until issued.

    ``content`` holds the edited text and choices as JSON. Once ``issued_document_id`` is
    set the draft is locked: the issued PDF is in ``document`` and never changes; a
    correction is a new draft with ``corrects_document_id`` naming the issued one.
    """

    __tablename__ = "letter_draft"
    __table_args__ = (
        sa.Index(None, "patient_id", "updated_at"),
        one_of("kind", DocumentKind, "kind_known"),
        real_date("document_date", "document_date_real"),
        max_length("content", 100_000, "content_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("patient.id", ondelete="CASCADE"))
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    kind: Mapped[str]
    document_date: Mapped[date]
    content: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    clinician: Mapped[str | None]
    issued_document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("document.id", ondelete="RESTRICT"), unique=True
    )
    corrects_document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("document.id", ondelete="RESTRICT")
    )


class LetterheadLogoRow(Base):
    """The clinic's logo for the letterhead, one row, so every workstation prints the same."""

    __tablename__ = "letterhead_logo"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("length(image) <= 1048576", name="image_size"),
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    image: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str]
    updated_at: Mapped[datetime]
