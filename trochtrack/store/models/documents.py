"""Generated letters and handouts, and the letter drafts being composed."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trochtrack.domain.documents import DocumentKind, DocumentStatus
from trochtrack.domain.model import ADDRESS_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH
from trochtrack.store.models.base import STRICT, Base, max_length, one_of, real_date


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
