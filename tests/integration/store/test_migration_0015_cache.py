"""Revision 0015 gives the evaluation cache the measures due on schedule: a row cached by
the previous release is kept, evaluated again on the next due list, and a downgrade
takes the column away again with the row's other values intact."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from migrate import migrate

from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.services.clinic import Clinic
from trochtrack.services.due import EntryKind, due_list_with_stats
from trochtrack.store.db import open_database

pytestmark = pytest.mark.integration

# The seed episode began first-line care on 5 January: 3 February is in its 4-week window.
TODAY = date(2026, 2, 3)
CACHED_AT_0014 = """
INSERT INTO episode_evaluation (episode_id, as_of, valid_until, data_version, cache_version,
    status, next_due, next_kind, next_label)
    VALUES (1, '2026-02-01', NULL, 1, '0123456789ab/due-cache/4', 'in_progress',
    '2026-02-16', 'review', 'First-line review');
"""


def _cache_columns(app_paths: AppPaths) -> set[str]:
    raw = sqlite3.connect(app_paths.database)
    try:
        return {row[1] for row in raw.execute("PRAGMA table_info(episode_evaluation)")}
    finally:
        raw.close()


@pytest.fixture
def cached_at_0014(app_paths: AppPaths, seed_sql: str) -> AppPaths:
    ensure_private_dir(app_paths.data)
    migrate(app_paths, "0014")
    raw = sqlite3.connect(app_paths.database)
    raw.executescript(seed_sql + CACHED_AT_0014)
    raw.close()
    return app_paths


def test_a_row_cached_by_the_previous_release_is_evaluated_again_with_its_measures(
    cached_at_0014: AppPaths,
):
    clinic = Clinic(
        database=open_database(cached_at_0014.database_url(), backups=cached_at_0014.backups),
        paths=cached_at_0014,
        clock=lambda: datetime(2026, 2, 3, 12, 0, tzinfo=UTC),
    )
    try:
        entries, stats = due_list_with_stats(clinic, TODAY, with_measures=True)
    finally:
        clinic.close()
    assert stats.evaluated == 1
    assert [e.label for e in entries if e.kind is EntryKind.MEASURES] == [
        "VISA-G, LEFS, PSFS, PSEQ-2 and core set due at 4 weeks"
    ]
    raw = sqlite3.connect(cached_at_0014.database)
    try:
        (measures,) = raw.execute("SELECT measures FROM episode_evaluation").fetchone()
    finally:
        raw.close()
    assert measures.startswith("2026-01-26 2026-02-16 2026-02-02 VISA-G, LEFS")


def test_downgrading_to_0014_drops_the_column_and_keeps_the_cached_row(
    cached_at_0014: AppPaths,
):
    migrate(cached_at_0014, "0015")
    assert "measures" in _cache_columns(cached_at_0014)
    migrate(cached_at_0014, "0014", down=True)
    assert "measures" not in _cache_columns(cached_at_0014)
    raw = sqlite3.connect(cached_at_0014.database)
    try:
        kept = raw.execute(
            "SELECT episode_id, status, next_kind FROM episode_evaluation"
        ).fetchall()
    finally:
        raw.close()
    assert kept == [(1, "in_progress", "review")]
