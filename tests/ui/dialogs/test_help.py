"""Help: the user guide opens with F1 from the main window, and lists the real shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from trochtrack.ui.dialogs.help import HelpDialog, user_guide
from trochtrack.ui.views.main_window import MainWindow

pytestmark = pytest.mark.ui


def _open_help() -> list[HelpDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog) and w.isVisible()
    ]


def test_f1_opens_the_guide_and_the_shortcuts_are_the_windows_own(qtbot: QtBot, window: MainWindow):
    guide_action, keys_action = window.help_actions
    assert guide_action.shortcut().toString() == "F1"
    guide_action.trigger()
    (dialog,) = _open_help()
    assert dialog.tabs.currentIndex() == 0
    text = dialog.guide.toPlainText()
    assert "length, depth and width" in text
    assert "Edit > Undo" in text
    shown = {
        dialog.keys.item(row, 0).text(): dialog.keys.item(row, 1).text()
        for row in range(dialog.keys.rowCount())
    }
    assert shown["New patient"] == "Ctrl+N"
    assert shown["New visit"] == "Ctrl+Shift+V"
    assert shown["Undo"] == "Ctrl+Z"
    assert shown["User guide"] == "F1"
    dialog.close()
    keys_action.trigger()
    (keys,) = _open_help()
    assert keys.tabs.currentIndex() == 1
    keys.close()


def test_every_menu_command_the_guide_names_exists(window: MainWindow):
    # The guide quotes the menus: a renamed command would leave it pointing nowhere.
    commands = {
        action.text().replace("&", "")
        for menu in window.menuBar().findChildren(type(window.help_menu))
        for action in menu.actions()
    }
    guide = user_guide()
    for quoted in ("Settings…", "Back up now", "Restore from a backup…", "Lock now", "Undo"):
        assert quoted in commands
        assert quoted in guide
