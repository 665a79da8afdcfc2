"""Letter drafts in the database: the clinician's edits before issue, and the lock after.

The audit hook records every insert and update of a draft, like any clinical row. A
draft whose ``issued_document_id`` is set is never updated again (the services refuse,
and :meth:`LetterDraftsRepository.update` checks it in the same transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.domain.documents import DocumentKind
from trochtrack.store.errors import NotFoundError, StoreError
from trochtrack.store.models import LetterDraftRow


class DraftLockedError(StoreError):
    """The draft was issued; its letter can only be corrected by a new version."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftRecord:
    """A stored draft; ``content`` is the JSON the services wrote."""

    id: int
    patient_id: int
    episode_id: int
    kind: DocumentKind
    document_date: date
    content: str
    created_at: datetime
    updated_at: datetime
    clinician: str | None
    issued_document_id: int | None
    corrects_document_id: int | None


class LetterDraftsRepository:
    """Drafts of one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        *,
        patient_id: int,
        episode_id: int,
        kind: DocumentKind,
        document_date: date,
        content: str,
        now: datetime,
        clinician: str | None,
        corrects_document_id: int | None = None,
    ) -> DraftRecord:
        """Keep a new draft."""
        row = LetterDraftRow(
            patient_id=patient_id,
            episode_id=episode_id,
            kind=kind.value,
            document_date=document_date,
            content=content,
            created_at=now,
            updated_at=now,
            clinician=clinician,
            corrects_document_id=corrects_document_id,
        )
        self._session.add(row)
        self._session.flush()
        return _record(row)

    def get(self, draft_id: int) -> DraftRecord:
        """The draft with ``draft_id``."""
        return _record(self._row(draft_id))

    def update(self, draft_id: int, content: str, now: datetime) -> DraftRecord:
        """Replace an open draft's content.

        Raises:
            DraftLockedError: the draft was issued.
        """
        row = self._row(draft_id)
        if row.issued_document_id is not None:
            raise DraftLockedError(
                f"Draft {draft_id} was issued as document {row.issued_document_id}; an issued "
                "letter cannot be changed. Start a correction instead."
            )
        row.content = content
        row.updated_at = now
        self._session.flush()
        return _record(row)

    def mark_issued(self, draft_id: int, document_id: int, now: datetime) -> DraftRecord:
        """Lock the draft to the document issued from it.

        Raises:
            DraftLockedError: the draft was issued already.
        """
        row = self._row(draft_id)
        if row.issued_document_id is not None:
            raise DraftLockedError(
                f"Draft {draft_id} was already issued as document {row.issued_document_id}."
            )
        row.issued_document_id = document_id
        row.updated_at = now
        self._session.flush()
        return _record(row)

    def issued_as(self, document_id: int) -> DraftRecord | None:
        """The draft a document was issued from, if it was composed."""
        row = self._session.scalars(
            sa.select(LetterDraftRow).where(LetterDraftRow.issued_document_id == document_id)
        ).one_or_none()
        return None if row is None else _record(row)

    def issued_documents(self, patient_id: int) -> frozenset[int]:
        """The ids of the patient's documents that were composed and issued from a draft."""
        ids = self._session.scalars(
            sa.select(LetterDraftRow.issued_document_id).where(
                LetterDraftRow.patient_id == patient_id,
                LetterDraftRow.issued_document_id.is_not(None),
            )
        )
        return frozenset(document_id for document_id in ids if document_id is not None)

    def open_for_patient(self, patient_id: int) -> list[DraftRecord]:
        """The patient's drafts not issued yet, most recently edited first."""
        rows = self._session.scalars(
            sa.select(LetterDraftRow)
            .where(
                LetterDraftRow.patient_id == patient_id,
                LetterDraftRow.issued_document_id.is_(None),
            )
            .order_by(LetterDraftRow.updated_at.desc(), LetterDraftRow.id.desc())
        )
        return [_record(row) for row in rows]

    def _row(self, draft_id: int) -> LetterDraftRow:
        row = self._session.get(LetterDraftRow, draft_id)
        if row is None:
            raise NotFoundError(f"There is no letter draft {draft_id}.")
        return row


def _record(row: LetterDraftRow) -> DraftRecord:
    return DraftRecord(
        id=row.id,
        patient_id=row.patient_id,
        episode_id=row.episode_id,
        kind=DocumentKind(row.kind),
        document_date=row.document_date,
        content=row.content,
        created_at=row.created_at,
        updated_at=row.updated_at,
        clinician=row.clinician,
        issued_document_id=row.issued_document_id,
        corrects_document_id=row.corrects_document_id,
    )
