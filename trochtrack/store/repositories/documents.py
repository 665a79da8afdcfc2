"""Letters and handouts produced for patients, with their PDFs."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.store.errors import NotFoundError
from trochtrack.store.models import (
    DocumentRow,
)


class DocumentsRepository:
    """Generated letters and handouts, kept byte for byte."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        *,
        patient_id: int,
        episode_id: int | None,
        kind: DocumentKind,
        document_date: date,
        created_at: datetime,
        title: str,
        recipient: str | None,
        pdf: bytes | None,
        rules_version: str | None,
        clinician: str | None,
        error: str | None,
    ) -> DocumentInfo:
        row = DocumentRow(
            patient_id=patient_id,
            episode_id=episode_id,
            kind=kind.value,
            status=(DocumentStatus.GENERATED if pdf is not None else DocumentStatus.FAILED).value,
            document_date=document_date,
            created_at=created_at,
            title=title,
            recipient=recipient,
            pdf=pdf,
            sha256=None if pdf is None else hashlib.sha256(pdf).hexdigest(),
            rules_version=rules_version,
            clinician=clinician,
            error=error,
        )
        self._session.add(row)
        self._session.flush()
        return self._info(row, None if pdf is None else len(pdf))

    def for_patient(self, patient_id: int) -> list[DocumentInfo]:
        """The patient's documents, newest first, without their PDFs."""
        query = (
            self._listing()
            .where(DocumentRow.patient_id == patient_id)
            .order_by(DocumentRow.created_at.desc(), DocumentRow.id.desc())
        )
        return [self._info(row, row.size) for row in self._session.execute(query)]

    def info(self, document_id: int) -> DocumentInfo:
        """One document as the log lists it, without reading its PDF."""
        row = self._session.execute(self._listing().where(DocumentRow.id == document_id)).first()
        if row is None:
            raise NotFoundError(f"document {document_id} is not in the log")
        return self._info(row, row.size)

    @staticmethod
    def _listing() -> sa.Select[Any]:
        columns = [c for c in DocumentRow.__table__.columns if c.key != "pdf"]
        return sa.select(*columns, sa.func.length(DocumentRow.pdf).label("size"))

    def pdf(self, document_id: int) -> tuple[DocumentInfo, bytes]:
        row = self._session.get(DocumentRow, document_id)
        if row is None or row.pdf is None:
            raise NotFoundError(f"document {document_id} has no stored PDF")
        return self._info(row, len(row.pdf)), row.pdf

    @staticmethod
    def _info(row: Any, size: int | None) -> DocumentInfo:
        return DocumentInfo(
            id=row.id,
            patient_id=row.patient_id,
            episode_id=row.episode_id,
            kind=DocumentKind(row.kind),
            status=DocumentStatus(row.status),
            document_date=row.document_date,
            created_at=row.created_at,
            recipient=row.recipient,
            title=row.title,
            sha256=row.sha256,
            size_bytes=size,
            rules_version=row.rules_version,
            clinician=row.clinician,
            error=row.error,
        )
