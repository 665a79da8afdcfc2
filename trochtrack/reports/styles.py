"""Fonts and paragraph styles of every document.

DejaVu Sans ships with the package (``fonts/``, with its licence) and is registered
when this module is imported. It covers Latin, Greek and Cyrillic, so names such as
"Zoë Ångström-Łukasz" or "Ελένη Παπαδοπούλου" print and extract correctly; reportlab
embeds the subset of glyphs each PDF uses. Nothing uses the base-14 fonts, which are
never embedded and cover Latin-1 only.
"""

from __future__ import annotations

from importlib import resources
from typing import Final

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT: Final = "DejaVuSans"
FONT_BOLD: Final = "DejaVuSans-Bold"
FONT_ITALIC: Final = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC: Final = "DejaVuSans-BoldOblique"
FONT_FILES: Final = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

INK: Final = colors.HexColor("#1A1A1A")
MUTED: Final = colors.HexColor("#555555")
ACCENT: Final = colors.HexColor("#1F5F6B")
RULE: Final = colors.HexColor("#B8C4C8")
SHADE: Final = colors.HexColor("#EEF2F3")
CRITICAL: Final = colors.HexColor("#A01010")
WARNING: Final = colors.HexColor("#A05A00")
INFO: Final = colors.HexColor("#1F5F6B")
WHITE: Final = colors.white

MARGIN: Final = 18 * mm
TOP_MARGIN: Final = 16 * mm
BOTTOM_MARGIN: Final = 20 * mm


def _register_fonts() -> None:
    fonts = resources.files("trochtrack.reports").joinpath("fonts")
    for name, file_name in FONT_FILES.items():
        with resources.as_file(fonts.joinpath(file_name)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


_register_fonts()


def _style(
    name: str, size: float, *, leading: float | None = None, **extra: object
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=extra.pop("fontName", FONT),
        fontSize=size,
        leading=leading or size * 1.32,
        textColor=extra.pop("textColor", INK),
        bulletFontName=FONT,
        splitLongWords=True,
        **extra,
    )


class LetterStyles:
    """Paragraph styles of the letters (GP follow-up and referral)."""

    body = _style("body", 9.5, spaceAfter=5)
    small = _style("small", 8, textColor=MUTED)
    cell = _style("cell", 8.5)
    cell_bold = _style("cell-bold", 8.5, fontName=FONT_BOLD)
    cell_header = _style("cell-header", 8, fontName=FONT_BOLD, textColor=ACCENT)
    heading = _style(
        "heading",
        11,
        fontName=FONT_BOLD,
        textColor=ACCENT,
        spaceBefore=9,
        spaceAfter=4,
        keepWithNext=1,
    )
    subject = _style("subject", 10, fontName=FONT_BOLD, spaceBefore=4, spaceAfter=6)
    subheading = _style(
        "subheading", 9.5, fontName=FONT_BOLD, spaceBefore=5, spaceAfter=2, keepWithNext=1
    )
    clinic_name = _style("clinic-name", 15, fontName=FONT_BOLD, textColor=ACCENT)
    letterhead = _style("letterhead", 8.5, textColor=MUTED, alignment=TA_RIGHT)
    address = _style("address", 9.5, alignment=TA_LEFT)
    date_line = _style("date-line", 9.5, alignment=TA_RIGHT)
    alert_summary = _style("alert-summary", 9.5, fontName=FONT_BOLD, spaceAfter=2)
    alert_detail = _style("alert-detail", 8.5, leftIndent=4 * mm, spaceAfter=2)
    bullet = _style("bullet", 9, leftIndent=8 * mm, bulletIndent=4 * mm, spaceAfter=1)
    banner = _style("banner", 11, fontName=FONT_BOLD, textColor=WHITE)
    request = _style("request", 10, fontName=FONT_BOLD, spaceAfter=6)
    box_heading = _style("box-heading", 10, fontName=FONT_BOLD, textColor=CRITICAL, spaceAfter=2)
    box_line = _style("box-line", 9, spaceAfter=2)
    detail_title = _style(
        "detail-title", 13, fontName=FONT_BOLD, textColor=ACCENT, spaceAfter=2, keepWithNext=1
    )
    reference = _style("reference", 8, textColor=MUTED, leftIndent=8 * mm, spaceAfter=1)


class HandoutStyles:
    """Paragraph styles of the patient handout: larger type, plain headings."""

    body = _style("h-body", 11, leading=15, spaceAfter=6)
    small = _style("h-small", 8.5, textColor=MUTED)
    title = _style("h-title", 19, leading=23, fontName=FONT_BOLD, textColor=ACCENT)
    heading = _style(
        "h-heading",
        13.5,
        fontName=FONT_BOLD,
        textColor=ACCENT,
        spaceBefore=10,
        spaceAfter=4,
        keepWithNext=1,
    )
    subheading = _style(
        "h-subheading", 11.5, fontName=FONT_BOLD, spaceBefore=4, spaceAfter=3, keepWithNext=1
    )
    bullet = _style(
        "h-bullet", 11, leading=15, leftIndent=9 * mm, bulletIndent=3 * mm, spaceAfter=3
    )
    box_heading = _style("h-box-heading", 12.5, fontName=FONT_BOLD, textColor=CRITICAL)
    clinic_name = _style("h-clinic-name", 12, fontName=FONT_BOLD, textColor=ACCENT)
    letterhead = _style("h-letterhead", 8.5, textColor=MUTED, alignment=TA_RIGHT)
