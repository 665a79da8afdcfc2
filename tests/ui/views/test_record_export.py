"""Patient > Export record: the whole record in a private zip file, from the window."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from pytestqt.qtbot import QtBot

from trochtrack.ui.dialogs.history import HistoryDialog
from trochtrack.ui.views.main_window import MainWindow

from ..conftest import ScriptedPrompter  # noqa: TID252 - the UI tests' own prompter

pytestmark = pytest.mark.ui


def test_the_patient_menu_exports_the_whole_record_privately(
    qtbot: QtBot,
    window: MainWindow,
    demo_ids: dict[str, int],
    prompter: ScriptedPrompter,
    tmp_path: Path,
):
    assert window.export_action in window.menuBar().actions()[2].menu().actions()
    prompter.save_answer = tmp_path / "record.zip"
    window.open_patient(demo_ids["P-SEED"])
    window.export_action.trigger()
    written = tmp_path / "record.zip"
    assert written.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        case = json.loads(archive.read("case.json"))
    assert {"README.txt", "case.json", "history.json"} <= set(names)
    assert case["patient"]["ref"] == "P-SEED"
    assert [e["ref"] for e in case["episodes"]] == ["E1"]
    today = window.ctx.clinic.today().isoformat()
    # The name suggested says whose record it is by ref, never by name.
    assert prompter.suggested_paths[-1].name == f"P-SEED-record-{today}.zip"
    kind, text = prompter.messages[-1]
    assert kind == "info"
    assert str(written) in text
    history = HistoryDialog(window.ctx, "patient", [demo_ids["P-SEED"]], "Patient")
    qtbot.addWidget(history)
    last = history.model.rowCount() - 1
    assert history.model.index(last, 2).data() == "exported"
    assert f"File: {written.name}" in history.model.index(last, 3).data()


def test_an_export_that_cannot_be_written_says_so_and_leaves_nothing(
    qtbot: QtBot,
    window: MainWindow,
    demo_ids: dict[str, int],
    prompter: ScriptedPrompter,
    tmp_path: Path,
):
    prompter.save_answer = tmp_path / "no such folder" / "record.zip"
    window.open_patient(demo_ids["P-SEED"])
    window.export_action.trigger()
    kind, text = prompter.messages[-1]
    assert kind == "warning"
    assert text.startswith("The record was not exported."), text
    assert not (tmp_path / "no such folder").exists()


def test_without_a_patient_open_the_export_asks_for_one(
    window: MainWindow, prompter: ScriptedPrompter
):
    window.export_action.trigger()
    assert prompter.suggested_paths == []
    assert window.statusBar().currentMessage() == "Open a patient first."


def test_the_patient_menu_prints_the_record_from_a_preview(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    assert window.print_record_action in window.menuBar().actions()[2].menu().actions()
    window.open_patient(demo_ids["P-SEED"])
    window.print_record_action.trigger()
    preview = next(
        dialog for dialog in window.findChildren(QPrintPreviewDialog) if dialog.isVisible()
    )
    assert preview.windowTitle() == "Print record: Margaret Example"
    pages = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: pages.pageCount() >= 1)
    preview.close()
    history = HistoryDialog(window.ctx, "patient", [demo_ids["P-SEED"]], "Patient")
    qtbot.addWidget(history)
    last = history.model.rowCount() - 1
    assert history.model.index(last, 2).data() == "exported"
    assert "record printed" in history.model.index(last, 3).data()
