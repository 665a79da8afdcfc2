"""The real prompter's message boxes, built and answered offscreen.

Every other UI test uses a scripted prompter; these run the message boxes the app
shows, and answer them the way a user would.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from trochtrack.ui.prompter import MessageBoxPrompter

pytestmark = pytest.mark.ui


def answer_the_box(click: str | None, seen: list[QMessageBox]) -> None:
    """Once the modal box is up: note it, then press the button labelled ``click``."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box)
        for button in box.buttons():
            if click is None or button.text().replace("&", "") == click:
                button.click()
                return

    QTimer.singleShot(20, press)


@pytest.mark.parametrize(("click", "answer"), [("Delete visit", True), ("Cancel", False)])
def test_confirm_asks_with_the_action_and_cancel(qtbot: QtBot, click: str, answer: bool):
    seen: list[QMessageBox] = []
    answer_the_box(click, seen)
    text = "Delete the visit of <b>28 Nov</b>?"
    assert MessageBoxPrompter().confirm(None, "Delete", text, action="Delete visit") is answer
    (box,) = seen
    assert box.text() == text
    assert box.textFormat() == Qt.TextFormat.PlainText  # a name with markup stays as typed
    assert {b.text().replace("&", "") for b in box.buttons()} == {"Delete visit", "Cancel"}
    assert box.defaultButton().text().replace("&", "") == "Cancel"


@pytest.mark.parametrize("kind", ["inform", "warn"])
def test_messages_show_plain_text_with_one_ok(qtbot: QtBot, kind: str):
    seen: list[QMessageBox] = []
    answer_the_box(None, seen)
    getattr(MessageBoxPrompter(), kind)(None, "Title", "Ann <i>Lee</i> saved")
    (box,) = seen
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == "Ann <i>Lee</i> saved"
    assert len(box.buttons()) == 1
    expected = QMessageBox.Icon.Information if kind == "inform" else QMessageBox.Icon.Warning
    assert box.icon() == expected
