"""``python -m benchmarks``: every measure of issue 12 against its floor, at each clinic size.

``make bench`` runs this. For each size (``--sizes``, by default 1k, 10k and 30k) it takes
a synthetic clinic from the cache (generated the first time), then measures, each
against the bare libraries doing the same work, in turn pair after pair: the cold
evaluation of every episode (and the rules engine alone), the warm due list (also
after the date moved and after a save), the CLI's ``due``, patient search per
keystroke, opening a typical and a large patient, one GP letter and a batch of
letters (at one size: their cost does not grow with the clinic), importing a large
case, and the desktop start-up warm and on a database not yet evaluated, with the
GUI's peak memory. Then the frozen bundle's start-up against the venv app's, if a
bundle was built. It prints one table (median [min-max] of each side, the median of
per-pair ratios, goal, verdict), then for each missed goal by how much, why and the plan
(:mod:`benchmarks.misses`), and writes it all, with every sample, to
``build/bench-results.json``.

``--tiny`` runs everything once on a 200-patient clinic with a short batch: ``make test``
uses it to catch breakage and asserts no timing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import adapter, cache, measure_cli, measure_due, measure_start
from benchmarks.clinic import AS_OF, ClinicFacts
from benchmarks.misses import missed_report
from benchmarks.timing import Result, table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = "1k,10k,30k"
RESULTS_FILE = ROOT / "build" / "bench-results.json"
LETTER_SIZE = 10_000
"""Letters are measured once, on the clinic nearest this size (their cost is per patient)."""


@dataclass(frozen=True)
class Plan:
    """How hard to try: repetitions per measure and the wall-time budget of each."""

    repetitions: int
    budget_s: float
    start_budget_s: float
    batch_letters: int
    batch_repetitions: int
    batch_budget_s: float


FULL = Plan(
    repetitions=5,
    budget_s=25.0,
    start_budget_s=45.0,
    batch_letters=100,
    batch_repetitions=2,
    batch_budget_s=150.0,
)
TINY = Plan(
    repetitions=1,
    budget_s=5.0,
    start_budget_s=5.0,
    batch_letters=2,
    batch_repetitions=1,
    batch_budget_s=5.0,
)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes",
        default=None,
        help=f"clinic sizes in patients, comma-separated (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--tiny", action="store_true", help="one run of everything at 200 patients")
    parser.add_argument("--repetitions", type=int, help="pairs per measure (default 5)")
    parser.add_argument(
        "--batch-letters", type=int, help="letters in the batch measure (default 100)"
    )
    parser.add_argument("--cache", type=Path, default=cache.DEFAULT_ROOT, help="clinic cache")
    parser.add_argument("--results", type=Path, default=RESULTS_FILE, help="JSON results file")
    args = parser.parse_args(argv)
    try:
        sizes = [
            cache.parse_size(text)
            for text in (args.sizes or ("200" if args.tiny else DEFAULT_SIZES)).split(",")
        ]
    except ValueError as error:
        parser.error(f"--sizes: {error}")
    args.patients = sizes
    return args


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, load average {load}; Python"
        f" {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def measure_size(
    patients: int, plan: Plan, cache_root: Path, scratch: Path, with_letters: bool
) -> list[Result]:
    """Every in-process and whole-process measure on the clinic of ``patients`` patients."""
    cached = cache.cached_clinic(patients, cache_root)
    size = cached.label
    if cached.generated_s:
        print(f"  {size}: clinic generated in {cached.generated_s:.0f} s: {cached.facts.rows}")
    reps, budget = plan.repetitions, plan.budget_s
    results: list[Result] = []
    cold, warm = measure_due.cold_evaluation(size, cached.home, scratch, reps, budget)
    results.append(cold)
    results.append(measure_due.rules_engine(size, cached.home, reps, budget))
    results += measure_due.warm_due_list(size, warm, reps, budget)
    results.append(measure_cli.cli_due(size, warm.home, scratch, reps, budget))
    results += in_window(size, cached.facts, warm.home, plan, with_letters)
    results += measure_start.warm_start(
        size,
        measure_start.StartupCase(warm.home, adapter.database_file(warm.home), warm.entries, 0),
        scratch,
        reps,
        plan.start_budget_s,
    )
    results += measure_start.first_start(
        size,
        measure_start.StartupCase(
            cached.home, adapter.database_file(warm.home), warm.entries, warm.episodes
        ),
        scratch,
        reps,
        plan.start_budget_s,
    )
    return results


def in_window(
    size: str, facts: ClinicFacts, home: Path, plan: Plan, with_letters: bool
) -> list[Result]:
    """The measures that run in this process on the evaluated clinic: Qt offscreen."""
    from benchmarks import measure_letters, measure_patient, measure_search

    reps, budget = plan.repetitions, plan.budget_s
    db = adapter.database_file(home)
    clinic = adapter.open_at(home, AS_OF)
    try:
        ctx = adapter.app_context(clinic)
        results = [measure_search.search(size, clinic, db, reps, budget)]
        typical = facts.typical[: max(2, reps)]
        results += measure_patient.patient_views(size, ctx, db, typical, facts.large, reps, budget)
        if with_letters:
            results.append(measure_letters.one_letter(size, clinic, db, typical, reps, budget))
            results.append(
                measure_letters.letter_batch(
                    size,
                    clinic,
                    db,
                    plan.batch_letters,
                    plan.batch_repetitions,
                    plan.batch_budget_s,
                )
            )
        large = facts.large[0]
        results.append(
            measure_cli.case_import(size, clinic, db, (large, facts.refs[large]), reps, budget)
        )
    finally:
        clinic.close()
    return results


def run(args: argparse.Namespace, out: Callable[[str], None] = print) -> list[Result]:
    plan = TINY if args.tiny else FULL
    if args.repetitions:
        plan = Plan(**{**plan.__dict__, "repetitions": args.repetitions})
    if args.batch_letters:
        plan = Plan(**{**plan.__dict__, "batch_letters": args.batch_letters})
    letters_at = min(args.patients, key=lambda patients: abs(patients - LETTER_SIZE))
    results: list[Result] = []
    out(f"machine: {machine()}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trochtrack-bench-") as scratch_root:
        for patients in args.patients:
            out(f"measuring at {cache.size_label(patients)} patients ...")
            scratch = Path(scratch_root) / str(patients)
            scratch.mkdir()
            results += measure_size(
                patients, plan, args.cache, scratch, with_letters=patients == letters_at
            )
            shutil.rmtree(scratch)
        bundle = Path(scratch_root) / "bundle"
        bundle.mkdir()
        results.append(measure_start.bundle_start(bundle, plan.repetitions, plan.start_budget_s))
    elapsed = time.perf_counter() - started
    out(table(results))
    missed = missed_report(results)
    if missed:
        out("Missed goals: by how much, why, and the plan")
        for line in missed:
            out(line)
    judged = [result for result in results if result.goal and not result.skipped]
    met = sum(result.verdict == "met" for result in judged)
    out(f"{met} of {len(judged)} goals met; {elapsed / 60:.1f} min; machine now: {machine()}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(
            {
                "machine": machine(),
                "minutes": elapsed / 60,
                "results": [r.as_json() for r in results],
                "missed": missed,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return results


def main(argv: Sequence[str]) -> int:
    run(parse_arguments(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
