"""Python's cycle collector, run on the GUI thread only.

Qt objects must be destroyed on the thread that owns them. Python collects reference
cycles on whichever thread allocates past its threshold, so a worker building a letter
on a pool thread could collect a cycle that held a dialog's wrapper and delete the dialog
there: a CI run died that way, in a segfault under "Garbage-collecting". As Calibre does,
the app turns automatic collection off while it runs and collects from a timer on the GUI
thread instead, each generation when its count passes the threshold Python would use.
"""

from __future__ import annotations

import gc
import threading
from typing import Final

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS: Final = 1000


class GuiThreadCollector(QObject):
    """Owns cycle collection from construction until ``stop``; one per application."""

    def __init__(self, parent: QObject, *, interval_ms: int | None = INTERVAL_MS) -> None:
        """Made on the GUI thread (where ``parent``, the application, lives).

        ``interval_ms`` ``None``: no timer, the owner calls :meth:`collect_due` itself.
        """
        super().__init__(parent)
        self._gui_thread = threading.get_ident()
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        if interval_ms is not None:
            self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects freed.

        Only ever on the GUI thread: called from anywhere else it does nothing.
        """
        if threading.get_ident() != self._gui_thread:
            return 0
        freed = 0
        for generation, (count, threshold) in enumerate(
            zip(gc.get_count(), self._thresholds, strict=True)
        ):
            if count <= threshold:
                break
            freed += gc.collect(generation)
        return freed

    def stop(self) -> None:
        """Give collection back to Python (at exit, or when a test session ends)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
