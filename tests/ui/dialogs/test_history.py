"""The history dialog: who changed a record, and what changed."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.history import HistoryDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.wording.dates import long_date

from .conftest import episode_of, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_history_lists_who_changed_a_visit(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.pain_edit.setText("7")
    assert dialog.save()
    (visit,) = episode_of(ctx, episode_ids).visits
    edit = show(qtbot, host, VisitDialog(ctx, *episode_ids, visit))
    assert isinstance(edit, VisitDialog)
    edit.pain_edit.setText("6")
    assert edit.save()
    history = HistoryDialog(ctx, "visit", [visit.id or 0], "Visit")
    qtbot.addWidget(history)
    assert history.model.rowCount() == 2
    assert history.model.index(1, 1).data() == "Test Clinician"
    assert history.model.index(1, 3).data() == "Pain NRS: 7 → 6"


def test_history_reads_as_words_a_line_per_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.pain_edit.setText("7")
    dialog.notes_edit.setPlainText("Worse on stairs.")
    assert dialog.save()
    (visit,) = episode_of(ctx, episode_ids).visits
    history = HistoryDialog(ctx, "visit", [visit.id or 0], "Visit")
    qtbot.addWidget(history)
    when, who, action, change = (history.model.index(0, column).data() for column in range(4))
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d", when), when
    assert (who, action) == ("Test Clinician", "recorded")
    lines = change.split("\n")
    assert "Notes: Worse on stairs." in lines
    assert f"Visit date: {long_date(visit.date)}" in lines
    assert "Pain NRS: 7" in lines


def test_an_empty_history_says_so_instead_of_an_empty_table(qtbot: QtBot, ctx: AppContext):
    history = HistoryDialog(ctx, "alert_action", [], "Alert", events=[], empty="Nothing yet.")
    qtbot.addWidget(history)
    assert history.table is None
    assert not history.findChildren(QTableView)
    assert "Nothing yet." in [label.text() for label in history.findChildren(QLabel)]
