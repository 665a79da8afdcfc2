"""trochtrack-cli evaluate and due, as outside tests call them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trochtrack.paths import AppPaths

pytestmark = pytest.mark.integration
EXAMPLES = Path(__file__).parents[1] / "data" / "examples"


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TROCHTRACK_HOME": str(home)}
    env.pop("TROCHTRACK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "trochtrack.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _compared(document: dict) -> list:
    return [
        (
            episode["ref"],
            episode["status"],
            episode["review_due"],
            episode["escalation_due"],
            sorted((a["code"], a["severity"], a["due"]) for a in episode["alerts"]),
            [
                (
                    lesion["lesion"],
                    lesion["change"],
                    lesion["volume_mm3"],
                    lesion["previous_volume_mm3"],
                )
                for lesion in episode["lesions"]
                if lesion["kind"] not in ("tendinopathy", "partial_tear", "full_tear")
            ],
        )
        for episode in document["episodes"]
    ]


@pytest.mark.parametrize(
    "expected", sorted(EXAMPLES.glob("*.expected.json")), ids=lambda p: p.name.split(".e")[0]
)
def test_evaluate_agrees_with_every_worked_example(tmp_path: Path, expected: Path):
    name, as_of = expected.name.removesuffix(".expected.json").rsplit(".", 1)
    result = cli("evaluate", str(EXAMPLES / f"{name}.json"), "--as-of", as_of, home=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    wanted = json.loads(expected.read_text(encoding="utf-8"))
    assert document["format"] == "trochtrack-evaluation/1"
    assert (document["as_of"], document["preset"], document["patient"]) == (
        wanted["as_of"],
        wanted["preset"],
        wanted["patient"],
    )
    assert len(document["rules_version"]) == 12
    assert _compared(document) == _compared(wanted)
    for episode in document["episodes"]:
        for alert in episode["alerts"]:
            assert set(alert) == {"code", "severity", "due", "summary", "evidence", "sources"}
            assert alert["summary"]
    assert not (tmp_path / "data").exists()  # evaluate touches no database


def test_evaluate_with_a_preset_moves_the_dates(tmp_path: Path):
    result = cli(
        "evaluate",
        str(EXAMPLES / "seed-case.json"),
        "--as-of",
        "2026-10-20",
        "--preset",
        "leap",
        home=tmp_path,
    )
    episode = json.loads(result.stdout)["episodes"][0]
    assert (episode["review_due"], episode["escalation_due"], episode["status"]) == (
        "2026-10-19",
        "2026-11-02",
        "limited_response",
    )


def test_a_partial_rules_file_changes_only_what_it_names(tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text("[presets.protocol]\nreview_weeks = 2\nescalation_weeks = 3\n")
    result = cli(
        "evaluate",
        str(EXAMPLES / "seed-case.json"),
        "--as-of",
        "2026-10-20",
        "--rules",
        str(rules),
        home=tmp_path,
    )
    episode = json.loads(result.stdout)["episodes"][0]
    assert (episode["review_due"], episode["escalation_due"]) == ("2026-09-21", "2026-09-28")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preset", "fast"], "preset: unknown preset 'fast'"),
        (["--as-of", "2026-02-30"], "--as-of: '2026-02-30' is not a date"),
    ],
)
def test_evaluate_bad_options_exit_2(tmp_path: Path, args, message):
    result = cli("evaluate", str(EXAMPLES / "seed-case.json"), *args, home=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("[lesions]\naxis_min_chnage_mm = 3.0\n", "lesions.axis_min_chnage_mm: unknown key"),
        ("[lesions]\naxis_min_change_mm = -1.0\n", "lesions.axis_min_change_mm: -1.0 must be"),
        ("[response]\ngroc_min = 9\n", "response.groc_min: 9 is outside 1–5"),
        ("not toml at all [", "not a valid rules file"),
    ],
)
def test_a_bad_rules_file_names_the_key(tmp_path: Path, rules: str, message: str):
    path = tmp_path / "rules.toml"
    path.write_text(rules)
    result = cli("evaluate", str(EXAMPLES / "seed-case.json"), "--rules", str(path), home=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]


def test_evaluate_a_bad_case_exits_2_naming_the_field(tmp_path: Path):
    data = json.loads((EXAMPLES / "red-flag-fever.json").read_text(encoding="utf-8"))
    data["episodes"][0]["visits"][1]["temperature_c"] = "38,4"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    result = cli("evaluate", str(case), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "episodes[0].visits[1].temperature_c: expected a number, got text '38,4'"
    )


def test_due_lists_the_examples_soonest_first(tmp_path: Path):
    for case in sorted(EXAMPLES.glob("*.json")):
        if ".expected" not in case.name:
            assert cli("import", str(case), home=tmp_path).returncode == 0
    result = cli("due", "--as-of", "2026-11-10", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert [item["due"] for item in items] == sorted(item["due"] for item in items)
    first = items[0]
    assert (first["patient"], first["what"], first["overdue"], first["side"]) == (
        "P-0102",
        "conservative-care-failed",
        True,
        "right",
    )
    pinned = [(item["patient"], item["what"]) for item in items if item["pinned"]]
    assert pinned == [("P-0207", "red-flag-infection")]
    text = cli("due", "--as-of", "2026-11-10", "--within", "0", home=tmp_path)
    assert "PINNED P-0207" in text.stdout
    assert "OVERDUE P-SEED" in text.stdout
    assert AppPaths.from_environment({"TROCHTRACK_HOME": str(tmp_path)}).database.exists()
