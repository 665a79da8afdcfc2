"""A clinic whose episodes are not evaluated yet: the window shows, the due list fills in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from trochtrack.services import due
from trochtrack.services.due import EntryKind, due_list
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.due_table import DueFilter
from trochtrack.ui.views import due_list as due_list_view
from trochtrack.ui.views.due_list import DueListView
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher

pytestmark = pytest.mark.ui
FILL_TIMEOUT_MS = 30_000


@pytest.fixture
def few_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's handful of episodes count as "many": one on the spot, two per batch."""
    monkeypatch.setattr(due_list_view, "EVALUATE_ON_SCREEN_AT_MOST", 1)
    monkeypatch.setattr(due, "EVALUATION_BATCH", 2)


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: AppContext, few_on_screen: None) -> Iterator[DueListView]:
    shown = DueListView(demo_ctx)
    qtbot.addWidget(shown)
    shown.resize(1024, 700)
    shown.show()
    yield shown
    shown.pause_evaluation(True)


def _kinds(view: DueListView) -> set[EntryKind]:
    return {entry.kind for entry in view.entries_shown()}


def test_the_list_shows_every_episode_as_evaluating_then_fills_in(
    qtbot: QtBot, view: DueListView, demo_ctx: AppContext
):
    view.refresh()
    assert _kinds(view) == {EntryKind.EVALUATING}
    assert view.evaluating
    assert view.evaluation.isVisible()
    assert "Evaluating…" in view.evaluation.label.text()
    first = view.model.index(0, 1)
    assert first.data() == "Evaluating…"
    assert view.model.index(0, 0).data() == ""  # no date until the rules have given one
    assert view.proxy.count(DueFilter.RED_FLAGS) == 0
    assert view.proxy.count(DueFilter.THIS_WEEK) == 0

    qtbot.waitUntil(lambda: not view.evaluating, timeout=FILL_TIMEOUT_MS)
    assert EntryKind.EVALUATING not in _kinds(view)
    assert not view.evaluation.isVisible()
    assert view.entries_shown() == due_list(demo_ctx.clinic, demo_ctx.as_of, with_measures=True)
    assert view.proxy.count(DueFilter.RED_FLAGS) > 0


def test_paused_for_a_restore_it_waits_then_carries_on(qtbot: QtBot, view: DueListView):
    view.refresh()
    progress = view._evaluation  # to deliver its last report late, as a worker can
    assert progress is not None
    view.pause_evaluation(True)
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    # The stopped worker's last report can arrive after the pause (it once did, now and
    # then, and brought the bar back): the database may be closed by then.
    progress.report(2, 4)
    qtbot.wait(200)
    assert not view.evaluating
    assert not view.evaluation.isVisible()
    left = [e for e in view.entries_shown() if e.kind is EntryKind.EVALUATING]
    assert left  # not finished, not read again: the list still says so

    view.pause_evaluation(False)
    qtbot.waitUntil(lambda: EntryKind.EVALUATING not in _kinds(view), timeout=FILL_TIMEOUT_MS)


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, IdleWatcher(ctx.settings.auto_lock_minutes))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def test_the_window_opens_on_a_clinic_not_yet_evaluated_and_quits_mid_way(
    qtbot: QtBot, demo_ctx: AppContext, few_on_screen: None
):
    window = _window(qtbot, demo_ctx)
    assert window.due_view.evaluating
    assert window.due_view.evaluation.isVisibleTo(window)
    window.close()
    assert not window.due_view.evaluating
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_a_restore_stops_the_evaluation_first_and_it_carries_on_after(
    qtbot: QtBot, demo_ctx: AppContext, few_on_screen: None
):
    window = _window(qtbot, demo_ctx)
    window.database.restoring.emit(True)
    assert not window.due_view.evaluating
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    window.database.restoring.emit(False)
    qtbot.waitUntil(
        lambda: EntryKind.EVALUATING not in _kinds(window.due_view), timeout=FILL_TIMEOUT_MS
    )
