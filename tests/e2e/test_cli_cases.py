"""trochtrack-cli import / export / demo as a user runs them (real processes, real files)."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from trochtrack.paths import AppPaths

pytestmark = pytest.mark.integration


def cli(*args: str, home: AppPaths, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TROCHTRACK_HOME": str(home.data.parent)}
    env.pop("TROCHTRACK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "trochtrack.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def dump(paths: AppPaths) -> list[str]:
    if not paths.database.exists():
        return []
    connection = sqlite3.connect(paths.database)
    try:
        return [line for line in connection.iterdump() if "alembic_version" not in line]
    finally:
        connection.close()


def test_import_then_export_gives_back_every_example(app_paths: AppPaths, example_cases):
    for path in example_cases.values():
        imported = cli("import", str(path), home=app_paths)
        assert imported.returncode == 0, imported.stderr
        ref = json.loads(path.read_text(encoding="utf-8"))["patient"]["ref"]
        exported = cli("export", ref, home=app_paths)
        assert exported.returncode == 0, exported.stderr
        assert json.loads(exported.stdout) == json.loads(path.read_text(encoding="utf-8"))


def test_importing_twice_keeps_one_patient(app_paths: AppPaths, example_cases, raw_sqlite):
    for _ in range(2):
        result = cli("import", str(example_cases["seed-case"]), home=app_paths)
        assert result.returncode == 0, result.stderr
    assert "P-SEED updated" in result.stdout
    connection = raw_sqlite(app_paths.database)
    assert connection.execute("SELECT count(*) FROM patient").fetchone() == (1,)
    assert connection.execute("SELECT count(*) FROM visit").fetchone() == (4,)


def _seed_with(example_cases, edit) -> str:
    data = json.loads(example_cases["seed-case"].read_text(encoding="utf-8"))
    edit(data)
    return json.dumps(data)


BAD_FILES = {
    "malformed JSON": (lambda ex: '{"format": "trochtrack-case/1", ', "not valid JSON"),
    "unknown field": (
        lambda ex: _seed_with(ex, lambda d: d["patient"].__setitem__("nickname", "Peg")),
        "patient.nickname: unknown field",
    ),
    "out-of-range score": (
        lambda ex: _seed_with(
            ex, lambda d: d["episodes"][0]["visits"][2].__setitem__("pain_nrs", 11)
        ),
        "episodes[0].visits[2].pain_nrs: 11 is outside 0–10",
    ),
    "negative diameter": (
        lambda ex: _seed_with(
            ex,
            lambda d: d["episodes"][0]["scans"][0]["findings"][2].__setitem__(
                "dims_mm", [24, -4, 23]
            ),
        ),
        "episodes[0].scans[0].findings[2].dims_mm[1]: -4 mm must be greater than 0",
    ),
    "visit before birth": (
        lambda ex: _seed_with(
            ex, lambda d: d["episodes"][0]["visits"][0].__setitem__("date", "1960-01-01")
        ),
        "episodes[0].visits[0].date: 1960-01-01 is before the date of birth (1971-05-14)",
    ),
    "impossible date": (
        lambda ex: _seed_with(
            ex, lambda d: d["episodes"][0]["visits"][0].__setitem__("date", "2026-02-29")
        ),
        "episodes[0].visits[0].date: 2026-02-29 is not a real date",
    ),
    "wrong type": (
        lambda ex: _seed_with(ex, lambda d: d["episodes"][0].__setitem__("visits", {})),
        "episodes[0].visits: expected a list, got an object",
    ),
    "missing required field": (
        lambda ex: _seed_with(ex, lambda d: d["patient"].pop("ref")),
        "patient.ref: is required",
    ),
    "date after today": (
        lambda ex: _seed_with(
            ex, lambda d: d["episodes"][0]["visits"][3].__setitem__("date", "2999-01-01")
        ),
        "episodes[0].visits[3].date: 2999-01-01 is after the current date",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_input_exits_2_names_the_field_and_writes_nothing(
    app_paths: AppPaths, example_cases, tmp_path: Path, kind: str
):
    assert cli("import", str(example_cases["red-flag-fever"]), home=app_paths).returncode == 0
    before = dump(app_paths)
    make_text, expected = BAD_FILES[kind]
    case_file = tmp_path / "bad.json"
    case_file.write_text(make_text(example_cases), encoding="utf-8")

    result = cli("import", str(case_file), home=app_paths)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert dump(app_paths) == before


def test_a_missing_case_file_is_bad_input(app_paths: AppPaths, tmp_path: Path):
    result = cli("import", str(tmp_path / "nope.json"), home=app_paths)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.json'}: no such file"


def test_exporting_an_unknown_ref_exits_1(app_paths: AppPaths):
    result = cli("export", "P-NOBODY", home=app_paths)
    assert result.returncode == 1
    assert "P-NOBODY" in result.stderr


MEASURE_KEYS = frozenset(
    {
        "questionnaires",
        "stance_pain_left_s",
        "stance_pain_right_s",
        "stair_pain_nrs",
        "abduction_left",
        "abduction_right",
        "abduction_unit",
        "body_mass_kg",
    }
)


def _without_measures(case: dict) -> dict:
    for episode in case["episodes"]:
        for visit in episode["visits"]:
            for key in MEASURE_KEYS:
                visit.pop(key, None)
    return case


def test_demo_loads_the_seed_case_and_others(app_paths: AppPaths, example_cases, raw_sqlite):
    result = cli("demo", home=app_paths)
    assert result.returncode == 0, result.stderr
    exported = json.loads(cli("export", "P-SEED", home=app_paths).stdout)
    # The demo's seed case is the project's seed case with the outcome measures added.
    assert _without_measures(exported) == json.loads(
        example_cases["seed-case"].read_text(encoding="utf-8")
    )
    connection = raw_sqlite(app_paths.database)
    assert connection.execute("SELECT count(*) FROM patient").fetchone()[0] >= 5
    names = {row[0] for row in connection.execute("SELECT family_name FROM patient")}
    assert {"Ångström-Łukasz", "Παπαδοπούλου", "Ñúñez"} <= names


def test_db_flag_overrides_the_default_database(app_paths: AppPaths, example_cases, tmp_path):
    other = tmp_path / "elsewhere.sqlite"
    result = cli("import", "--db", str(other), str(example_cases["seed-case"]), home=app_paths)
    assert result.returncode == 0, result.stderr
    assert other.exists()
    assert other.stat().st_mode & 0o777 == 0o600
    assert not app_paths.database.exists()


def test_db_may_come_before_the_command_and_the_command_s_own_wins(
    app_paths: AppPaths, example_cases, tmp_path
):
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    result = cli("--db", str(first), "import", str(example_cases["seed-case"]), home=app_paths)
    assert result.returncode == 0, result.stderr
    assert first.exists()
    listed = cli("--db", str(second), "export", "P-SEED", "--db", str(first), home=app_paths)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["patient"]["ref"] == "P-SEED"
    assert not second.exists()
    assert not app_paths.database.exists()


def test_a_reimport_cannot_make_the_stored_record_unreadable(
    app_paths: AppPaths, example_cases, tmp_path: Path
):
    """A new date of birth after the visits of an episode the file leaves out is refused."""
    first = cli("import", str(example_cases["seed-case"]), home=app_paths)
    assert first.returncode == 0, first.stderr
    before = dump(app_paths)

    def born_later_with_another_episode(data: dict) -> None:
        data["patient"]["date_of_birth"] = "2026-09-10"  # after E1's first visit
        episode = data["episodes"][0]
        episode["ref"] = "E2"
        episode["first_line_start"] = "2026-09-21"
        episode["visits"] = [v for v in episode["visits"] if v["date"] >= "2026-09-21"]
        episode["treatments"] = [t for t in episode["treatments"] if t["start"] >= "2026-09-21"]
        episode["scans"] = []
        for key in ("onset_date", "closed_date"):
            episode.pop(key, None)

    again = tmp_path / "later.json"
    again.write_text(_seed_with(example_cases, born_later_with_another_episode), "utf-8")
    refused = cli("import", str(again), home=app_paths)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    message = refused.stderr.strip()
    assert message.startswith("patient.date_of_birth: 2026-09-10 is after")
    assert "'E1'" in message
    assert "kept from the database" in message
    assert dump(app_paths) == before
    for command in (
        ("export", "P-SEED"),
        ("export-record", "P-SEED", "-o", str(tmp_path / "r.zip")),
    ):
        assert cli(*command, home=app_paths).returncode == 0


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("ref", "\u200b\u200b", "patient.ref: has no visible character"),
        ("given_name", "\u3164", "patient.given_name: has no visible character"),
        ("family_name", "Lee\u2028Ann", "patient.family_name: contains a line or paragraph"),
        ("family_name", "\u200fLee", "patient.family_name: contains an invisible formatting"),
    ],
)
def test_invisible_names_and_refs_are_refused_on_import(
    app_paths: AppPaths, example_cases, tmp_path: Path, field: str, value: str, problem: str
):
    path = tmp_path / "case.json"
    path.write_text(
        _seed_with(example_cases, lambda d: d["patient"].__setitem__(field, value)), "utf-8"
    )
    result = cli("import", str(path), home=app_paths)
    assert result.returncode == 2
    assert result.stderr.startswith(problem)
    assert not any(line.startswith('INSERT INTO "patient"') for line in dump(app_paths))


def test_a_fresh_demo_exports_every_outcome_measure_field(app_paths: AppPaths):
    assert cli("demo", home=app_paths).returncode == 0
    visits = [
        visit
        for ref in ("P-SEED", "P-DEMO-01", "P-DEMO-04")
        for episode in json.loads(cli("export", ref, home=app_paths).stdout)["episodes"]
        for visit in episode["visits"]
    ]
    keys = {key for visit in visits for key in visit}
    assert keys >= MEASURE_KEYS
    forms = [form for visit in visits for form in visit.get("questionnaires", [])]
    assert {form["instrument"] for form in forms} == {"visa_g", "lefs", "psfs", "pseq2"}
    with_items = [
        v for v in visits if any(f["instrument"] == "visa_g" for f in v.get("questionnaires", []))
    ]
    assert len(with_items) >= 6
    # Each VISA-G total is the sum of its items, as the app scored them.
    for visit in with_items:
        (items,) = [f["answers"] for f in visit["questionnaires"] if f["instrument"] == "visa_g"]
        assert visit["visa_g"] == sum(items.values())
