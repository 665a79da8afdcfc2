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


def inclusive_days(first: date, last: date) -> int:
    """Days from ``first`` to ``last`` counting both, as a clinician counts tablets.

    A course from 20 to 29 October is 10 days; one that starts and ends on a day is 1.
    """
    return (last - first).days + 1
