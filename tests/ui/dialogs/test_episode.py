"""The episode dialog: opening an episode, and the reason closing one needs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.services.records import patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.episode import EpisodeDialog

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
