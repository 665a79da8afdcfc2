"""``python -m benchmarks``: the due list of a 10,000-patient clinic, then start-up.

The start-up entry (the frozen bundle against the venv app) is :mod:`benchmarks.startup`.

The floor is a raw ``sqlite3`` fetch of the very rows the due list reads (every open
episode with its patient and cached evaluation). The target: a due list served from the
cache costs at most 3x that floor, also after the date moves or a visit is saved.
Timings are this process's CPU time (medians), so other work on the machine does not
tilt the ratio.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import startup
from benchmarks.clinic import AS_OF, fill
from trochtrack.domain.model import Visit
from trochtrack.paths import AppPaths
from trochtrack.services import records
from trochtrack.services.clinic import open_clinic
from trochtrack.services.due import due_list_with_stats
from trochtrack.services.evaluation import clinic_rules
from trochtrack.store.repositories import DUE_LIST_QUERY

TARGET_RATIO = 3.0
# The floor runs the due list's own query text on a bare sqlite3 connection.
FLOOR_SQL = str(DUE_LIST_QUERY)


def ratio_to_floor(
    runs: int, action: Callable[[], object], floor: Callable[[], object]
) -> tuple[float, float, float]:
    """Median CPU seconds of ``action`` and of ``floor``, and the median of their ratios.

    The two are timed in turn, run after run, so a busy moment of the machine weighs on
    both sides of each ratio alike.
    """
    timings: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        started = time.process_time()
        floor()
        floors.append(time.process_time() - started)
        started = time.process_time()
        action()
        timings.append(time.process_time() - started)
    ratios = [t / f for t, f in zip(timings, floors, strict=True)]
    return statistics.median(timings), statistics.median(floors), statistics.median(ratios)


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths.from_environment({"TROCHTRACK_HOME": home})
        clinic = open_clinic(paths, clock=lambda: datetime(2026, 11, 28, 12, tzinfo=UTC))
        clinic.actor = "benchmark"
        started = time.process_time()
        counts = fill(clinic)
        print(f"clinic written in {time.process_time() - started:.1f} s: {counts}")
        rules = clinic_rules(clinic)

        started = time.process_time()
        _, cold = due_list_with_stats(clinic, AS_OF, rules=rules)
        print(
            f"cold due list (every episode evaluated): {time.process_time() - started:.2f} s,"
            f" {cold.evaluated} of {cold.episodes} evaluated"
        )

        database = Path(home) / "data" / "trochtrack.sqlite"
        raw = sqlite3.connect(database)

        def fetch_floor() -> object:
            return raw.execute(FLOOR_SQL, {"as_of": AS_OF.isoformat()}).fetchall()

        rows = len(raw.execute(FLOOR_SQL, {"as_of": AS_OF.isoformat()}).fetchall())
        results: dict[str, tuple[float, float, float]] = {}
        results["warm (nothing changed)"] = ratio_to_floor(
            11, lambda: due_list_with_stats(clinic, AS_OF, rules=rules), fetch_floor
        )

        moved = AS_OF + timedelta(days=1)
        due_list_with_stats(clinic, moved, rules=rules)  # re-evaluates what that day changes
        results["date moved one day"] = ratio_to_floor(
            11, lambda: due_list_with_stats(clinic, moved, rules=rules), fetch_floor
        )

        episode_id = records.patient_record(clinic, 42).episodes[0].id
        assert episode_id is not None

        saves: list[float] = []
        floors: list[float] = []
        for _ in range(7):
            records.add_visit(clinic, episode_id, Visit(date=AS_OF, pain_nrs=3))
            started = time.process_time()
            fetch_floor()
            floors.append(time.process_time() - started)
            started = time.process_time()
            _, stats = due_list_with_stats(clinic, moved, rules=rules)
            saves.append(time.process_time() - started)
            assert stats.evaluated == 1, stats
        results["after a visit was saved (1 re-evaluated)"] = (
            statistics.median(saves),
            statistics.median(floors),
            statistics.median(s / f for s, f in zip(saves, floors, strict=True)),
        )
        clinic.close()

    print(f"floor: raw sqlite3 fetch of the same {rows} rows")
    worst = 0.0
    for name, (seconds, floor, ratio) in results.items():
        worst = max(worst, ratio)
        print(
            f"  due list, {name}: {seconds * 1000:.1f} ms, floor {floor * 1000:.1f} ms:"
            f" {ratio:.1f}x"
        )
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    print(f"target <= {TARGET_RATIO:.0f}x the floor: {verdict} (worst {worst:.1f}x)")
    return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    due_list_status = main()
    sys.exit(max(due_list_status, startup.main()))
