"""Whatever is wrong with the input, the CLI answers with one line, never a traceback.

Each case was a traceback (or a hang) before: a JSON file nested 100,000 deep, a number
of 5,000 digits, a symlink to /dev/zero, a FIFO, a deeply nested rules file, a database
path that is a folder, ``--within`` past any date, an unknown kind of database URL, a
PostgreSQL server that is not there.
"""

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SEED = Path(__file__).parents[1] / "data" / "examples" / "seed-case.json"


def _deep_json(tmp: Path) -> list[str]:
    path = tmp / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return ["import", str(path)]


def _long_number(tmp: Path) -> list[str]:
    case = json.loads(SEED.read_text(encoding="utf-8"))
    text = json.dumps(case).replace('"pain_nrs": 7', '"pain_nrs": ' + "7" * 5000, 1)
    path = tmp / "number.json"
    path.write_text(text, encoding="utf-8")
    return ["evaluate", str(path), "--as-of", "2026-10-20"]


def _endless(tmp: Path) -> list[str]:
    path = tmp / "zero.json"
    path.symlink_to("/dev/zero")
    return ["import", str(path)]


def _fifo(tmp: Path) -> list[str]:
    path = tmp / "pipe.json"
    os.mkfifo(path)
    return ["import", str(path)]


def _deep_rules(tmp: Path) -> list[str]:
    path = tmp / "rules.toml"
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return ["evaluate", str(SEED), "--as-of", "2026-10-20", "--rules", str(path)]


def _folder_as_database(tmp: Path) -> list[str]:
    folder = tmp / "a-folder"
    folder.mkdir()
    return ["due", "--db", str(folder)]


CASES = {
    "JSON nested 100,000 deep": (_deep_json, 2, "nested too deeply"),
    "a number of 5,000 digits": (_long_number, 2, "a number has 5000 digits"),
    "a symlink to /dev/zero": (_endless, 2, "not a regular file"),
    "a FIFO": (_fifo, 2, "not a regular file"),
    "rules nested 100,000 deep": (_deep_rules, 2, "rules: tables or lists are nested"),
    "a folder as the database": (_folder_as_database, 1, "is a folder or a device"),
    "--within past any date": (
        lambda tmp: ["due", "--within", "99999999999999999999"],
        2,
        "--within: 99999999999999999999 days is more than 36500",
    ),
    "an unknown database URL": (
        lambda tmp: ["due", "--db", "bogus://x"],
        1,
        "bogus://x: trochtrack cannot use this kind of database",
    ),
    "an unreachable PostgreSQL server": (
        lambda tmp: ["due", "--db", "postgresql+psycopg://someone:secret@127.0.0.1:9/x"],
        1,
        "could not be opened: connection failed",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gets_one_line_and_its_exit_status(run_cli, tmp_path: Path, case: str):
    make, status, expected = CASES[case]
    result = run_cli(*make(tmp_path), home=tmp_path / "home")
    assert result.returncode == status, result.stderr[-1500:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-1500:]
    assert expected in lines[0]
    assert "secret" not in lines[0]
