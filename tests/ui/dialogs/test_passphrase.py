"""The passphrase dialog, shown offscreen and answered from the keyboard as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from trochtrack.ui.dialogs.passphrase import PassphraseDialog

pytestmark = pytest.mark.ui


def test_the_passphrase_dialog_hides_what_is_typed_and_returns_it(qtbot: QtBot):
    dialog = PassphraseDialog("The passphrase is not correct for this database.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.edit.echoMode() == QLineEdit.EchoMode.Password
    assert "not correct" in dialog.problem_label.text()
    qtbot.keyClicks(dialog.edit, "correct horse battery staple")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() == "correct horse battery staple"


def test_escape_cancels_the_passphrase_dialog(qtbot: QtBot):
    dialog = PassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.edit, "half typed")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
