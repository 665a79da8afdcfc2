"""Shared fixtures: every test gets its own TROCHTRACK_HOME and a real SQLite file."""

import os

# Before anything imports Qt: without a display, Qt aborts the process instead of raising.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import coverage
import pytest

from trochtrack.paths import AppPaths
from trochtrack.services.clinic import Clinic
from trochtrack.store.db import Database, open_database

TESTS = Path(__file__).parent
EXAMPLES = TESTS / "data" / "examples"
WARNS_ON_UNCLOSED_CONNECTIONS = sys.version_info >= (3, 13)
# The suites whose tests count towards the coverage floor of domain/ and services/.
COVERED_SUITES = frozenset({"unit", "integration"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[object]:
    """Pause the coverage tracer for a GUI, end-to-end or crash test, fixtures included.

    The floor is a claim about the logic tests, what they check, not what a window
    happens to run on the way. Tracing the other suites too cost CI about 200 s.
    """
    tracer = None
    if item.path.relative_to(TESTS).parts[0] not in COVERED_SUITES:
        tracer = coverage.Coverage.current()
    if tracer is None:
        return (yield)
    tracer.stop()
    try:
        return (yield)
    finally:
        tracer.start()


@pytest.fixture(autouse=True)
def no_leaked_connections() -> Iterator[None]:
    """Fail the test that leaves a database connection open.

    From Python 3.13 an unclosed sqlite3 connection raises ResourceWarning when it is
    freed, and ``filterwarnings = error`` turns that into a failure; collecting here makes
    it fail the test that leaked it instead of whichever test the collector happens to
    interrupt later. CI runs the suite on 3.13 so that every leak is seen. Earlier
    Pythons free such a connection silently, so there nothing is done. What survives
    is frozen, so the next test's collection looks only at what that test made (a full
    one takes about 0.2 s once Qt and matplotlib are loaded).
    """
    yield
    if WARNS_ON_UNCLOSED_CONNECTIONS:
        gc.collect()
        gc.freeze()


@pytest.fixture
def raw_sqlite() -> Iterator[Callable[..., sqlite3.Connection]]:
    """``sqlite3.connect`` for a test's own look at a file, closed when the test ends."""
    opened: list[sqlite3.Connection] = []

    def connect(path: object, **options: object) -> sqlite3.Connection:
        connection = sqlite3.connect(path, **options)
        opened.append(connection)
        return connection

    yield connect
    for connection in opened:
        connection.close()


@pytest.fixture
def app_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    home = tmp_path / "home"
    monkeypatch.setenv("TROCHTRACK_HOME", str(home))
    monkeypatch.delenv("TROCHTRACK_DB", raising=False)
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    return AppPaths.from_environment()


@pytest.fixture
def run_cli():
    """``run_cli(*args, home=DIR)``: a real ``trochtrack-cli`` process on TROCHTRACK_HOME=DIR."""
    import subprocess
    import sys

    def run(*args: str, home: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "TROCHTRACK_HOME": str(home)}
        env.pop("TROCHTRACK_DB", None)
        return subprocess.run(
            [sys.executable, "-m", "trochtrack.cli.main", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )

    def start(*args: str, home: Path) -> subprocess.Popen[str]:
        env = {**os.environ, "TROCHTRACK_HOME": str(home)}
        env.pop("TROCHTRACK_DB", None)
        return subprocess.Popen(
            [sys.executable, "-m", "trochtrack.cli.main", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    run.start = start  # type: ignore[attr-defined]
    return run


@pytest.fixture
def database_at(seed_sql: str):
    """``database_at(paths, revision)``: the default database at an old schema revision,
    holding the seed rows (what an upgrade and its backup must carry forward)."""

    import sqlalchemy as sa
    from alembic import command

    from trochtrack.paths import ensure_private_dir
    from trochtrack.store.db import alembic_config, make_engine

    def make(paths: AppPaths, revision: str) -> None:
        ensure_private_dir(paths.data)
        engine = make_engine(sa.make_url(paths.database_url()))
        config = alembic_config()
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        engine.dispose()
        raw = sqlite3.connect(paths.database)
        try:
            raw.executescript(seed_sql)
        finally:
            raw.close()

    return make


@pytest.fixture
def lock_holder():
    """Run ``with lock_holder(database, purpose[, mode]) as pid:``.

    A forked process takes the database lock as the app or a CLI command would, and
    holds it for the block (killed at its end).
    """
    import signal
    from contextlib import contextmanager

    from trochtrack.services.instance import InstanceLock, LockMode

    @contextmanager
    def holding(
        database: Path,
        purpose: str,
        mode: LockMode = LockMode.WRITE,
    ) -> Iterator[int]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            lock = InstanceLock(database, purpose)
            lock.acquire(mode)
            os.write(write_end, b"L")
            signal.pause()
        try:
            os.read(read_end, 1)
            yield pid
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_end)
            os.close(write_end)

    return holding


@pytest.fixture
def break_an_index():
    """``break_an_index(database)``: see :func:`_break_an_index`."""
    return _break_an_index


def _break_an_index(database: Path) -> None:
    """Make the patient search index disagree with its table: quick_check cannot see it.

    The index's definition is changed under it (writable_schema), so every patient row
    is missing from the index as SQLite now reads it; integrity_check reports it.
    """

    raw = sqlite3.connect(database, isolation_level=None)
    try:
        raw.execute("PRAGMA writable_schema=ON")
        raw.execute(
            "UPDATE sqlite_master SET sql = "
            "'CREATE INDEX ix_patient_search_key ON patient (given_name)' "
            "WHERE name = 'ix_patient_search_key'"
        )
    finally:
        raw.close()


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
    _drop_database(admin, name)
    admin.dispose()


def _drop_database(admin: Any, name: str, *, attempts: int = 40) -> None:
    """Drop a test database, waiting out the server's own work in it.

    FORCE ends the test's connections, but not an autovacuum worker's: that belongs to the
    server's superuser, and the drop fails with InsufficientPrivilege until it finishes
    (it did once in CI, a fraction of a second after a test).
    """
    import time

    import sqlalchemy as sa

    for attempt in range(attempts):
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
            return
        except (sa.exc.ProgrammingError, sa.exc.OperationalError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.25)


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


@pytest.fixture
def seed_sql() -> str:
    """Rows for a database at revision 0001 (every later revision must carry them forward)."""
    return SEED_SQL


SEED_SQL = """
INSERT INTO patient (id, ref, given_name, family_name, search_key, date_of_birth, sex,
    has_gp, gp_explicit_nulls, explicit_nulls, created_at, updated_at)
    VALUES (1, 'P-1', 'Ann', 'Lee', 'ann lee p-1', '1960-01-02', 'female', 0, '', '',
    '2026-01-01 10:00:00.000000', '2026-01-01 10:00:00.000000');
INSERT INTO episode (id, patient_id, ref, side, diagnosis, first_line_start, explicit_nulls,
    data_version) VALUES (1, 1, 'E1', 'left', 'gtps', '2026-01-05', '', 1);
INSERT INTO visit (id, episode_id, visit_date, pain_nrs, explicit_nulls)
    VALUES (1, 1, '2026-01-05', 7, ''), (2, 1, '2026-02-02', 5, '');
INSERT INTO visit_red_flag (visit_id, flag) VALUES (2, 'recent_injection');
INSERT INTO treatment (id, episode_id, kind, start_date, explicit_nulls)
    VALUES (1, 1, 'exercise_program', '2026-01-05', '');
INSERT INTO scan (id, episode_id, scan_date, modality, explicit_nulls)
    VALUES (1, 1, '2026-01-03', 'US', '');
INSERT INTO lesion (id, episode_id, lesion_key, kind) VALUES (1, 1, 'bursa-1', 'adventitial_bursa');
INSERT INTO measurement (id, scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm,
    explicit_nulls) VALUES (1, 1, 1, 'measured', 24.0, 4.0, 23.0, '');
"""


@pytest.fixture
def episode_id(clinic: Clinic) -> int:
    """A new patient (P-1, Ann Lee, born 1960) with one episode begun on 2026-10-01."""
    from datetime import date

    from factories import make_episode, make_patient

    from trochtrack.services import records

    patient_id = records.create_patient(clinic, make_patient())
    return records.create_episode(
        clinic,
        patient_id,
        make_episode(first_line_start=date(2026, 10, 1)),
    )
