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

# Written against the 0001 schema, which every later revision must carry forward.
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
def test_upgrading_from_each_revision_keeps_every_row(app_paths: AppPaths, revision: str):
    ensure_private_dir(app_paths.data)
    engine = make_engine(sa.make_url(app_paths.database_url()))
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    raw = sqlite3.connect(app_paths.database)
    raw.executescript(SEED_SQL)
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
