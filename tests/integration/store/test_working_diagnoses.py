"""The working diagnoses in the database: stored, changed in place, loaded both ways, and
carried over from a database made before revision 0013."""

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.vocabulary import Diagnosis
from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.services import records
from trochtrack.services.clinic import Clinic
from trochtrack.store.db import alembic_config, make_engine, open_database
from trochtrack.store.uow import SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration

BURSITIS = WorkingDiagnosis(diagnosis=Diagnosis.TROCHANTERIC_BURSITIS, since=date(2026, 10, 1))
TENDINOPATHY = WorkingDiagnosis(
    diagnosis=Diagnosis.GLUTEAL_TENDINOPATHY, since=date(2026, 10, 20), possible=True
)
CALCIFIC = WorkingDiagnosis(diagnosis=Diagnosis.CALCIFIC_TENDINOPATHY)


def _change(clinic: Clinic, episode_id: int, *others: WorkingDiagnosis, **fields: object) -> None:
    stored = _stored(clinic, episode_id)
    records.update_episode(clinic, episode_id, replace(stored, other_diagnoses=others, **fields))


def _stored(clinic: Clinic, episode_id: int):
    with clinic.unit_of_work() as uow:
        return uow.records.episode(episode_id)


def _loaded_in_bulk(clinic: Clinic, episode_id: int):
    with clinic.unit_of_work() as uow:
        return uow.records.episodes_with_patients([episode_id])[episode_id][1]


def test_other_diagnoses_are_kept_in_order_and_changed_in_place(clinic: Clinic, episode_id):
    _change(clinic, episode_id, BURSITIS, TENDINOPATHY, diagnosis_since=date(2026, 10, 1))
    episode = _stored(clinic, episode_id)
    assert episode.diagnosis_since == date(2026, 10, 1)
    assert episode.other_diagnoses == (BURSITIS, TENDINOPATHY)
    # Swapped (each row's diagnosis becomes the other's), grown, then shrunk.
    _change(clinic, episode_id, TENDINOPATHY, BURSITIS)
    assert _stored(clinic, episode_id).other_diagnoses == (TENDINOPATHY, BURSITIS)
    _change(clinic, episode_id, TENDINOPATHY, BURSITIS, CALCIFIC)
    assert _loaded_in_bulk(clinic, episode_id).other_diagnoses == (TENDINOPATHY, BURSITIS, CALCIFIC)
    _change(clinic, episode_id, CALCIFIC)
    assert _stored(clinic, episode_id).other_diagnoses == (CALCIFIC,)
    assert _loaded_in_bulk(clinic, episode_id).other_diagnoses == (CALCIFIC,)


def test_a_changed_diagnosis_is_in_the_audit_trail(clinic: Clinic, episode_id):
    _change(clinic, episode_id, BURSITIS)
    _change(clinic, episode_id, TENDINOPATHY)
    with clinic.unit_of_work() as uow:
        events = uow.audit_history("other_diagnosis", ["1"])
    assert [event.action.value for event in events] == ["insert", "update"]
    assert events[-1].before["diagnosis"] == "trochanteric_bursitis"
    assert events[-1].after["diagnosis"] == "gluteal_tendinopathy"


def test_an_episode_s_diagnoses_go_with_it(clinic: Clinic, episode_id, app_paths, raw_sqlite):
    _change(clinic, episode_id, BURSITIS, CALCIFIC)
    raw = raw_sqlite(app_paths.database)
    raw.execute("PRAGMA foreign_keys = ON")
    assert raw.execute("SELECT count(*) FROM other_diagnosis").fetchone() == (2,)
    with raw:
        raw.execute("DELETE FROM episode WHERE id = ?", (episode_id,))
    assert raw.execute("SELECT count(*) FROM other_diagnosis").fetchone() == (0,)


def test_episodes_made_before_0013_keep_their_diagnosis_as_the_main_one(
    app_paths: AppPaths, seed_sql: str
):
    ensure_private_dir(app_paths.data)
    engine = make_engine(sa.make_url(app_paths.database_url()))
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0012")
    engine.dispose()
    raw = sqlite3.connect(app_paths.database)
    raw.executescript(seed_sql)
    raw.close()

    database = open_database(app_paths.database_url(), backups=app_paths.backups)
    try:
        with SqlAlchemyUnitOfWork(database.session_factory) as uow:
            episode = uow.records.episode(1)
    finally:
        database.close()

    assert episode.diagnosis is Diagnosis.GTPS
    assert episode.diagnosis_since is None
    assert episode.other_diagnoses == ()
    raw = sqlite3.connect(app_paths.database)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="diagnosis_known"):
            raw.execute(
                "INSERT INTO other_diagnosis (episode_id, position, diagnosis, explicit_nulls)"
                " VALUES (1, 0, 'bursa', '')"
            )
    finally:
        raw.close()
