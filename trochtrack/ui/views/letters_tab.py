"""The patient's letters and handouts: produce new ones, preview, print, save or open them."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.ui.models.document_table import DocumentTableModel
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.views.record_tab import make_table, selected_row


class LettersTab(QWidget):
    """The documents log of one patient, newest first, and what can be done with it."""

    create_requested = Signal(object)
    """The DocumentKind to produce."""
    preview_requested = Signal(object)
    print_requested = Signal(object)
    save_requested = Signal(object)
    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTableModel(self)
        self.table = make_table(self.model, "Letters and handouts", self)
        create = QHBoxLayout()
        create.addWidget(PlainLabel("New:", self))
        self.create_buttons: dict[DocumentKind, QPushButton] = {}
        for kind, text in (
            (DocumentKind.GP_FOLLOWUP, "GP letter…"),
            (DocumentKind.REFERRAL, "Referral…"),
            (DocumentKind.HANDOUT, "Handout…"),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(
                lambda _checked=False, kind=kind: self.create_requested.emit(kind)
            )
            create.addWidget(button)
            self.create_buttons[kind] = button
        create.addStretch(1)
        self.preview_button = QPushButton("Preview", self)
        self.print_button = QPushButton("Print…", self)
        self.save_button = QPushButton("Save as…", self)
        self.open_button = QPushButton("Open in viewer", self)
        for button, signal in (
            (self.preview_button, self.preview_requested),
            (self.print_button, self.print_requested),
            (self.save_button, self.save_requested),
            (self.open_button, self.open_requested),
        ):
            button.clicked.connect(
                lambda _checked=False, signal=signal: self._emit_selected(signal)
            )
            button.setAccessibleName(f"{button.text().rstrip('…')} the selected document")
            create.addWidget(button)
        self.table.doubleClicked.connect(lambda _index: self._emit_selected(self.preview_requested))
        layout = QVBoxLayout(self)
        layout.addLayout(create)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        self.model.set_rows(documents)
        self.table.resizeColumnsToContents()
        if documents:
            self.table.selectRow(0)
        self._on_selection_changed()

    def selected(self) -> DocumentInfo | None:
        document = selected_row(self.table)
        return document if isinstance(document, DocumentInfo) else None

    def _emit_selected(self, signal: SignalInstance) -> None:
        document = self.selected()
        if document is not None:
            signal.emit(document)

    def _on_selection_changed(self) -> None:
        document = self.selected()
        ready = document is not None and document.status is DocumentStatus.GENERATED
        for button in (self.preview_button, self.print_button, self.save_button, self.open_button):
            button.setEnabled(ready)
