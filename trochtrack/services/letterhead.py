"""The clinic's logo on letters and handouts, stored in the database.

Kept in the database rather than as a file path so that every workstation prints the
same letterhead. What is stored is a PNG, which reportlab draws itself: a file that is
not a PNG, is larger than 1 MB or has no sensible size is refused with a message that
says why. An SVG logo is drawn into a PNG by the window (Qt draws SVG; reportlab does
not) after :func:`check_svg_logo` has refused what should not be parsed at all.
"""

from __future__ import annotations

import re
import struct
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.services.clinic import Clinic
from trochtrack.store.letterhead import LetterheadRepository
from trochtrack.store.uow import SqlAlchemyUnitOfWork

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
SVG_ROOT: Final = re.compile(rb"<svg[\s>]")
# A logo needs no document type: entity declarations are how an SVG reads local files
# (external entities) or explodes in memory (nested entities), so none is parsed.
SVG_DECLARATIONS: Final = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
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
    _check_size(image)
    # A PNG starts with its signature and then the IHDR chunk: width and height first.
    if not image.startswith(PNG_SIGNATURE) or image[12:16] != b"IHDR":
        raise ValidationError("logo", "is not a PNG image (choose a PNG or an SVG file)")
    width, height = struct.unpack(">II", image[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise ValidationError(
            "logo", f"is {width} × {height} pixels; each side must be 1 to {MAX_LOGO_PIXELS}"
        )


def check_svg_logo(image: bytes) -> None:
    """Refuse an SVG logo that is too large, is not SVG, or declares a document type.

    Raises:
        ValidationError: naming ``logo`` and what is wrong with the file.
    """
    _check_size(image)
    if SVG_ROOT.search(image) is None:
        raise ValidationError("logo", "is not an SVG image (it has no <svg> element)")
    if SVG_DECLARATIONS.search(image) is not None:
        raise ValidationError(
            "logo",
            "declares a document type or entities, which a logo does not need and this "
            "app does not read (export the SVG again as plain SVG)",
        )


def _check_size(image: bytes) -> None:
    if len(image) > MAX_LOGO_BYTES:
        raise ValidationError("logo", f"is {len(image)} bytes; the limit is {MAX_LOGO_BYTES}")
