"""The audit trail as the user sees it: a record's history, and a check of the chain."""

from __future__ import annotations

from trochtrack.services.clinic import Clinic
from trochtrack.store.audit import AuditEvent, ChainVerification
from trochtrack.store.models import AuditAction

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ChainVerification",
    "data_version",
    "record_history",
    "verify_audit",
]


def data_version(clinic: Clinic) -> int:
    """A number that changes whenever anything is saved, here or by another program."""
    with clinic.unit_of_work() as uow:
        return uow.data_version()


def verify_audit(clinic: Clinic) -> ChainVerification:
    """Recompute the whole hash chain; the result names the first event that does not fit."""
    with clinic.unit_of_work() as uow:
        return uow.verify_audit()


def record_history(clinic: Clinic, table_name: str, row_ids: list[int]) -> list[AuditEvent]:
    """Who changed these rows, when, and from what to what (oldest first)."""
    with clinic.unit_of_work() as uow:
        return uow.audit_history(table_name, [str(row_id) for row_id in row_ids])
