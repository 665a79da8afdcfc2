"""What every document shares, checked on the letter, the referral and the handout alike."""

import re
from dataclasses import replace

import pytest
from pixels import has_ink

from trochtrack.reports.common import CHART_DPI
from trochtrack.reports.data import HandoutData, LetterData, Paper, ReferralData
from trochtrack.reports.styles import MARGIN

from .conftest import Document, read_back, render  # noqa: TID252 - helpers beside these tests

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(params=["letter", "referral", "handout"])
def document(request: pytest.FixtureRequest) -> Document:
    return request.getfixturevalue(request.param)


def test_every_page_is_numbered_out_of_the_total(document: Document):
    read = read_back(render(document))
    total = len(read.reader.pages)
    assert 1 <= total <= 5
    for number, page in enumerate(read.reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()


def test_dates_are_printed_one_way_only(document: Document):
    text = read_back(render(document)).text
    assert ISO_DATE.findall(text) == []
    assert "20 Oct 2026" in text


def test_every_font_is_an_embedded_truetype_subset(document: Document):
    reader = read_back(render(document)).reader
    fonts = {}
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold|-Oblique|-BoldOblique)?", name), name
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"]
        assert "/ToUnicode" in font


@pytest.mark.parametrize("name", ["Zoë Ångström-Łukasz", "Ελένη Παπαδοπούλου", "José Ñúñez"])
def test_names_in_any_script_extract_as_written(
    name: str, letter: LetterData, referral: ReferralData, handout: HandoutData
):
    for data in (
        replace(letter, patient=replace(letter.patient, name=name)),
        replace(referral, patient=replace(referral.patient, name=name)),
        replace(handout, patient_name=name),
    ):
        assert name in read_back(render(data)).text


def test_the_same_input_gives_the_same_bytes(document: Document):
    assert render(document) == render(document)
    assert render(document, invariant=False) != render(document, invariant=False)


@pytest.mark.parametrize(
    ("paper", "size"), [(Paper.A4, (595.2756, 841.8898)), (Paper.LETTER, (612, 792))]
)
def test_the_paper_comes_from_the_settings(document: Document, paper: Paper, size):
    data = replace(document, setup=replace(document.setup, paper=paper))
    for page in read_back(render(data)).reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size)


def test_charts_are_printed_at_the_chart_resolution_and_streams_are_flate_only(
    document: Document,
):
    """The chart's own pixels, 200 dpi at its printed width; no ASCII85 on any stream
    (it made every letter a quarter larger and slower to write)."""
    pdf = render(document)
    charts = [
        (image.image, page.mediabox.width)
        for page in read_back(pdf).reader.pages
        for image in page.images
    ]
    assert charts
    for image, page_width in charts:
        assert image.mode == "RGB"
        assert has_ink(image)
        text_width_inches = (page_width - 2 * MARGIN) / 72  # a chart spans it or a little less
        assert 0.8 <= image.width / (text_width_inches * CHART_DPI) <= 1.1
    assert b"/ASCII85Decode" not in pdf
    assert b"/FlateDecode" in pdf
