"""Due-date arithmetic in calendar days."""

from __future__ import annotations

from datetime import date, timedelta


def days_after(day: date, days: int) -> date:
    """``day`` plus ``days`` calendar days.

    A date past the end of the calendar (year 9999) stays on its last day, so that an
    evaluation of an odd but valid record never fails on the arithmetic.
    """
    if (date.max - day).days < days:
        return date.max
    return day + timedelta(days=days)
