"""How the app writes dates: one format everywhere ("20 Oct 2026").

Day first, an English month abbreviation, the full year. The month names are spelled out
here rather than taken from ``strftime("%b")``, which follows the process locale (Qt sets
it from the desktop), so a letter would otherwise read "20 Okt 2026" on one workstation
and "20 Oct 2026" on another.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

MONTH_ABBREVIATIONS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def long_date(day: date) -> str:
    """``20 Oct 2026``: the one date format of every document."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    """``20 Oct``: chart ticks, where the axis label gives the year."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


_ISO_DATE: Final = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def readable(text: str) -> str:
    """Rules text as people read it: dates as "20 Oct 2026", proper ≥ and ≤.

    The rules write ISO dates and ``>=`` (plain text that sorts and parses); the window
    and the documents show the one date format used everywhere else.
    """
    text = _ISO_DATE.sub(
        lambda match: long_date(date(int(match[1]), int(match[2]), int(match[3]))), text
    )
    return text.replace(">=", "≥").replace("<=", "≤")
