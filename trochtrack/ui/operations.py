"""Every service call the window makes for the user, in one shape (after Anki's CollectionOp).

An :class:`Operation` is one service call and what the window does around it:

* **Where it runs.** :meth:`Operation.run` on the GUI thread, for the short transactions
  of a form or a click (milliseconds; the next line can read the result).
  :meth:`Operation.run_in_worker` on the thread pool for slow work (a backup, a restore):
  the window is disabled and a notice says what is going on, the screen keeps painting,
  and the call returns when the work is done. :meth:`Operation.start` on the thread
  pool, returning at once, for work with its own progress display (letters).
* **Failure.** A :class:`~trochtrack.services.TrochtrackError` (the one root of the
  domain's, the store's and the services' errors) is shown through the
  :class:`~trochtrack.ui.prompter.Prompter` as "what was not done" and the error's own
  message, or handed to ``on_failure`` (a form shows it inside itself). On the GUI
  thread nothing else is caught, so a programming error still surfaces; a worker
  reports whatever it raised.
* **Success.** The :class:`Change` the call made goes out on the
  :class:`~trochtrack.ui.context.DataBus` (the views read again from the services) and
  its undo is offered under Edit > Undo.

This is the only place in the UI that catches the error root; start-up
(:mod:`trochtrack.ui.app`) also tells apart the few errors it must answer with a
question (a passphrase, a damaged file, a busy database).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QDialog, QProgressBar, QVBoxLayout, QWidget

from trochtrack.services import TrochtrackError
from trochtrack.services.settings import ClinicSettings
from trochtrack.ui.context import AppContext, UndoableChange
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.workers import Worker

if TYPE_CHECKING:
    from trochtrack.ui.prompter import Prompter

log = logging.getLogger(__name__)
_T = TypeVar("_T")
NOTICE_DELAY_MS: Final = 300
"""A worker that finishes sooner never flashes its notice."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """What a successful write changed, for the views and for Edit > Undo."""

    patient_id: int | None = None
    """The patient whose records changed (``records_changed``)."""
    patients: frozenset[int] = frozenset()
    """Several patients whose records changed (a batch of letters)."""
    patient_list: bool = False
    """Patients were added, renamed or archived (``patients_changed``)."""
    settings: ClinicSettings | None = None
    """The clinic's settings as now stored (``settings_changed``)."""
    undo: UndoableChange | None = None
    """How to take the change back (Edit > Undo offers the last one)."""
    undone: bool = False
    """The change was the undo itself: Edit > Undo offers nothing now."""


@dataclass(frozen=True, slots=True)
class Failed:
    """The call failed and the user was told (or ``on_failure`` was)."""

    error: Exception


class Operation(Generic[_T]):
    """One service call made for the user: run it, show its failure, announce its change."""

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None,
        call: Callable[[], _T],
        *,
        title: str,
        failure: str,
        changed: Change | Callable[[_T], Change] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        prompter: Prompter | None = None,
    ) -> None:
        """``failure`` says what was not done ("Nothing was deleted."); ``title`` heads it.

        ``ctx`` is ``None`` only before the window exists (start-up, the backup at
        close): then ``prompter`` shows the failure and nothing is announced.
        """
        self._ctx = ctx
        self._parent = parent
        self._call = call
        self._title = title
        self._failure = failure
        self._changed = changed
        self._on_failure = on_failure
        self._prompter = prompter or (ctx.prompter if ctx is not None else None)

    def run(self) -> _T | Failed:
        """Call it on the GUI thread; the result, or :class:`Failed` once it is shown."""
        try:
            result = self._call()
        except TrochtrackError as error:
            return self._fail(error)
        self._succeed(result)
        return result

    def run_in_worker(self, waiting: str) -> _T | Failed:
        """Call it on the thread pool while ``waiting`` says what goes on; wait for it."""
        window = self._parent.window() if self._parent is not None else None
        outcome: list[Any] = []
        loop = QEventLoop()
        worker = Worker(self._call)
        worker.signals.succeeded.connect(outcome.append)
        worker.signals.failed.connect(lambda error: outcome.append(Failed(error)))
        worker.signals.succeeded.connect(loop.quit)
        worker.signals.failed.connect(loop.quit)
        notice = _notice(window, waiting)

        def show_notice() -> None:
            if not outcome:
                notice.show()

        QTimer.singleShot(NOTICE_DELAY_MS, notice, show_notice)
        if window is not None:
            window.setEnabled(False)
        try:
            worker.start()
            if not outcome:
                loop.exec()
        finally:
            if window is not None:
                window.setEnabled(True)
            notice.close()
            notice.deleteLater()
        result = outcome[0]
        if isinstance(result, Failed):
            return self._fail(result.error)
        self._succeed(result)
        return result  # type: ignore[no-any-return]

    def start(self, on_done: Callable[[_T | Failed], None]) -> Worker:
        """Call it on the thread pool and return at once; ``on_done`` gets the outcome."""
        worker = Worker(self._call)

        def succeeded(result: _T) -> None:
            self._succeed(result)
            on_done(result)

        def failed(error: Exception) -> None:
            on_done(self._fail(error))

        worker.signals.succeeded.connect(succeeded)
        worker.signals.failed.connect(failed)
        worker.start()
        return worker

    def _fail(self, error: Exception) -> Failed:
        # The type only: the message may quote patient data, which the log never holds.
        log.warning("%s: %s", self._title, type(error).__name__)
        if self._on_failure is not None:
            self._on_failure(error)
        elif self._prompter is not None:
            self._prompter.warn(self._parent, self._title, f"{self._failure} {_reason(error)}")
        return Failed(error)

    def _succeed(self, result: _T) -> None:
        changed = self._changed(result) if callable(self._changed) else self._changed
        if changed is not None and self._ctx is not None:
            announce(self._ctx, changed)


def returned(change: Change) -> Change:
    """``changed=returned``: the call itself returns the :class:`Change` it made."""
    return change


def announce(ctx: AppContext, change: Change) -> None:
    """Tell the views what changed and offer its undo (or say it was undone)."""
    if change.settings is not None:
        ctx.use_settings(change.settings)
    if change.undone:
        ctx.last_change = None
    elif change.undo is not None:
        ctx.remember(change.undo)
    if change.patient_list:
        ctx.bus.patients_changed.emit()
    if change.patient_id is not None:
        ctx.bus.records_changed.emit(change.patient_id)
    for patient_id in sorted(change.patients):
        ctx.bus.records_changed.emit(patient_id)


def _reason(error: Exception) -> str:
    """The error's message; a programming error in a worker by its type at least."""
    return str(error) or type(error).__name__


def _notice(window: QWidget | None, waiting: str) -> QDialog:
    """A busy bar under ``waiting``; the caller shows it if the work takes a moment."""
    notice = QDialog(window)
    notice.setWindowTitle("trochtrack")
    notice.setWindowModality(Qt.WindowModality.ApplicationModal)
    notice.setAccessibleName(waiting)
    bar = QProgressBar(notice)
    bar.setRange(0, 0)
    layout = QVBoxLayout(notice)
    layout.addWidget(PlainLabel(waiting, notice, wrap=True))
    layout.addWidget(bar)
    notice.setMinimumWidth(380)
    return notice
