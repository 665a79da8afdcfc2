"""The patient's letters and handouts: produce new ones, preview, print, save, open, correct.

An issued letter is never changed. One composed and issued here can be corrected: the
correction is a new draft and, once issued, a new document that names the one it
corrects; both stay in the log.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QVBoxLayout, QWidget

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
    correct_requested = Signal(object)
    """An issued composed letter to correct by a new version."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.composed: frozenset[int] = frozenset()
        self.model = DocumentTableModel(self)
        self.table = make_table(self.model, "Letters and handouts", self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        create = self._build_create_buttons()
        # On a row of their own: beside the New buttons they would widen the tab until
        # the alert cards beside it are cut off on a small screen.
        selected = self._build_document_buttons()
        self.table.doubleClicked.connect(lambda _index: self._emit_selected(self.preview_requested))
        layout = QVBoxLayout(self)
        layout.addLayout(create)
        layout.addLayout(selected)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    def _build_create_buttons(self) -> QHBoxLayout:
        """New: one button per kind of document."""
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
        return create

    def _build_document_buttons(self) -> QHBoxLayout:
        """What can be done with the selected document, each also in the table's menu."""
        row = QHBoxLayout()
        row.addWidget(PlainLabel("Selected:", self))
        self.preview_button = QPushButton("Preview", self)
        self.print_button = QPushButton("Print…", self)
        self.save_button = QPushButton("Save as…", self)
        self.open_button = QPushButton("Open in viewer", self)
        self.correct_button = QPushButton("Correct…", self)
        self.correct_button.setToolTip(
            "Write a corrected version of this letter; the letter as issued is kept"
        )
        self.document_buttons: dict[QPushButton, SignalInstance] = {
            self.preview_button: self.preview_requested,
            self.print_button: self.print_requested,
            self.save_button: self.save_requested,
            self.open_button: self.open_requested,
            self.correct_button: self.correct_requested,
        }
        for button, signal in self.document_buttons.items():
            button.clicked.connect(
                lambda _checked=False, signal=signal: self._emit_selected(signal)
            )
            button.setAccessibleName(f"{button.text().rstrip('…')} the selected document")
            row.addWidget(button)
        row.addStretch(1)
        return row

    def set_documents(self, documents: list[DocumentInfo], composed: frozenset[int]) -> None:
        """``composed``: the ids of the documents composed and issued here."""
        self.composed = composed
        self.model.set_rows(documents)
        self.table.fit_columns()
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

    def document_menu(self) -> QMenu:
        """The table's context menu: the buttons' actions on the selected document."""
        menu = QMenu(self)
        for button, signal in self.document_buttons.items():
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(
                lambda _checked=False, signal=signal: self._emit_selected(signal)
            )
        return menu

    def _show_menu(self, position: QPoint) -> None:
        row = self.table.indexAt(position).row()
        if row < 0:
            return
        self.table.selectRow(row)
        menu = self.document_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _on_selection_changed(self) -> None:
        document = self.selected()
        ready = document is not None and document.status is DocumentStatus.GENERATED
        for button in self.document_buttons:
            button.setEnabled(ready)
        # Only a letter composed here has the draft a correction starts from.
        self.correct_button.setEnabled(
            ready and document is not None and document.id in self.composed
        )
