"""The one interruption: a new critical alert, shown until it is acknowledged."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget
from typing_extensions import override

from trochtrack.services.workflow import AlertView
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.alert_card import DISCLAIMER, AlertCard


class CriticalAlertDialog(QDialog):
    """A critical alert with its evidence; the only way on is to acknowledge it."""

    def __init__(self, view: AlertView, patient: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Critical alert")
        self.setModal(True)
        self.patient_label = PlainLabel(f"Patient: {patient}", self)
        font = self.patient_label.font()
        font.setBold(True)
        self.patient_label.setFont(font)
        self.card = AlertCard(view, self)
        for button in self.card.action_buttons:
            button.setVisible(False)
        self.card.why_button.setChecked(True)
        buttons = QDialogButtonBox(self)
        self.acknowledge_button = buttons.addButton(
            "Acknowledge", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.acknowledge_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.patient_label)
        layout.addWidget(self.card)
        layout.addWidget(PlainLabel(DISCLAIMER, self, wrap=True))
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    @override
    def reject(self) -> None:
        """Escape and the close button do nothing: a critical alert must be acknowledged."""
