"""What the models' tests share: the rows a model or its filter proxy shows."""

from __future__ import annotations

from trochtrack.ui.models.due_table import DueFilterProxy
from trochtrack.ui.models.patient_table import PatientTableModel
from trochtrack.ui.models.table import ROW_ROLE


def shown_rows(model: DueFilterProxy | PatientTableModel) -> list[object]:
    return [model.index(row, 0).data(ROW_ROLE) for row in range(model.rowCount())]
