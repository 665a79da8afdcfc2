"""The patient and the episodes of care recorded for them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trochtrack.domain.model import (
    ADDRESS_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REF_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
)
from trochtrack.domain.vocabulary import Diagnosis, Sex, Side
from trochtrack.store.models.base import STRICT, Base, flag, max_length, one_of, real_date

if TYPE_CHECKING:
    from trochtrack.store.models.records import LesionRow, ScanRow, TreatmentRow, VisitRow


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
    # Added by revision 0012 in place, so their checks are the columns' own.
    notes: Mapped[str | None] = mapped_column(max_length("notes", NOTES_MAX_LENGTH, "notes_length"))
    next_appointment: Mapped[date | None] = mapped_column(
        real_date("next_appointment", "next_appointment_real")
    )
    # Added by revision 0013 in place: when the main working diagnosis was made.
    diagnosis_since: Mapped[date | None] = mapped_column(
        real_date("diagnosis_since", "diagnosis_since_real")
    )
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
    other_diagnoses: Mapped[list[OtherDiagnosisRow]] = relationship(
        back_populates="episode",
        cascade="all, delete-orphan",
        order_by="OtherDiagnosisRow.position",
    )


class OtherDiagnosisRow(Base):
    """A working diagnosis considered besides the episode's main one.

    Unique by position, not by diagnosis: a change rewrites the rows in place, and two
    swapped diagnoses would collide on the way. The domain refuses a repeated diagnosis.
    """

    __tablename__ = "other_diagnosis"
    __table_args__ = (
        sa.UniqueConstraint("episode_id", "position"),
        one_of("diagnosis", Diagnosis, "diagnosis_known"),
        real_date("since", "since_real"),
        flag("possible", "possible_flag"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(sa.ForeignKey("episode.id", ondelete="CASCADE"))
    position: Mapped[int]
    diagnosis: Mapped[str]
    since: Mapped[date | None]
    possible: Mapped[bool | None]
    explicit_nulls: Mapped[str] = mapped_column(default="")

    episode: Mapped[EpisodeRow] = relationship(back_populates="other_diagnoses")


class PatientMergeRow(Base):
    """Two records of one person made one, with what it takes to part them again.

    ``absorbed_patient`` is the merged-away patient's details as a case file writes them;
    ``moved`` lists what went over: each episode with the ref it had, and the ids of the
    documents and letter drafts. ``undone_at`` is set when the merge is taken back.
    """

    __tablename__ = "patient_merge"
    __table_args__ = (STRICT,)

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    absorbed_ref: Mapped[str]
    absorbed_patient: Mapped[str]
    moved: Mapped[str]
    merged_at: Mapped[datetime]
    undone_at: Mapped[datetime | None]
