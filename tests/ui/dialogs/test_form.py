"""What every entry dialog built on the form shares: each input has an accessible name, and
the rows stay together when the dialog is larger than they need."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import AlertActionKind
from trochtrack.services.records import patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.alert_action import AlertActionDialog
from trochtrack.ui.dialogs.decision import DecisionDialog
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.dialogs.settings import SettingsDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.tab_order import layout_members

from .conftest import seed_alert_views, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_every_input_of_every_dialog_has_an_accessible_name(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    episode_id, views = seed_alert_views(demo_ctx, demo_ids)
    patient_id = demo_ids["P-SEED"]
    record = patient_record(demo_ctx.clinic, patient_id)
    dialogs: list[FormDialog] = [
        VisitDialog(demo_ctx, patient_id, episode_id),
        ScanDialog(demo_ctx, patient_id, episode_id),
        TreatmentDialog(demo_ctx, patient_id, episode_id),
        PatientDialog(demo_ctx, record.patient),
        EpisodeDialog(demo_ctx, patient_id, record.episodes, record.episodes[0]),
        DecisionDialog(demo_ctx, patient_id, episode_id, [v.alert for v in views]),
        AlertActionDialog(demo_ctx, patient_id, views[0], AlertActionKind.SNOOZED),
        SettingsDialog(demo_ctx, welcome=False),
    ]
    inputs = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton)
    for dialog in dialogs:
        show(qtbot, host, dialog)
        for widget in dialog.findChildren(QWidget):
            if not isinstance(widget, inputs) or not widget.isVisibleTo(dialog):
                continue
            if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
                continue
            named = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            assert named, f"{type(dialog).__name__}: a {type(widget).__name__} has no name"
        dialog.mark_saved()
        dialog.reject()


def _rows(form: QFormLayout) -> list[tuple[QWidget, QWidget]]:
    """Each row's caption and field, read without ``itemAt`` (see ``layout_members``)."""
    rows = []
    for field in layout_members(form):
        if isinstance(field, QWidget) and isinstance(label := form.labelForField(field), QWidget):
            rows.append((label, field))
    return rows


@pytest.mark.parametrize(
    "make",
    [PatientDialog, lambda ctx: SettingsDialog(ctx, welcome=False)],
    ids=["patient", "settings"],
)
def test_each_caption_stays_level_with_its_field_in_a_tall_dialog(
    qtbot: QtBot, ctx: AppContext, make
):
    dialog: FormDialog = make(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = _rows(dialog.form)
    assert len(rows) >= 8
    for label, holder in rows:
        inner = holder.layout()
        field = layout_members(inner)[0] if inner is not None else holder
        # A multi-line field used to float in the middle of a stretched row, far below
        # its caption.
        gap = field.mapTo(dialog, QPoint(0, 0)).y() - label.mapTo(dialog, QPoint(0, 0)).y()
        assert abs(gap) <= 6, label.text()
