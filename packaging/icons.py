"""The application icon, from its one drawing: ``python packaging/icons.py [OUT]``.

``trochtrack/ui/icons/trochtrack.svg`` is the source (the app shows it as the window
icon). This writes, into OUT (default build/icons): PNGs at every hicolor size from 16
to 512, a Windows ``.ico`` and a macOS ``.icns``, each size rendered from the SVG by
Qt (not scaled down from a large picture, which blurs the small ones). They are built
by ``make package`` rather than kept in git, so they cannot fall behind the drawing.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "trochtrack" / "ui" / "icons" / "trochtrack.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int, svg: bytes):
    """The drawing as a ``size`` x ``size`` PIL image (transparent corners)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ = QGuiApplication.instance() or QGuiApplication(["icons"])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError(f"{SOURCE}: not a drawing Qt can render")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def write_all(out: Path) -> list[Path]:
    """Write every icon file into ``out``; returns their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    svg = SOURCE.read_bytes()
    images = {size: render(size, svg) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}
    written: list[Path] = []
    for size in PNG_SIZES:
        path = out / f"trochtrack-{size}.png"
        images[size].save(path)
        written.append(path)
    ico = out / "trochtrack.ico"
    largest = images[ICO_SIZES[-1]]
    largest.save(
        ico,
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES[:-1]],
    )
    icns = out / "trochtrack.icns"
    images[ICNS_SIZES[-1]].save(icns, append_images=[images[s] for s in ICNS_SIZES[:-1]])
    svg_copy = out / "trochtrack.svg"
    svg_copy.write_bytes(svg)
    return [*written, ico, icns, svg_copy]


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for path in write_all(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
