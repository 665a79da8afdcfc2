"""Interleaved runs against a floor, their statistics, goals and the results table.

Every measure runs its floor and the app in turn, pair after pair, so a busy moment of
the machine weighs on both sides of each ratio alike; the ratio reported is the median
of the per-pair ratios. In-process measures time CPU (``time.process_time``), whole
processes wall time, memory is the peak resident set (VmHWM).
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

Stat = Literal["median", "p95"]
T = TypeVar("T")


@dataclass(frozen=True)
class Goal:
    """``ratio``: at most this many times the floor; ``at_most``: an absolute ceiling.

    ``stat`` says which figure of the app's samples the ceiling applies to.
    """

    text: str
    ratio: float | None = None
    at_most: float | None = None
    stat: Stat = "median"

    def met(self, result: Result) -> bool:
        if self.ratio is not None:
            return result.ratio <= self.ratio
        assert self.at_most is not None
        return result.app_stat(self.stat) <= self.at_most


@dataclass
class Result:
    """One measure at one clinic size: the app's samples and its floor's, paired."""

    measure: str
    size: str
    unit: Literal["s", "MB"]
    app: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    goal: Goal | None = None
    note: str = ""
    skipped: str | None = None

    @property
    def ratio(self) -> float:
        pairs = [a / f for a, f in zip(self.app, self.floor, strict=False) if f > 0]
        return statistics.median(pairs) if pairs else math.nan

    def app_stat(self, stat: Stat) -> float:
        return percentile(self.app, 95) if stat == "p95" else statistics.median(self.app)

    @property
    def verdict(self) -> str:
        if self.skipped:
            return "skipped"
        if self.goal is None:
            return "-"
        return "met" if self.goal.met(self) else "MISSED"

    def as_json(self) -> dict[str, object]:
        return {
            "measure": self.measure,
            "size": self.size,
            "unit": self.unit,
            "app": self.app,
            "floor": self.floor,
            "app_median": statistics.median(self.app) if self.app else None,
            "floor_median": statistics.median(self.floor) if self.floor else None,
            "ratio": None if self.skipped or math.isnan(self.ratio) else self.ratio,
            "goal": self.goal.text if self.goal else None,
            "verdict": self.verdict,
            "note": self.note,
            "skipped": self.skipped,
        }


def percentile(values: Sequence[float], percent: float) -> float:
    """Nearest-rank percentile (the value at or above ``percent`` % of the samples)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def cpu_seconds(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def rounds(action: Callable[[], T], *, repetitions: int, budget_s: float) -> tuple[list[T], str]:
    """Run ``action`` ``repetitions`` times; what each returned, and a note if cut short.

    Stops early once another round would overrun ``budget_s`` of wall time (always at
    least one round), so a slow measure on a big clinic cannot take the whole run.
    """
    figures: list[T] = []
    started = time.perf_counter()
    for done in range(repetitions):
        elapsed = time.perf_counter() - started
        if done and elapsed + elapsed / done > budget_s:
            return figures, f"{done} of {repetitions} runs (time budget)"
        figures.append(action())
    return figures, ""


def run_pairs(
    floor: Callable[[], T], app: Callable[[], T], *, repetitions: int, budget_s: float
) -> tuple[list[tuple[T, T]], str]:
    """Run ``floor`` then ``app``, pair after pair (see :func:`rounds`)."""

    def pair() -> tuple[T, T]:
        floor_figure = floor()
        return floor_figure, app()

    return rounds(pair, repetitions=repetitions, budget_s=budget_s)


def interleaved(
    result: Result,
    floor: Callable[[], float],
    app: Callable[[], float],
    *,
    repetitions: int,
    budget_s: float,
) -> Result:
    """:func:`run_pairs` of two figures, into ``result``."""
    pairs, note = run_pairs(floor, app, repetitions=repetitions, budget_s=budget_s)
    result.floor += [floor_figure for floor_figure, _ in pairs]
    result.app += [app_figure for _, app_figure in pairs]
    result.note = _join(result.note, note)
    return result


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def show(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


def describe(values: Sequence[float], unit: str, stat: Stat = "median") -> str:
    if not values:
        return "-"
    text = show(statistics.median(values), unit)
    if stat == "p95":
        text += f" (p95 {show(percentile(values, 95), unit)})"
    if len(values) > 1:
        text += f" [{show(min(values), unit)}-{show(max(values), unit)}]"
    return text


def table(results: Sequence[Result]) -> str:
    """The results as a Markdown table: median [min-max] of each side, ratio, goal."""
    lines = [
        "| measure | size | trochtrack | floor | ratio | goal | verdict | n | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        if result.skipped:
            cells = [result.measure, result.size, "-", "-", "-", _goal_text(result), "skipped"]
            lines.append("| " + " | ".join([*cells, "0", result.skipped]) + " |")
            continue
        stat: Stat = result.goal.stat if result.goal else "median"
        ratio = result.ratio
        cells = [
            result.measure,
            result.size,
            describe(result.app, result.unit, stat),
            describe(result.floor, result.unit),
            "-" if math.isnan(ratio) else f"{ratio:.1f}x",
            _goal_text(result),
            result.verdict,
            str(len(result.app)),
            result.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _goal_text(result: Result) -> str:
    return result.goal.text if result.goal else "-"
