"""A critical alert: the clinician records what was done about it, or that it was seen.

The dialog cannot be dismissed (Escape and the window's close button do nothing): it
shows the alert with its basis, and asks what was done, from a short list, with the
time it was done and a note ("not applicable" and "other" need the note). "Seen, record
later" only notes that the alert was seen: it then stays pinned at the top of the due
list and in the banner until an action is recorded.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.domain.actions import AlertActionKind, CriticalAction
from trochtrack.services.errors import ValidationError
from trochtrack.services.workflow import AlertView, act_on_alert, record_critical_action
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.operations import Change
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.alert_card import DISCLAIMER, AlertCard
from trochtrack.wording.labels import CRITICAL_ACTION_CHOICES

TIME_FORMAT = "yyyy-MM-dd HH:mm"
NOTE_HINTS = {
    CriticalAction.EMERGENCY_DEPARTMENT: "Optional: how, to which hospital, who was told",
    CriticalAction.SAME_DAY_MEDICAL: "Optional: with whom, and when they will see the patient",
    CriticalAction.NOT_APPLICABLE: "Required: why it does not apply to this patient",
    CriticalAction.OTHER: "Required: what was done",
}


class CriticalAlertDialog(FormDialog):
    """A critical alert with its evidence; on only by recording an action or that it was seen."""

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        patient: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Critical alert: record what was done", parent)
        self.patient_id = patient_id
        self.view = view
        self.retired = False
        self._seen_only = False
        self._show_alert(view, patient)
        self._build_choices()
        self._build_note_and_time()
        self.add_field("taken", "What was done:", self.choices)
        self.add_field("reason", "&Note:", self.note_edit)
        self.add_field("taken_at", "&When:", self.time_edit)
        self.body.addWidget(PlainLabel(DISCLAIMER, self, wrap=True))
        self._build_buttons()
        self.setMinimumWidth(600)
        self.finish()
        self.choice_buttons[CriticalAction.EMERGENCY_DEPARTMENT].setFocus()

    def _show_alert(self, view: AlertView, patient: str) -> None:
        """The patient's name in bold and the alert's card, its basis unfolded."""
        self.patient_label = PlainLabel(f"Patient: {patient}", self)
        font = self.patient_label.font()
        font.setBold(True)
        self.patient_label.setFont(font)
        self.card = AlertCard(view, self, actions=False)
        self.card.why_button.setChecked(True)
        self.body.insertWidget(1, self.patient_label)
        self.body.insertWidget(2, self.card)

    def _build_choices(self) -> None:
        """A numbered radio button for each action that can be recorded."""
        self.choices = QWidget(self)
        column = QVBoxLayout(self.choices)
        column.setContentsMargins(0, 0, 0, 0)
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: dict[CriticalAction, QRadioButton] = {}
        for number, (taken, label) in enumerate(CRITICAL_ACTION_CHOICES.items(), start=1):
            radio = QRadioButton(f"&{number} {label}", self.choices)
            self.choice_group.addButton(radio)
            self.choice_buttons[taken] = radio
            column.addWidget(radio)
            radio.toggled.connect(self._on_choice)

    def _build_note_and_time(self) -> None:
        """The note (its hint follows the choice) and when it was done, now to begin with."""
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_edit.setPlaceholderText("Choose what was done first")
        now = self.ctx.clinic.now().astimezone()
        shown = QDateTime(
            QDate(now.year, now.month, now.day),
            QTime(now.hour, now.minute, now.second, now.microsecond // 1000),
        )
        self.time_edit = QDateTimeEdit(shown, self)
        self.time_edit.setDisplayFormat(TIME_FORMAT)
        self.time_edit.setCalendarPopup(True)

    def _build_buttons(self) -> None:
        """Record action (the default) and Seen: record the action later; no Cancel."""
        self.buttons.clear()
        self.save_button = self.buttons.addButton(
            "&Record action", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.later_button = QPushButton("&Seen: record the action later", self)
        self.later_button.setAutoDefault(False)
        self.later_button.setToolTip(
            "The alert stays pinned at the top of the due list until an action is recorded"
        )
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.later_button.clicked.connect(self.save_seen)

    def chosen(self) -> CriticalAction | None:
        return next((t for t, radio in self.choice_buttons.items() if radio.isChecked()), None)

    def taken_at(self) -> datetime:
        """The time typed, in the clinic's local time zone."""
        typed = self.time_edit.dateTime()
        day, time = typed.date(), typed.time()
        return datetime(
            day.year(),
            day.month(),
            day.day(),
            time.hour(),
            time.minute(),
            time.second(),
            time.msec() * 1000,
        ).astimezone()

    def save_seen(self) -> bool:
        """Note only that the alert was seen; it stays pinned."""
        self._seen_only = True
        try:
            return self.save()
        finally:
            self._seen_only = False

    @override
    def commit(self) -> Change:
        clinic = self.ctx.clinic
        if self._seen_only:
            act_on_alert(
                clinic, self.view.episode_id, self.view.alert, AlertActionKind.ACKNOWLEDGED
            )
        else:
            taken = self.chosen()
            if taken is None:
                raise ValidationError("taken", "choose what was done")
            record_critical_action(
                clinic,
                self.view.episode_id,
                self.view.alert,
                taken,
                note=self.note_edit.toPlainText().strip() or None,
                taken_at=self.taken_at(),
            )
        return Change(patient_id=self.patient_id)

    def retire(self) -> None:
        """Never show again (hidden by the lock unanswered; a fresh one asks after)."""
        self.retired = True

    @override
    def setVisible(self, visible: bool) -> None:
        if visible and self.retired:
            return
        super().setVisible(visible)

    @override
    def reject(self) -> None:
        """Escape and the close button do nothing: record an action, or that it was seen."""

    def _on_choice(self) -> None:
        taken = self.chosen()
        if taken is not None:
            self.note_edit.setPlaceholderText(NOTE_HINTS[taken])
