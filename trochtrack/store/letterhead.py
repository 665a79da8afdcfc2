"""The clinic's letterhead logo, kept in the database (one row) with its SHA-256."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.store.models import LetterheadLogoRow

LOGO_ROW_ID = 1


class LetterheadRepository:
    """The logo of one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def logo(self) -> bytes | None:
        """The stored PNG, or ``None`` when the clinic has none."""
        row = self._session.get(LetterheadLogoRow, LOGO_ROW_ID)
        return None if row is None else row.image

    def put(self, image: bytes, now: datetime) -> None:
        """Store ``image`` as the logo, replacing any earlier one."""
        row = self._session.get(LetterheadLogoRow, LOGO_ROW_ID)
        digest = hashlib.sha256(image).hexdigest()
        if row is None:
            self._session.add(
                LetterheadLogoRow(id=LOGO_ROW_ID, image=image, sha256=digest, updated_at=now)
            )
        else:
            row.image, row.sha256, row.updated_at = image, digest, now
        self._session.flush()

    def clear(self) -> None:
        """Remove the logo."""
        self._session.execute(sa.delete(LetterheadLogoRow))
        self._session.flush()
