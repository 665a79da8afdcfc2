"""Shared fixtures: every test gets its own TROCHTRACK_HOME and a real SQLite file."""

import os

# Before anything imports Qt: without a display, Qt aborts the process instead of raising.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from trochtrack.paths import AppPaths
from trochtrack.services.clinic import Clinic
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


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server named by TROCHTRACK_TEST_PG_URL."""
    import uuid

    import sqlalchemy as sa

    server = os.environ.get("TROCHTRACK_TEST_PG_URL")
    if not server:
        pytest.skip("TROCHTRACK_TEST_PG_URL is not set (.ci/run starts a PostgreSQL server)")
    name = f"tt_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(server).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def clinic(database: Database, app_paths: AppPaths) -> Clinic:
    """An open clinic on a fresh SQLite file whose clock reads 2026-11-28 12:00 UTC."""
    from datetime import UTC, datetime

    return Clinic(
        database=database,
        paths=app_paths,
        clock=lambda: datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
        actor="Test Clinician",
    )
