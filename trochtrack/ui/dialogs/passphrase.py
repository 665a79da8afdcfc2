"""Asking for the database passphrase at start (when the database is protected)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from trochtrack.ui.text import ERROR_COLOUR, PlainLabel


class PassphraseDialog(QDialog):
    """The passphrase that opens the encrypted database."""

    def __init__(self, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("trochtrack: passphrase")
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Passphrase")
        self.edit.setMinimumWidth(320)
        self.problem_label = PlainLabel(problem, self, wrap=True)
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem_label.setVisible(bool(problem))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel("The patient database is protected by a passphrase.", self))
        layout.addWidget(self.edit)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def passphrase(self) -> str:
        return self.edit.text()
