"""An alert as a card (docs/rules.md §9): severity, summary, why, options and actions.

The card shows the rule's inputs, thresholds and sources under "Why", so the clinician
can check the basis of the suggestion. It never acts by itself: its buttons emit signals
and the patient view records the action through the services.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trochtrack.domain.actions import AlertState
from trochtrack.domain.rules.sources import cite
from trochtrack.domain.vocabulary import Severity
from trochtrack.services.workflow import ANSWERED_BY_DECISION, AlertView, critical_response
from trochtrack.ui.text import SEVERITY_COLOURS, PlainLabel, evidence_lines, show_date
from trochtrack.wording.dates import readable
from trochtrack.wording.labels import SEVERITY_LABELS

DISCLAIMER: Final = "Decision support only. It does not replace clinical judgement."


def state_text(view: AlertView) -> str:
    """Where the alert stands, with who acted and when."""
    action = view.last_action
    if view.alert.severity is Severity.CRITICAL:
        prefix = "Awaiting action" if view.awaiting_action else "Action recorded"
        return f"{prefix}: {critical_response(action)}"
    if view.state is AlertState.ACTIVE or action is None:
        return "Active"
    who = f"{action.clinician}, {show_date(action.recorded_at.astimezone().date())}"
    if view.state is AlertState.SNOOZED and action.snooze_until is not None:
        return f"Snoozed until {show_date(action.snooze_until)} ({who})"
    if view.state is AlertState.OVERRIDDEN:
        return f"Overridden ({who}): {action.reason}"
    if view.state is AlertState.DECIDED:
        return f"Answered by the escalation decision ({who})"
    return f"Acknowledged ({who})"


class AlertCard(QFrame):
    """One alert of an episode, with its actions."""

    acknowledge_requested = Signal(object)
    override_requested = Signal(object)
    snooze_requested = Signal(object)
    decision_requested = Signal(object)
    action_requested = Signal(object)
    """Record what was done about a critical alert."""
    history_requested = Signal(object)

    def __init__(
        self, view: AlertView, parent: QWidget | None = None, *, actions: bool = True
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._style_frame()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self._build_heading())
        layout.addWidget(self.summary_label)
        if view.alert.options:
            layout.addWidget(self._build_options_label())
        self._build_why()
        self._lay_out_buttons(layout, actions=actions)
        layout.addWidget(self.details_label)

    def _style_frame(self) -> None:
        """A border in the severity's colour; an alert no longer standing is greyed."""
        alert = self.view.alert
        colour = SEVERITY_COLOURS[alert.severity]
        self.setObjectName("alertCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        standing = self.view.active or self.view.awaiting_action
        faded = "" if standing else "color: #555555;"
        self.setStyleSheet(
            f"#alertCard {{ border: 1px solid #C8C8C8; border-left: 6px solid {colour};"
            f" background: {'#FFFFFF' if standing else '#F4F4F4'}; {faded} }}"
        )
        self.setAccessibleName(f"{SEVERITY_LABELS[alert.severity]} alert: {alert.summary}")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _build_heading(self) -> QHBoxLayout:
        """The severity tag beside where the alert stands and when it is due; the summary."""
        alert = self.view.alert
        self.severity_label = PlainLabel(SEVERITY_LABELS[alert.severity].upper(), self)
        self.severity_label.setStyleSheet(
            f"background: {SEVERITY_COLOURS[alert.severity]}; color: white; padding: 1px 6px;"
            " font-weight: bold;"
        )
        due = f"Due {show_date(alert.due)}" if alert.due else ""
        self.state_label = PlainLabel(
            " · ".join(p for p in (state_text(self.view), due) if p), self
        )
        self.state_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.severity_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.state_label, 1)
        self.summary_label = PlainLabel(readable(alert.summary), self, wrap=True)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        return top

    def _build_options_label(self) -> PlainLabel:
        """The options the alert offers, none preferred."""
        self.options_label = PlainLabel(
            "Options to discuss (none is preferred):\n"
            + "\n".join(f"• {readable(option)}" for option in self.view.alert.options),
            self,
            wrap=True,
        )
        return self.options_label

    def _build_why(self) -> None:
        """The Why? toggle and the basis it unfolds (inputs, thresholds, sources)."""
        self.why_button = QToolButton(self)
        self.why_button.setText("Why?")
        self.why_button.setCheckable(True)
        self.why_button.setArrowType(Qt.ArrowType.RightArrow)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why_button.setAccessibleName("Show why this alert was raised")
        self.why_button.toggled.connect(self._on_why_toggled)
        self.details_label = PlainLabel(self._details_text(), self, wrap=True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setVisible(False)

    def _lay_out_buttons(self, layout: QVBoxLayout, *, actions: bool) -> None:
        """The answers the alert can take, the Why? toggle and its history."""
        view, alert = self.view, self.view.alert
        self.action_buttons: list[QPushButton] = []
        # The answer the alert asks for comes first, on its own row, so a narrow panel
        # never cuts it off: a decision, or what was done about a critical alert.
        first = QHBoxLayout()
        if actions and view.active and alert.code in ANSWERED_BY_DECISION:
            self._add_button(first, "Record decision…", self.decision_requested)
        if actions and alert.severity is Severity.CRITICAL and view.awaiting_action:
            self._add_button(first, "Record action…", self.action_requested)
        if self.action_buttons:
            first.addStretch(1)
            layout.addLayout(first)
        buttons = QHBoxLayout()
        buttons.addWidget(self.why_button)
        buttons.addStretch(1)
        self.history_button: QPushButton | None = None
        if actions and view.last_action is not None:
            self.history_button = self._add_button(buttons, "History…", self.history_requested)
            self.action_buttons.remove(self.history_button)
        if actions and view.active and alert.severity is not Severity.CRITICAL:
            # A critical alert is answered by what was done, never overridden or snoozed.
            answers = QHBoxLayout()
            self._add_button(answers, "Acknowledge", self.acknowledge_requested)
            self._add_button(answers, "Override…", self.override_requested)
            self._add_button(answers, "Snooze…", self.snooze_requested)
            answers.addStretch(1)
            layout.addLayout(buttons)
            buttons = answers
        layout.addLayout(buttons)

    def _add_button(self, layout: QHBoxLayout, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(f"{text.rstrip('…')}: {self.view.alert.summary}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda: signal.emit(self.view))
        layout.addWidget(button)
        self.action_buttons.append(button)
        return button

    def _details_text(self) -> str:
        alert = self.view.alert
        lines = [readable(alert.why), "", "Evidence:"]
        lines += [f"  {line}" for line in evidence_lines(dict(alert.evidence))]
        lines += ["", "Sources:", *(f"  {line}" for line in cite(alert.sources))]
        return "\n".join(lines)

    def _on_why_toggled(self, shown: bool) -> None:
        self.details_label.setVisible(shown)
        self.why_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
