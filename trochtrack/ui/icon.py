"""The application icon, drawn from the package's SVG (the one source of every icon file)."""

from __future__ import annotations

from importlib import resources
from typing import Final

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_RESOURCE: Final = ("trochtrack.ui", "icons/trochtrack.svg")
ICON_SIZES: Final = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The window icon at the sizes window managers ask for (null if the SVG is unreadable)."""
    package, name = ICON_RESOURCE
    renderer = QSvgRenderer(QByteArray(resources.files(package).joinpath(name).read_bytes()))
    icon = QIcon()
    if not renderer.isValid():
        return icon
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
