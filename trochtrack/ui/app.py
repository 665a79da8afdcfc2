"""Entry point of the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from trochtrack import __version__
from trochtrack.paths import AppPaths, private_umask
from trochtrack.services.clinic import open_clinic


def main() -> int:
    private_umask()
    app = QApplication(sys.argv)
    app.setApplicationName("trochtrack")
    clinic = open_clinic(AppPaths.from_environment())
    window = QMainWindow()
    window.setWindowTitle(f"trochtrack {__version__}")
    window.setCentralWidget(QLabel("trochtrack"))
    window.resize(1280, 800)
    window.show()
    try:
        return app.exec()
    finally:
        clinic.close()
