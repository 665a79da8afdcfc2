"""Revision 0015 adds the questionnaires and the core set's visit measures: a database
made by the previous release opens with every score as it was, and takes the new ones."""

import json
import sqlite3
from dataclasses import replace

import pytest
from migrate import migrate

from trochtrack.domain.measures.outcomes import CoreOutcomes
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.services.cases import export_case_text, load_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.records import update_visit
from trochtrack.store.db import open_database

pytestmark = pytest.mark.integration

# As 0014 stored them: a VISA-G total entered without items, and a visit without one.
VISITS_AT_0014 = """
UPDATE visit SET visa_g = 58, night_pain_nrs = 4, groc = 1, notes = 'stairs worse'
    WHERE id = 1;
"""


def _database_at_0014(app_paths: AppPaths, seed_sql: str) -> None:
    ensure_private_dir(app_paths.data)
    migrate(app_paths, "0014")
    raw = sqlite3.connect(app_paths.database)
    raw.executescript(seed_sql + VISITS_AT_0014)
    raw.close()


def _clinic(app_paths: AppPaths) -> Clinic:
    return Clinic(
        database=open_database(app_paths.database_url(), backups=app_paths.backups),
        paths=app_paths,
    )


def test_a_total_entered_without_items_stays_a_total(app_paths: AppPaths, seed_sql: str):
    _database_at_0014(app_paths, seed_sql)
    clinic = _clinic(app_paths)
    try:
        visits = load_case(clinic, "P-1").episodes[0].visits
        exported = json.loads(export_case_text(clinic, "P-1"))
    finally:
        clinic.close()
    first = visits[0]
    assert (first.visa_g, first.night_pain_nrs, first.groc, first.notes) == (
        58,
        4,
        1,
        "stairs worse",
    )
    assert first.questionnaires == ()
    assert first.outcomes.is_empty()
    written = exported["episodes"][0]["visits"][0]
    assert written["visa_g"] == 58
    assert "questionnaires" not in written
    assert "stair_pain_nrs" not in written


def test_an_upgraded_database_keeps_items_and_core_measures(app_paths: AppPaths, seed_sql: str):
    _database_at_0014(app_paths, seed_sql)
    clinic = _clinic(app_paths)
    items = {"1": 5, "2": 5, "3": 7, "4": 2, "5": 5, "6": 5, "7": 4, "8B": 10}
    try:
        stored = load_case(clinic, "P-1").episodes[0].visits[1]
        form = Questionnaire(
            instrument="visa_g",
            answers=tuple(Answer(item=k, score=v) for k, v in items.items()),
        )
        core = CoreOutcomes(stance_pain_left_s=12.5, stair_pain_nrs=6)
        changed = replace(stored, questionnaires=(form,), outcomes=core)
        assert stored.id is not None
        update_visit(clinic, stored.id, changed)
        again = load_case(clinic, "P-1").episodes[0].visits[1]
    finally:
        clinic.close()
    assert again.visa_g == 43
    assert again.questionnaires == (form,)
    assert again.outcomes == core
    raw = sqlite3.connect(app_paths.database)
    try:
        assert raw.execute("SELECT instrument, total FROM questionnaire").fetchall() == [
            ("visa_g", 43.0)
        ]
    finally:
        raw.close()


def test_downgrading_to_0014_keeps_every_visit_and_its_scores(app_paths: AppPaths, seed_sql: str):
    _database_at_0014(app_paths, seed_sql)
    migrate(app_paths, "0015")
    raw = sqlite3.connect(app_paths.database)
    raw.execute("UPDATE visit SET stair_pain_nrs = 5 WHERE id = 2")
    raw.commit()
    raw.close()
    migrate(app_paths, "0014", down=True)
    raw = sqlite3.connect(app_paths.database)
    try:
        rows = raw.execute("SELECT id, pain_nrs, visa_g FROM visit ORDER BY id").fetchall()
        columns = {row[1] for row in raw.execute("PRAGMA table_info(visit)")}
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    finally:
        raw.close()
    assert rows == [(1, 7, 58), (2, 5, None)]
    assert "stair_pain_nrs" not in columns
    assert "questionnaire" not in tables
