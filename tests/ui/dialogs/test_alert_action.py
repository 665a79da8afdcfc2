"""Acting on an alert: an override needs a reason, a snooze lasts until its date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import AlertActionKind
from trochtrack.services.workflow import AlertState
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.alert_action import AlertActionDialog

from .conftest import field_error, seed_alert_views, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_override_needs_a_reason_and_is_stored(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = seed_alert_views(demo_ctx, demo_ids)
    dialog = show(
        qtbot,
        host,
        AlertActionDialog(demo_ctx, demo_ids["P-SEED"], views[1], AlertActionKind.OVERRIDDEN),
    )
    assert isinstance(dialog, AlertActionDialog)
    assert not dialog.save()
    assert field_error(dialog, "reason") == "an override needs a reason"
    dialog.reason_edit.setPlainText("Scan booked already")
    assert dialog.save()
    _, after = seed_alert_views(demo_ctx, demo_ids)
    overridden = next(v for v in after if v.key == views[1].key)
    assert overridden.state is AlertState.OVERRIDDEN
    assert overridden.last_action is not None
    assert overridden.last_action.reason == "Scan booked already"
    assert overridden.last_action.clinician == "Test Clinician"
    assert episode_id


def test_snooze_is_stored_until_its_date(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    _, views = seed_alert_views(demo_ctx, demo_ids)
    dialog = show(
        qtbot,
        host,
        AlertActionDialog(demo_ctx, demo_ids["P-SEED"], views[1], AlertActionKind.SNOOZED),
    )
    assert isinstance(dialog, AlertActionDialog)
    until = demo_ctx.clinic.today() + timedelta(days=7)
    assert dialog.until_edit.value() == until
    assert dialog.save()
    _, after = seed_alert_views(demo_ctx, demo_ids)
    snoozed = next(v for v in after if v.key == views[1].key)
    assert snoozed.state is AlertState.SNOOZED
    assert snoozed.last_action is not None
    assert snoozed.last_action.snooze_until == until
