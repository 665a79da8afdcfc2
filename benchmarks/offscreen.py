"""The QApplication the in-process measures share, on Qt's offscreen platform."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

WINDOW_SIZE = (1280, 800)
# Said by the offscreen platform each time a window's size limits change (every patient
# opened): a hundred lines of noise in a run's output, and nothing to act on.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message != OFFSCREEN_NOISE:
        sys.stderr.write(f"{message}\n")


def application() -> QApplication:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qInstallMessageHandler(_quiet_offscreen)
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
