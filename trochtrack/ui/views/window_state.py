"""Where the main window was left: its size and place, its bars, the patient view's split.

Kept in the per-user UI state file (``AppContext.ui_state``), never in the database: it
belongs to this workstation's screen, not to the clinic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QSize

if TYPE_CHECKING:
    from trochtrack.ui.views.main_window import MainWindow

GEOMETRY_KEY: Final = "main/geometry"
STATE_KEY: Final = "main/state"
SPLITTER_KEY: Final = "patient/splitter"


def first_size(available: QSize) -> QSize:
    """1280 × 800 on a large screen, else nine tenths of what the screen has free.

    The frame and the title bar then fit on a 1280 × 800 screen too.
    """
    return QSize(min(1280, available.width() * 9 // 10), min(800, available.height() * 9 // 10))


def restore_window_state(window: MainWindow) -> None:
    """Put the window back as it was left, or at its first size."""
    state = window.ctx.ui_state()
    geometry = state.value(GEOMETRY_KEY)
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(first_size(window.screen().availableGeometry().size()))
    layout = state.value(STATE_KEY)
    if layout is not None:
        window.restoreState(layout)
    sizes = state.value(SPLITTER_KEY)
    if sizes is not None:
        window.patient_view.splitter.restoreState(sizes)


def save_window_state(window: MainWindow) -> None:
    state = window.ctx.ui_state()
    state.setValue(GEOMETRY_KEY, window.saveGeometry())
    state.setValue(STATE_KEY, window.saveState())
    state.setValue(SPLITTER_KEY, window.patient_view.splitter.saveState())
    state.sync()
