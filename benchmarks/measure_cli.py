"""``trochtrack-cli due`` as a whole process, and importing a large case in this process.

The CLI runs as a user runs it (the console script, a fresh process each time) on a
clinic already evaluated; its floor is a bare ``python`` process printing the due
list's rows from bare sqlite3. Wall time from launch to exit.

The import reads a case file the app exported (the patient with 200 visits and 40
scans, under a new ref each time) and saves it with the app's import, audit included;
its floor inserts the same rows with raw ``executemany`` in one transaction (rolled
back, so the database does not grow on the floor's side). CPU time of this process.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import adapter
from benchmarks.clinic import AS_OF
from benchmarks.measure_due import RULE_INPUT_TABLES
from benchmarks.timing import Goal, Result, cpu_seconds, interleaved

CLI_GOAL = Goal("<= 3x", ratio=3.0)
IMPORT_GOAL = Goal("<= 5x", ratio=5.0)
FLOOR_SCRIPT = (
    "import sqlite3, sys\n"
    "connection = sqlite3.connect(sys.argv[1])\n"
    "sql = open(sys.argv[2], encoding='utf-8').read()\n"
    "for row in connection.execute(sql, {'as_of': sys.argv[3]}):\n"
    "    print(*row)\n"
)
# Which rows of each table belong to one patient (its id is the parameter).
PATIENT_ROWS = {
    "patient": "id = :p",
    "episode": "patient_id = :p",
    "visit": "episode_id IN (SELECT id FROM episode WHERE patient_id = :p)",
    "visit_red_flag": "visit_id IN (SELECT v.id FROM visit v JOIN episode e"
    " ON e.id = v.episode_id WHERE e.patient_id = :p)",
    "treatment": "episode_id IN (SELECT id FROM episode WHERE patient_id = :p)",
    "scan": "episode_id IN (SELECT id FROM episode WHERE patient_id = :p)",
    "lesion": "episode_id IN (SELECT id FROM episode WHERE patient_id = :p)",
    "measurement": "scan_id IN (SELECT s.id FROM scan s JOIN episode e"
    " ON e.id = s.episode_id WHERE e.patient_id = :p)",
}
ID_COLUMNS = {"id", "patient_id", "episode_id", "visit_id", "scan_id", "lesion_id"}


def _wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if finished.returncode != 0 or not finished.stdout.strip():
        raise RuntimeError(f"{command[0]} failed ({finished.returncode}): {finished.stderr}")
    return seconds


def cli_due(size: str, home: Path, scratch: Path, repetitions: int, budget_s: float) -> Result:
    """``trochtrack-cli due`` against a bare Python process running the same query."""
    sql = scratch / "due-cli.sql"
    sql.write_text(adapter.DUE_LIST_SQL, encoding="utf-8")
    db = adapter.database_file(home)
    command, variables = adapter.cli_due(home, AS_OF)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TROCHTRACK")}
    env.update(variables)
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(db), str(sql), AS_OF.isoformat()]
    _wall(command, env)  # the first run may still write (an evaluation a day moved)
    return interleaved(
        Result("trochtrack-cli due (whole process, wall)", size, "s", goal=CLI_GOAL),
        lambda: _wall(floor, env),
        lambda: _wall(command, env),
        repetitions=repetitions,
        budget_s=budget_s,
    )


def patient_rows(connection: sqlite3.Connection, patient_id: int) -> dict[str, list[sqlite3.Row]]:
    connection.row_factory = sqlite3.Row
    rows = {
        table: connection.execute(
            f"SELECT * FROM {table} WHERE {PATIENT_ROWS[table]}", {"p": patient_id}
        ).fetchall()
        for table in RULE_INPUT_TABLES
    }
    connection.row_factory = None
    return rows


def raw_insert(
    connection: sqlite3.Connection, rows: dict[str, list[sqlite3.Row]], turn: int
) -> None:
    """The patient's rows again under fresh ids, with ``executemany``, then rolled back."""
    offset = 10_000_000 * (turn + 1)
    connection.execute("BEGIN")
    for table, values in rows.items():
        if not values:
            continue
        columns = values[0].keys()
        shifted = [
            [
                value + offset if column in ID_COLUMNS and value is not None else value
                for column, value in zip(columns, row, strict=True)
            ]
            for row in values
        ]
        if table == "patient":
            ref = columns.index("ref")
            for row in shifted:
                row[ref] = f"FLOOR-{turn}"
        marks = ", ".join("?" for _ in columns)
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", shifted
        )
    connection.execute("ROLLBACK")


def case_import(
    size: str,
    clinic: adapter.Clinic,
    db: Path,
    patient: tuple[int, str],
    repetitions: int,
    budget_s: float,
) -> Result:
    """Import of the large patient's case under a new ref, against raw ``executemany``."""
    patient_id, ref = patient
    case_text = adapter.export_case(clinic, ref)
    raw = sqlite3.connect(db, isolation_level=None)
    rows = patient_rows(raw, patient_id)
    count = sum(len(values) for values in rows.values())
    turns = iter(range(1_000_000))

    def floor() -> float:
        turn = next(turns)
        return cpu_seconds(lambda: raw_insert(raw, rows, turn))

    def app() -> float:
        text = adapter.replace_ref(case_text, f"IMPORT-{next(turns)}")
        return cpu_seconds(lambda: adapter.import_case(clinic, text))

    result = interleaved(
        Result("import of a large case (CPU)", size, "s", goal=IMPORT_GOAL, note=f"{count} rows"),
        floor,
        app,
        repetitions=repetitions,
        budget_s=budget_s,
    )
    raw.close()
    return result
