"""The page and the building blocks every document shares.

Pages: A4 or Letter from the clinic settings, a footer line on every page with "Page N
of M" (the canvas holds pages back until the end to know M), and on pages after the
first a running header naming the patient, so a loose second page is still identified.
Text from the record is always escaped and wraps; long words are split, so nothing
runs off the page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, Final
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from typing_extensions import override

from trochtrack.charts.layout import figure_image
from trochtrack.reports.data import Correspondent, Letterhead, PageSetup, Paper, Signatory
from trochtrack.reports.styles import (
    BOTTOM_MARGIN,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    TOP_MARGIN,
    LetterStyles,
)
from trochtrack.wording.dates import long_date

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Streams (pages, chart pixels) are kept Flate-compressed only. ASCII85 on top makes
# them a quarter larger and, without reportlab's optional C accelerator, took about
# 100 ms of each letter in pure Python.
rl_config.useA85 = 0

PAGE_SIZES: Final = {Paper.A4: A4, Paper.LETTER: LETTER}
DECISION_SUPPORT_FOOTER: Final = (
    "Decision support only: the treating clinician makes every clinical decision."
)
FOOTER_FONT_SIZE: Final = 7.5
FOOTER_Y: Final = BOTTOM_MARGIN - 9 * mm
RUNNING_HEADER_HEIGHT: Final = 9 * mm
CHART_DPI: Final = 200
LOGO_HEIGHT: Final = 16 * mm
_NO_PADDING: Final = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
# Tables set their cells' font on the canvas even when every cell is a paragraph; left
# at reportlab's default, that would pull an unembedded Helvetica into the PDF.
CELL_FONT: Final = ("FONTNAME", (0, 0), (-1, -1), FONT)
_PLAIN_CELLS: Final[list[tuple[Any, ...]]] = [
    CELL_FONT,
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def content_width(paper: Paper) -> float:
    """The width between the margins, in points."""
    return float(PAGE_SIZES[paper][0] - 2 * MARGIN)


def markup(text: str) -> str:
    """Record text as paragraph markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def para(text: str, style: Any) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(markup(text), style)


def rich(fragment: str, style: Any, *, bullet: str | None = None) -> Paragraph:
    """A paragraph of the app's own markup (``<b>``…); record text in it must be escaped."""
    return Paragraph(fragment, style, bulletText=bullet)


def bullets(items: Sequence[str], style: Any) -> list[Flowable]:
    """One bulleted paragraph per item (plain text)."""
    return [Paragraph(markup(item), style, bulletText="•") for item in items]


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def letterhead(head: Letterhead, width: float, styles: Any = LetterStyles) -> list[Flowable]:
    """The logo and the clinic's name on the left, address and contacts on the right."""
    contact = [line for line in (head.address or "").splitlines() if line.strip()]
    contact += [f"Tel. {head.phone}"] if head.phone else []
    contact += [head.email] if head.email else []
    name: list[Flowable] = [para(head.clinic_name or "", styles.clinic_name)]
    if head.logo_png is not None:
        name.insert(0, _logo(head.logo_png, width * 0.5))
    table = Table(
        [[name, para("\n".join(contact), styles.letterhead)]],
        colWidths=[width * 0.55, width * 0.45],
    )
    table.setStyle([*_PLAIN_CELLS, ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [table, Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=0.8, color=RULE)]


def _logo(png: bytes, max_width: float) -> Image:
    """The logo at most ``LOGO_HEIGHT`` tall and ``max_width`` wide, in proportion."""
    pixels_wide, pixels_high = ImageReader(io.BytesIO(png)).getSize()
    scale = min(LOGO_HEIGHT / pixels_high, max_width / pixels_wide)
    image = Image(io.BytesIO(png), width=pixels_wide * scale, height=pixels_high * scale)
    image.hAlign = "LEFT"
    return image


def address_block(
    recipient: Correspondent, day: date, reference: str, width: float
) -> list[Flowable]:
    """The recipient's address on the left, the date and our reference on the right."""
    styles = LetterStyles
    table = Table(
        [
            [
                para("\n".join(recipient.lines), styles.address),
                para(f"{long_date(day)}\nOur ref: {reference}", styles.date_line),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    table.setStyle([*_PLAIN_CELLS, ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [Spacer(1, 6 * mm), table, Spacer(1, 7 * mm)]


def key_values(rows: Sequence[tuple[str, str]], width: float) -> Table:
    """A two-column table of labels and values (plain text)."""
    styles = LetterStyles
    table = Table(
        [[para(label, styles.cell_bold), para(value, styles.cell)] for label, value in rows],
        colWidths=[width * 0.3, width * 0.7],
    )
    table.setStyle(
        [
            *_PLAIN_CELLS,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ]
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    fractions: Sequence[float],
    width: float,
    *,
    groups: Sequence[int] = (),
) -> Table:
    """A table with a shaded header row that repeats on every page it spans.

    Cells given as text are escaped; ``fractions`` of ``width`` size the columns;
    ``groups`` are the row indexes (of ``rows``) where a new group starts, marked by a
    heavier line above.
    """
    styles = LetterStyles
    body = [
        [cell if isinstance(cell, Flowable) else para(cell, styles.cell) for cell in row]
        for row in rows
    ]
    table = Table(
        [[para(text, styles.cell_header) for text in header], *body],
        colWidths=[width * fraction for fraction in fractions],
        repeatRows=1,
    )
    commands: list[tuple[Any, ...]] = [
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("LINEABOVE", (0, row + 1), (-1, row + 1), 0.9, INK) for row in groups if row]
    table.setStyle(TableStyle(commands))
    return table


def chart(fig: Figure, width: float) -> Flowable:
    """``fig`` as an image ``width`` points wide, keeping its proportions."""
    return ChartImage(fig, width)


class ChartImage(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A chart's pixels, drawn at :data:`CHART_DPI` and handed to the PDF unencoded."""

    def __init__(self, fig: Figure, width: float) -> None:
        super().__init__()
        fig_width, fig_height = fig.get_size_inches()
        self.pixels = ImageReader(figure_image(fig, dpi=CHART_DPI))
        self.width = width
        self.height = width * fig_height / fig_width
        self.hAlign = "CENTER"

    @override
    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    @override
    def draw(self) -> None:
        self.canv.drawImage(self.pixels, 0, 0, width=self.width, height=self.height)


def signature(signatory: Signatory, head: Letterhead) -> list[Flowable]:
    """The closing, space to sign, and the clinician's name, profession and registration.

    A flat list, for the caller to keep together with what comes before it (a block
    kept together inside another one never fits anywhere in reportlab).
    """
    styles = LetterStyles
    lines: list[Flowable] = [para("Yours sincerely,", styles.body), Spacer(1, 13 * mm)]
    lines.append(para(signatory.name or "", styles.cell_bold))
    if signatory.profession:
        lines.append(para(signatory.profession, styles.cell))
    if signatory.registration:
        lines.append(para(f"Registration: {signatory.registration}", styles.cell))
    if head.clinic_name:
        lines.append(para(head.clinic_name, styles.cell))
    return [Spacer(1, 4 * mm), *lines]


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What is drawn around the flowing text of every page."""

    footer: str
    running_header: str | None


def build_pdf(
    out: BinaryIO,
    setup: PageSetup,
    story: list[Flowable],
    furniture: PageFurniture,
    *,
    invariant: bool,
) -> None:
    """Lay ``story`` out on pages and write the PDF to ``out``.

    ``invariant`` leaves out the creation date and the random document id, so the
    same inputs give the same bytes (reportlab's invariant mode).
    """
    page_size = PAGE_SIZES[setup.paper]
    doc = BaseDocTemplate(
        out,
        pagesize=page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=setup.title,
        author=setup.author,
        creator="trochtrack",
        producer="trochtrack (reportlab)",
        invariant=int(invariant),
        initialFontName=FONT,
    )
    first = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="first", **_NO_PADDING
    )
    later_height = doc.height - (RUNNING_HEADER_HEIGHT if furniture.running_header else 0)
    later = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, later_height, id="later", **_NO_PADDING
    )
    draw = partial(_draw_furniture, furniture=furniture)
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[first], onPage=partial(draw, first_page=True)),
            PageTemplate(id="later", frames=[later], onPage=partial(draw, first_page=False)),
        ]
    )
    doc.build([NextPageTemplate("later"), *story], canvasmaker=_PageCountingCanvas)


def _draw_furniture(canvas: Any, doc: Any, *, furniture: PageFurniture, first_page: bool) -> None:
    width, height = doc.pagesize
    usable = width - 2 * MARGIN
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, FOOTER_Y + 3.5 * mm, width - MARGIN, FOOTER_Y + 3.5 * mm)
    canvas.setFont(FONT, FOOTER_FONT_SIZE)
    canvas.setFillColor(MUTED)
    # The right-hand quarter is kept for "Page N of M" (drawn when the document ends).
    canvas.drawString(
        MARGIN, FOOTER_Y, fit_line(furniture.footer, FONT, FOOTER_FONT_SIZE, usable * 0.78)
    )
    if furniture.running_header and not first_page:
        header_y = height - TOP_MARGIN - 4 * mm
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawString(
            MARGIN, header_y, fit_line(furniture.running_header, FONT_BOLD, 8, usable)
        )
        canvas.line(MARGIN, header_y - 2 * mm, width - MARGIN, header_y - 2 * mm)
    canvas.restoreState()


class _PageCountingCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A canvas that keeps each page until the end, then numbers them "Page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    @override
    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    @override
    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont(FONT, FOOTER_FONT_SIZE)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN, FOOTER_Y, f"Page {number} of {total}")
            super().showPage()
        super().save()
