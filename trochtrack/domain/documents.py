"""Documents produced for a patient: letters and handouts, kept exactly as printed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DocumentKind(StrEnum):
    """What a document is (the ``--kind`` of ``trochtrack-cli letter``)."""

    GP_FOLLOWUP = "gp-followup"
    REFERRAL = "referral"
    HANDOUT = "handout"


class DocumentStatus(StrEnum):
    """Whether the PDF was produced."""

    GENERATED = "generated"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInfo:
    """A stored document without its PDF bytes (for lists)."""

    id: int
    patient_id: int
    episode_id: int | None
    kind: DocumentKind
    status: DocumentStatus
    document_date: date
    created_at: datetime
    recipient: str | None
    title: str
    sha256: str | None
    size_bytes: int | None
    rules_version: str | None
    clinician: str | None
    error: str | None
