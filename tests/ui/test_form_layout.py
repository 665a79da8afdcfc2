"""Entry forms keep their rows together when the dialog is larger than they need."""

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFormLayout, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.settings import SettingsDialog

pytestmark = pytest.mark.ui


def _rows(form: QFormLayout) -> list[tuple[QWidget, QWidget]]:
    rows = []
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None and label.widget() and field.widget():
            rows.append((label.widget(), field.widget()))
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
        field = holder.layout().itemAt(0).widget() if holder.layout() else holder
        # A multi-line field used to float in the middle of a stretched row, far below
        # its caption.
        gap = field.mapTo(dialog, QPoint(0, 0)).y() - label.mapTo(dialog, QPoint(0, 0)).y()
        assert abs(gap) <= 6, label.text()
