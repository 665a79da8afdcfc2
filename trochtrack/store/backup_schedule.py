"""Which backups to keep: the newest of each recent day, week and month.

A pure function over file names and timestamps, so the thinning can be tested without
waiting a year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Retention:
    """How many days, ISO weeks and months keep their newest backup."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def backups_to_keep(backups: Iterable[tuple[Path, datetime]], retention: Retention) -> set[Path]:
    """The backups worth keeping: the newest per day, week and month, newest periods first."""
    ordered = sorted(backups, key=lambda item: item[1], reverse=True)
    keep: set[Path] = set()
    for limit, period in (
        (retention.daily, lambda moment: moment.date().isoformat()),
        (retention.weekly, lambda moment: "{}-W{:02d}".format(*moment.isocalendar()[:2])),
        (retention.monthly, lambda moment: f"{moment.year}-{moment.month:02d}"),
    ):
        seen: set[str] = set()
        for path, moment in ordered:
            key = period(moment)
            if key in seen:
                continue
            if len(seen) == limit:
                break
            seen.add(key)
            keep.add(path)
    return keep
