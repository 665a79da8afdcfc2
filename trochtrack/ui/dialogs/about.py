"""Help → About: the version (from ``trochtrack.__version__``, like the CLI's --version)."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from trochtrack import __version__
from trochtrack.ui.icon import app_icon
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.alert_card import DISCLAIMER

PURPOSE = (
    "Follow-up of lateral hip pain (greater trochanteric pain syndrome) for physiotherapists: "
    "visits, scans, treatments, review and escalation points, red flags and letters."
)


class AboutDialog(QDialog):
    """Name, version, purpose, and what the app is not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About trochtrack")
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.version_label = PlainLabel(f"trochtrack {__version__}", self)
        font = self.version_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.version_label.setFont(font)
        self.version_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.built_with_label = PlainLabel(
            f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}",
            self,
        )
        self.built_with_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(self.version_label)
        layout.addWidget(PlainLabel(PURPOSE, self, wrap=True))
        layout.addWidget(PlainLabel(DISCLAIMER, self, wrap=True))
        layout.addWidget(self.built_with_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
