"""Alerts: what the rules ask the clinician to consider, with the evidence behind it.

Every alert carries the inputs with their dates, the thresholds and the computed values
(``evidence``), the sources the thresholds rest on, and a short ``why`` that renders the
evidence for a card or a letter. Alerts say "consider" or "review"; they never diagnose
and never pick one treatment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TypeAlias

from trochtrack.domain.vocabulary import AlertCode, Severity

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
Evidence: TypeAlias = dict[str, JsonValue]


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """One alert raised for an episode.

    Attributes:
        code: what the alert is about.
        severity: how urgently it should be considered.
        due: the date it refers to (an escalation decision, a review), if any.
        summary: one line in the app's own words, starting "Consider" or "Review".
        why: the evidence in a sentence or two, for a card or a letter.
        evidence: inputs with dates and values, thresholds and computed values.
        sources: tags of docs/rules.md §12 (``"S15"``) or ``"DESIGN"`` for an unsourced value.
        lesion: the lesion the alert is about, for lesion alerts.
        options: for a failed first-line course, every second-line option with its sources.
    """

    code: AlertCode
    severity: Severity
    due: date | None
    summary: str
    why: str
    evidence: Mapping[str, JsonValue] = field(hash=False)
    sources: tuple[str, ...]
    lesion: str | None = None
    options: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Most severe first, then by code, then by lesion."""
        return (self.severity.rank, self.code.value, self.lesion or "")


def sorted_alerts(alerts: list[Alert]) -> tuple[Alert, ...]:
    """``alerts`` in display order (see :attr:`Alert.sort_key`)."""
    return tuple(sorted(alerts, key=lambda alert: alert.sort_key))


# Alerts merge the same few groups of tags over and over: each merge is made once.
@lru_cache(maxsize=256)
def merge_sources(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """The tags of ``groups`` without repeats, sources in numeric order, DESIGN last."""
    tags = {tag for group in groups for tag in group}
    return tuple(sorted(tags, key=_source_order))


def _source_order(tag: str) -> tuple[int, int, str]:
    if not tag.startswith("S"):
        return (1, 0, tag)
    digits = "".join(char for char in tag[1:] if char.isdigit())
    return (0, int(digits or 0), tag)


def iso(day: date | None) -> str | None:
    """A date for evidence: ISO text, or ``None``."""
    return None if day is None else day.isoformat()


def number(value: Decimal | float) -> int | float:
    """A threshold or a computed value for evidence: whole numbers without a fraction."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def percent_text(fraction: Decimal) -> str:
    """``0.30`` as ``30 %``."""
    return f"{number(fraction * 100):g} %"
