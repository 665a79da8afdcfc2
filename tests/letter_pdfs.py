"""The letters read back with pypdf: all their text, their pages, how far down each is filled.

Shared by the integration tests of the letter services, the CLI and the report parts;
``CLINICIAN`` signs the demo clinic's letters (see ``tests/integration/conftest.py``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

CLINICIAN = "Sam Okonkwo-Lindqvist"
MM = 72 / 25.4
# The documents' margins (trochtrack.reports.styles) and the running header's height.
TOP_MARGIN = 16 * MM
BOTTOM_MARGIN = 20 * MM
RUNNING_HEADER = 9 * MM


def pdf_text(pdf: bytes) -> str:
    """All pages' text, runs of white space as one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@dataclass(frozen=True)
class PageLayout:
    """One page: its text (white space collapsed) and the share of its frame filled."""

    text: str
    filled: float


def layout(pdf: bytes) -> list[PageLayout]:
    """Each page's text and the fill of its frame, measured from where text and images sit.

    The fill is how far down the frame (between the margins, below the running header)
    the lowest line of text or the bottom of the lowest image reaches; the footer is
    outside the frame and does not count.
    """
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        top = height - TOP_MARGIN
        bottoms: list[float] = []

        def text_at(text, cm, tm, _font, _size, bottoms=bottoms):
            if text.strip():
                y = tm[5] * cm[3] + cm[5] if cm[3] else tm[5] + cm[5]
                bottoms.append(y)

        def image_at(operator, _args, cm, _tm, bottoms=bottoms):
            if operator == b"Do":
                bottoms.append(cm[5])

        text = page.extract_text(visitor_text=text_at, visitor_operand_before=image_at)
        inside = [y for y in bottoms if BOTTOM_MARGIN <= y <= top - RUNNING_HEADER]
        lowest = min(inside, default=top)
        filled = (top - lowest) / (top - BOTTOM_MARGIN)
        pages.append(PageLayout(text=re.sub(r"\s+", " ", text), filled=filled))
    return pages
