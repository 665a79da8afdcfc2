"""Start-up of the desktop app, as whole processes: warm, first start, peak memory.

Each run is a fresh process on its own copy of the clinic (the app may write to it: the
first start fills the evaluation cache), timed from just before the parent launches it
to the paint :mod:`benchmarks.gui_probe` stops at. Wall time: a start-up is waited for
as a whole. The floor is the same probe in its ``floor`` mode (bare PySide6 window, the
same rows through bare sqlite3) on the same database, launched in turn with the app.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import adapter, startup
from benchmarks.clinic import AS_OF
from benchmarks.timing import Goal, Result, interleaved, run_pairs

PROBE_TIMEOUT_S = 600
WARM_GOAL = Goal("<= 2x", ratio=2.0)
WINDOW_GOAL = Goal("window <= 1 s", at_most=1.0)
MEMORY_GOAL = Goal("<= 200 MB at 10k", at_most=200.0)
BUNDLE_GOAL = Goal("<= 1.2x venv", ratio=1.2)


@dataclass(frozen=True)
class ProbeRun:
    """One start-up, seconds after launch, and the process's peak memory then."""

    first_window_s: float
    done_s: float
    peak_rss_mb: float
    progress_shown: bool


def probe_environment(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TROCHTRACK", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", TROCHTRACK_HOME=str(home), MPLCONFIGDIR=str(cache))
    return env


def run_probe(arguments: list[str], env: dict[str, str], scratch: Path) -> ProbeRun:
    out = scratch / "probe.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.gui_probe", *arguments, "--out", str(out)]
    launched = time.monotonic()
    finished = subprocess.run(
        command,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    if finished.returncode != 0 or not out.is_file():
        raise RuntimeError(f"start-up probe failed ({finished.returncode}): {finished.stderr}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return ProbeRun(
        first_window_s=report["first_window"] - launched,
        done_s=report["done"] - launched,
        peak_rss_mb=report["peak_rss_mb"],
        progress_shown=report["progress_shown"],
    )


@dataclass
class StartupCase:
    """What one start-up measure needs: the clinic to copy and what complete looks like."""

    home: Path
    """The home folder to copy for each app run."""
    floor_db: Path
    expect_rows: int
    evaluated: int
    """Episodes the app must have evaluated before the due list counts as complete."""


def start_pairs(
    case: StartupCase, scratch: Path, repetitions: int, budget_s: float
) -> tuple[list[tuple[ProbeRun, ProbeRun]], str]:
    """Floor then app, pair after pair; each app run on a fresh copy of ``case.home``."""
    sql = scratch / "due.sql"
    sql.write_text(adapter.DUE_LIST_SQL, encoding="utf-8")
    mpl_cache = scratch.parent / "matplotlib"
    as_of = ["--as-of", AS_OF.isoformat()]

    def floor() -> ProbeRun:
        arguments = ["floor", *as_of, "--db", str(case.floor_db), "--sql", str(sql)]
        return run_probe(arguments, probe_environment(scratch / "floor-home", mpl_cache), scratch)

    def app() -> ProbeRun:
        with tempfile.TemporaryDirectory(dir=scratch) as run_dir:
            home = shutil.copytree(case.home, Path(run_dir) / "home")
            arguments = ["app", *as_of, "--expect", str(case.expect_rows)]
            arguments += ["--evaluated", str(case.evaluated)]
            arguments += ["--db", str(adapter.database_file(home))]
            return run_probe(arguments, probe_environment(home, mpl_cache), scratch)

    return run_pairs(floor, app, repetitions=repetitions, budget_s=budget_s)


def warm_start(
    size: str, case: StartupCase, scratch: Path, repetitions: int, budget_s: float
) -> list[Result]:
    """Warm start to a painted due list, and the peak memory then (app and floor)."""
    pairs, note = start_pairs(case, scratch, repetitions, budget_s)
    start = Result("warm start to a painted due list", size, "s", goal=WARM_GOAL, note=note)
    memory = Result(
        "GUI peak memory, warm start",
        size,
        "MB",
        goal=MEMORY_GOAL if size == "10k" else None,
    )
    for floor, app in pairs:
        start.floor.append(floor.done_s)
        start.app.append(app.done_s)
        memory.floor.append(floor.peak_rss_mb)
        memory.app.append(app.peak_rss_mb)
    return [start, memory]


def first_start(
    size: str, case: StartupCase, scratch: Path, repetitions: int, budget_s: float
) -> list[Result]:
    """First start on a database never evaluated: the window, the complete due list, memory."""
    pairs, note = start_pairs(case, scratch, repetitions, budget_s)
    shown = sum(app.progress_shown for _, app in pairs)
    window = Result(
        "first start (not yet evaluated): a window",
        size,
        "s",
        goal=WINDOW_GOAL,
        note="; ".join(filter(None, [f"progress bar shown in {shown} of {len(pairs)}", note])),
    )
    complete = Result("first start: due list complete", size, "s")
    memory = Result("GUI peak memory, first start", size, "MB")
    for floor, app in pairs:
        window.floor.append(floor.first_window_s)
        window.app.append(app.first_window_s)
        complete.floor.append(floor.done_s)
        complete.app.append(app.done_s)
        memory.floor.append(floor.peak_rss_mb)
        memory.app.append(app.peak_rss_mb)
    return [window, complete, memory]


def bundle_start(scratch: Path, repetitions: int, budget_s: float) -> Result:
    """The frozen bundle's smoke run against the venv app's (issue 17), CPU of the children."""
    result = Result("bundle start-up (smoke run), CPU", "-", "s", goal=BUNDLE_GOAL)
    if not startup.BUNDLE.is_file():
        result.skipped = "no bundle in dist/trochtrack (make package builds it)"
        return result
    venv_app = [sys.executable, "-m", "trochtrack"]
    runs = iter(range(10_000))
    # The first pair writes the font caches and is not counted.
    startup.smoke(venv_app, scratch / "home-venv", scratch / "warm-venv", frozen=False)
    startup.smoke(
        [str(startup.BUNDLE)], scratch / "home-bundle", scratch / "warm-bundle", frozen=True
    )

    def venv() -> float:
        return startup.smoke(
            venv_app, scratch / "home-venv", scratch / f"{next(runs)}", frozen=False
        )[0]

    def bundle() -> float:
        folder = scratch / f"{next(runs)}"
        return startup.smoke([str(startup.BUNDLE)], scratch / "home-bundle", folder, frozen=True)[0]

    return interleaved(result, venv, bundle, repetitions=repetitions, budget_s=budget_s)
