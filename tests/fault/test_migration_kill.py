"""kill -9 at every statement of a schema upgrade.

The upgrade is one transaction, so a kill at any statement must leave the old schema with
every row, and the app must then open and upgrade the file normally.
"""

import os
import signal
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.store.db import alembic_config, make_engine, open_database
from trochtrack.store.revisions import head_revision

pytestmark = [pytest.mark.fault, pytest.mark.integration]

OLD = "0001"


def _make_old_database(home: Path, seed_sql: str) -> AppPaths:
    paths = AppPaths.from_environment({"TROCHTRACK_HOME": str(home)})
    ensure_private_dir(paths.data)
    engine = make_engine(sa.make_url(paths.database_url()))
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, OLD)
    engine.dispose()
    raw = sqlite3.connect(paths.database)
    raw.executescript(seed_sql)
    raw.close()
    return paths


def _schema(path: Path) -> tuple[str | None, list[str]]:
    raw = sqlite3.connect(path)
    try:
        version = raw.execute("SELECT version_num FROM alembic_version").fetchone()
        sql = sorted(
            row[0] for row in raw.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
        return (version[0] if version else None), sql
    finally:
        raw.close()


def _rows(path: Path) -> dict[str, int]:
    raw = sqlite3.connect(path)
    try:
        tables = (
            "patient",
            "episode",
            "visit",
            "visit_red_flag",
            "treatment",
            "scan",
            "measurement",
        )
        return {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
    finally:
        raw.close()


def _statements_in_upgrade(tmp_path: Path, seed_sql: str) -> int:
    paths = _make_old_database(tmp_path / "count", seed_sql)
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    sa.event.listen(sa.engine.Engine, "after_cursor_execute", counter)
    try:
        open_database(paths.database_url(), backups=paths.backups).close()
    finally:
        sa.event.remove(sa.engine.Engine, "after_cursor_execute", counter)
    return count


def _upgrade_and_die_after(paths: AppPaths, statement: int, signal_fd: int) -> None:
    seen = 0

    def stop_here(*_args: object) -> None:
        nonlocal seen
        seen += 1
        if seen == statement:
            os.write(signal_fd, b"X")
            signal.pause()

    sa.event.listen(sa.engine.Engine, "after_cursor_execute", stop_here)
    open_database(paths.database_url(), backups=paths.backups)


def test_kill_at_each_statement_leaves_the_old_schema_and_every_row(tmp_path: Path, seed_sql: str):
    reference_old = _schema(_make_old_database(tmp_path / "old", seed_sql).database)
    new_paths = _make_old_database(tmp_path / "new", seed_sql)
    open_database(new_paths.database_url(), backups=new_paths.backups).close()
    reference_new = _schema(new_paths.database)
    assert reference_new[0] == head_revision() != OLD

    total = _statements_in_upgrade(tmp_path, seed_sql)
    assert total > 10
    for statement in range(1, total + 1):
        paths = _make_old_database(tmp_path / f"kill-{statement}", seed_sql)
        rows = _rows(paths.database)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                _upgrade_and_die_after(paths, statement, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        reached = os.read(read_end, 1)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
        assert reached == b"X"

        # Every statement runs before the upgrade's single COMMIT: nothing may show.
        assert _schema(paths.database) == reference_old, f"changed after statement {statement}"
        assert _rows(paths.database) == rows
        open_database(paths.database_url(), backups=paths.backups).close()
        assert _schema(paths.database) == reference_new
        assert _rows(paths.database) == rows


def test_the_stdlib_driver_does_not_manage_transactions(database):
    # Regression guard: in the driver's legacy mode each DDL statement autocommits,
    # which is what leaves a killed migration half-done.
    with database.raw_connection() as raw:
        assert raw.isolation_level is None
