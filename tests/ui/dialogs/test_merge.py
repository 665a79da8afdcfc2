"""Patient > Merge with another record: the duplicate offered first, what moves shown,
the merge confirmed, offered under Edit > Undo, and parted again from the dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from factories import make_episode, make_patient
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from trochtrack.services.records import create_episode, create_patient, list_patients
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.merge import MergeDialog
from trochtrack.ui.views.main_window import MainWindow

from ..conftest import ScriptedPrompter  # noqa: TID252 - the UI tests' own prompter

pytestmark = pytest.mark.ui


@pytest.fixture
def twins(ctx: AppContext) -> tuple[int, int]:
    """Ann Lee twice (P-1 and P-2), an episode E1 in each; Bob Hart (P-3) besides."""
    start = ctx.clinic.today() - timedelta(weeks=2)
    ids = []
    for ref in ("P-1", "P-2"):
        patient = create_patient(ctx.clinic, make_patient(ref=ref))
        create_episode(ctx.clinic, patient, make_episode(first_line_start=start))
        ids.append(patient)
    create_patient(ctx.clinic, replace(make_patient(ref="P-3"), given_name="Bob"))
    return ids[0], ids[1]


def _ours(window: MainWindow) -> set[str]:
    """The refs of this test's patients still registered (the window holds the demo too)."""
    return {p.ref for p in list_patients(window.ctx.clinic)} & {"P-1", "P-2", "P-3"}


def _dialog(qtbot: QtBot, window: MainWindow, patient_id: int) -> MergeDialog:
    window.open_patient(patient_id)
    window.merge_action.trigger()
    dialog = next(d for d in window.findChildren(MergeDialog) if d.isVisible())
    qtbot.waitExposed(dialog)
    return dialog


def test_the_duplicate_is_merged_and_parted_again(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, twins: tuple[int, int]
):
    kept, absorbed = twins
    dialog = _dialog(qtbot, window, kept)
    assert dialog.other_id() == absorbed  # the same name and birth date, offered first
    assert dialog.other_combo.currentText().endswith("· same name and birth date")
    assert "Episode E1 becomes E2" in dialog.plan_label.text()
    assert not dialog.part_button.isVisible()

    assert dialog.merge()
    assert "Merge Lee, Ann (P-2)" in prompter.confirmations[-1]
    assert _ours(window) == {"P-1", "P-3"}
    assert [e.ref for e in window.patient_view.evaluation.record.episodes] == ["E1", "E2"]
    assert window.ctx.last_change is not None
    assert window.ctx.last_change.description == "Part the merged records again"

    again = _dialog(qtbot, window, kept)
    assert again.part_button.isVisible()
    assert again.part_button.isEnabled()
    assert "took in Ann Lee (P-2)" in again.standing_label.text()
    assert again.part()
    assert _ours(window) == {"P-1", "P-2", "P-3"}
    assert [e.ref for e in window.patient_view.evaluation.record.episodes] == ["E1"]


def test_a_record_that_does_not_fit_cannot_be_merged(
    qtbot: QtBot, window: MainWindow, twins: tuple[int, int], prompter: ScriptedPrompter
):
    kept, _absorbed = twins
    dialog = _dialog(qtbot, window, kept)
    other = dialog.other_combo.findText("Lee, Bob (P-3)", flags=Qt.MatchFlag.MatchStartsWith)
    dialog.other_combo.setCurrentIndex(other)
    assert "name: Ann Lee in P-1, Bob Lee in P-3" in dialog.plan_label.text()
    assert "Merge only if they are the same person." in dialog.plan_label.text()
    assert dialog.merge_button.isEnabled()
    prompter.confirm_answer = False
    assert not dialog.merge()
    assert _ours(window) == {"P-1", "P-2", "P-3"}


def test_edit_undo_parts_the_records_just_merged(
    qtbot: QtBot, window: MainWindow, twins: tuple[int, int]
):
    kept, _absorbed = twins
    assert _dialog(qtbot, window, kept).merge()
    window.undo_action.trigger()
    assert _ours(window) == {"P-1", "P-2", "P-3"}
    assert window.statusBar().currentMessage() == "Undone."
