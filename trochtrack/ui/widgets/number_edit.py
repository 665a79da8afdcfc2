"""Number entry under the user's locale, read with the domain's strict parser.

Typing is never blocked (a validator that drops a comma would turn "1,5" into "15"
without a word); the text is read on save, and a group separator, NaN, an exponent or
an underscore is refused with a message on the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import parse_decimal_text, whole_number
from trochtrack.ui.text import number_locale, show_number

EDIT_DECIMALS = 6
"""Enough places that reopening a record never rounds what was stored."""


class NumberEdit(QLineEdit):
    """A decimal or whole-number field; empty means "not recorded"."""

    def __init__(
        self,
        field: str,
        parent: QWidget | None = None,
        *,
        placeholder: str = "",
        check: Callable[[float], object] | None = None,
        required: str | None = None,
    ):
        """A number field named ``field`` in the record's error paths.

        ``check`` is the domain's own check of the number (its range), so the field can
        say what is wrong before the record is built; ``required`` is what to say when it
        is left empty.
        """
        super().__init__(parent)
        self.field = field
        self.check = check
        self.required = required
        self.setPlaceholderText(placeholder)
        self.setMaxLength(20)

    def problem(self) -> ValidationError | None:
        """What is wrong with the text on its own (not a number, out of range, missing)."""
        try:
            typed = self.value()
            if typed is None:
                return None if self.required is None else ValidationError(self.field, self.required)
            if self.check is not None:
                self.check(typed)
        except ValidationError as error:
            return error
        return None

    def value(self) -> float | None:
        """The number typed, ``None`` when empty.

        Raises:
            ValidationError: naming this field, when the text is not a plain number.
        """
        if not self.text().strip():
            return None
        locale = number_locale(self.locale())
        return parse_decimal_text(
            self.text(),
            self.field,
            decimal_separator=locale.decimalPoint(),
            group_separator=locale.groupSeparator(),
        )

    def whole_value(self) -> int | None:
        """The whole number typed (``7`` or ``7.0``), ``None`` when empty.

        Raises:
            ValidationError: naming this field, when the text is not a whole number.
        """
        typed = self.value()
        return None if typed is None else whole_number(typed, self.field)

    def set_value(self, value: float | None) -> None:
        self.setText(show_number(value, decimals=EDIT_DECIMALS, locale=self.locale()))
