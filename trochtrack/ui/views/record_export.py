"""Patient > Export record: everything held about the patient, in one zip file.

The same export as ``trochtrack-cli export-record`` (a subject-access request): the case,
every stored letter, the decisions and alert actions, and the record's history; the
export itself goes into the audit trail. The file is written privately (0600).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QWidget

from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.retention import export_patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.operations import Failed, Operation

TITLE = "Export record"


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
