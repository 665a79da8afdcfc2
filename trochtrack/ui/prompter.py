"""Questions and messages that stop the user, behind one object tests can replace.

Every modal question goes through a :class:`Prompter`, so a test swaps in a scripted one
instead of patching Qt or waiting for a dialog to appear. Message boxes show their text
as plain text: messages often quote a patient's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from trochtrack.services.workflow import AlertView
from trochtrack.ui.dialogs.critical_alert import CriticalAlertDialog

if TYPE_CHECKING:
    from trochtrack.ui.context import AppContext


class Prompter(Protocol):
    """The modal questions and messages of the app."""

    def confirm(self, parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
        """Ask before doing something that matters; ``action`` names the yes-button."""
        ...

    def inform(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def warn(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def answer_critical(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        patient: str,
    ) -> bool:
        """Show a critical alert until what was done (or that it was seen) is recorded.

        ``False`` when it was hidden unanswered (the window locked).
        """
        ...

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        """Where to save a file, or ``None`` if the user cancelled."""
        ...


class MessageBoxPrompter:
    """The real prompter: Qt message boxes with plain text."""

    def confirm(self, parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
        box = _message_box(parent, QMessageBox.Icon.Question, title, text)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        _message_box(parent, QMessageBox.Icon.Information, title, text).exec()

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        _message_box(parent, QMessageBox.Icon.Warning, title, text).exec()

    def answer_critical(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        patient: str,
    ) -> bool:
        dialog = CriticalAlertDialog(ctx, patient_id, view, patient, parent)
        # exec() would delete the dialog as it returns, while the lock may still hold it
        # among the windows it hid and will show again.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        answered = dialog.exec() == CriticalAlertDialog.DialogCode.Accepted
        if answered:
            dialog.deleteLater()
        else:
            # Hidden by the lock: unlocking must not bring back this one, a new one asks.
            dialog.retire()
        return answered

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), name_filter)
        return Path(chosen) if chosen else None


def _message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if icon is not QMessageBox.Icon.Question:
        box.addButton(QMessageBox.StandardButton.Ok)
    return box
