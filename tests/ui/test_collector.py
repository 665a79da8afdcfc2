"""Cycles are collected on the GUI thread only, never on a worker's thread."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from trochtrack.ui.collector import INTERVAL_MS, GuiThreadCollector


class Node:
    """One object of a reference cycle, as a Qt wrapper caught in one would be."""

    def __init__(self) -> None:
        self.partner: Node | None = None


def make_cycles(count: int) -> weakref.ref[Node]:
    """``count`` two-object cycles, unreachable on return; a weak reference to the last."""
    last = Node()
    for _ in range(count):
        first, second = Node(), Node()
        first.partner, second.partner = second, first
        last = first
    return weakref.ref(last)


@pytest.fixture
def collections_by_thread() -> Iterator[list[int]]:
    """The thread of every collection that starts while the test runs."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_a_worker_thread_never_collects_and_the_gui_thread_frees_its_cycles(
    qtbot: QtBot, qapp: QApplication, collections_by_thread: list[int]
) -> None:
    collector = GuiThreadCollector(qapp)  # on its timer, as in the app
    try:
        made: list[weakref.ref[Node]] = []
        # Far past the first generation's threshold: Python would collect on the worker.
        worker = threading.Thread(target=lambda: made.append(make_cycles(50_000)))
        worker.start()
        worker.join()
        assert collections_by_thread == [], "a collection ran on the worker's thread"
        assert made[0]() is not None
        qtbot.waitUntil(lambda: made[0]() is None, timeout=3 * INTERVAL_MS)
        assert set(collections_by_thread) == {threading.get_ident()}
    finally:
        collector.stop()
        collector.deleteLater()


def test_asked_from_another_thread_the_collector_does_nothing(
    gui_thread_collector: GuiThreadCollector, collections_by_thread: list[int]
) -> None:
    make_cycles(5_000)
    freed: list[int] = []
    worker = threading.Thread(target=lambda: freed.append(gui_thread_collector.collect_due()))
    worker.start()
    worker.join()
    assert freed == [0]
    assert collections_by_thread == []
    assert gui_thread_collector.collect_due() > 0
