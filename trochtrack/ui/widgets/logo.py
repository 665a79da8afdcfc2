"""The letterhead logo in Settings: see it, choose a PNG or an SVG, or remove it.

The choice is stored in the database at once (not with the rest of the form), so every
workstation prints the same letterhead from the next document on. An SVG is stored as
the PNG drawn from it (``ui/svg_logo.py``), and the user is told so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from trochtrack.services import TrochtrackError
from trochtrack.services.letterhead import clear_logo, load_logo, set_logo
from trochtrack.ui.context import AppContext
from trochtrack.ui.svg_logo import svg_logo_as_png

THUMBNAIL_HEIGHT: Final = 40


class LogoPicker(QWidget):
    """A thumbnail of the clinic's logo with Choose and Remove."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.thumbnail = QLabel(self)
        self.thumbnail.setAccessibleName("Letterhead logo")
        self.choose_button = QPushButton("Choose l&ogo…", self)
        self.remove_button = QPushButton("Remo&ve", self)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumbnail)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Show the stored logo, or say there is none."""
        logo = load_logo(self.ctx.clinic)
        self.remove_button.setEnabled(logo is not None)
        if logo is None:
            self.thumbnail.setText("No logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(logo, "PNG")
        self.thumbnail.setPixmap(
            pixmap.scaledToHeight(THUMBNAIL_HEIGHT, Qt.TransformationMode.SmoothTransformation)
        )

    def choose(self) -> None:
        """Ask for a PNG or SVG file and store it."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Letterhead logo", "", "Logo images (*.png *.svg)"
        )
        if name:
            self.use_file(Path(name))

    def use_file(self, path: Path) -> bool:
        """Store the PNG or SVG at ``path`` as the logo; ``False`` (and a warning) if refused."""
        try:
            image = path.read_bytes()
            if path.suffix.lower() == ".svg":
                image, size = svg_logo_as_png(image)
                set_logo(self.ctx.clinic, image)
                self.ctx.prompter.inform(
                    self,
                    "Logo stored",
                    f"The SVG logo was drawn as a {size.width()} × {size.height()} pixel "
                    "PNG, which is what the letters print.",
                )
            else:
                set_logo(self.ctx.clinic, image)
        except OSError as error:
            self.ctx.prompter.warn(self, "Logo not stored", f"{path}: {error.strerror}")
            return False
        except TrochtrackError as error:
            self.ctx.prompter.warn(self, "Logo not stored", str(error))
            return False
        self.refresh()
        return True

    def remove(self) -> None:
        """Print without a logo from now on."""
        clear_logo(self.ctx.clinic)
        self.refresh()
