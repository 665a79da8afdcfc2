"""The escalation decision: continue first-line care, start second-line care, or refer.

It answers the first-line alerts standing at the decision point (they leave the due
list) and appears on the episode's timeline.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.rules import SECOND_LINE_OPTIONS, Alert
from trochtrack.domain.vocabulary import TreatmentKind
from trochtrack.services.workflow import ANSWERED_BY_DECISION, record_decision
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog, show_row
from trochtrack.ui.operations import Change
from trochtrack.ui.text import PlainLabel, treatment_label
from trochtrack.ui.widgets.dates import DateEdit
from trochtrack.wording.labels import DECISION_LABELS

DEFAULT_NEXT_REVIEW_DAYS = 14


class DecisionDialog(FormDialog):
    """Record what was decided at the review or escalation point, and why."""

    discard_question = "Close without recording the decision?"

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        episode_id: int,
        standing_alerts: list[Alert],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Escalation decision", parent)
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.standing_alerts = standing_alerts
        today = ctx.clinic.today()
        self._show_answered_alerts()
        self.decided_edit = DateEdit(today, self, latest=today)
        self.add_field("decided_on", "Decided &on:", self.decided_edit)
        self.add_field("kind", "&Decision:", self._build_kind_choice())
        self.add_field("second_line", "Start:", self._build_second_line_choice())
        self.form.addRow(self._build_options_note())
        self.referred_edit = QLineEdit(self)
        self.referred_edit.setPlaceholderText("e.g. sports physician, orthopaedic surgeon")
        self.add_field("referred_to", "&Referred to:", self.referred_edit)
        self.next_review_edit = DateEdit(today + timedelta(days=DEFAULT_NEXT_REVIEW_DAYS), self)
        self.add_field("next_review", "&Next review:", self.next_review_edit)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(70)
        self.add_field("reason", "Rea&son:", self.reason_edit)
        self.kind_group.buttonToggled.connect(self._on_kind_changed)
        self._on_kind_changed()
        self.setMinimumWidth(600)
        self.finish()
        self.kind_radios[DecisionKind.CONTINUE_FIRST_LINE].setFocus()

    def _show_answered_alerts(self) -> None:
        """Above the form, the standing alerts this decision answers."""
        answered = [a for a in self.standing_alerts if a.code in ANSWERED_BY_DECISION]
        if answered:
            self.body.insertWidget(
                1,
                PlainLabel(
                    "This decision answers:\n"
                    + "\n".join(f"• {alert.summary}" for alert in answered),
                    self,
                    wrap=True,
                ),
            )

    def _build_kind_choice(self) -> QWidget:
        """One radio button per kind of decision; continuing first-line care is chosen."""
        choice = QWidget(self)
        row = QHBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        self.kind_group = QButtonGroup(self)
        self.kind_radios: dict[DecisionKind, QRadioButton] = {}
        for kind in DecisionKind:
            radio = QRadioButton(DECISION_LABELS[kind], choice)
            self.kind_group.addButton(radio)
            self.kind_radios[kind] = radio
            row.addWidget(radio)
        self.kind_radios[DecisionKind.CONTINUE_FIRST_LINE].setChecked(True)
        return choice

    def _build_second_line_choice(self) -> QGroupBox:
        """A check box for each second-line treatment, two to a row."""
        self.second_line_box = QGroupBox("Second-line treatment(s) to start", self)
        grid = QGridLayout(self.second_line_box)
        self.second_line_checks: dict[TreatmentKind, QCheckBox] = {}
        for number, treatment in enumerate(k for k in TreatmentKind if k.second_line):
            box = QCheckBox(treatment_label(treatment), self.second_line_box)
            grid.addWidget(box, number // 2, number % 2)
            self.second_line_checks[treatment] = box
        return self.second_line_box

    def _build_options_note(self) -> PlainLabel:
        """The second-line options the evidence supports, with their sources."""
        self.options_label = PlainLabel(
            "Options the evidence supports (none is preferred):\n"
            + "\n".join(f"• {text} [{', '.join(tags)}]" for text, tags in SECOND_LINE_OPTIONS),
            self,
            wrap=True,
        )
        return self.options_label

    def chosen_kind(self) -> DecisionKind:
        return next(kind for kind, radio in self.kind_radios.items() if radio.isChecked())

    def _on_kind_changed(self) -> None:
        kind = self.chosen_kind()
        show_row(self.form, self.second_line_box, kind is DecisionKind.SECOND_LINE)
        self.options_label.setVisible(kind is DecisionKind.SECOND_LINE)
        show_row(self.form, self.referred_edit, kind is DecisionKind.REFER)
        show_row(self.form, self.next_review_edit, kind is DecisionKind.CONTINUE_FIRST_LINE)
        self.adjustSize()

    def entered_decision(self) -> EscalationDecision:
        kind = self.chosen_kind()
        return EscalationDecision(
            decided_on=self.decided_edit.value(),
            kind=kind,
            clinician=self.ctx.clinic.actor or "",
            reason=self.reason_edit.toPlainText().strip() or None,
            second_line=tuple(k for k, box in self.second_line_checks.items() if box.isChecked())
            if kind is DecisionKind.SECOND_LINE
            else (),
            referred_to=(self.referred_edit.text().strip() or None)
            if kind is DecisionKind.REFER
            else None,
            next_review=self.next_review_edit.value()
            if kind is DecisionKind.CONTINUE_FIRST_LINE
            else None,
        )

    def commit(self) -> Change:
        record_decision(
            self.ctx.clinic, self.episode_id, self.entered_decision(), self.standing_alerts
        )
        return Change(patient_id=self.patient_id)
