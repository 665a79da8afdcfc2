"""Opening the database: new, existing, damaged, foreign and newer files; modes and pragmas."""

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from alembic import command

from trochtrack.paths import AppPaths
from trochtrack.store.db import alembic_config, head_revision, open_database
from trochtrack.store.errors import DatabaseDamagedError, DatabaseReadOnlyError, DatabaseTooNewError

pytestmark = pytest.mark.integration


def _open(paths: AppPaths):
    return open_database(paths.database_url(), backups=paths.backups)


def test_a_new_database_is_private_and_at_the_newest_schema(app_paths: AppPaths, raw_sqlite):
    db = _open(app_paths)
    db.close()
    assert app_paths.data.stat().st_mode & 0o777 == 0o700
    assert app_paths.database.stat().st_mode & 0o777 == 0o600
    raw = raw_sqlite(app_paths.database)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)


def test_models_and_migrations_agree(app_paths: AppPaths):
    db = _open(app_paths)
    config = alembic_config()
    with db.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises if autogenerate would emit any operation
    db.close()


def test_every_connection_runs_with_the_safe_pragmas(database):
    with database.raw_connection() as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert raw.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
        assert raw.execute("PRAGMA busy_timeout").fetchone() == (5000,)
        # The driver must not manage transactions itself (it autocommits DDL).
        assert raw.isolation_level is None


def test_tables_are_strict_so_text_cannot_hide_in_a_number_column(database):
    with database.raw_connection() as raw:
        sql = dict(raw.execute("SELECT name, sql FROM sqlite_master"))
    for table in ("patient", "episode", "visit", "treatment", "scan", "lesion", "measurement"):
        assert sql[table].rstrip().endswith("STRICT"), table


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b"not a database at all, just text\n" * 40, "the file is not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "the file is truncated"),
    ],
)
def test_an_unusable_file_is_refused_and_left_untouched(app_paths: AppPaths, content, reason):
    app_paths.data.mkdir(parents=True)
    app_paths.database.write_bytes(content)
    with pytest.raises(DatabaseDamagedError) as caught:
        _open(app_paths)
    assert caught.value.reason == reason
    assert app_paths.database.read_bytes() == content


def test_a_corrupted_database_is_refused(app_paths: AppPaths):
    _open(app_paths).close()
    data = bytearray(app_paths.database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size + 8 : page_size * 2] = b"\xa5" * (page_size - 8)  # garbage over page 2
    app_paths.database.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamagedError):
        _open(app_paths)


def test_another_programs_sqlite_database_is_not_initialised_over(app_paths: AppPaths, raw_sqlite):
    app_paths.data.mkdir(parents=True)
    other = sqlite3.connect(app_paths.database)
    other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    other.commit()
    other.close()
    with pytest.raises(DatabaseDamagedError, match="another program"):
        _open(app_paths)
    tables = raw_sqlite(app_paths.database).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("photos",)]


def test_a_database_from_a_newer_version_is_refused_and_not_changed(app_paths: AppPaths):
    _open(app_paths).close()
    raw = sqlite3.connect(app_paths.database)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    before = app_paths.database.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of trochtrack"):
        _open(app_paths)
    assert app_paths.database.read_bytes() == before


def test_database_url_comes_from_the_flag_then_the_environment_then_the_default(
    app_paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    assert app_paths.database_url() == f"sqlite:///{app_paths.database}"
    monkeypatch.setenv("TROCHTRACK_DB", str(tmp_path / "env.sqlite"))
    assert app_paths.database_url() == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert app_paths.database_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"


@pytest.mark.skipif(os.geteuid() != 0, reason="switches to another user to lose write access")
def test_a_read_only_database_is_refused_as_read_only_never_as_damaged():
    shared = Path(tempfile.mkdtemp(dir="/tmp"))  # reachable by the other user
    shared.chmod(0o755)
    app_paths = AppPaths.from_environment({"TROCHTRACK_HOME": str(shared / "home")})
    _open(app_paths).close()
    app_paths.data.parent.chmod(0o755)
    app_paths.data.chmod(0o755)
    app_paths.database.chmod(0o644)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.setuid(65534)  # nobody: may read the file, may not write it
        try:
            _open(app_paths)
            outcome = b"opened"
        except DatabaseReadOnlyError:
            outcome = b"read-only"
        except Exception as error:  # noqa: BLE001 - reported to the parent
            outcome = type(error).__name__.encode()
        os.write(write_end, outcome)
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read_end, 100) == b"read-only"
    assert app_paths.database.exists()
    shutil.rmtree(shared)


def test_the_cli_points_to_the_newest_verified_backup_for_a_damaged_database(
    app_paths: AppPaths, example_cases
):
    import subprocess
    import sys

    env = {**os.environ, "TROCHTRACK_HOME": str(app_paths.data.parent)}
    run = [sys.executable, "-m", "trochtrack.cli.main"]
    subprocess.run([*run, "import", str(example_cases["seed-case"])], env=env, check=True)
    subprocess.run([*run, "backup"], env=env, check=True, capture_output=True)
    app_paths.database.write_bytes(b"garbage" * 1000)
    result = subprocess.run([*run, "due"], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "the file is not an SQLite database" in result.stderr
    assert "trochtrack-cli restore " in result.stderr
    assert str(app_paths.backups) in result.stderr


def _files(database: Path) -> dict[str, bytes]:
    """The database and its companions, byte for byte (what 'left as it is' means)."""
    return {
        path.name: path.read_bytes()
        for path in sorted(database.parent.iterdir())
        if path.name.startswith(database.name)
    }


def _seed(database: Path, sql: str) -> None:
    raw = sqlite3.connect(database)
    try:
        raw.executescript(sql)
    finally:
        raw.close()


def _leave_a_pending_wal(database: Path) -> None:
    """Write in WAL mode from a process that dies before any checkpoint."""
    pid = os.fork()
    if pid == 0:
        writer = sqlite3.connect(database, isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE patient SET given_name = 'In the WAL only'")
        os._exit(0)  # no close: the WAL keeps the change, not yet in the main file
    os.waitpid(pid, 0)


def test_a_damaged_file_with_a_pending_wal_is_left_as_it_is(
    app_paths: AppPaths, seed_sql, raw_sqlite
):
    _open(app_paths).close()
    _seed(app_paths.database, seed_sql)
    # A page that holds seeded rows and that the pending write below does not touch.
    reader = raw_sqlite(app_paths.database)
    (visits_page,) = reader.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'visit'"
    ).fetchone()
    reader.close()
    _leave_a_pending_wal(app_paths.database)
    wal = app_paths.database.with_name("trochtrack.sqlite-wal")
    assert wal.stat().st_size > 0
    data = bytearray(app_paths.database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = (visits_page - 1) * page_size
    data[start + 8 : start + page_size] = b"\xa5" * (page_size - 8)
    app_paths.database.write_bytes(bytes(data))
    before = _files(app_paths.database)
    with pytest.raises(DatabaseDamagedError):
        _open(app_paths)
    after = _files(app_paths.database)
    assert after.keys() >= {"trochtrack.sqlite", "trochtrack.sqlite-wal"}
    assert after["trochtrack.sqlite"] == before["trochtrack.sqlite"]
    assert after["trochtrack.sqlite-wal"] == before["trochtrack.sqlite-wal"]


def test_a_foreign_sqlite_file_is_not_switched_to_wal(app_paths: AppPaths):
    app_paths.data.mkdir(parents=True)
    other = sqlite3.connect(app_paths.database)
    other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    other.execute("INSERT INTO photos (name) VALUES ('holiday')")
    other.commit()
    other.close()
    before = _files(app_paths.database)
    with pytest.raises(DatabaseDamagedError, match="another program"):
        _open(app_paths)
    assert _files(app_paths.database) == before  # still a rollback-journal file, no -wal
    assert before["trochtrack.sqlite"][18:20] == b"\x01\x01"


def test_a_healthy_database_with_a_pending_wal_opens_with_its_changes(
    app_paths: AppPaths, seed_sql
):
    _open(app_paths).close()
    _seed(app_paths.database, seed_sql)
    _leave_a_pending_wal(app_paths.database)
    database = _open(app_paths)
    with database.raw_connection() as raw:
        assert raw.execute("SELECT given_name FROM patient").fetchone() == ("In the WAL only",)
    database.close()


def test_a_newer_versions_database_with_a_pending_wal_is_not_changed(app_paths: AppPaths, seed_sql):
    _open(app_paths).close()
    _seed(app_paths.database, seed_sql)
    _seed(app_paths.database, "UPDATE alembic_version SET version_num = '9999'")
    _leave_a_pending_wal(app_paths.database)
    before = _files(app_paths.database)
    assert "trochtrack.sqlite-wal" in before
    with pytest.raises(DatabaseTooNewError):
        _open(app_paths)
    after = _files(app_paths.database)
    assert after["trochtrack.sqlite"] == before["trochtrack.sqlite"]
    assert after.get("trochtrack.sqlite-wal") == before["trochtrack.sqlite-wal"]


def test_a_broken_index_is_found_at_opening_and_the_file_left_alone(
    app_paths: AppPaths, seed_sql, break_an_index
):
    _open(app_paths).close()
    _seed(app_paths.database, seed_sql)
    break_an_index(app_paths.database)
    quick = sqlite3.connect(app_paths.database)
    assert quick.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    quick.close()
    before = _files(app_paths.database)
    with pytest.raises(DatabaseDamagedError, match="missing from index ix_patient_search_key"):
        _open(app_paths)
    assert _files(app_paths.database) == before
