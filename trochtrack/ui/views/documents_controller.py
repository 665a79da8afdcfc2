"""What the Letters tab does with a patient's documents: produce, show, print, correct.

The stored PDF is read through the services each time (never kept in the window), so
what is previewed, printed or saved is the document exactly as the log holds it. A
correction never touches the issued letter: it opens the compose dialog on a new draft
holding what the letter said, and issuing that adds a new document naming the old one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.services.documents import document_pdf
from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.letter_compose import LetterDraft, open_drafts, start_correction
from trochtrack.services.letters import suggested_recipient
from trochtrack.services.workflow import AlertView
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.compose import ComposeDialog
from trochtrack.ui.dialogs.letters import LetterDialog
from trochtrack.ui.operations import Failed, Operation
from trochtrack.ui.printing import (
    PrintError,
    choose_printer_and_print,
    open_in_viewer,
    preview_pdf,
    save_pdf_as,
)
from trochtrack.ui.views.patient_tabs import PatientTabs


class ShownPatient(Protocol):
    """The patient and episode on view (the patient view)."""

    patient_id: int | None
    episode_id: int | None
    evaluation: PatientEvaluation | None
    alert_views: list[AlertView]


class DocumentsController(QObject):
    """The Letters tab's buttons, acting on the patient on view."""

    message = Signal(str)
    """A short note for the status bar (printed, saved)."""

    def __init__(
        self, ctx: AppContext, shown: ShownPatient, tabs: PatientTabs, view: QWidget
    ) -> None:
        """``view`` is the patient view: the dialogs and questions open over it."""
        super().__init__(view)
        self.ctx = ctx
        self._shown = shown
        self._tabs = tabs
        self._view = view
        letters = tabs.letters_tab
        letters.create_requested.connect(self.create_document)
        letters.preview_requested.connect(self.preview_document)
        letters.print_requested.connect(self.print_document)
        letters.save_requested.connect(self.save_document)
        letters.open_requested.connect(self.open_document)
        letters.correct_requested.connect(self.correct_document)

    def create_document(self, kind: DocumentKind) -> LetterDialog | None:
        patient_id, episode_id = self._shown.patient_id, self._shown.episode_id
        if patient_id is None or episode_id is None:
            return None
        red_flags = [v for v in self._shown.alert_views if v.alert.code.is_red_flag]
        evaluation = self._shown.evaluation
        episode = None if evaluation is None else evaluation.record.episode(episode_id)
        dialog = LetterDialog(
            self.ctx,
            patient_id,
            episode_id,
            kind,
            self._view,
            red_flag_recipient=suggested_recipient(red_flags) if red_flags else None,
            next_appointment=None if episode is None else episode.next_appointment,
        )
        dialog.open()
        return dialog

    def _pdf(self, document: DocumentInfo) -> bytes | None:
        stored = Operation(
            self.ctx,
            self._view,
            lambda: document_pdf(self.ctx.clinic, document.id),
            title="Letters",
            failure="The document cannot be shown.",
        ).run()
        return None if isinstance(stored, Failed) else stored[1]

    def preview_document(self, document: DocumentInfo) -> QDialog | None:
        pdf = self._pdf(document)
        if pdf is None:
            return None
        try:
            dialog = preview_pdf(pdf, self._view)
        except PrintError as error:
            self.ctx.prompter.warn(self._view, "Preview", str(error))
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_document(self, document: DocumentInfo | None = None) -> bool:
        """Print ``document``, or the one selected on the Letters tab (Ctrl+P)."""
        self._tabs.show_letters()
        document = document or self._tabs.letters_tab.selected()
        if document is None or document.status is not DocumentStatus.GENERATED:
            self.message.emit("Nothing to print: produce a letter or choose one first.")
            return False
        pdf = self._pdf(document)
        if pdf is None:
            return False
        try:
            printed = choose_printer_and_print(pdf, self._view)
        except PrintError as error:
            self.ctx.prompter.warn(self._view, "Print", f"Not printed. {error}")
            return False
        if printed:
            self.message.emit(f"Sent to the printer: {document.title}")
        return printed

    def save_document(self, document: DocumentInfo) -> Path | None:
        pdf = self._pdf(document)
        evaluation = self._shown.evaluation
        if pdf is None or evaluation is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = (
            f"{evaluation.record.patient.ref}-{document.kind.value}-"
            f"{document.document_date.isoformat()}.pdf"
        )
        path = self.ctx.prompter.save_path(
            self._view, "Save PDF", Path(folder) / name, "PDF (*.pdf)"
        )
        if path is None:
            return None
        try:
            save_pdf_as(pdf, path)
        except OSError as error:
            self.ctx.prompter.warn(self._view, "Save PDF", f"Not saved: {error.strerror or error}")
            return None
        self.message.emit(f"Saved {path.name}")
        return path

    def open_document(self, document: DocumentInfo) -> bool:
        pdf = self._pdf(document)
        if pdf is None:
            return False
        if not open_in_viewer(pdf, self.ctx.paths.viewer):
            self.ctx.prompter.warn(
                self._view, "Open PDF", "No PDF viewer could be started; use Save as… instead."
            )
            return False
        return True

    def correct_document(self, document: DocumentInfo) -> ComposeDialog | None:
        """Open the compose dialog on a correction of ``document`` (a letter composed here).

        A correction of it left open (the dialog closed before issuing) is taken up
        again rather than started twice.
        """
        clinic, patient_id = self.ctx.clinic, document.patient_id

        def correction() -> LetterDraft:
            kept = [
                draft
                for draft in open_drafts(clinic, patient_id)
                if draft.corrects_document_id == document.id
            ]
            return kept[0] if kept else start_correction(clinic, document.id)

        draft = Operation(
            self.ctx,
            self._view,
            correction,
            title="Correct the letter",
            failure="No correction was started.",
        ).run()
        if isinstance(draft, Failed):
            return None
        # Not deleted on close: its preview may still be rendering on a worker it owns.
        dialog = ComposeDialog(self.ctx, draft, self._view)
        dialog.open()
        return dialog
