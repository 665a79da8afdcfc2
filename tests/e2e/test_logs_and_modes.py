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
    # Each step with the exit status it must give: a step that failed where it should
    # have worked would leave less on disk to check.
    steps = [
        (("demo",), 0),
        (("import", str(EXAMPLES / "bursa-enlarging.json")), 0),
        (("due",), 0),
        (("export", "P-SEED", "-o", str(home / "P-SEED.json")), 0),
        (("export-record", "P-SEED", "-o", str(home / "P-SEED.zip")), 0),
        (("letter", "P-SEED", "--kind", "gp-followup", "-o", str(home / "letter.pdf")), 0),
        (("backup",), 0),
        (("audit", "verify"), 0),
        (("import", str(tmp_path / "missing.json")), 2),
        (("export", "P-NOBODY"), 1),
    ]
    for step, status in steps:
        result = cli(*step, home=home)
        assert result.returncode == status, (step, result.stderr)

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
