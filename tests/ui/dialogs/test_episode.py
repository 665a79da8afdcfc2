"""The episode dialog: opening an episode, and the reason closing one needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.vocabulary import Diagnosis
from trochtrack.services.records import patient_record, update_episode
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.text import show_date
from trochtrack.ui.widgets.diagnoses import OtherDiagnosesEdit

from .conftest import episode_of, field_error, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_episode_is_opened_and_closing_it_needs_a_reason(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    record = patient_record(ctx.clinic, episode_ids[0])
    dialog = show(qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes))
    assert isinstance(dialog, EpisodeDialog)
    assert dialog.ref_edit.text() == "E2"
    with qtbot.waitSignal(dialog.episode_saved):
        assert dialog.save()
    episode = record.episode(episode_ids[1])
    closing = show(qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes, episode))
    assert isinstance(closing, EpisodeDialog)
    closing.closed_edit.set_value(ctx.clinic.today())
    assert not closing.save()
    assert field_error(closing, "closed_reason") == "say why the episode is closed"
    closing.closed_reason_edit.setText("discharged")
    assert closing.save()
    closed = episode_of(ctx, episode_ids)
    assert (closed.closed_date, closed.closed_reason) == (ctx.clinic.today(), "discharged")
    assert len(patient_record(ctx.clinic, episode_ids[0]).episodes) == 2


def _others(dialog: EpisodeDialog) -> OtherDiagnosesEdit:
    return dialog.others_edit


def test_other_working_diagnoses_are_ticked_dated_and_saved(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    today = ctx.clinic.today()
    record = patient_record(ctx.clinic, episode_ids[0])
    dialog = show(
        qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes, record.episodes[0])
    )
    assert isinstance(dialog, EpisodeDialog)
    others = _others(dialog)
    # The main diagnosis (GTPS) has no row of its own; Alt+A reaches the first one shown.
    assert not others.row(Diagnosis.GTPS).considered.isVisibleTo(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    bursitis = others.row(Diagnosis.TROCHANTERIC_BURSITIS)
    assert bursitis.considered.hasFocus()
    qtbot.keyClick(bursitis.considered, Qt.Key.Key_Space)
    assert bursitis.since.value() == today  # dated today once ticked
    tendinopathy = others.row(Diagnosis.GLUTEAL_TENDINOPATHY)
    tendinopathy.considered.setChecked(True)
    tendinopathy.possible.setChecked(True)
    tendinopathy.since.set_value(today - timedelta(days=3))
    assert dialog.save()

    saved = episode_of(ctx, episode_ids)
    assert saved.other_diagnoses == (
        WorkingDiagnosis(diagnosis=Diagnosis.TROCHANTERIC_BURSITIS, since=today),
        WorkingDiagnosis(
            diagnosis=Diagnosis.GLUTEAL_TENDINOPATHY, since=today - timedelta(days=3), possible=True
        ),
    )
    assert saved.diagnosis is Diagnosis.GTPS


def test_a_considered_diagnosis_made_main_keeps_its_date_and_leaves_the_others(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    today = ctx.clinic.today()
    record = patient_record(ctx.clinic, episode_ids[0])
    stored = replace(
        record.episodes[0],
        other_diagnoses=(
            WorkingDiagnosis(diagnosis=Diagnosis.CALCIFIC_TENDINOPATHY, since=today - timedelta(1)),
            WorkingDiagnosis(diagnosis=Diagnosis.TROCHANTERIC_BURSITIS, possible=True),
        ),
    )
    assert stored.id is not None
    update_episode(ctx.clinic, stored.id, stored)
    dialog = show(qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes, stored))
    assert isinstance(dialog, EpisodeDialog)
    assert dialog.others_edit.value() == stored.other_diagnoses  # unchanged, in stored order
    combo = dialog.diagnosis_combo
    # Trying the calcific one as main and going back leaves everything as it was.
    for diagnosis in (Diagnosis.CALCIFIC_TENDINOPATHY, Diagnosis.GTPS):
        combo.setCurrentIndex(combo.findData(diagnosis))
        combo.activated.emit(combo.currentIndex())
    assert dialog.since_edit.value() is None
    assert dialog.others_edit.value() == stored.other_diagnoses
    combo.setCurrentIndex(combo.findData(Diagnosis.CALCIFIC_TENDINOPATHY))
    combo.activated.emit(combo.currentIndex())
    assert dialog.since_edit.value() == today - timedelta(days=1)
    assert not _others(dialog).row(Diagnosis.CALCIFIC_TENDINOPATHY).considered.isVisibleTo(dialog)
    assert _others(dialog).row(Diagnosis.GTPS).considered.isVisibleTo(dialog)
    assert dialog.save()
    saved = episode_of(ctx, episode_ids)
    assert (saved.diagnosis, saved.diagnosis_since) == (
        Diagnosis.CALCIFIC_TENDINOPATHY,
        today - timedelta(days=1),
    )
    assert saved.other_diagnoses == (stored.other_diagnoses[1],)


def test_a_diagnosis_dated_after_today_is_refused_in_its_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    record = patient_record(ctx.clinic, episode_ids[0])
    dialog = show(
        qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes, record.episodes[0])
    )
    assert isinstance(dialog, EpisodeDialog)
    row = _others(dialog).row(Diagnosis.TROCHANTERIC_BURSITIS)
    row.considered.setChecked(True)
    row.since.edit.line.setText(show_date(ctx.clinic.today() + timedelta(days=5)))
    assert not dialog.save()
    assert field_error(dialog, "other_diagnoses").startswith("Trochanteric bursitis: ")
    assert episode_of(ctx, episode_ids).other_diagnoses == ()


def test_a_future_date_follows_its_diagnosis_made_main_and_is_shown_there_only(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    record = patient_record(ctx.clinic, episode_ids[0])
    dialog = show(
        qtbot, host, EpisodeDialog(ctx, episode_ids[0], record.episodes, record.episodes[0])
    )
    assert isinstance(dialog, EpisodeDialog)
    row = _others(dialog).row(Diagnosis.TROCHANTERIC_BURSITIS)
    row.considered.setChecked(True)
    row.since.edit.line.setText(show_date(ctx.clinic.today() + timedelta(days=5)))
    combo = dialog.diagnosis_combo
    combo.setCurrentIndex(combo.findData(Diagnosis.TROCHANTERIC_BURSITIS))
    combo.activated.emit(combo.currentIndex())
    assert not dialog.save()
    assert field_error(dialog, "diagnosis_since") != ""
    assert field_error(dialog, "other_diagnoses") == ""
