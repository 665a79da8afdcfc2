"""The register of clinicians who signed entries and letters."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.store.models import (
    ClinicianRow,
)


@dataclass(frozen=True, slots=True)
class ClinicianRecord:
    """A clinician who has signed the clinic's records and letters."""

    name: str
    profession: str | None
    registration: str | None
    active: bool


class CliniciansRepository:
    """Everyone who has been the signing clinician, kept for the records they signed."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def register(self, name: str, profession: str | None, registration: str | None) -> None:
        """Add the clinician, or update their profession and registration."""
        row = self._session.scalar(sa.select(ClinicianRow).where(ClinicianRow.name == name))
        if row is None:
            self._session.add(
                ClinicianRow(name=name, profession=profession, registration=registration)
            )
        elif (row.profession, row.registration, row.active) != (profession, registration, True):
            row.profession = profession
            row.registration = registration
            row.active = True

    def all(self) -> list[ClinicianRecord]:
        rows = self._session.scalars(sa.select(ClinicianRow).order_by(ClinicianRow.name))
        return [
            ClinicianRecord(row.name, row.profession, row.registration, row.active) for row in rows
        ]
