"""The history dialog: who changed a record, and what changed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.history import HistoryDialog
from trochtrack.ui.dialogs.visit import VisitDialog

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
