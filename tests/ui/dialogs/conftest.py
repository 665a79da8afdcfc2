"""Fixtures of the dialog tests: a host window, and reading a dialog's fields and alerts."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.records import patient_record
from trochtrack.services.workflow import episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog


def show(qtbot: QtBot, host: QWidget, dialog: FormDialog) -> FormDialog:
    dialog.setParent(host, dialog.windowFlags())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def episode_of(ctx: AppContext, ids: tuple[int, int]):
    return patient_record(ctx.clinic, ids[0]).episode(ids[1])


def field_error(dialog: FormDialog, path: str) -> str:
    slot = dialog.field_for(path)
    assert slot is not None
    return slot.error_label.text() if slot.error_label.isVisibleTo(dialog) else ""


def seed_alert_views(ctx: AppContext, ids: dict[str, int]):
    evaluation = evaluate_patient(ctx.clinic, ids["P-SEED"], ctx.clinic.today())
    ((episode_id, episode_eval),) = evaluation.episodes.items()
    return episode_id, episode_alert_views(ctx.clinic, episode_id, episode_eval)
