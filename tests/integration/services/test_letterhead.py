"""The clinic's logo: stored in the database, printed on letters and handouts."""

import io
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.errors import ValidationError
from trochtrack.services.clinic import Clinic
from trochtrack.services.letterhead import clear_logo, load_logo, set_logo
from trochtrack.services.letters import DocumentRequest, render_document

TODAY = date(2026, 11, 28)


def png(width: int = 300, height: int = 100) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 95, 107)).save(out, format="PNG")
    return out.getvalue()


def _images_on_page_one(pdf: bytes) -> list[tuple[int, int]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [(image.image.width, image.image.height) for image in page.images]


@pytest.mark.parametrize("kind", [DocumentKind.GP_FOLLOWUP, DocumentKind.HANDOUT])
def test_the_logo_prints_on_page_one_once_stored(
    demo_clinic: Clinic, patient_id, database, app_paths, kind
):
    request = DocumentRequest(patient_id=patient_id("P-SEED"), kind=kind, as_of=TODAY)
    assert (300, 100) not in _images_on_page_one(render_document(demo_clinic, request))
    set_logo(demo_clinic, png())
    # Another workstation: a new clinic on the same database prints the same logo.
    elsewhere = Clinic(database=database, paths=app_paths, clock=demo_clinic.clock, actor="B")
    assert (300, 100) in _images_on_page_one(render_document(elsewhere, request))
    clear_logo(elsewhere)
    assert load_logo(demo_clinic) is None


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a PNG image"),
        (b"GIF89a" + b"\0" * 20, "is not a PNG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 2_000_000, "bytes; the limit is"),
    ],
)
def test_what_cannot_print_is_refused_naming_why_and_the_old_logo_stays(
    clinic: Clinic, image: bytes, problem: str
):
    set_logo(clinic, png())
    with pytest.raises(ValidationError, match=f"^logo: .*{problem}"):
        set_logo(clinic, image)
    assert load_logo(clinic) == png()


def test_a_png_of_no_sensible_size_is_refused(clinic: Clinic):
    with pytest.raises(ValidationError, match="each side must be 1 to 4000"):
        set_logo(clinic, png(5000, 10))
