"""Upgrading a database that already holds patients: rows kept, backup first, FKs intact."""

import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.store.backup import verify_backup
from trochtrack.store.db import alembic_config, head_revision, make_engine, open_database

pytestmark = pytest.mark.integration

REVISIONS = [
    rev.revision
    for rev in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]

CLINICAL_TABLES = (
    "patient",
    "episode",
    "visit",
    "visit_red_flag",
    "treatment",
    "scan",
    "lesion",
    "measurement",
)


def _counts(path) -> dict[str, int]:
    raw = sqlite3.connect(path)
    try:
        return {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CLINICAL_TABLES}  # noqa: S608
    finally:
        raw.close()


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrading_from_each_revision_keeps_every_row(
    app_paths: AppPaths, revision: str, seed_sql: str
):
    ensure_private_dir(app_paths.data)
    engine = make_engine(sa.make_url(app_paths.database_url()))
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    raw = sqlite3.connect(app_paths.database)
    raw.executescript(seed_sql)
    raw.close()
    before = _counts(app_paths.database)

    open_database(app_paths.database_url(), backups=app_paths.backups).close()

    assert _counts(app_paths.database) == before
    raw = sqlite3.connect(app_paths.database)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    raw.close()
    backups = list(app_paths.backups.glob("*.sqlite"))
    if revision == head_revision():
        assert backups == []
    else:
        assert len(backups) == 1
        assert backups[0].stat().st_mode & 0o777 == 0o600
        assert {t: n for t, n in verify_backup(backups[0]).items() if t in before} == before
