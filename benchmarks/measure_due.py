"""The due list in this process: the first evaluation of every episode, then served warm.

The cold evaluation runs on a fresh copy of the never-evaluated clinic each time; its
floor is bare sqlite3 fetching every row the rules read (patients, episodes, visits and
their red flags, treatments, scans, lesions, measurements). The warm measures are those
of the first ``python -m benchmarks`` (issue 6): the due list served from the cache,
after the date moved a day, and after a visit was saved, each against a bare sqlite3
fetch of the very rows the due list reads. CPU time of this process.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks import adapter
from benchmarks.clinic import AS_OF
from benchmarks.timing import Goal, Result, cpu_seconds, interleaved, rounds

RULE_INPUT_TABLES = (
    "patient",
    "episode",
    "visit",
    "visit_red_flag",
    "treatment",
    "scan",
    "lesion",
    "measurement",
)
COLD_GOAL_S_PER_10K = 2.0
WARM_GOAL = Goal("<= 2x", ratio=2.0)
CHANGED_GOAL = Goal("<= 3x", ratio=3.0)


@dataclass(frozen=True)
class WarmClinic:
    """A copy of the clinic with its due list evaluated on AS_OF."""

    home: Path
    entries: int
    episodes: int


def fetch_rule_inputs(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return sum(
            len(connection.execute(f"SELECT * FROM {table}").fetchall())
            for table in RULE_INPUT_TABLES
        )


def cold_evaluation(
    size: str, cold_home: Path, scratch: Path, repetitions: int, budget_s: float
) -> tuple[Result, WarmClinic]:
    """The first due list on a clinic never evaluated (CPU); leaves one copy warm."""
    warm_home = scratch / "warm"
    counts: list[tuple[int, int, int]] = []
    copies = iter(range(1_000_000))

    def floor() -> float:
        return cpu_seconds(lambda: fetch_rule_inputs(adapter.database_file(cold_home)))

    def app() -> float:
        home = warm_home if not warm_home.exists() else scratch / f"cold-{next(copies)}"
        shutil.copytree(cold_home, home)
        clinic = adapter.open_at(home, AS_OF)
        try:
            compute = adapter.due_list_action(clinic, AS_OF)
            seconds = cpu_seconds(compute)
            counts.append(adapter.due_entries(clinic, AS_OF))
        finally:
            clinic.close()
        if home != warm_home:
            shutil.rmtree(home)
        return seconds

    result = Result("cold evaluation of every episode (CPU)", size, "s")
    interleaved(result, floor, app, repetitions=repetitions, budget_s=budget_s)
    entries, episodes, evaluated = counts[0]
    assert evaluated == 0, "the second due list still evaluated episodes"
    limit = COLD_GOAL_S_PER_10K * episodes / 10_000
    result.goal = Goal(
        f"<= {limit:.2g} s ({COLD_GOAL_S_PER_10K:g} s per 10k episodes)", at_most=limit
    )
    result.note = "; ".join(filter(None, [f"{episodes} episodes", result.note]))
    return result, WarmClinic(warm_home, entries, episodes)


def rules_engine(size: str, home: Path, repetitions: int, budget_s: float) -> Result:
    """The pure rules engine over every episode, records already in memory (CPU).

    The part of the cold evaluation item 3 of issue 12 is about; no bare library does
    this work, so it has no floor, only the absolute goal.
    """
    clinic = adapter.open_at(home, AS_OF)
    try:
        evaluate_all, episodes = adapter.rules_engine_action(clinic, AS_OF)
    finally:
        clinic.close()
    limit = COLD_GOAL_S_PER_10K * episodes / 10_000
    goal = Goal(f"<= {limit:.2g} s ({COLD_GOAL_S_PER_10K:g} s per 10k episodes)", at_most=limit)
    result = Result("rules engine alone, every episode (CPU)", size, "s", goal=goal)
    figures, note = rounds(
        lambda: cpu_seconds(evaluate_all), repetitions=repetitions, budget_s=budget_s
    )
    result.app = figures
    result.note = "; ".join(filter(None, [f"{episodes} episodes", note]))
    return result


def warm_due_list(size: str, warm: WarmClinic, repetitions: int, budget_s: float) -> list[Result]:
    """Warm, date moved a day, after a visit was saved: each against the raw fetch."""
    clinic = adapter.open_at(warm.home, AS_OF)
    raw = sqlite3.connect(adapter.database_file(warm.home))
    try:

        def fetch_floor(as_of_text: str) -> float:
            return cpu_seconds(
                lambda: raw.execute(adapter.DUE_LIST_SQL, {"as_of": as_of_text}).fetchall()
            )

        results = []
        warm_list = adapter.due_list_action(clinic, AS_OF)
        results.append(
            interleaved(
                Result("warm due list (nothing changed)", size, "s", goal=WARM_GOAL),
                lambda: fetch_floor(AS_OF.isoformat()),
                lambda: cpu_seconds(warm_list),
                repetitions=repetitions,
                budget_s=budget_s,
            )
        )
        moved = AS_OF + timedelta(days=1)
        moved_list = adapter.due_list_action(clinic, moved)
        moved_list()  # re-evaluates what that day changes
        results.append(
            interleaved(
                Result("due list, date moved one day", size, "s", goal=CHANGED_GOAL),
                lambda: fetch_floor(moved.isoformat()),
                lambda: cpu_seconds(moved_list),
                repetitions=repetitions,
                budget_s=budget_s,
            )
        )
        results.append(_after_a_save(size, clinic, moved_list, fetch_floor, repetitions, budget_s))
        return results
    finally:
        raw.close()
        clinic.close()


def _after_a_save(
    size: str,
    clinic: adapter.Clinic,
    moved_list: Callable[[], int],
    fetch_floor: Callable[[str], float],
    repetitions: int,
    budget_s: float,
) -> Result:
    episode_id = adapter.first_episode_id(clinic, 42)
    moved = (AS_OF + timedelta(days=1)).isoformat()
    evaluated: list[int] = []

    def app() -> float:
        adapter.add_visit(clinic, episode_id, AS_OF, pain=3)
        started = time.process_time()
        evaluated.append(moved_list())
        return time.process_time() - started

    result = Result("due list after a visit was saved", size, "s", goal=CHANGED_GOAL)
    interleaved(result, lambda: fetch_floor(moved), app, repetitions=repetitions, budget_s=budget_s)
    if set(evaluated) != {1}:
        result.note = f"episodes re-evaluated after each save: {sorted(set(evaluated))}"
    return result
