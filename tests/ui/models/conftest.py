"""What the models' tests share: the rows a filter proxy lets through."""

from __future__ import annotations

from trochtrack.ui.models.due_table import DueFilterProxy
from trochtrack.ui.models.patient_table import PatientFilterProxy
from trochtrack.ui.models.table import ROW_ROLE


def shown_rows(proxy: DueFilterProxy | PatientFilterProxy) -> list[object]:
    return [proxy.index(row, 0).data(ROW_ROLE) for row in range(proxy.rowCount())]
