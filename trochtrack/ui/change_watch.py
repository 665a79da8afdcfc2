"""Changes saved elsewhere (the CLI, another workstation) reach the open window.

Every write is audited, so the audit trail's newest event number is a data version the
SQLite file and a PostgreSQL server share. The watch reads it every few seconds; when it
moved and the window did not save anything, the views read their data again. A refresh
keeps the patient and tab on view, the selected record, and any dialog open with what
was typed in it.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QObject, QTimer

from trochtrack.services import TrochtrackError
from trochtrack.services.audit import data_version
from trochtrack.ui.context import AppContext

log = logging.getLogger(__name__)

POLL_MS: Final = 3000


class ChangeWatch(QObject):
    """Polls the data version and announces a change made by someone else."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.seen = self._version() or 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        # What this window saves moves the version too: that is seen, not news.
        ctx.bus.records_changed.connect(lambda _patient: self._catch_up())
        ctx.bus.patients_changed.connect(self._catch_up)
        ctx.bus.settings_changed.connect(self._catch_up)

    def start(self) -> None:
        self.timer.start()

    def check(self) -> bool:
        """Whether something was saved elsewhere since the last look (then announced)."""
        version = self._version()
        if version is None or version == self.seen:
            return False
        self.seen = version
        self.ctx.bus.changed_elsewhere.emit()
        return True

    def _catch_up(self) -> None:
        version = self._version()
        if version is not None:
            self.seen = version

    def _version(self) -> int | None:
        try:
            return data_version(self.ctx.clinic)
        except TrochtrackError as error:
            # A busy or locked database is looked at again on the next tick.
            log.info("data version not read: %s", type(error).__name__)
            return None
