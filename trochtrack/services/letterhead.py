"""The clinic's logo on letters and handouts, stored in the database.

Kept in the database rather than as a file path so that every workstation prints the
same letterhead. Only PNG is accepted (reportlab draws PNG itself; an SVG would need a
converter this app does not ship): a file that is not a PNG, is larger than 1 MB or
has no sensible size is refused with a message that says why.
"""

from __future__ import annotations

import struct
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.services.clinic import Clinic
from trochtrack.store.letterhead import LetterheadRepository
from trochtrack.store.uow import SqlAlchemyUnitOfWork

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES: Final = 1024 * 1024
MAX_LOGO_PIXELS: Final = 4000


def set_logo(clinic: Clinic, image: bytes) -> None:
    """Keep ``image`` (a PNG) as the clinic's logo.

    Raises:
        ValidationError: ``logo`` is not a PNG, too large, or of no sensible size.
    """
    check_logo(image)
    with clinic.unit_of_work() as uow:
        LetterheadRepository(uow.session).put(image, clinic.now())
        uow.commit()


def clear_logo(clinic: Clinic) -> None:
    """Print letters without a logo from now on."""
    with clinic.unit_of_work() as uow:
        LetterheadRepository(uow.session).clear()
        uow.commit()


def load_logo(clinic: Clinic) -> bytes | None:
    """The clinic's logo (PNG), or ``None``."""
    with clinic.unit_of_work() as uow:
        return read_logo(uow)


def read_logo(uow: SqlAlchemyUnitOfWork) -> bytes | None:
    """:func:`load_logo` inside a unit of work the caller holds."""
    return LetterheadRepository(uow.session).logo()


def check_logo(image: bytes) -> None:
    """Refuse what cannot print as a letterhead logo, naming why."""
    if len(image) > MAX_LOGO_BYTES:
        raise ValidationError("logo", f"is {len(image)} bytes; the limit is {MAX_LOGO_BYTES}")
    # A PNG starts with its signature and then the IHDR chunk: width and height first.
    if not image.startswith(PNG_SIGNATURE) or image[12:16] != b"IHDR":
        raise ValidationError("logo", "is not a PNG image (save the logo as PNG)")
    width, height = struct.unpack(">II", image[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise ValidationError(
            "logo", f"is {width} × {height} pixels; each side must be 1 to {MAX_LOGO_PIXELS}"
        )
