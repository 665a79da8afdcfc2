"""Date entry as a person types it, with a calendar on demand.

The field is a line edit, not a spin box: ``14/05/1971``, ``14.5.71``, ``1971-05-14`` and
``14 May 1971`` are all read (:mod:`trochtrack.domain.typed_dates`), Backspace and
Ctrl+A work as in any text, Tab leaves. Beside the text, the field says how it reads
what was typed ("Fri 14 May 1971"), or that it reads as no date (why, in its tooltip).
Nothing typed is ever replaced by a nearby date: a day after today where only past days
make sense, or a day that does not exist, is refused when the form is saved, under the
field, in words. Alt+Down (or the button) opens a calendar on the typed month, or on
today's month while the field is blank.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.typed_dates import DateReading, read_typed_date
from trochtrack.ui.text import ERROR_COLOUR
from trochtrack.wording.dates import long_date

WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HINT_COLOUR: Final = "#555555"
# Beside the field while it reads as no date; the reason shows under the field on Save
# (and in this hint's tooltip), so it is not written twice.
NO_DATE: Final = "not a date"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def locale_order(locale: QLocale | None = None) -> str:
    """``"ymd"``, ``"mdy"`` or ``"dmy"``: the order the locale writes a short date in."""
    short = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    found = sorted((short.find(part), part.lower()) for part in "dMy" if part in short)
    return "".join(part for _, part in found)


def shown_as_typed(day: date, order: str) -> str:
    """``day`` as the field shows it: numeric, in the locale's order, four-digit year."""
    if order.startswith("y"):
        return day.isoformat()
    if order.startswith("m"):
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


class DateText(QLineEdit):
    """The date's text: Alt+Down or F4 asks for the calendar, as in a combo box.

    A key handler of its own rather than an event filter on the date field: a filter
    also sees the events of a field being torn down, whose attributes may be gone.
    """

    calendar_requested = Signal()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _opens_calendar(event):
            self.calendar_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class DateEdit(QWidget):
    """A typed date with a calendar button.

    ``value`` ``None`` starts the field blank (a date of birth: a default one would be
    saved by mistake). ``latest`` is today for dates that cannot be in the future;
    ``earliest`` the first day a date may be (a snooze ends after today).
    ``dateChanged`` carries the date the text now reads as, or ``None`` while it reads
    as no date.
    """

    dateChanged = Signal(object)  # noqa: N815 - named as Qt's own date widgets name it
    editingFinished = Signal()  # noqa: N815

    def __init__(
        self,
        value: date | None,
        parent: QWidget | None = None,
        *,
        latest: date | None = None,
        earliest: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.latest = latest
        self.earliest = earliest
        self.field_path = "date"
        self.order = locale_order()
        self.line = DateText(self)
        self.line.setPlaceholderText(shown_as_typed(date(1971, 5, 14), self.order))
        self.calendar_button = QToolButton(self)
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setToolTip("Choose from a calendar (Alt+Down)")
        self.calendar_button.setAccessibleName("Calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reading_label = QLabel(self)
        self.reading_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reading_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("Wed 28 Sep 2026 "))
        # Wide enough for "28 September 2026" as typed; a date needs no more, so the field
        # does not stretch across a form or the toolbar.
        self.line.setFixedWidth(self.fontMetrics().horizontalAdvance("28 September 2026") + 16)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.reading_label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.line)
        # A caption's Alt+letter focuses its field only if the field takes focus itself.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.popup: CalendarPopup | None = None
        self._read: date | None = None
        self.line.textChanged.connect(self._on_text_changed)
        self.line.editingFinished.connect(self.editingFinished)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.line.calendar_requested.connect(self.open_calendar)
        self.set_value(value)

    def bind_field(self, path: str) -> None:
        """Name the record field this date fills, for the messages; caption as its name."""
        self.field_path = path
        self.line.setAccessibleName(self.accessibleName())

    def reading(self) -> DateReading:
        return DateReading(
            reference=from_qdate(QDate.currentDate()), month_first=self.order == "mdy"
        )

    def text(self) -> str:
        return self.line.text()

    def is_blank(self) -> bool:
        return not self.line.text().strip()

    def value(self) -> date:
        """The date typed.

        Raises:
            ValidationError: naming the field: blank, not a date, or outside the
                earliest and latest days it may be.
        """
        return self.entered(self.field_path)

    def problem(self) -> ValidationError | None:
        """What is wrong with the typed date, if anything (as :meth:`value` would raise)."""
        try:
            self.value()
        except ValidationError as error:
            return error
        return None

    def reads_as(self) -> date | None:
        """The date the text reads as now, or ``None`` (blank, or no date)."""
        return self._read

    def entered(self, field: str) -> date:
        """The date typed; raises as :meth:`value` does, naming ``field``."""
        day = read_typed_date(self.line.text(), field, self.reading())
        if self.latest is not None and day > self.latest:
            raise ValidationError(
                field, f"{long_date(day)} is after today ({long_date(self.latest)})"
            )
        if self.earliest is not None and day < self.earliest:
            raise ValidationError(
                field, f"{long_date(day)} is before {long_date(self.earliest)}, the earliest day"
            )
        return day

    def set_value(self, day: date | None) -> None:
        self.line.setText("" if day is None else shown_as_typed(day, self.order))

    def open_calendar(self) -> CalendarPopup:
        """The calendar under the field, on the typed month (today's while blank)."""
        shown = self._read or min(from_qdate(QDate.currentDate()), self.latest or date.max)
        self.popup = CalendarPopup(self, shown)
        self.popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup.show()
        self.popup.calendar.setFocus()
        return self.popup

    def choose(self, day: date) -> None:
        """Take ``day`` from the calendar, as if it had been typed."""
        self.set_value(day)
        self.line.setFocus()
        self.editingFinished.emit()

    def _on_text_changed(self, text: str) -> None:
        try:
            read: date | None = None if not text.strip() else self.entered(self.field_path)
        except ValidationError as error:
            read = None
            self._show_reading(NO_DATE, ERROR_COLOUR, why=error.problem)
        else:
            self._show_reading("" if read is None else _weekday_date(read), HINT_COLOUR)
        if read != self._read:
            self._read = read
            self.dateChanged.emit(read)

    def _show_reading(self, text: str, colour: str, *, why: str = "") -> None:
        self.reading_label.setStyleSheet(f"color: {colour};")
        self.reading_label.setText(text)
        self.reading_label.setToolTip(why or text)


class CalendarPopup(QFrame):
    """A month calendar that closes on a choice (click, Return) or on Escape."""

    def __init__(self, field: DateEdit, shown: date) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.field = field
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        if field.latest is not None:
            self.calendar.setMaximumDate(to_qdate(field.latest))
        if field.earliest is not None:
            self.calendar.setMinimumDate(to_qdate(field.earliest))
        self.calendar.setSelectedDate(to_qdate(shown))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self.calendar.activated.connect(self._chosen)
        self.calendar.clicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def _chosen(self, day: QDate) -> None:
        self.close()
        self.field.choose(from_qdate(day))

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            self.field.line.setFocus()
            return
        super().keyPressEvent(event)


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
        self.edit.line.setAccessibleName(f"{caption}: date")
        self.setFocusProxy(self.check)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # for its caption's Alt+letter

    def bind_field(self, path: str) -> None:
        self.edit.field_path = path

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None

    def problem(self) -> ValidationError | None:
        return self.edit.problem() if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.set_value(day)


def _opens_calendar(event: QKeyEvent) -> bool:
    if event.type() != QEvent.Type.KeyPress:
        return False
    alt_down = event.key() == Qt.Key.Key_Down and (
        event.modifiers() & Qt.KeyboardModifier.AltModifier
    )
    return bool(alt_down) or event.key() == Qt.Key.Key_F4


def _weekday_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {long_date(day)}"
