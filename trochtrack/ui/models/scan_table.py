"""The scans table: an episode's scans and the lesions each one looked at."""

from __future__ import annotations

from trochtrack.domain.model import Scan
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import (
    first_line,
    modality_label,
    show_date,
)


class ScanTableModel(RowTableModel[Scan]):
    """An episode's scans with the lesions each one looked at."""

    columns = (
        Column("Date", lambda s: show_date(s.date), sort_key=lambda s: s.date),
        Column("Modality", lambda s: modality_label(s.modality)),
        Column("Lesions", lambda s: ", ".join(f.lesion for f in s.findings)),
        Column("Report", lambda s: first_line(s.report), tooltip=lambda s: s.report),
    )
