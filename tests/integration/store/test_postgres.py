"""The same store on a real PostgreSQL server (a clinic with several workstations)."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from trochtrack.domain.case_format import case_to_json, load_case_json
from trochtrack.paths import AppPaths
from trochtrack.services.clinic import Clinic
from trochtrack.store.db import alembic_config, head_revision, open_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
def pg_clinic(postgres_url: str, app_paths: AppPaths):
    database = open_database(postgres_url, backups=app_paths.backups)
    clinic = Clinic(database=database, paths=app_paths)
    yield clinic
    clinic.close()


def test_migrations_create_the_schema_the_models_describe(pg_clinic: Clinic):
    config = alembic_config()
    with pg_clinic.database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == head_revision()


def test_every_example_round_trips_through_postgresql(
    pg_clinic: Clinic, example_cases: dict[str, Path]
):
    from trochtrack.services.cases import load_case, save_case

    for path in example_cases.values():
        text = path.read_text(encoding="utf-8")
        case = load_case_json(text)
        save_case(pg_clinic, case)
        save_case(pg_clinic, case)
        assert case_to_json(load_case(pg_clinic, case.patient.ref)) == json.loads(text)
    with pg_clinic.database.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM patient").scalar() == 4


@pytest.mark.parametrize(
    ("column", "value"),
    [("night_pain_nrs", 11), ("visa_g", -1), ("groc", 6), ("temperature_c", 60.0)],
)
def test_postgresql_refuses_out_of_range_values_too(
    pg_clinic: Clinic, example_cases, column: str, value: float
):
    from trochtrack.services.cases import save_case

    save_case(pg_clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    with pg_clinic.database.engine.begin() as connection:
        episode_id = connection.exec_driver_sql("SELECT id FROM episode").scalar()
    insert = sa.text(
        f"INSERT INTO visit (episode_id, visit_date, pain_nrs, {column}, explicit_nulls)"  # noqa: S608
        " VALUES (:episode, '2026-10-01', 5, :value, '')"
    )
    with pytest.raises(sa.exc.IntegrityError), pg_clinic.database.engine.begin() as connection:
        connection.execute(insert, {"episode": episode_id, "value": value})
