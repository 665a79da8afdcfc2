"""The lesion table: the change call, its measurement error and the sizes behind it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.records import list_patients
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.lesion_table import LesionTableModel, lesion_measurements

pytestmark = pytest.mark.ui


def test_lesion_table_explains_the_change_call_and_the_measurement_error(
    demo_ctx: AppContext,
):
    patient = next(p for p in list_patients(demo_ctx.clinic) if p.ref == "P-DEMO-04")
    evaluation = evaluate_patient(demo_ctx.clinic, patient.patient_id, demo_ctx.clinic.today())
    episode = evaluation.record.episodes[0]
    model = LesionTableModel()
    model.set_rows(lesion_measurements(episode, evaluation.episodes[episode.id or 0], 2.0))
    assert model.rowCount() == 2
    latest = model.rows()[1]
    assert model.index(1, 7).data() == "Enlarged"
    assert model.index(0, 7).data() == ""
    tooltip = model.index(1, 7).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 mm" in tooltip
    assert "within the measurement error" in tooltip
    assert "Axis 1: 20 → 26 mm" in tooltip
    assert latest.size_text == "26 × 7 × 19 mm"
    assert model.index(1, 6).data() == "1.81 mL"
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
