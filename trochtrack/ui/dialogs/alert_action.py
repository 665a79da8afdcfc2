"""Overriding an alert (a reason is required) or snoozing it until a date."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from trochtrack.domain.actions import AlertActionKind
from trochtrack.services.workflow import AlertView, act_on_alert
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.operations import Change
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.dates import DateEdit

DEFAULT_SNOOZE_DAYS = 7


class AlertActionDialog(FormDialog):
    """The reason for an override, or the date a snoozed alert comes back."""

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        action: AlertActionKind,
        parent: QWidget | None = None,
    ) -> None:
        snoozing = action is AlertActionKind.SNOOZED
        super().__init__(ctx, "Snooze alert" if snoozing else "Override alert", parent)
        self.patient_id = patient_id
        self.view = view
        self.action = action
        self.body.insertWidget(1, PlainLabel(view.alert.summary, self, wrap=True))
        today = ctx.clinic.today()
        # An override has no date: the box is made only when snoozing (made and left out of
        # the form, it lay over the alert's text).
        self.until_edit: DateEdit | None = None
        if snoozing:
            self.until_edit = DateEdit(
                today + timedelta(days=DEFAULT_SNOOZE_DAYS),
                self,
                earliest=today + timedelta(days=1),
            )
            self.add_field("snooze_until", "Back &on:", self.until_edit)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        if snoozing:
            self.add_field("reason", "&Reason (optional):", self.reason_edit)
        else:
            self.reason_edit.setPlaceholderText("Why this alert does not apply to this patient")
            self.add_field("reason", "&Reason:", self.reason_edit)
        self.setMinimumWidth(460)
        self.finish()
        (self.until_edit or self.reason_edit).setFocus()

    def commit(self) -> Change:
        act_on_alert(
            self.ctx.clinic,
            self.view.episode_id,
            self.view.alert,
            self.action,
            reason=self.reason_edit.toPlainText().strip() or None,
            snooze_until=None if self.until_edit is None else self.until_edit.value(),
        )
        return Change(patient_id=self.patient_id)
