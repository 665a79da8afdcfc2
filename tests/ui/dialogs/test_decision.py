"""The decision dialog: its reason or choice is required, and it answers the alert."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import DecisionKind
from trochtrack.domain.vocabulary import TreatmentKind
from trochtrack.services.records import patient_record
from trochtrack.services.workflow import decisions
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.decision import DecisionDialog

from .conftest import field_error, seed_alert_views, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_decision_needs_its_reason_or_choice_and_answers_the_alert(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = seed_alert_views(demo_ctx, demo_ids)
    standing = [v.alert for v in views if v.active]
    dialog = show(qtbot, host, DecisionDialog(demo_ctx, demo_ids["P-SEED"], episode_id, standing))
    assert isinstance(dialog, DecisionDialog)
    assert not dialog.save()
    assert field_error(dialog, "reason") == "say why first-line care continues"
    dialog.kind_radios[DecisionKind.SECOND_LINE].setChecked(True)
    assert dialog.options_label.isVisibleTo(dialog)
    assert not dialog.next_review_edit.isVisibleTo(dialog)
    assert not dialog.save()
    assert field_error(dialog, "second_line") == "choose at least one second-line treatment"
    dialog.second_line_checks[TreatmentKind.ESWT].setChecked(True)
    dialog.reason_edit.setPlainText("Prefers to avoid injections")
    assert dialog.save()
    (decision,) = decisions(demo_ctx.clinic, episode_id)
    assert decision.kind is DecisionKind.SECOND_LINE
    assert decision.second_line == (TreatmentKind.ESWT,)
    _, after = seed_alert_views(demo_ctx, demo_ids)
    assert all(v.alert.code.value != "conservative-care-failed" for v in after)
    record = patient_record(demo_ctx.clinic, demo_ids["P-SEED"])
    assert TreatmentKind.ESWT in {t.kind for t in record.episodes[0].treatments}


def test_the_decision_caption_s_key_reaches_the_choices_and_changes_nothing(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = seed_alert_views(demo_ctx, demo_ids)
    standing = [v.alert for v in views if v.active]
    dialog = show(qtbot, host, DecisionDialog(demo_ctx, demo_ids["P-SEED"], episode_id, standing))
    assert isinstance(dialog, DecisionDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.reason_edit.setFocus()
    dialog.kind_radios[DecisionKind.SECOND_LINE].setChecked(True)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() in dialog.kind_radios.values()
    assert dialog.kind_radios[DecisionKind.SECOND_LINE].isChecked()
