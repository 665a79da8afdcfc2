"""The QApplication the in-process measures share, on Qt's offscreen platform."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QWidget

WINDOW_SIZE = (1280, 800)


def application() -> QApplication:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication([sys.argv[0]])


def show(widget: QWidget) -> None:
    """Show ``widget`` at the window's default size and let it paint once."""
    widget.resize(*WINDOW_SIZE)
    widget.show()
    settle()


def settle() -> None:
    """Deliver what is pending (posted events, timers due now, paints)."""
    QApplication.processEvents()
    QApplication.processEvents()
