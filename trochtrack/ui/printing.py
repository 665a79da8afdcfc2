"""Printing, previewing, saving and opening the PDFs of letters and handouts.

The PDF is the document of record (it is what the documents log keeps), so printing
draws its pages as rendered by PDFium (pypdfium2) rather than laying the letter out
again. Pages are rendered at no more than 300 dpi: a HighResolution printer reports 1200
dpi, and an A4 page at that resolution is a 0.5 GB image. (QtPdf is not used: its wheel
for the Qt release we pin comes only with the 400 MB PySide6-Addons.)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Final

import pypdfium2
from PySide6.QtCore import QRectF, QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from trochtrack.paths import own_private_dir, write_private_file

PRINT_DPI: Final = 300
POINTS_PER_INCH: Final = 72
# Files handed to the system viewer hold patient data: older ones are removed.
VIEWER_FILE_MAX_AGE_S: Final = 24 * 3600


class PrintError(Exception):
    """The PDF could not be read or the printer could not be opened."""


class _LoadedPdf:
    """A PDF opened by PDFium; close it when done (PDFium keeps the bytes until then)."""

    def __init__(self, pdf: bytes) -> None:
        try:
            self.document = pypdfium2.PdfDocument(pdf)
        except pypdfium2.PdfiumError as error:
            raise PrintError(f"The PDF cannot be read ({error}).") from None
        if len(self.document) == 0:
            self.document.close()
            raise PrintError("The PDF cannot be read (it has no pages).")

    def page_count(self) -> int:
        return len(self.document)

    def page_points(self, index: int) -> QSizeF:
        page = self.document[index]
        try:
            width, height = page.get_size()
        finally:
            page.close()
        return QSizeF(width, height)

    def page_size(self) -> QPageSize:
        """The first page's size, matched to a standard paper size when it is one."""
        return QPageSize(
            self.page_points(0),
            QPageSize.Unit.Point,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )

    def render(self, index: int, dpi: int) -> QImage:
        """The page at ``dpi`` on white, as a QImage that owns its pixels."""
        page = self.document[index]
        try:
            bitmap = page.render(
                scale=dpi / POINTS_PER_INCH, fill_color=(255, 255, 255, 255), prefer_bgrx=True
            )
            try:
                # BGRx bytes are Qt's RGB32 on a little-endian machine; copy() detaches
                # the image from PDFium's buffer, which goes with the bitmap.
                return QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGB32,
                ).copy()
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        self.document.close()


def _page_size_of(pdf: bytes) -> QPageSize:
    loaded = _LoadedPdf(pdf)
    try:
        return loaded.page_size()
    finally:
        loaded.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print the PDF's pages (those chosen in the printer's page ranges); returns how many.

    Each page is scaled to fit the printer's paper, keeping its proportions.

    Raises:
        PrintError: the PDF cannot be read or the printer cannot be opened.
    """
    loaded = _LoadedPdf(pdf)
    try:
        return _print_pages(loaded, printer)
    finally:
        loaded.close()


def _print_pages(loaded: _LoadedPdf, printer: QPrinter) -> int:
    ranges = printer.pageRanges()
    pages = [
        index
        for index in range(loaded.page_count())
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
            painter.drawImage(
                _fit(loaded.page_points(index), printer.paperRect(QPrinter.Unit.DevicePixel)),
                loaded.render(index, dpi),
            )
    finally:
        painter.end()
    return len(pages)


def preview_pdf(pdf: bytes, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A print preview of the PDF (show it with ``exec()``; its Print button prints)."""
    dialog = QPrintPreviewDialog(parent)
    dialog.printer().setPageSize(_page_size_of(pdf))
    dialog.paintRequested.connect(lambda printer: print_pdf(pdf, printer))
    return dialog


def choose_printer_and_print(pdf: bytes, parent: QWidget | None = None) -> bool:
    """Ask for a printer (and pages, copies) and print; ``False`` when the user cancels.

    Raises:
        PrintError: see :func:`print_pdf`.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(_page_size_of(pdf))
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
    own_private_dir(directory)
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
