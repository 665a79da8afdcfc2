"""Date entry: ISO order while typing (no day/month ambiguity), a calendar on demand."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import EARLIEST_DATE

DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateEdit(QDateEdit):
    """A date field with a calendar popup."""

    def __init__(
        self, value: date, parent: QWidget | None = None, *, latest: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setMinimumDate(to_qdate(EARLIEST_DATE))
        if latest is not None:
            self.setMaximumDate(to_qdate(latest))
        self.set_value(value)

    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, day: date) -> None:
        self.setDate(to_qdate(day))


class RequiredDateEdit(DateEdit):
    """A date that starts blank (a default date of birth would be saved by mistake)."""

    def __init__(
        self, value: date | None, parent: QWidget | None = None, *, latest: date | None = None
    ) -> None:
        blank = EARLIEST_DATE - timedelta(days=1)
        super().__init__(value or blank, parent, latest=latest)
        self.setMinimumDate(to_qdate(blank))
        self.setSpecialValueText("not entered")
        self.set_value(value or blank)

    def entered(self, field: str) -> date:
        """The date typed; raises naming ``field`` while it is blank."""
        if self.date() == self.minimumDate():
            raise ValidationError(field, "enter the date")
        return self.value()


class OptionalDateEdit(QWidget):
    """A date that may be left out: a check box says whether it is known."""

    changed = Signal()

    def __init__(
        self,
        caption: str,
        default: date,
        parent: QWidget | None = None,
        *,
        latest: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(caption, self)
        self.edit = DateEdit(default, self, latest=latest)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        self.edit.setEnabled(False)
        self.check.setAccessibleName(caption)
        self.edit.setAccessibleName(f"{caption}: date")
        self.setFocusProxy(self.check)

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.set_value(day)
