"""Patient > Export record and Print record: the whole record, in a file or on paper.

The export is the same as ``trochtrack-cli export-record`` (a subject-access request):
the case, every stored letter, the decisions and alert actions, and the record's
history, in one zip file written privately (0600). The printed record is a PDF of the
patient's details, every episode with all recorded in it, and the documents issued,
shown in a print preview to print from. Both go into the audit trail.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.record_printout import record_printout_pdf
from trochtrack.services.retention import export_patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.operations import Failed, Operation
from trochtrack.ui.printing import preview_pdf

TITLE = "Export record"
PRINT_TITLE = "Print record"


class ShownPatient(Protocol):
    """The patient on view (the patient view)."""

    evaluation: PatientEvaluation | None


def suggested_name(ref: str, day: date) -> str:
    """``P-SEED-record-2026-10-20.zip``: the patient's ref and the day, never their name."""
    return f"{ref}-record-{day.isoformat()}.zip"


def export_record(ctx: AppContext, parent: QWidget, ref: str) -> Path | None:
    """Ask where, then write the record there; the path written, or ``None``."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = ctx.prompter.save_path(
        parent,
        TITLE,
        Path(folder) / suggested_name(ref, ctx.clinic.today()),
        "Zip file (*.zip)",
    )
    if path is None:
        return None

    written = Operation(
        ctx,
        parent,
        lambda: export_patient_record(ctx.clinic, ref, path),
        title=TITLE,
        failure="The record was not exported.",
    ).run_in_worker("Writing the record…")
    if isinstance(written, Failed):
        return None
    ctx.prompter.inform(
        parent,
        TITLE,
        f"The whole record is in {written}, readable by you only. It holds patient data: "
        "keep it as safely as the records themselves.",
    )
    return written


def export_shown_record(ctx: AppContext, view: ShownPatient, parent: QWidget) -> Path | None:
    """Export the record of the patient on view (Patient > Export record)."""
    if view.evaluation is None:
        return None
    return export_record(ctx, parent, view.evaluation.record.patient.ref)


def print_shown_record(
    ctx: AppContext, view: ShownPatient, parent: QWidget
) -> QPrintPreviewDialog | None:
    """Lay out the record of the patient on view and open it in a print preview."""
    if view.evaluation is None:
        return None
    patient_id = view.evaluation.record.patient_id
    pdf = Operation(
        ctx,
        parent,
        lambda: record_printout_pdf(ctx.clinic, patient_id, as_of=ctx.clinic.today()),
        title=PRINT_TITLE,
        failure="The record was not laid out for printing.",
    ).run_in_worker("Laying out the record…")
    if isinstance(pdf, Failed):
        return None
    preview = preview_pdf(pdf, parent)
    preview.setWindowTitle(f"{PRINT_TITLE}: {view.evaluation.record.patient.display_name}")
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.open()
    return preview
