"""Composing a letter: edit the app's draft, choose the optional sections, see page one.

The four texts (what I ask of you, why I am writing, the plan, the closing) start as the
app's draft; the preview of page one follows the edits a moment after typing stops,
rendered on a worker so the window stays responsive. "Save draft" keeps the edits in the
database (they survive a restart); "Issue" saves, renders the final PDF, stores it in the
documents log and locks the letter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.reports.data import DetailSections, LetterText
from trochtrack.services import TrochtrackError
from trochtrack.services.letter_compose import (
    LetterDraft,
    issue_draft,
    preview_draft,
    save_draft,
)
from trochtrack.ui.context import AppContext
from trochtrack.ui.operations import Change, Failed, Operation
from trochtrack.ui.printing import PrintError, _LoadedPdf
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.workers import Worker

PREVIEW_DELAY_MS: Final = 700
PREVIEW_DPI: Final = 60
TEXT_LABELS: Final = {
    "request": "What I &ask of you:",
    "opening": "&Why I am writing:",
    "plan": "&Plan:",
    "closing": "&Closing:",
}
SECTION_LABELS: Final = {
    "charts": "Charts",
    "scans": "Scan findings",
    "decision_support": "Decision-support points and references",
}


class ComposeDialog(QDialog):
    """Edit a letter draft with a live preview of page one, then save or issue it."""

    def __init__(self, ctx: AppContext, draft: LetterDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft = draft
        self.document: DocumentInfo | None = None
        self.preview_worker: Worker | None = None
        self.preview_pending = False
        self.issue_worker: Worker | None = None
        self.setWindowTitle(
            "Compose the letter"
            if draft.corrects_document_id is None
            else f"Correct document {draft.corrects_document_id}"
        )
        self.text_edits = {name: self._text_edit(getattr(draft.text, name)) for name in TEXT_LABELS}
        self.section_boxes = {
            name: QCheckBox(label, self) for name, label in SECTION_LABELS.items()
        }
        for name, box in self.section_boxes.items():
            box.setChecked(getattr(draft.sections, name))
            box.toggled.connect(self._schedule_preview)
        self.preference_edit: QLineEdit | None = None
        if draft.kind is DocumentKind.REFERRAL:
            self.preference_edit = QLineEdit(draft.patient_preference or "", self)
            self.preference_edit.setPlaceholderText("Only if the patient said")
            self.preference_edit.textChanged.connect(self._schedule_preview)
        self.error_label = PlainLabel("", self, wrap=True)
        self.error_label.setStyleSheet("color: #A01010")
        self.preview_label = QLabel("Preparing the preview…", self)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.preview_label.setAccessibleName("Preview of page one")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self._start_preview)
        self.save_button = QPushButton("&Save draft", self)
        self.issue_button = QPushButton("&Issue", self)
        self.save_button.clicked.connect(self.save)
        self.issue_button.clicked.connect(self.issue)
        self._lay_out()
        self._start_preview()

    def _text_edit(self, text: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(text, self)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(64)
        edit.textChanged.connect(self._schedule_preview)
        return edit

    def _lay_out(self) -> None:
        form = QFormLayout()
        for name, label in TEXT_LABELS.items():
            form.addRow(label, self.text_edits[name])
        sections = QVBoxLayout()
        for box in self.section_boxes.values():
            sections.addWidget(box)
        if self.preference_edit is not None:
            form.addRow("Patient's p&reference:", self.preference_edit)
        form.addRow("Clinical detail:", sections)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error_label)
        left.addStretch(1)
        left.addWidget(buttons)
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview_label)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(520)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(scroll, 1)

    def edited(self) -> LetterDraft:
        """The draft with what is in the dialog now."""
        text = LetterText(**{name: edit.toPlainText() for name, edit in self.text_edits.items()})
        sections = DetailSections(
            **{name: box.isChecked() for name, box in self.section_boxes.items()}
        )
        preference = None if self.preference_edit is None else self.preference_edit.text().strip()
        return replace(
            self.draft, text=text, sections=sections, patient_preference=preference or None
        )

    def save(self) -> bool:
        """Keep the edits; ``False`` (with the reason shown) when they cannot be kept."""
        try:
            self.draft = save_draft(self.ctx.clinic, self.edited())
        except TrochtrackError as error:
            self.error_label.setText(f"Not saved. {error}")
            return False
        self.error_label.setText("")
        return True

    def issue(self) -> None:
        """Save, then render, store and lock the letter on a worker."""
        if self.issue_worker is not None or not self.save():
            return
        clinic, draft_id = self.ctx.clinic, self.draft.id

        def produce() -> DocumentInfo:
            return issue_draft(clinic, draft_id)

        operation = Operation(
            self.ctx,
            self,
            produce,
            title=self.windowTitle(),
            failure="Not issued.",
            changed=Change(patient_id=self.draft.patient_id),
            on_failure=self._on_issue_failed,
        )
        self.issue_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.issue_worker = operation.start(self._on_issued)

    def _on_issued(self, outcome: DocumentInfo | Failed) -> None:
        self.issue_worker = None
        if isinstance(outcome, Failed):
            return
        self.document = outcome
        self.accept()

    def _on_issue_failed(self, error: Exception) -> None:
        self.issue_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.error_label.setText(f"Not issued. {error}")

    def _schedule_preview(self) -> None:
        self.timer.start()

    def _start_preview(self) -> None:
        if self.preview_worker is not None:
            self.preview_pending = True
            return
        clinic, draft = self.ctx.clinic, self.edited()

        def render() -> bytes:
            return preview_draft(clinic, draft)

        self.preview_worker = Worker(render)
        self.preview_worker.signals.succeeded.connect(self._on_preview)
        self.preview_worker.signals.failed.connect(self._on_preview_failed)
        self.preview_worker.start()

    def _on_preview(self, pdf: bytes) -> None:
        self.preview_worker = None
        try:
            loaded = _LoadedPdf(pdf)
        except PrintError as error:
            self._on_preview_failed(str(error))
            return
        try:
            self.preview_label.setPixmap(QPixmap.fromImage(loaded.render(0, PREVIEW_DPI)))
            self.preview_label.setToolTip(f"Page 1 of {loaded.page_count()}")
        finally:
            loaded.close()
        self._next_preview()

    def _on_preview_failed(self, error: Exception | str) -> None:
        self.preview_worker = None
        self.preview_label.setText(f"No preview: {error}")
        self._next_preview()

    def _next_preview(self) -> None:
        if self.preview_pending:
            self.preview_pending = False
            self._start_preview()

    def reject(self) -> None:
        """Close unless the letter is being issued (the draft is kept as last saved)."""
        if self.issue_worker is None:
            super().reject()
