"""The one write path: a service call's failure is shown, its change announced and undoable."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from trochtrack.services.errors import UnknownPatientError
from trochtrack.services.records import list_patients, set_patient_archived
from trochtrack.ui.context import AppContext, UndoableChange
from trochtrack.ui.operations import Change, Failed, Operation


def test_a_failed_call_is_shown_with_what_was_not_done_and_announces_nothing(
    qtbot: QtBot, ctx: AppContext, prompter
):
    announced: list[int] = []
    ctx.bus.records_changed.connect(announced.append)

    def archive_nobody() -> None:
        raise UnknownPatientError("P-404")

    outcome = Operation(
        ctx,
        None,
        archive_nobody,
        title="Archive patient",
        failure="Nothing was changed.",
        changed=Change(patient_id=404),
    ).run()

    assert isinstance(outcome, Failed)
    ((kind, text),) = prompter.messages
    assert kind == "warning"
    assert text.startswith("Nothing was changed. ")
    assert str(outcome.error) in text
    assert announced == []


def test_a_programming_error_on_the_gui_thread_is_not_swallowed(ctx: AppContext):
    def broken() -> None:
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        Operation(ctx, None, broken, title="T", failure="F").run()


def test_a_successful_write_announces_its_change_and_offers_its_undo(
    ctx: AppContext, episode_ids: tuple[int, int], prompter
):
    patient_id, _ = episode_ids
    records: list[int] = []
    lists: list[bool] = []
    ctx.bus.records_changed.connect(records.append)
    ctx.bus.patients_changed.connect(lambda: lists.append(True))
    undo = UndoableChange("Restore the patient", patient_id, lambda: None)

    Operation(
        ctx,
        None,
        lambda: set_patient_archived(ctx.clinic, patient_id, archived=True),
        title="Archive patient",
        failure="Nothing was changed.",
        changed=Change(patient_id=patient_id, patient_list=True, undo=undo),
    ).run()

    assert list_patients(ctx.clinic) == []
    assert records == [patient_id]
    assert lists == [True]
    assert ctx.last_change is undo
    assert prompter.messages == []


def test_a_worker_reports_its_result_and_its_failure(
    qtbot: QtBot, ctx: AppContext, episode_ids: tuple[int, int], prompter
):
    patient_id, _ = episode_ids
    rows = Operation(
        ctx, None, lambda: list_patients(ctx.clinic), title="Patients", failure="Not read."
    ).run_in_worker("Reading…")
    assert not isinstance(rows, Failed)
    assert [row.patient_id for row in rows] == [patient_id]

    def fails() -> None:
        raise UnknownPatientError("P-404")

    failed = Operation(ctx, None, fails, title="Patients", failure="Not read.").run_in_worker(
        "Reading…"
    )
    assert isinstance(failed, Failed)
    assert prompter.messages[-1][1].startswith("Not read. ")
