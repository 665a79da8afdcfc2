"""Printing, previewing, saving and opening letters through Qt (and a real CUPS queue)."""

import io
import os
import subprocess
import time
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageRanges, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog

from trochtrack.domain.documents import DocumentKind
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import seed_case
from trochtrack.services.documents import document_pdf
from trochtrack.services.letters import DocumentRequest, generate_document, patient_id_for_ref
from trochtrack.ui.printing import (
    VIEWER_FILE_MAX_AGE_S,
    PrintError,
    choose_printer_and_print,
    open_in_viewer,
    preview_pdf,
    print_pdf,
    save_pdf_as,
)

pytestmark = pytest.mark.ui
QUEUE_TIMEOUT_S = 60


@pytest.fixture
def letter_pdf(clinic: Clinic) -> bytes:
    """The seed case's GP letter as kept in the documents log."""
    save_case(clinic, seed_case())
    info = generate_document(
        clinic,
        DocumentRequest(
            patient_id=patient_id_for_ref(clinic, "P-SEED"),
            kind=DocumentKind.GP_FOLLOWUP,
            as_of=date(2026, 10, 20),
        ),
    )
    return document_pdf(clinic, info.id)[1]


def pages_of(path: Path) -> int:
    return len(PdfReader(path).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_every_page_is_printed(qapp, letter_pdf: bytes, tmp_path: Path):
    out = tmp_path / "printed.pdf"
    printed = print_pdf(letter_pdf, pdf_printer(out))
    assert printed == page_count(letter_pdf)
    assert pages_of(out) == printed


def dark_fraction(image: QImage) -> float:
    """The share of pixels, sampled on a grid, that are clearly not paper white."""
    samples = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    ]
    return sum(1 for lightness in samples if lightness < 128) / len(samples)


def test_the_printed_page_carries_the_letter(qapp, letter_pdf: bytes, tmp_path: Path):
    """The page drawn on the printer is the letter's page: the same ink in the same places."""
    out = tmp_path / "printed.pdf"
    print_pdf(letter_pdf, pdf_printer(out))
    printed = _render_first_page(out.read_bytes())
    original = _render_first_page(letter_pdf)
    assert printed.size() == original.size()
    assert 0.005 < dark_fraction(printed) < 0.5
    differing = sum(
        1
        for x in range(0, original.width(), 5)
        for y in range(0, original.height(), 5)
        if abs(original.pixelColor(x, y).lightness() - printed.pixelColor(x, y).lightness()) > 96
    )
    assert differing / ((original.width() // 5) * (original.height() // 5)) < 0.01


def _render_first_page(pdf: bytes) -> QImage:
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, _height = document[0].get_size()
        bitmap = document[0].render(scale=595 / width, prefer_bgrx=True)
        return QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
        ).copy()
    finally:
        document.close()


def test_only_the_chosen_pages_are_printed(qapp, letter_pdf: bytes, tmp_path: Path):
    out = tmp_path / "page-2.pdf"
    printer = pdf_printer(out)
    ranges = QPageRanges()
    ranges.addPage(2)
    printer.setPageRanges(ranges)
    assert print_pdf(letter_pdf, printer) == 1
    assert pages_of(out) == 1


def test_a_damaged_pdf_is_a_print_error(qapp, tmp_path: Path):
    with pytest.raises(PrintError, match="cannot be read"):
        print_pdf(b"%PDF-1.4 not really", pdf_printer(tmp_path / "x.pdf"))


def test_the_preview_draws_the_letters_pages(qtbot, letter_pdf: bytes, tmp_path: Path):
    dialog = preview_pdf(letter_pdf)
    qtbot.addWidget(dialog)
    assert dialog.printer().pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    out = tmp_path / "preview.pdf"
    dialog.paintRequested.emit(pdf_printer(out))
    assert pages_of(out) >= 2


def test_cancelling_the_print_dialog_prints_nothing(
    qapp, letter_pdf: bytes, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert choose_printer_and_print(letter_pdf) is False


def test_the_printer_chosen_in_the_dialog_prints(
    qapp, letter_pdf: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    out = tmp_path / "chosen.pdf"

    def choose_a_file(dialog: QPrintDialog) -> QDialog.DialogCode:
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_a_file)
    assert choose_printer_and_print(letter_pdf) is True
    assert pages_of(out) >= 2


def test_save_as_is_private_and_exact(letter_pdf: bytes, tmp_path: Path):
    target = tmp_path / "copy.pdf"
    save_pdf_as(letter_pdf, target)
    assert target.read_bytes() == letter_pdf
    assert target.stat().st_mode & 0o777 == 0o600


def test_the_viewer_gets_a_private_file_and_old_ones_go(
    qapp, letter_pdf: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    directory = tmp_path / "viewer"
    directory.mkdir()
    stale = directory / "trochtrack-old.pdf"
    stale.write_bytes(b"yesterday's letter")
    old = time.time() - VIEWER_FILE_MAX_AGE_S - 60
    os.utime(stale, (old, old))
    assert open_in_viewer(letter_pdf, directory) is True
    (url,) = opened
    path = Path(url.toLocalFile())
    assert path.parent == directory
    assert path.read_bytes() == letter_pdf
    assert path.stat().st_mode & 0o777 == 0o600
    assert directory.stat().st_mode & 0o777 == 0o700
    assert not stale.exists()


def wait_for_queue(queue: str) -> None:
    """Until the queue has no job left that is not completed."""
    deadline = time.monotonic() + QUEUE_TIMEOUT_S
    while time.monotonic() < deadline:
        waiting = subprocess.run(
            ["lpstat", "-W", "not-completed", "-o", queue], capture_output=True, text=True
        )
        if not waiting.stdout.strip():
            return
        time.sleep(0.1)
    pytest.fail(f"the jobs on {queue} did not complete within {QUEUE_TIMEOUT_S} s")


@pytest.mark.integration
@pytest.mark.cups
def test_the_seed_letter_prints_through_a_real_cups_queue(qapp, letter_pdf: bytes):
    queue = os.environ.get("TROCHTRACK_TEST_PRINTER")
    output = os.environ.get("TROCHTRACK_TEST_PRINTER_OUTPUT")
    if not queue or not output:
        pytest.skip(
            "TROCHTRACK_TEST_PRINTER and TROCHTRACK_TEST_PRINTER_OUTPUT are not set: no CUPS "
            "test queue (.ci/run starts cupsd with a file-backed queue; see .ci/cups.sh)"
        )
    info = QPrinterInfo.printerInfo(queue)
    assert not info.isNull(), f"Qt does not see the CUPS queue {queue}"
    printed_file = Path(output)
    # Emptied, not removed: since Debian's cups 2.4.2-3+deb12u10 the scheduler writes to a
    # file: queue only if the file exists (it opens it without O_CREAT).
    printed_file.write_bytes(b"")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName("trochtrack test letter")
    printed = print_pdf(letter_pdf, printer)
    wait_for_queue(queue)
    pages = subprocess.run(
        ["pdfinfo", str(printed_file)], capture_output=True, text=True, check=True
    ).stdout
    letter_pages = page_count(letter_pdf)
    assert printed == letter_pages
    assert f"Pages:           {letter_pages}" in pages
