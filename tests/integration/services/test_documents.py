"""The documents log keeps each PDF exactly, and failed attempts with their reason."""

import hashlib
from datetime import date

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.documents import DocumentKind, DocumentStatus
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import (
    DocumentChangedError,
    document_pdf,
    list_documents,
    store_document,
)

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\n% a letter\n%%EOF\n"


@pytest.fixture
def patient_id(clinic: Clinic, example_cases) -> int:
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    return 1


def _store(clinic: Clinic, patient_id: int, pdf: bytes | None, error: str | None = None):
    return store_document(
        clinic,
        patient_id=patient_id,
        episode_id=None,
        kind=DocumentKind.GP_FOLLOWUP,
        document_date=date(2026, 10, 20),
        title="Follow-up letter to Dr R Patel",
        recipient="Dr R Patel\nRiverside Medical Centre",
        pdf=pdf,
        rules_version="abcdef012345",
        error=error,
    )


def test_a_document_reopens_byte_for_byte(clinic: Clinic, patient_id: int):
    stored = _store(clinic, patient_id, PDF)
    info, pdf = document_pdf(clinic, stored.id)
    assert pdf == PDF
    assert info.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (info.status, info.clinician, info.size_bytes) == (
        DocumentStatus.GENERATED,
        "Test Clinician",
        len(PDF),
    )


def test_a_failed_generation_is_listed_with_its_reason(clinic: Clinic, patient_id: int):
    _store(clinic, patient_id, PDF)
    _store(clinic, patient_id, None, error="No space left on device")
    newest, older = list_documents(clinic, patient_id)
    assert (newest.status, newest.error, newest.sha256) == (
        DocumentStatus.FAILED,
        "No space left on device",
        None,
    )
    assert older.status is DocumentStatus.GENERATED


def test_a_pdf_changed_in_the_database_is_detected(clinic: Clinic, patient_id: int, raw_sqlite):
    stored = _store(clinic, patient_id, PDF)
    raw = raw_sqlite(clinic.database.path)
    raw.execute(
        "UPDATE document SET pdf = ? WHERE id = ?", (PDF.replace(b"letter", b"LETTER"), stored.id)
    )
    raw.commit()
    with pytest.raises(DocumentChangedError, match="changed after it was produced"):
        document_pdf(clinic, stored.id)
