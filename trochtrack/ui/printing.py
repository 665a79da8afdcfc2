"""Printing, previewing, saving and opening the PDFs of letters and handouts.

The PDF is the document of record (it is what the documents log keeps), so printing
draws its pages as rendered by QtPdf rather than laying the letter out again. Pages are
rendered at no more than 300 dpi: a HighResolution printer reports 1200 dpi, and an A4
page at that resolution is a 0.5 GB image.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from trochtrack.paths import ensure_private_dir, write_private_file

PRINT_DPI: Final = 300
POINTS_PER_INCH: Final = 72
# Files handed to the system viewer hold patient data: older ones are removed.
VIEWER_FILE_MAX_AGE_S: Final = 24 * 3600


class PrintError(Exception):
    """The PDF could not be read or the printer could not be opened."""


class _LoadedPdf:
    """A PDF loaded by QtPdf, with the buffer it reads from (which must outlive it)."""

    def __init__(self, pdf: bytes) -> None:
        self.buffer = QBuffer()
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise PrintError(f"The PDF cannot be read ({self.document.error().name}).")

    def page_size(self) -> QPageSize:
        """The first page's size, matched to a standard paper size when it is one."""
        return QPageSize(
            self.document.pagePointSize(0),
            QPageSize.Unit.Point,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print the PDF's pages (those chosen in the printer's page ranges); returns how many.

    Each page is scaled to fit the printer's paper, keeping its proportions.

    Raises:
        PrintError: the PDF cannot be read or the printer cannot be opened.
    """
    loaded = _LoadedPdf(pdf)
    document = loaded.document
    ranges = printer.pageRanges()
    pages = [
        index
        for index in range(document.pageCount())
        if ranges.isEmpty() or ranges.contains(index + 1)
    ]
    if not pages:
        return 0
    dpi = min(printer.resolution(), PRINT_DPI)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"The printer {printer.printerName() or '(PDF file)'} cannot be opened.")
    try:
        for count, index in enumerate(pages):
            if count:
                printer.newPage()
            size = document.pagePointSize(index)
            image = document.render(
                index,
                QSize(
                    round(size.width() * dpi / POINTS_PER_INCH),
                    round(size.height() * dpi / POINTS_PER_INCH),
                ),
                format=QImage.Format.Format_RGB32,
                fillColor=Qt.GlobalColor.white,
            )
            painter.drawImage(_fit(size, printer.paperRect(QPrinter.Unit.DevicePixel)), image)
    finally:
        painter.end()
    return len(pages)


def preview_pdf(pdf: bytes, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A print preview of the PDF (show it with ``exec()``; its Print button prints)."""
    dialog = QPrintPreviewDialog(parent)
    dialog.printer().setPageSize(_LoadedPdf(pdf).page_size())
    dialog.paintRequested.connect(lambda printer: print_pdf(pdf, printer))
    return dialog


def choose_printer_and_print(pdf: bytes, parent: QWidget | None = None) -> bool:
    """Ask for a printer (and pages, copies) and print; ``False`` when the user cancels.

    Raises:
        PrintError: see :func:`print_pdf`.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(_LoadedPdf(pdf).page_size())
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_pdf(pdf, printer)
    return True


def save_pdf_as(pdf: bytes, path: Path) -> None:
    """Save the PDF at ``path``: atomically, readable by the owner only (it holds patient data)."""
    write_private_file(path, pdf)


def open_in_viewer(pdf: bytes, directory: Path) -> bool:
    """Open the PDF in the system viewer, from a private file in ``directory``.

    Returns whether a viewer could be asked to open it.
    """
    ensure_private_dir(directory)
    cutoff = time.time() - VIEWER_FILE_MAX_AGE_S
    for old in directory.glob("trochtrack-*.pdf"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=directory, prefix="trochtrack-", suffix=".pdf", delete=False
    ) as handle:
        handle.write(pdf)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(handle.name))


def _fit(page: QSizeF, paper: QRectF) -> QRectF:
    """The largest rectangle with the page's proportions, centred on the paper."""
    scale = min(paper.width() / page.width(), paper.height() / page.height())
    width, height = page.width() * scale, page.height() * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )
