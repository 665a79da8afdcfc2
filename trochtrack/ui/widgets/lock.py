"""Auto-lock: an idle watcher, and the screen that hides every patient while locked.

The watcher sees every key press and mouse click in the application; after the
configured idle time it asks the main window to lock. The clock is injectable so a test
can move time instead of waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.ui.text import ERROR_COLOUR, PlainLabel

CHECK_INTERVAL_MS: Final = 15_000
_ACTIVITY: Final = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle_reached`` once the user has done nothing for ``minutes``.

    It watches every event of the application, so any key or click anywhere counts.
    """

    idle_reached = Signal()

    def __init__(
        self,
        minutes: int,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._minutes = minutes
        self._last_activity = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self.set_minutes(minutes)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        """0 turns auto-lock off."""
        self._minutes = minutes
        self.note_activity()
        if minutes > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def note_activity(self) -> None:
        self._last_activity = self._clock()

    def check(self) -> None:
        if self._minutes > 0 and self._clock() - self._last_activity >= self._minutes * 60:
            self.note_activity()
            self.idle_reached.emit()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last_activity = self._clock()
        return False


class LockScreen(QWidget):
    """What the window shows while locked: the clinic, the clinician, a way back in."""

    unlock_requested = Signal(str)
    """The passphrase typed (empty when the database has none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = PlainLabel("trochtrack is locked", self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.detail_label = PlainLabel("", self, wrap=True)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText("Passphrase")
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.passphrase_edit.returnPressed.connect(self._on_unlock_clicked)
        self.error_label = PlainLabel("", self, wrap=True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.unlock_button = QPushButton("Unlock", self)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (
            self.title_label,
            self.detail_label,
            self.passphrase_edit,
            self.error_label,
            self.unlock_button,
        ):
            if widget in (self.detail_label, self.error_label):
                layout.addLayout(_centred(widget))
            else:
                layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        for label in (self.detail_label, self.error_label):
            # A wrapped label in a centred row shrinks to nothing unless given a width.
            label.setFixedWidth(460)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.passphrase_edit.setMinimumWidth(320)

    def prepare(self, *, clinic_name: str | None, clinician: str | None, passphrase: bool) -> None:
        """Set the screen up for this lock: by passphrase, or with a click."""
        where = f" at {clinic_name}" if clinic_name else ""
        self.detail_label.setText(
            f"Patient records{where} are hidden. "
            + (
                "Enter the database passphrase to continue."
                if passphrase
                else "Click to continue working."
            )
        )
        self.passphrase_edit.clear()
        self.passphrase_edit.setVisible(passphrase)
        self.error_label.clear()
        self.unlock_button.setText(f"Unlock as {clinician}" if clinician else "Unlock")
        self.unlock_button.setAccessibleName(self.unlock_button.text())
        (self.passphrase_edit if passphrase else self.unlock_button).setFocus()

    def refuse(self, message: str) -> None:
        self.error_label.setText(message)
        self.passphrase_edit.selectAll()
        self.passphrase_edit.setFocus()

    def _on_unlock_clicked(self) -> None:
        self.unlock_requested.emit(self.passphrase_edit.text())


def _centred(label: QWidget) -> QHBoxLayout:
    """A wrapped label centred in a row of its own.

    Added to the column with an alignment, it would get the height of one line whatever
    its text: a box layout gives an aligned item its size hint, not its height for width.
    """
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    return row
