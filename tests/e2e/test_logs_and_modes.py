"""What the app leaves on disk: private files only, and logs without patient data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
EXAMPLES = Path(__file__).parents[1] / "data" / "examples"


def cli(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TROCHTRACK_HOME": str(home), **env}
    environment.pop("TROCHTRACK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "trochtrack.cli.main", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_every_file_holding_patient_data_is_private_and_logs_name_nobody(tmp_path: Path):
    home = tmp_path / "home"
    steps = [
        ("demo",),
        ("import", str(EXAMPLES / "bursa-enlarging.json")),
        ("due",),
        ("export", "P-SEED", "-o", str(home / "P-SEED.json")),
        ("export-record", "P-SEED", "-o", str(home / "P-SEED.zip")),
        ("letter", "P-SEED", "--kind", "gp-followup", "-o", str(home / "letter.pdf")),
        ("backup",),
        ("audit", "verify"),
        ("import", str(tmp_path / "missing.json")),
        ("export", "P-NOBODY"),
    ]
    for step in steps:
        result = cli(*step, home=home)
        assert result.returncode in (0, 1, 2), result.stderr

    files = [p for p in home.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {
        "trochtrack.sqlite",
        "trochtrack.log",
        "P-SEED.json",
        "P-SEED.zip",
        "letter.pdf",
    } <= names
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600, path
    for folder in [home, *(p for p in home.rglob("*") if p.is_dir())]:
        assert folder.stat().st_mode & 0o777 == 0o700, folder

    log = (home / "logs" / "trochtrack.log").read_text(encoding="utf-8")
    assert "import:" in log
    for private in ("Margaret", "Example", "Sample", "Ångström", "1971-05-14", "Patel", "River"):
        assert private not in log, private
