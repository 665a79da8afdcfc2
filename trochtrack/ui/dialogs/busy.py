"""The notice shown while the app waits for another program to finish with the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog

WAITING_TEXT = (
    "Another program is writing to the patient database. trochtrack is waiting for it to "
    "finish; nothing has been changed."
)


class BusyNotice:
    """A small window with a busy bar, shown while opening waits (start-up only)."""

    def __init__(self) -> None:
        self.dialog: QProgressDialog | None = None

    def show(self, visible: bool) -> None:
        if not visible:
            if self.dialog is not None:
                self.dialog.close()
                self.dialog = None
            return
        if self.dialog is None:
            dialog = QProgressDialog("", "", 0, 0)
            label = QLabel(WAITING_TEXT, dialog)
            label.setWordWrap(True)  # QProgressDialog's own label never wraps
            label.setTextFormat(Qt.TextFormat.PlainText)
            dialog.setLabel(label)
            dialog.setMinimumWidth(420)
            dialog.setWindowTitle("trochtrack: waiting for the database")
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(0)
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setAccessibleName("Waiting for the database")
            self.dialog = dialog
        self.dialog.show()
        QApplication.processEvents()
