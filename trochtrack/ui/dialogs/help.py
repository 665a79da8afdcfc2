"""Help: the user guide (written in the project, shipped in the package) and the shortcuts."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def user_guide() -> str:
    """The guide's Markdown text."""
    return resources.files("trochtrack.help").joinpath("user-guide.md").read_text("utf-8")


def shortcuts(actions: list[QAction]) -> list[tuple[str, str]]:
    """Each action with a shortcut: its name as the menus show it, and the keys."""
    found = [
        (action.text().replace("&", "").rstrip("…"), action.shortcut().toString())
        for action in actions
        if not action.shortcut().isEmpty()
    ]
    return sorted(set(found), key=lambda pair: pair[0])


class HelpDialog(QDialog):
    """The user guide on one tab, the keyboard shortcuts on the other."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("trochtrack help")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one each time it opens
        self.tabs = QTabWidget(self)
        self.guide = QTextBrowser(self)
        self.guide.setMarkdown(user_guide())
        self.guide.setAccessibleName("User guide")
        self.tabs.addTab(self.guide, "&User guide")
        listed = shortcuts(actions)
        self.keys = QTableWidget(len(listed), 2, self)
        self.keys.setAccessibleName("Keyboard shortcuts")
        self.keys.setHorizontalHeaderLabels(["Action", "Keys"])
        self.keys.verticalHeader().setVisible(False)
        self.keys.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, keys) in enumerate(listed):
            self.keys.setItem(row, 0, QTableWidgetItem(name))
            self.keys.setItem(row, 1, QTableWidgetItem(keys))
        self.keys.resizeColumnsToContents()
        self.keys.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.keys, "&Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(720, 620)


def fill_help_menu(menu: QMenu, window: QWidget) -> list[QAction]:
    """The guide (F1) and the shortcuts at the top of ``menu``; returns the two actions.

    The shortcuts listed are the window's actions as they are when Help opens.
    """

    def show(tab: int) -> HelpDialog:
        dialog = HelpDialog(window.findChildren(QAction), window)
        dialog.tabs.setCurrentIndex(tab)
        dialog.open()
        return dialog

    guide = QAction("&User guide", window)
    guide.setShortcut("F1")
    guide.triggered.connect(lambda: show(0))
    keys = QAction("&Keyboard shortcuts", window)
    keys.triggered.connect(lambda: show(1))
    menu.addAction(guide)
    menu.addAction(keys)
    menu.addSeparator()
    return [guide, keys]
