"""Upgrading a database that already holds patients: rows kept, backup first, FKs intact."""

import sqlite3
import subprocess
import sys

import pytest
from alembic.script import ScriptDirectory
from migrate import migrate

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.store.backup import verify_backup
from trochtrack.store.db import alembic_config, open_database
from trochtrack.store.revisions import head_revision, known_revisions
from trochtrack.store.uow import SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration

REVISIONS = [
    rev.revision
    for rev in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
]


def test_the_revisions_named_by_the_files_are_alembics_own_in_order():
    script = ScriptDirectory.from_config(alembic_config())
    assert list(known_revisions()) == REVISIONS
    assert head_revision() == script.get_current_head()


def test_a_database_already_at_the_head_opens_without_loading_alembic(app_paths: AppPaths):
    url = app_paths.database_url()
    open_database(url, backups=app_paths.backups).close()  # new: created by Alembic
    opened_again = (
        "import sys\n"
        "from pathlib import Path\n"
        "from trochtrack.store.db import open_database\n"
        f"open_database({url!r}, backups=Path({str(app_paths.backups)!r})).close()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", opened_again], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


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
    migrate(app_paths, revision)
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


# Rows made at 0005: findings of every visibility on two scans, and alert actions.
ROWS_AT_0005 = """
INSERT INTO scan (id, episode_id, scan_date, modality, report, explicit_nulls)
    VALUES (2, 1, '2026-02-10', 'US', 'bursa smaller', 'report');
INSERT INTO lesion (id, episode_id, lesion_key, kind, site)
    VALUES (2, 1, 'calc-1', 'calcification', 'gluteus medius'),
           (3, 1, 'tendon-1', 'tendinopathy', NULL);
INSERT INTO measurement (id, scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm,
    site, explicit_nulls) VALUES
    (2, 2, 1, 'measured', 20.5, 4.0, 19.0, 'posterior', ''),
    (3, 1, 2, 'measured', 4.0, 4.0, 2.0, NULL, ''),
    (4, 2, 2, 'not_visualised', NULL, NULL, NULL, NULL, 'site'),
    (5, 2, 3, 'not_measured', NULL, NULL, NULL, NULL, '');
INSERT INTO alert_action (id, episode_id, alert_key, alert_code, action, reason, snooze_until,
    clinician, recorded_at) VALUES
    (1, 1, 'red-flag-infection||2026-02-02', 'red-flag-infection', 'acknowledged', NULL, NULL,
     'Dr A', '2026-02-02 10:00:00.000000'),
    (2, 1, 'follow-up-scan-due|', 'follow-up-scan-due', 'snoozed', 'holiday', '2026-03-01',
     'Dr A', '2026-02-02 10:05:00.000000');
"""


def _rows(path, table: str) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
    finally:
        raw.close()


def test_upgrading_from_0005_keeps_every_finding_and_alert_action_as_it_was(
    app_paths: AppPaths,
    seed_sql: str,
    raw_sqlite,
):
    ensure_private_dir(app_paths.data)
    migrate(app_paths, "0005")
    raw = raw_sqlite(app_paths.database)
    raw.executescript(seed_sql + ROWS_AT_0005)
    raw.close()
    findings_before = _rows(app_paths.database, "measurement")
    actions_before = _rows(app_paths.database, "alert_action")

    database = open_database(app_paths.database_url(), backups=app_paths.backups)
    try:
        with SqlAlchemyUnitOfWork(database.session_factory) as uow:
            episode = uow.records.episode(1)
    finally:
        database.close()

    findings_after = _rows(app_paths.database, "measurement")
    # The old columns keep every value; the new ones say "no characteristics recorded"
    # and "not said to be possible".
    assert [row[:9] for row in findings_after] == findings_before
    assert {row[9:] for row in findings_after} == {(0, None, None, None, None, None, None)}
    assert [row[:9] for row in _rows(app_paths.database, "alert_action")] == actions_before
    assert {row[9:] for row in _rows(app_paths.database, "alert_action")} == {(None, None)}
    findings = [finding for scan in episode.scans for finding in scan.findings]
    assert [(f.lesion, f.visibility.value, f.dims_mm, f.features) for f in findings] == [
        ("bursa-1", "measured", (24.0, 4.0, 23.0), None),
        ("calc-1", "measured", (4.0, 4.0, 2.0), None),
        ("bursa-1", "measured", (20.5, 4.0, 19.0), None),
        ("calc-1", "not_visualised", None, None),
        ("tendon-1", "not_measured", None, None),
    ]
    raw = raw_sqlite(app_paths.database)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    rebuilt = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE name IN ('measurement', 'alert_action')"
    ).fetchall()
    assert sorted(name for name, sql in rebuilt if sql.rstrip().endswith("STRICT")) == [
        "alert_action",
        "measurement",
    ]
    raw.close()
