"""Checks for single values: text, whole-number scores, measurements, dates.

Each check either returns the value in its canonical form (text in NFC, an ``int`` for a
score) or raises :class:`ValidationError` naming the field. Nothing here reads the clock.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from enum import StrEnum
from typing import Final, TypeVar

from trochtrack.domain.errors import ValidationError

# Bidirectional overrides and isolates can make a name display as something else
# ("Trojan Source"); they are refused in names and identifiers.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_DATE: Final = date(1880, 1, 1)
MINUS_SIGN: Final = "\u2212"

MAX_DIAMETER_MM: Final = 300.0

_E = TypeVar("_E", bound=StrEnum)


def check_member(enum_type: type[_E], value: object, field: str) -> _E:
    """``value`` as a member of ``enum_type`` (its text value is accepted too)."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str) and value in enum_type._value2member_map_:
        return enum_type(value)
    allowed = ", ".join(member.value for member in enum_type)
    raise ValidationError(field, f"unknown value {value!r} (one of: {allowed})")


def check_optional_flag(value: object, field: str) -> bool | None:
    """``True``, ``False`` or ``None``; anything else (1, "yes") is refused."""
    if value is None or isinstance(value, bool):
        return value
    shown = repr(value) if isinstance(value, int | float) else _describe(value)
    raise ValidationError(field, f"expected true or false, got {shown}")


def check_text(
    value: object,
    field: str,
    *,
    max_length: int,
    multiline: bool = False,
    allow_bidi_controls: bool = False,
) -> str:
    """Return ``value`` as NFC text, or raise naming ``field``.

    Refuses non-strings, empty or blank text, NUL and other control characters (line
    breaks and tabs only where ``multiline``), lone surrogates, and bidirectional
    override characters unless ``allow_bidi_controls``.
    """
    if not isinstance(value, str):
        raise ValidationError(field, f"expected text, got {_describe(value)}")
    for char in value:
        if "\ud800" <= char <= "\udfff":
            raise ValidationError(field, "contains an invalid character (a lone surrogate)")
    text = unicodedata.normalize("NFC", value)
    if not text.strip():
        raise ValidationError(field, "must not be empty")
    for char in text:
        if char == "\x00":
            raise ValidationError(field, "contains a NUL character")
        if multiline and char in "\n\t":
            continue
        if unicodedata.category(char) == "Cc":
            raise ValidationError(field, f"contains a control character (U+{ord(char):04X})")
        if char in _BIDI_CONTROLS and not allow_bidi_controls:
            raise ValidationError(
                field, f"contains a text-direction override character (U+{ord(char):04X})"
            )
    if len(text) > max_length:
        raise ValidationError(field, f"is {len(text)} characters long; the limit is {max_length}")
    return text


# Characters that draw nothing although Unicode counts them as letters or symbols.
_FILLERS: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f")
_JOINERS: Final = frozenset("\u200c\u200d")


_READING_STORED: ContextVar[bool] = ContextVar("reading_stored_records", default=False)


@contextmanager
def reading_stored_records() -> Iterator[None]:
    """Names read back from the database are checked as when they were saved.

    Records saved before the visible-character rule must still open (the rule is for
    what is typed or imported now; refusing to read them would lose them).
    """
    token = _READING_STORED.set(True)
    try:
        yield
    finally:
        _READING_STORED.reset(token)


def is_reading_stored_records() -> bool:
    """Whether a :func:`reading_stored_records` block is open here."""
    return _READING_STORED.get()


def check_name(value: object, field: str, *, max_length: int) -> str:
    """A person's name or a record's ref: :func:`check_text`, and something to see.

    Also refuses line and paragraph separators and invisible formatting characters
    (zero-width spaces, direction marks and isolates, the byte-order mark): two refs
    that look the same must be the same, and a name must show on a letter. A
    zero-width joiner or non-joiner between two letters stays (several scripts need
    them); anywhere else it is refused.
    """
    text = check_text(value, field, max_length=max_length)
    if _READING_STORED.get():
        return text
    if not any(_visible(char) for char in text):
        raise ValidationError(field, "has no visible character")
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category in {"Zl", "Zp"}:
            raise ValidationError(
                field, f"contains a line or paragraph separator (U+{ord(char):04X})"
            )
        if category == "Cf" and not _joins_letters(text, index):
            raise ValidationError(
                field, f"contains an invisible formatting character (U+{ord(char):04X})"
            )
    return text


def _joins_letters(text: str, index: int) -> bool:
    if text[index] not in _JOINERS or index == 0 or index == len(text) - 1:
        return False
    return all(unicodedata.category(text[i])[0] in "LM" for i in (index - 1, index + 1))


def _visible(char: str) -> bool:
    return char not in _FILLERS and unicodedata.category(char)[0] not in "ZC"


def check_optional_text(
    value: object,
    field: str,
    *,
    max_length: int,
    multiline: bool = False,
    allow_bidi_controls: bool = False,
) -> str | None:
    """Like :func:`check_text`, but ``None`` stays ``None``."""
    if value is None:
        return None
    return check_text(
        value,
        field,
        max_length=max_length,
        multiline=multiline,
        allow_bidi_controls=allow_bidi_controls,
    )


# One @ with a name before it and a domain with a dot after it, no spaces: enough to
# catch a phone number or a name typed in the wrong box, not a full RFC 5322 check.
_EMAIL_SHAPE: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def check_optional_email(value: object, field: str) -> str | None:
    """An email address (at most 254 characters) or ``None``, refused naming ``field``."""
    text = check_optional_text(value, field, max_length=254)
    if text is not None and _EMAIL_SHAPE.match(text) is None:
        raise ValidationError(field, f"{text!r} is not an email address (name@example.org)")
    return text


def check_score(value: object, field: str, low: int, high: int) -> int:
    """Return a whole-number score within ``low``..``high``, or raise naming ``field``.

    A float with a whole value (``7.0``) is accepted as that integer; ``7.5``, NaN,
    infinities, booleans and text are refused.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"expected a whole number, got {_describe(value)}")
    if isinstance(value, float):
        value = whole_number(value, field)
    if not low <= value <= high:
        raise ValidationError(field, f"{value} is outside {range_text(low, high)}")
    return value


def whole_number(value: float, field: str) -> int:
    """``value`` as an ``int`` when it is whole (``7.0``); raise naming ``field`` if not."""
    if not math.isfinite(value):
        raise ValidationError(field, f"{_number_text(value)} is not a finite number")
    if not value.is_integer():
        raise ValidationError(field, f"{_number_text(value)} is not a whole number")
    return int(value)


def check_optional_score(value: object, field: str, low: int, high: int) -> int | None:
    """Like :func:`check_score`, but ``None`` stays ``None``."""
    return None if value is None else check_score(value, field, low, high)


def check_measurement(value: object, field: str, low: float, high: float) -> float:
    """Return a finite number within ``low``..``high`` (inclusive) as a float."""
    number = _finite_number(value, field)
    if not low <= number <= high:
        raise ValidationError(field, f"{_number_text(number)} is outside {range_text(low, high)}")
    return number


def check_diameter(value: object, field: str) -> float:
    """Return a diameter in mm: finite, greater than 0 and at most 300."""
    number = _finite_number(value, field)
    if number <= 0:
        raise ValidationError(field, f"{_number_text(number)} mm must be greater than 0")
    if number > MAX_DIAMETER_MM:
        raise ValidationError(
            field, f"{_number_text(number)} mm is more than {MAX_DIAMETER_MM:g} mm"
        )
    return number


def parse_iso_date(value: object, field: str) -> date:
    """Return the date written as ``YYYY-MM-DD``, refusing impossible dates."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValidationError(field, f"expected a date (YYYY-MM-DD), got {_describe(value)}")
    if not _ISO_DATE.fullmatch(value):
        raise ValidationError(field, f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, f"{value} is not a real date") from None
    if parsed < EARLIEST_DATE:
        raise ValidationError(field, f"{value} is before {EARLIEST_DATE.isoformat()}")
    return parsed


def check_not_before(value: date, field: str, earliest: date, what: str) -> None:
    """Raise naming ``field`` when ``value`` is before ``earliest`` (described as ``what``)."""
    if value < earliest:
        raise ValidationError(
            field, f"{value.isoformat()} is before the {what} ({earliest.isoformat()})"
        )


def check_not_after(value: date, field: str, latest: date, what: str) -> None:
    """Raise naming ``field`` when ``value`` is after ``latest`` (described as ``what``)."""
    if value > latest:
        raise ValidationError(
            field, f"{value.isoformat()} is after the {what} ({latest.isoformat()})"
        )


def parse_decimal_text(
    text: str, field: str, *, decimal_separator: str = ".", group_separator: str = ","
) -> float:
    """Read a number typed by a user under a locale's separators.

    ``8,5`` is 8.5 where the decimal separator is a comma and an error where it is a
    point; the group separator is refused everywhere, so ``1,500`` can never be read as
    1500 in one locale and 1.5 in another. Only ASCII digits, one optional leading minus
    and one decimal separator are accepted (a leading ``+`` or ``−``, as scales print
    signed values, reads as its sign); NaN, infinities, exponents and underscores are
    refused.
    """
    stripped = text.strip()
    if not stripped:
        raise ValidationError(field, "is empty")
    if group_separator and group_separator != decimal_separator and group_separator in stripped:
        raise ValidationError(
            field, f"{stripped!r}: remove the thousands separator {group_separator!r}"
        )
    # Scales such as GROC are printed "+1" and "−2": typed the same way, they read as 1 and -2.
    negative = stripped.startswith(("-", MINUS_SIGN))
    body = stripped[1:] if negative or stripped.startswith("+") else stripped
    integer_part, separator, fraction_part = body.partition(decimal_separator)
    digits = integer_part + fraction_part
    if not digits or not all("0" <= c <= "9" for c in digits):
        hint = ""
        other = "," if decimal_separator == "." else "."
        if other in body:
            hint = f" (the decimal separator here is {decimal_separator!r})"
        raise ValidationError(field, f"{stripped!r} is not a number{hint}")
    if separator and not fraction_part:
        raise ValidationError(field, f"{stripped!r} is not a number")
    value = float(f"{'-' if negative else ''}{integer_part or '0'}.{fraction_part or '0'}")
    if not math.isfinite(value):
        raise ValidationError(field, f"{stripped!r} is not a finite number")
    return value


def _finite_number(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"expected a number, got {_describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(field, f"{_number_text(number)} is not a finite number")
    return number


def range_text(low: float, high: float) -> str:
    """``0–10``; a range reaching below zero signed in words, ``−5 to +5``, as scales print."""
    if low >= 0:
        return f"{low:g}–{high:g}"
    return f"{_signed(low)} to {_signed(high)}"


def _signed(value: float) -> str:
    if value < 0:
        return f"{MINUS_SIGN}{-value:g}"
    return f"+{value:g}" if value > 0 else "0"


def _number_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    # The value as given (repr is the shortest text that reads back the same number):
    # 45.0000001 must not show as "45" beside a limit of 45.
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:17] + "..."
        return f"text {shown!r}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
