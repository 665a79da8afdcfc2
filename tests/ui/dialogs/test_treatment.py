"""The treatment dialog: a second-line treatment escalates the episode."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.vocabulary import EpisodeStatus, TreatmentKind
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.treatment import TreatmentDialog

from .conftest import episode_of, field_error, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_a_second_line_treatment_escalates_the_episode(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, TreatmentDialog(ctx, *episode_ids))
    assert isinstance(dialog, TreatmentDialog)
    assert not dialog.second_line_label.isVisibleTo(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(TreatmentKind.ESWT))
    assert dialog.second_line_label.isVisibleTo(dialog)
    dialog.detail_edit.setPlainText("radial, 3 sessions a week apart")
    dialog.end_edit.set_value(ctx.clinic.today() - timedelta(days=30))
    assert not dialog.save()
    assert "before the start of the treatment" in field_error(dialog, "end")
    dialog.end_edit.set_value(None)
    assert dialog.save()
    (treatment,) = episode_of(ctx, episode_ids).treatments
    assert treatment.kind is TreatmentKind.ESWT
    evaluation = evaluate_patient(ctx.clinic, episode_ids[0], ctx.clinic.today())
    assert evaluation.episodes[episode_ids[1]].status is EpisodeStatus.ESCALATED


def test_the_first_treatment_starts_with_the_episode_a_later_one_today(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    started = episode_of(ctx, episode_ids).first_line_start
    first = show(qtbot, host, TreatmentDialog(ctx, *episode_ids))
    assert isinstance(first, TreatmentDialog)
    assert first.start_edit.value() == started
    assert first.save()
    later = show(qtbot, host, TreatmentDialog(ctx, *episode_ids))
    assert isinstance(later, TreatmentDialog)
    assert later.start_edit.value() == ctx.clinic.today()
    later.mark_saved()
    later.reject()
