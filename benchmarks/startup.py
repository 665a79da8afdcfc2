"""``python -m benchmarks.startup``: start-up of the frozen bundle against the venv app.

Both run the same smoke run (``trochtrack --smoke DIR``, offscreen: a fresh database,
migrations, the demo, a letter, the main window), in turn, run after run, each with its
own lasting home so matplotlib's font cache is warm as it is for a clinic from the
second start on. The target: the bundle costs at most 1.2x the venv app. The verdict
uses the children's CPU time (medians of the per-pair ratios), so other work on the
machine does not tilt it; wall-clock medians are printed beside it.

Without a bundle in dist/trochtrack (``make package`` builds it) the entry is skipped.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "trochtrack" / "trochtrack"
TARGET_RATIO = 1.2
PAIRS = 5


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def smoke(command: list[str], home: Path, folder: Path, frozen: bool) -> tuple[float, float]:
    """CPU and wall seconds of one smoke run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPLCONFIGDIR", "TROCHTRACK"))}
    env.update(QT_QPA_PLATFORM="offscreen", TROCHTRACK_HOME=str(home))
    if not frozen:
        # The frozen app keeps its font cache under its home; the venv app, here, too.
        env["MPLCONFIGDIR"] = str(home / "cache" / "matplotlib")
    cpu, wall = children_cpu(), time.perf_counter()
    subprocess.run(
        [*command, "--smoke", str(folder)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    return children_cpu() - cpu, time.perf_counter() - wall


def main() -> int:
    if not BUNDLE.is_file():
        print(f"bundle start-up: skipped, no bundle at {BUNDLE} (make package builds it)")
        return 0
    venv_app = [sys.executable, "-m", "trochtrack"]
    with tempfile.TemporaryDirectory(prefix="trochtrack-startup-") as scratch:
        work = Path(scratch)
        samples: dict[str, list[tuple[float, float]]] = {"venv": [], "bundle": []}
        for run in range(PAIRS + 1):  # the first pair writes the font caches
            venv = smoke(venv_app, work / "home-venv", work / f"{run}-venv", frozen=False)
            bundle = smoke([str(BUNDLE)], work / "home-bundle", work / f"{run}-bundle", frozen=True)
            if run:
                samples["venv"].append(venv)
                samples["bundle"].append(bundle)
    ratios = [b[0] / v[0] for v, b in zip(samples["venv"], samples["bundle"], strict=True)]
    ratio = statistics.median(ratios)
    for name, runs in samples.items():
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        print(f"  smoke run, {name}: {cpu:.2f} s CPU, {wall:.2f} s wall (median of {PAIRS})")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"bundle start-up <= {TARGET_RATIO}x the venv app: {verdict} ({ratio:.2f}x CPU)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
