"""An SVG logo drawn into the PNG the letterhead prints.

reportlab cannot draw SVG, so the window draws it once, when the logo is chosen, at a
resolution that stays sharp at the letterhead's size (16 mm tall, up to half the page
wide: 600 dpi is about 2000 × 400 pixels). The PNG is what every workstation prints.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

from trochtrack.services.errors import ValidationError
from trochtrack.services.letterhead import check_svg_logo

RASTER_BOX: Final = QSize(2000, 400)


def svg_logo_as_png(svg: bytes) -> tuple[bytes, QSize]:
    """The SVG ``svg`` drawn on a transparent PNG that fits :data:`RASTER_BOX`, and its size.

    Raises:
        ValidationError: the file is refused by ``check_svg_logo`` or Qt cannot draw it.
    """
    check_svg_logo(svg)
    renderer = QSvgRenderer(QByteArray(svg))
    natural = renderer.defaultSize()
    if not renderer.isValid() or natural.isEmpty():
        raise ValidationError("logo", "is an SVG file that cannot be drawn (is it damaged?)")
    size = natural.scaled(RASTER_BOX, Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"PNG")).write(image):
        raise ValidationError("logo", "could not be drawn as a PNG")
    return bytes(buffer.data().data()), size
