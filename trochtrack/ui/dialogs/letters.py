"""Producing documents: one letter or handout for a patient, or a batch for the due list.

Rendering a PDF takes a moment (charts, fonts), so it runs on a worker thread while the
dialog shows progress; the window stays responsive and a batch can be cancelled between
letters (what was produced is kept).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.services import TrochtrackError
from trochtrack.services.letter_compose import open_drafts, start_draft
from trochtrack.services.letters import (
    BatchResult,
    DocumentRequest,
    LetterTarget,
    RedFlagRecipient,
    generate_batch,
    generate_document,
)
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.models.document_table import document_kind_label
from trochtrack.ui.models.due_table import THIS_WEEK_DAYS
from trochtrack.ui.operations import Change, Failed, Operation
from trochtrack.ui.text import PlainLabel, show_date
from trochtrack.ui.workers import Progress, Worker

LETTER_INTROS = {
    DocumentKind.GP_FOLLOWUP: (
        "A follow-up letter to the patient's GP: scores, scans, alerts and the plan."
    ),
    DocumentKind.REFERRAL: (
        "A referral letter: the red flags or the failed first-line course, and the options "
        "the recorded decision chose (or every option, none preferred)."
    ),
    DocumentKind.HANDOUT: "A handout for the patient: the exercises and the next dates.",
}


RECIPIENT_CHOICES = {
    RedFlagRecipient.GP: "The patient's GP (same-day medical assessment)",
    RedFlagRecipient.EMERGENCY_DEPARTMENT: "The emergency department",
}


def appointment_note(kind: DocumentKind, booked: date | None) -> str:
    """What the document will say of the next appointment, and where that is changed."""
    if booked is not None:
        return f"{show_date(booked)}, as booked in Episode details."
    if kind is DocumentKind.HANDOUT:
        return (
            "None booked: the handout asks the patient to book one. "
            "Book it in Episode details to have it printed."
        )
    return "None booked (book it in Episode details to have the letter give it)."


class LetterDialog(FormDialog):
    """Produce one document for the patient (dated today) and keep it in their documents."""

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        episode_id: int,
        kind: DocumentKind,
        parent: QWidget | None = None,
        *,
        red_flag_recipient: RedFlagRecipient | None = None,
        next_appointment: date | None = None,
    ) -> None:
        """A red flag's referral goes to ``red_flag_recipient``; the appointment: the episode's."""
        super().__init__(ctx, document_kind_label(kind), parent)
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.kind = kind
        self.worker: Worker | None = None
        self.document: DocumentInfo | None = None
        self.body.insertWidget(1, PlainLabel(LETTER_INTROS[kind], self, wrap=True))
        # A kind's fields only: one made and left out of the form would lie over its top.
        self.plan_edit: QPlainTextEdit | None = None
        self.appointment_note: PlainLabel | None = None
        if kind is DocumentKind.GP_FOLLOWUP:
            self.plan_edit = QPlainTextEdit(self)
            self.plan_edit.setTabChangesFocus(True)
            self.plan_edit.setFixedHeight(80)
            self.plan_edit.setPlaceholderText(
                "Leave empty for the recorded decision, or the standard wording"
            )
            self.add_field("plan", "&Plan:", self.plan_edit)
        if kind is not DocumentKind.REFERRAL:
            note = appointment_note(kind, next_appointment)
            self.appointment_note = PlainLabel(note, self, wrap=True)
            self.add_field("next_appointment", "Next appointment:", self.appointment_note)
        self.send_to_combo: QComboBox | None = None
        if kind is DocumentKind.REFERRAL and red_flag_recipient is not None:
            self.send_to_combo = QComboBox(self)
            for recipient, text in RECIPIENT_CHOICES.items():
                self.send_to_combo.addItem(text, recipient.value)
            self.send_to_combo.setCurrentIndex(
                self.send_to_combo.findData(red_flag_recipient.value)
            )
            self.add_field("send_to", "&Send to:", self.send_to_combo)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(False)
        self.busy_bar.setAccessibleName("Producing the document")
        self.body.addWidget(self.busy_bar)
        self.save_button.setText("Produce")
        self.compose_button: QPushButton | None = None
        if kind is not DocumentKind.HANDOUT:
            # Composing lets the clinician edit the wording before the letter is issued.
            self.compose_button = self.buttons.addButton(
                "&Edit the wording…", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.compose_button.clicked.connect(self.compose)
        self.setMinimumWidth(480)
        self.finish()

    def compose(self) -> None:
        """Draft the letter with the choices made here and open it in the compose dialog."""
        from trochtrack.ui.dialogs.compose import ComposeDialog

        request = self._request()
        try:
            # A draft left open (before a restart, say) is taken up again, not drafted anew;
            # a correction left open belongs to the letter it corrects, not to a new one.
            kept = [
                draft
                for draft in open_drafts(self.ctx.clinic, self.patient_id)
                if draft.kind is self.kind
                and draft.episode_id == self.episode_id
                and draft.corrects_document_id is None
            ]
            draft = kept[0] if kept else start_draft(self.ctx.clinic, request)
        except TrochtrackError as error:
            self.show_failure(f"Not drafted. {error}")
            return
        composer = ComposeDialog(self.ctx, draft, self)
        if composer.exec() == QDialog.DialogCode.Accepted and composer.document is not None:
            self.document = composer.document
            self.mark_saved()
            self.accept()

    def _request(self) -> DocumentRequest:
        """The document as chosen in the dialog, dated today."""
        send_to = (
            None
            if self.send_to_combo is None
            else RedFlagRecipient(self.send_to_combo.currentData())
        )
        return DocumentRequest(
            patient_id=self.patient_id,
            kind=self.kind,
            as_of=self.ctx.clinic.today(),
            episode_id=self.episode_id,
            plan=None if self.plan_edit is None else self.plan_edit.toPlainText().strip() or None,
            send_to=send_to,
        )

    @override
    def save(self) -> bool:
        """Start producing the document; the dialog closes when it is stored."""
        if self.worker is not None:
            return False
        self.clear_errors()
        clinic, request = self.ctx.clinic, self._request()

        def produce() -> DocumentInfo:
            return generate_document(clinic, request)

        operation = Operation(
            self.ctx,
            self,
            produce,
            title=self.windowTitle(),
            failure="Not produced.",
            changed=Change(patient_id=request.patient_id),
            on_failure=self._on_failed,
        )
        self.buttons.setEnabled(False)
        self.busy_bar.setVisible(True)
        self.worker = operation.start(self._on_done)
        return True

    def _on_done(self, outcome: DocumentInfo | Failed) -> None:
        self.worker = None
        if isinstance(outcome, Failed):
            return
        self.document = outcome
        self.mark_saved()
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self.busy_bar.setVisible(False)
        self.buttons.setEnabled(True)
        self.show_failure(f"Not produced. {str(error) or type(error).__name__}")

    @override
    def reject(self) -> None:
        if self.worker is None:
            super().reject()


class BatchLettersDialog(QDialog):
    """GP follow-up letters for every episode due within a week, with progress and Cancel."""

    def __init__(
        self, ctx: AppContext, targets: list[LetterTarget], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.targets = targets
        self.outcome: BatchResult | None = None
        """What the batch produced, once it stopped."""
        self.setWindowTitle("Letters for everyone due this week")
        self.setModal(True)
        today = ctx.clinic.today()
        self.status_label = PlainLabel(
            f"Writing GP follow-up letters for {len(targets)} patients due by "
            f"{show_date(today + timedelta(days=THIS_WEEK_DAYS))}…",
            self,
            wrap=True,
        )
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, max(len(targets), 1))
        self.progress_bar.setValue(0)
        self.progress_bar.setAccessibleName("Letters written")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        clinic = ctx.clinic

        self.progress = Progress()
        self.progress.progressed.connect(self._on_progressed)
        progress = self.progress

        def write_letters() -> BatchResult:
            return generate_batch(
                clinic,
                targets,
                DocumentKind.GP_FOLLOWUP,
                as_of=today,
                progress=progress.report,
                cancelled=progress.cancelled,
            )

        self.operation = Operation(
            ctx,
            self,
            write_letters,
            title=self.windowTitle(),
            failure="The letters stopped:",
            changed=lambda result: Change(
                patients=frozenset(document.patient_id for document in result.documents)
            ),
            on_failure=self._on_failed,
        )
        self.worker: Worker | None = None

    def start(self) -> None:
        self.open()
        self.worker = self.operation.start(self._on_done)

    def _on_done(self, outcome: BatchResult | Failed) -> None:
        self.worker = None
        if not isinstance(outcome, Failed):
            self._on_finished(outcome)

    def _on_progressed(self, done: int, total: int) -> None:
        self.progress_bar.setValue(done)
        self.status_label.setText(f"{done} of {total} letters written…")

    def _on_finished(self, result: BatchResult) -> None:
        self.outcome = result
        lines = [f"{len(result.documents)} letters written."]
        if result.cancelled:
            lines.append("Stopped on request; the letters already written are kept.")
        for target, reason in result.failures:
            lines.append(f"Not written for {target.patient_name} ({target.patient_ref}): {reason}")
        self.status_label.setText("\n".join(lines))
        self._show_close()

    def _on_failed(self, error: Exception) -> None:
        self.status_label.setText(f"The letters stopped: {str(error) or type(error).__name__}")
        self._show_close()

    def _show_close(self) -> None:
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

    @override
    def reject(self) -> None:
        if self.worker is not None:
            self.progress.cancel()
            self.status_label.setText("Stopping after the letter being written…")
            return
        super().reject()
