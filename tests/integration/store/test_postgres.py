"""The same store on a real PostgreSQL server (a clinic with several workstations)."""

import json
import os
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
        assert connection.exec_driver_sql("SELECT count(*) FROM patient").scalar() == len(
            example_cases
        )


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


def test_a_letter_is_composed_issued_corrected_and_locked_on_postgresql(
    pg_clinic: Clinic, example_cases
):
    """Revision 0009's drafts and logo on the server: the same cycle as on SQLite."""
    import io
    from dataclasses import replace
    from datetime import date

    from PIL import Image

    from trochtrack.domain.documents import DocumentKind
    from trochtrack.services.cases import save_case
    from trochtrack.services.documents import document_pdf, list_documents
    from trochtrack.services.letter_compose import (
        LetterLockedError,
        issue_draft,
        save_draft,
        start_correction,
        start_draft,
    )
    from trochtrack.services.letterhead import load_logo, set_logo
    from trochtrack.services.letters import DocumentRequest, patient_id_for_ref

    save_case(pg_clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), (31, 95, 107)).save(logo, format="PNG")
    set_logo(pg_clinic, logo.getvalue())
    assert load_logo(pg_clinic) == logo.getvalue()

    patient = patient_id_for_ref(pg_clinic, "P-SEED")
    kind = DocumentKind.GP_FOLLOWUP
    request = DocumentRequest(patient_id=patient, kind=kind, as_of=date(2026, 11, 28))
    draft = start_draft(pg_clinic, request)
    first = issue_draft(pg_clinic, draft.id)
    with pytest.raises(LetterLockedError):
        save_draft(pg_clinic, draft)
    correction = start_correction(pg_clinic, first.id)
    edited = replace(correction, text=replace(correction.text, plan="Review in two weeks."))
    save_draft(pg_clinic, edited)
    second = issue_draft(pg_clinic, correction.id)
    assert [d.id for d in list_documents(pg_clinic, patient)] == [second.id, first.id]
    assert document_pdf(pg_clinic, first.id)[0].sha256 == first.sha256


def test_0009_downgrades_and_upgrades_again_on_postgresql_keeping_the_documents(
    pg_clinic: Clinic, example_cases
):
    from datetime import date

    from trochtrack.domain.documents import DocumentKind
    from trochtrack.services.cases import save_case
    from trochtrack.services.letters import DocumentRequest, generate_document, patient_id_for_ref

    save_case(pg_clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    patient = patient_id_for_ref(pg_clinic, "P-SEED")
    kind = DocumentKind.HANDOUT
    request = DocumentRequest(patient_id=patient, kind=kind, as_of=date(2026, 11, 28))
    handout = generate_document(pg_clinic, request)
    config = alembic_config()
    with pg_clinic.database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
        tables = sa.inspect(connection).get_table_names()
        assert "letter_draft" not in tables
        assert "letterhead_logo" not in tables
        command.upgrade(config, "head")
        assert connection.exec_driver_sql("SELECT id FROM document").scalars().all() == [handout.id]
        assert connection.exec_driver_sql("SELECT count(*) FROM letter_draft").scalar() == 0


def test_the_data_version_moves_with_a_write_from_another_workstation(
    pg_clinic: Clinic, postgres_url: str, app_paths: AppPaths
):
    from factories import make_patient

    from trochtrack.services.audit import data_version
    from trochtrack.services.records import create_patient

    before = data_version(pg_clinic)
    assert data_version(pg_clinic) == before
    other = Clinic(database=open_database(postgres_url, backups=app_paths.backups), paths=app_paths)
    try:
        create_patient(other, make_patient(ref="P-WS2"))
    finally:
        other.close()
    assert data_version(pg_clinic) > before


def test_a_test_database_is_dropped_once_the_server_s_own_session_in_it_ends():
    """As an autovacuum worker once did in CI: a superuser's session FORCE cannot end."""
    import threading
    import uuid

    from conftest import _drop_database

    server = os.environ.get("TROCHTRACK_TEST_PG_URL")
    if not server:
        pytest.skip("TROCHTRACK_TEST_PG_URL is not set")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"tt_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    superuser = sa.create_engine(
        sa.make_url(server).set(username="postgres", database=name), poolclass=sa.pool.NullPool
    )
    held = superuser.connect()
    threading.Timer(1.0, held.close).start()
    try:
        _drop_database(admin, name)
        with admin.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_database WHERE datname = %(name)s", {"name": name}
            ).scalar()
        assert found == 0
    finally:
        superuser.dispose()
        admin.dispose()
