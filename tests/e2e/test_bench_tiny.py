"""``make bench`` in its tiny mode: every row of issue 12's table is measured, nothing breaks.

No timing is asserted (a shared machine makes any figure here noise); what is checked is
that each measure ran the app and its floor, and the table and results file hold them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = {
    "cold evaluation of every episode (CPU)",
    "rules engine alone, every episode (CPU)",
    "warm due list (nothing changed)",
    "due list, date moved one day",
    "due list after a visit was saved",
    "trochtrack-cli due (whole process, wall)",
    "patient search, per keystroke (CPU)",
    "open a typical patient with charts (CPU)",
    "open a patient with 200 visits, 40 scans (CPU)",
    "one GP letter PDF, in-process (CPU)",
    "2 letters in a batch (CPU)",
    "import of a large case (CPU)",
    "warm start to a painted due list",
    "GUI peak memory, warm start",
    "first start (not yet evaluated): a window",
    "first start: due list complete",
    "GUI peak memory, first start",
    "bundle start-up (smoke run), CPU",
}
# The pure rules engine has no bare-library counterpart: an absolute goal only.
WITHOUT_FLOOR = {"rules engine alone, every episode (CPU)"}


def bench(*arguments: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TROCHTRACK", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", MPLCONFIGDIR=str(tmp_path / "mpl"))
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.timeout(900)
def test_tiny_run_measures_every_row_against_its_floor(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    run = bench(
        "--tiny", "--cache", str(tmp_path / "cache"), "--results", str(results_file),
        tmp_path=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    header = "| measure | size | trochtrack | floor | ratio | goal | verdict | n | note |"
    assert header in run.stdout
    document = json.loads(results_file.read_text(encoding="utf-8"))
    rows = {result["measure"]: result for result in document["results"]}
    assert set(rows) == ROWS
    for name, result in rows.items():
        if result["skipped"]:
            assert name.startswith("bundle"), (name, result["skipped"])
            continue
        assert result["app"], name
        assert bool(result["floor"]) is (name not in WITHOUT_FLOOR), name
        assert result["verdict"] in {"met", "MISSED", "-"}, name
        assert name in run.stdout
    search = rows["patient search, per keystroke (CPU)"]
    # The app and the bare LIKE found the same patients at every keystroke.
    assert "differ" not in search["note"], search["note"]
    assert rows["due list after a visit was saved"]["note"] == ""
    assert "machine:" in run.stdout
    # Every missed goal is stated with its size, its cause and the plan.
    missed = [result for result in document["results"] if result["verdict"] == "MISSED"]
    for result in missed:
        assert f"- {result['measure']} ({result['size']}): " in run.stdout, result["measure"]
    assert sum(line.startswith("  Plan: ") for line in document["missed"]) == len(missed)
    assert "not yet explained" not in run.stdout
    # The clinic was kept for the next run, under its generator and schema version.
    assert list((tmp_path / "cache").glob("generator-*-schema-*/200/home"))


def test_a_size_that_is_not_a_number_is_refused_by_name(tmp_path: Path) -> None:
    run = bench("--sizes", "1k,lots", tmp_path=tmp_path)
    assert run.returncode == 2
    assert "--sizes" in run.stderr
    assert "'lots'" in run.stderr
