"""Shared fixtures: every test gets its own TROCHTRACK_HOME and a real SQLite file."""

import os

# Before anything imports Qt: without a display, Qt aborts the process instead of raising.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from trochtrack.paths import AppPaths
from trochtrack.store.db import Database, open_database

EXAMPLES = Path(__file__).parent / "data" / "examples"


@pytest.fixture
def app_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    home = tmp_path / "home"
    monkeypatch.setenv("TROCHTRACK_HOME", str(home))
    monkeypatch.delenv("TROCHTRACK_DB", raising=False)
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    return AppPaths.from_environment()


@pytest.fixture
def example_cases() -> dict[str, Path]:
    """The worked example case files by name (without .json)."""
    return {p.stem: p for p in sorted(EXAMPLES.glob("*.json")) if ".expected" not in p.name}


@pytest.fixture
def database(app_paths: AppPaths) -> Iterator[Database]:
    db = open_database(app_paths.database_url(), backups=app_paths.backups)
    yield db
    db.close()
