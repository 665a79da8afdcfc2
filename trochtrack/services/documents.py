"""The documents log: every letter and handout kept with the patient, exactly as produced.

A document is stored with its PDF bytes, their SHA-256 and the rules version that
produced its content, so it can be reopened and reprinted unchanged. A generation that
failed is stored too (without a PDF, with the reason), so the user sees what happened;
the clinical record it was about is never touched by it.
"""

from __future__ import annotations

import hashlib
from datetime import date

from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError


class DocumentChangedError(ServiceError):
    """A stored PDF no longer matches the hash recorded when it was made."""


def store_document(
    clinic: Clinic,
    *,
    patient_id: int,
    episode_id: int | None,
    kind: DocumentKind,
    document_date: date,
    title: str,
    recipient: str | None,
    pdf: bytes | None,
    rules_version: str | None,
    error: str | None = None,
) -> DocumentInfo:
    """Keep a generated document (``pdf``) or a failed attempt (``error``) in the log."""
    with clinic.unit_of_work() as uow:
        info = uow.documents.add(
            patient_id=patient_id,
            episode_id=episode_id,
            kind=kind,
            document_date=document_date,
            created_at=clinic.now(),
            title=title,
            recipient=recipient,
            pdf=pdf,
            rules_version=rules_version,
            clinician=clinic.actor,
            error=error,
        )
        uow.commit()
    return info


def list_documents(clinic: Clinic, patient_id: int) -> list[DocumentInfo]:
    """The patient's documents, newest first (without the PDF bytes)."""
    with clinic.unit_of_work() as uow:
        return uow.documents.for_patient(patient_id)


def document_pdf(clinic: Clinic, document_id: int) -> tuple[DocumentInfo, bytes]:
    """A stored document's PDF, checked against its recorded SHA-256."""
    with clinic.unit_of_work() as uow:
        info, pdf = uow.documents.pdf(document_id)
    if hashlib.sha256(pdf).hexdigest() != info.sha256:
        raise DocumentChangedError(
            f"The stored PDF of document {document_id} does not match the hash recorded "
            "when it was made; it was changed after it was produced."
        )
    return info, pdf
