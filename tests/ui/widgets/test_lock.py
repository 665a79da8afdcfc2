"""The idle watcher: it locks after the idle minutes, and any key or click resets it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.lock import IdleWatcher

pytestmark = pytest.mark.ui


def test_idle_watcher_locks_after_the_idle_minutes(qtbot: QtBot):
    now = [0.0]
    watcher = IdleWatcher(10, clock=lambda: now[0])
    with qtbot.assertNotEmitted(watcher.idle_reached):
        now[0] = 9 * 60
        watcher.check()
    watcher.note_activity()
    now[0] += 9.9 * 60
    with qtbot.assertNotEmitted(watcher.idle_reached):
        watcher.check()
    now[0] += 0.2 * 60
    with qtbot.waitSignal(watcher.idle_reached, timeout=100):
        watcher.check()
    watcher.set_minutes(0)
    now[0] += 1000 * 60
    with qtbot.assertNotEmitted(watcher.idle_reached):
        watcher.check()


def test_idle_watcher_counts_any_key_or_click_in_the_app(qtbot: QtBot):
    now = [0.0]
    watcher = IdleWatcher(1, clock=lambda: now[0])
    elsewhere = PlainLabel("anywhere")
    qtbot.addWidget(elsewhere)
    now[0] = 59.0
    qtbot.mouseClick(elsewhere, Qt.MouseButton.LeftButton)
    now[0] = 100.0
    with qtbot.assertNotEmitted(watcher.idle_reached):
        watcher.check()
    now[0] = 120.0
    with qtbot.waitSignal(watcher.idle_reached, timeout=100):
        watcher.check()
