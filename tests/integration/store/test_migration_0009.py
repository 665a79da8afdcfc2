"""Revision 0009 (letter drafts) on a database that already holds documents made at 0008."""

import sqlite3

import pytest
from migrate import migrate

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.store.db import open_database
from trochtrack.store.uow import SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration

# Rows made at 0008: a generated letter and a failed attempt in the documents log.
DOCUMENTS_AT_0008 = """
INSERT INTO document (id, patient_id, episode_id, kind, status, document_date, created_at,
    title, recipient, pdf, sha256, rules_version, clinician, error) VALUES
    (1, 1, 1, 'gp-followup', 'generated', '2026-02-02', '2026-02-02 10:00:00.000000',
     'Follow-up letter to Dr A', 'Dr A', X'255044462D', '{sha}', '1.1', 'Dr B', NULL),
    (2, 1, 1, 'referral', 'failed', '2026-02-03', '2026-02-03 10:00:00.000000',
     'Referral letter to Dr A', 'Dr A', NULL, NULL, '1.1', 'Dr B', 'disk full');
""".format(sha="a" * 64)


def _database_at_0008(app_paths: AppPaths, seed_sql: str) -> None:
    """A database migrated to 0008 holding the seed rows and two documents."""
    ensure_private_dir(app_paths.data)
    migrate(app_paths, "0008")
    raw = sqlite3.connect(app_paths.database)
    raw.executescript(seed_sql + DOCUMENTS_AT_0008)
    raw.close()


def test_upgrading_from_0008_keeps_every_document_and_adds_empty_drafts(
    app_paths: AppPaths, seed_sql: str
):
    _database_at_0008(app_paths, seed_sql)
    raw = sqlite3.connect(app_paths.database)
    before = raw.execute("SELECT * FROM document ORDER BY id").fetchall()
    raw.close()

    database = open_database(app_paths.database_url(), backups=app_paths.backups)
    try:
        with SqlAlchemyUnitOfWork(database.session_factory) as uow:
            listed = uow.documents.for_patient(1)
    finally:
        database.close()

    raw = sqlite3.connect(app_paths.database)
    assert raw.execute("SELECT * FROM document ORDER BY id").fetchall() == before
    assert raw.execute("SELECT count(*) FROM letter_draft").fetchone() == (0,)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'letter_draft'").fetchone()
    assert sql.rstrip().endswith("STRICT")
    raw.close()
    assert [(d.id, d.status.value) for d in listed] == [(2, "failed"), (1, "generated")]


def test_0009_downgrades_to_0008_leaving_the_documents(app_paths: AppPaths, seed_sql: str):
    _database_at_0008(app_paths, seed_sql)
    migrate(app_paths, "0009")
    migrate(app_paths, "0008", down=True)
    raw = sqlite3.connect(app_paths.database)
    names = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "letter_draft" not in names
    assert raw.execute("SELECT count(*) FROM document").fetchone() == (2,)
    raw.close()
