"""Slow work on the thread pool, with its results and progress by signal.

The work function runs on a pool thread and makes no Qt calls: it reports progress
through a :class:`Progress` whose signal Qt queues back to the GUI thread, and it asks
the same object whether the user pressed Cancel. Each service call it makes opens its
own unit of work, so nothing database-related is shared with the GUI thread. Callers use
:class:`trochtrack.ui.operations.Operation`, which starts workers and shows failures.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication
from typing_extensions import override

log = logging.getLogger(__name__)


class Progress(QObject):
    """The work's side: report progress, and see whether to stop (made on the GUI thread)."""

    progressed = Signal(int, int)
    """Done so far, and the total."""

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class WorkerSignals(QObject):
    """What a worker reports; lives in the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    """The exception the work raised."""


class Worker(QRunnable):
    """Runs ``work()`` once on the global thread pool."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self._work = work

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)

    @override
    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # noqa: BLE001 - a pool thread must report every failure
            # The type only: a message may quote patient data, which the log never holds.
            log.error("background work failed: %s", type(error).__name__)
            self.signals.failed.emit(error)
            return
        self.signals.succeeded.emit(result)


def wait_for_background_work() -> None:
    """Block until every worker has finished (before the database closes at quit).

    A letter still being produced when the window closes is then stored whole, and the
    backup taken on close holds it; closing under a running worker would also tear the
    interpreter down beneath it.
    """
    QThreadPool.globalInstance().waitForDone()


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor for work on the GUI thread that may take a moment."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
