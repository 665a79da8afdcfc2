"""What the clinic shares across workstations: settings, clinicians, the letterhead logo."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trochtrack.domain.model import NAME_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH
from trochtrack.store.models.base import STRICT, Base, max_length


class ClinicianRow(Base):
    __tablename__ = "clinician"
    __table_args__ = (
        max_length("name", NAME_MAX_LENGTH, "name_length"),
        max_length("profession", SHORT_TEXT_MAX_LENGTH, "profession_length"),
        max_length("registration", SHORT_TEXT_MAX_LENGTH, "registration_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    profession: Mapped[str | None]
    registration: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)


class SettingRow(Base):
    """Clinic-wide settings shared by every workstation (JSON values)."""

    __tablename__ = "setting"
    __table_args__ = (STRICT,)

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class LetterheadLogoRow(Base):
    """The clinic's logo for the letterhead, one row, so every workstation prints the same."""

    __tablename__ = "letterhead_logo"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("length(image) <= 1048576", name="image_size"),
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    image: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str]
    updated_at: Mapped[datetime]
