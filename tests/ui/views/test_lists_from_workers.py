"""The desktop window shows before its lists are read; they fill in from workers.

A change saved while a first read is still under way is not undone by that read's
older result arriving afterwards.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from trochtrack.services.due import due_list_with_stats
from trochtrack.services.records import list_patients, set_patient_archived
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.due_table import DueFilter
from trochtrack.ui.operations import Change, announce
from trochtrack.ui.text import show_date
from trochtrack.ui.views import due_list, patient_list
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher
from trochtrack.ui.workers import wait_for_background_work

pytestmark = pytest.mark.ui


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, IdleWatcher(0), lists_from_workers=True)
    qtbot.addWidget(window)
    return window


def test_the_window_is_there_before_its_lists_and_they_fill_in(qtbot: QtBot, demo_ctx: AppContext):
    window = _window(qtbot, demo_ctx)
    # Nothing read yet: the workers' results come through the event loop.
    assert window.due_view.model.rowCount() == 0
    assert window.due_view.empty_label.text() == "Reading the due list…"
    assert window.due_view.filter_buttons[DueFilter.ALL].text() == "All"  # not "All (0)"
    assert window.due_view.title_label.text() == f"Due on {show_date(demo_ctx.as_of)}"
    assert window.patients_view.count_label.text() == "Reading the patient list…"
    window.show()
    patients = len(list_patients(demo_ctx.clinic))
    qtbot.waitUntil(lambda: window.patients_view.model.rowCount() == patients)
    qtbot.waitUntil(lambda: window.due_view.model.rowCount() > 0)
    assert window.patients_view.count_label.text() == f"{patients} patients"
    assert window.due_view.empty_label.text() == ""


@dataclass
class HeldRead:
    """A read of the patient list on a worker, held between reading and returning."""

    done_reading: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


def hold(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Iterator[HeldRead]:
    """``module.name``, the read a view runs, held when it runs on a worker."""
    held = HeldRead()
    read = getattr(module, name)

    def read_and_hold(*args: Any, **kwargs: Any) -> Any:
        rows = read(*args, **kwargs)
        if threading.current_thread() is not threading.main_thread():
            held.done_reading.set()
            held.release.wait(10)
        return rows

    monkeypatch.setattr(module, name, read_and_hold)
    yield held
    held.release.set()
    wait_for_background_work()


@pytest.fixture
def held_list_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldRead]:
    yield from hold(monkeypatch, patient_list, "list_patients")


@pytest.fixture
def held_due_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldRead]:
    yield from hold(monkeypatch, due_list, "due_list_with_stats")


def test_a_first_read_that_comes_in_after_a_change_is_dropped(
    qtbot: QtBot, demo_ctx: AppContext, held_list_read: HeldRead
):
    every = list_patients(demo_ctx.clinic)
    window = _window(qtbot, demo_ctx)
    assert held_list_read.done_reading.wait(10)
    archived = every[0]
    set_patient_archived(demo_ctx.clinic, archived.patient_id, archived=True)
    announce(demo_ctx, Change(patient_list=True))

    def shown() -> set[str]:
        return {row.ref for row in window.patients_view.model.rows()}

    assert archived.ref not in shown()
    held_list_read.release.set()  # the first read, made before the archiving, comes in
    wait_for_background_work()
    qtbot.wait(50)
    assert shown() == {item.ref for item in every} - {archived.ref}


def test_a_first_due_list_that_comes_in_after_a_change_is_dropped(
    qtbot: QtBot, demo_ctx: AppContext, demo_ids: dict[str, int], held_due_read: HeldRead
):
    # Evaluated beforehand, so the first read lists entries (not episodes to evaluate,
    # whose evaluation would read the list again and hide a stale result).
    assert due_list_with_stats(demo_ctx.clinic, demo_ctx.as_of)[1].episodes
    window = _window(qtbot, demo_ctx)
    assert held_due_read.done_reading.wait(10)
    set_patient_archived(demo_ctx.clinic, demo_ids["P-SEED"], archived=True)
    announce(demo_ctx, Change(patient_list=True))

    def listed() -> set[str]:
        return {entry.patient_ref for entry in window.due_view.model.rows()}

    assert listed()
    assert "P-SEED" not in listed()
    held_due_read.release.set()  # the first read, made before the archiving, comes in
    wait_for_background_work()
    qtbot.wait(50)
    assert "P-SEED" not in listed()


def test_a_refill_due_while_a_read_runs_on_a_worker_waits_for_it(
    qtbot: QtBot, demo_ctx: AppContext, held_due_read: HeldRead
):
    window = _window(qtbot, demo_ctx)
    assert held_due_read.done_reading.wait(10)
    qtbot.waitUntil(lambda: window.patients_view.model.rowCount() > 0)  # its worker is done
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 1)
    refill = window.due_view._refill  # the timer of the refills while the rules run
    refill.timeout.emit()
    assert QThreadPool.globalInstance().activeThreadCount() == 1
    assert refill.isActive()  # put off, not dropped


# Run in its own interpreter: QApplication.exec() returning leaves the test process's
# application closing down, which breaks the tests after it.
QUIT_DURING_FIRST_READS = """
import os, sys, threading
from datetime import UTC, datetime
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication
from trochtrack.paths import AppPaths
from trochtrack.services.clinic import open_clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.settings import update_settings
from trochtrack.ui import session
from trochtrack.ui.context import AppContext
from trochtrack.ui.prompter import MessageBoxPrompter
from trochtrack.ui.views import due_list

release = threading.Event()
read = due_list.due_list_with_stats

def held(*args, **kwargs):
    rows = read(*args, **kwargs)
    if threading.current_thread() is not threading.main_thread():
        release.wait(10)
    return rows

due_list.due_list_with_stats = held
app = QApplication([])
home = Path(sys.argv[1])
paths = AppPaths(home / "data", home / "config", home / "logs", home / "cache")
clinic = open_clinic(paths, clock=lambda: datetime(2026, 11, 28, 12, tzinfo=UTC))
load_demo(clinic)
settings = update_settings(clinic, clinician_name="A", clinic_name="B", welcome_done=True)
QTimer.singleShot(50, app.quit)
threading.Timer(0.5, release.set).start()
session.run_window(app, AppContext(clinic, settings, MessageBoxPrompter()))
print(QThreadPool.globalInstance().activeThreadCount())
"""


def test_quitting_during_the_first_reads_waits_for_them(tmp_path: Path):
    """The window, and the views the workers report to, outlive the workers."""
    quit_early = subprocess.run(
        [sys.executable, "-c", QUIT_DURING_FIRST_READS, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert quit_early.returncode == 0, quit_early.stderr[-2000:]
    assert quit_early.stdout.strip().splitlines()[-1] == "0"
