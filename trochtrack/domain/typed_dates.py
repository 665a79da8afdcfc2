"""Dates as a person types them: ``14/05/1971``, ``14.5.71``, ``1971-05-14``, ``14 May 1971``.

What was typed is read, never corrected: a day that does not exist (31 November) or a
text that is not a date is refused with a message that says what is wrong, instead of
being turned into a nearby date. Numeric dates are read day first unless the caller
says the user's locale writes the month first; a four-digit first part is always the
year (ISO order). A two-digit year is the one in the hundred years that end
``future_years`` after the reference day: with 20, typed on 1 Dec 2026, ``71`` is 1971
and ``30`` is 2030.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import EARLIEST_DATE

# English names, fixed: the process locale (which Qt sets from the desktop) must not
# change what a typed date means.
MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS: Final = {
    spelled: number
    for number, name in enumerate(MONTH_NAMES, start=1)
    for spelled in (name.lower(), name[:3].lower())
} | {"sept": 9}
EXAMPLE: Final = "type it as 14/05/1971, 14.5.71 or 1971-05-14"

_SEPARATED: Final = re.compile(r"^(\d{1,4})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{1,4})$")
_DIGITS_ONLY: Final = re.compile(r"^\d{6}$|^\d{8}$")
_ORDINAL: Final = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAMED_MONTH: Final = re.compile(rf"^{_ORDINAL}\s+([a-z]+)\.?,?\s+(\d{{2}}|\d{{4}})$")
_MONTH_FIRST_NAMED: Final = re.compile(rf"^([a-z]+)\.?\s+{_ORDINAL},?\s+(\d{{2}}|\d{{4}})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class DateReading:
    """How typed dates are read: the order of numeric parts and the two-digit years."""

    reference: date
    month_first: bool = False
    future_years: int = 20


def read_typed_date(text: str, field: str, reading: DateReading) -> date:
    """The date ``text`` means, read as ``reading`` says.

    Raises:
        ValidationError: naming ``field``: nothing typed, not a date, or a day that
            does not exist (with the reason: "November has 30 days").
    """
    typed = " ".join(text.strip().lower().split())
    if not typed:
        raise ValidationError(field, "enter the date")
    parts = _parts(typed, reading)
    if parts is None:
        raise ValidationError(field, f"“{text.strip()}” is not a date; {EXAMPLE}")
    year, month, day = parts
    year = _full_year(year, reading) if year < 100 else year
    return _checked(year, month, day, field)


def _parts(typed: str, reading: DateReading) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, unchecked; ``None`` when the text has no date shape."""
    if _DIGITS_ONLY.match(typed):
        # 140571 or 14051971: day, month, year (or month first, as the locale writes).
        return _ordered(int(typed[4:]), int(typed[:2]), int(typed[2:4]), reading)
    if match := _SEPARATED.match(typed):
        first, second, third = match.groups()
        if len(first) == 4:
            return int(first), int(second), int(third)
        if 3 in (len(first), len(third)):
            return None
        return _ordered(int(third), int(first), int(second), reading)
    if match := _NAMED_MONTH.match(typed):
        day_text, name, year_text = match.groups()
        return _named(int(year_text), name, int(day_text))
    if match := _MONTH_FIRST_NAMED.match(typed):
        name, day_text, year_text = match.groups()
        return _named(int(year_text), name, int(day_text))
    return None


def _ordered(year: int, first: int, second: int, reading: DateReading) -> tuple[int, int, int]:
    return (year, first, second) if reading.month_first else (year, second, first)


def _named(year: int, name: str, day: int) -> tuple[int, int, int] | None:
    month = MONTHS.get(name)
    return None if month is None else (year, month, day)


def _full_year(two_digits: int, reading: DateReading) -> int:
    latest = reading.reference.year + reading.future_years
    return latest - (latest - two_digits) % 100


def _checked(year: int, month: int, day: int, field: str) -> date:
    if not 1 <= month <= 12:
        raise ValidationError(field, f"there is no month {month}; {EXAMPLE}")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValidationError(
            field,
            f"{MONTH_NAMES[month - 1]} {year} has {days_in_month} days, so day {day} "
            "does not exist",
        )
    typed = date(year, month, day)
    if typed < EARLIEST_DATE:
        raise ValidationError(field, f"{typed.isoformat()} is before {EARLIEST_DATE.isoformat()}")
    return typed
