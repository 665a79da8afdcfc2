"""The alert cards of the episode on view, beside the patient's tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from trochtrack.services.workflow import AlertView
from trochtrack.ui.tab_order import follow_layout
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.alert_card import DISCLAIMER, AlertCard


class AlertsPanel(QWidget):
    """Active alerts first, then the ones already acted on."""

    acknowledge_requested = Signal(object)
    override_requested = Signal(object)
    snooze_requested = Signal(object)
    decision_requested = Signal(object)
    action_requested = Signal(object)
    history_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = PlainLabel("Alerts", self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.cards: list[AlertCard] = []
        self._inner = QWidget()
        self._cards_layout = QVBoxLayout(self._inner)
        self._cards_layout.setContentsMargins(0, 0, 6, 0)
        self._cards_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._inner)
        self.footer = PlainLabel(DISCLAIMER, self, wrap=True)
        self.footer.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.footer)

    def set_alerts(self, views: list[AlertView]) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        ordered = [v for v in views if v.awaiting_action]
        ordered += [v for v in views if v.active and not v.awaiting_action]
        ordered += [v for v in views if not v.active and not v.awaiting_action]
        self.cards = []
        for view in ordered:
            card = AlertCard(view, self._inner)
            card.acknowledge_requested.connect(self.acknowledge_requested)
            card.override_requested.connect(self.override_requested)
            card.snooze_requested.connect(self.snooze_requested)
            card.decision_requested.connect(self.decision_requested)
            card.action_requested.connect(self.action_requested)
            card.history_requested.connect(self.history_requested)
            self._cards_layout.insertWidget(
                self._cards_layout.count() - 1, card, 0, Qt.AlignmentFlag.AlignTop
            )
            self.cards.append(card)
        follow_layout(self)
        active = sum(1 for v in views if v.active or v.awaiting_action)
        if not views:
            self.heading.setText("Alerts: none")
        else:
            self.heading.setText(
                f"Alerts: {active} need attention" if active else "Alerts: all seen"
            )
