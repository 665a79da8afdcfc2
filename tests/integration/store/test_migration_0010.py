"""Revision 0010 folds the stored search keys again, without punctuation: "obrien" finds
O'Brien in a database made before it."""

from datetime import date

import pytest
from migrate import migrate

from trochtrack.domain.model import Patient
from trochtrack.domain.search import matches, search_key
from trochtrack.domain.vocabulary import Sex
from trochtrack.paths import AppPaths, ensure_private_dir
from trochtrack.services.clinic import Clinic
from trochtrack.services.records import list_patients
from trochtrack.store.db import open_database

pytestmark = pytest.mark.integration

# As 0009 stored it: the apostrophe kept in the key.
O_BRIEN_AT_0009 = """
INSERT INTO patient (id, ref, given_name, family_name, search_key, date_of_birth, sex,
    has_gp, gp_explicit_nulls, explicit_nulls, created_at, updated_at)
    VALUES (2, 'P-2', 'Siobhán', 'O''Brien',
    'siobhan o''brien p-2 1971-05-14 14/05/1971 14.05.1971', '1971-05-14', 'female', 0, '',
    '', '2026-01-01 10:00:00.000000', '2026-01-01 10:00:00.000000');
"""


def _key_of(raw_sqlite, app_paths: AppPaths, patient_id: int) -> str:
    connection = raw_sqlite(app_paths.database)
    (key,) = connection.execute(
        "SELECT search_key FROM patient WHERE id = ?", (patient_id,)
    ).fetchone()
    return key


def test_upgrading_folds_every_key_as_the_app_now_does(
    app_paths: AppPaths, seed_sql: str, raw_sqlite
):
    ensure_private_dir(app_paths.data)
    migrate(app_paths, "0009")
    raw_sqlite(app_paths.database).executescript(seed_sql + O_BRIEN_AT_0009)
    assert not matches(_key_of(raw_sqlite, app_paths, 2), "obrien")

    database = open_database(app_paths.database_url(), backups=app_paths.backups)
    clinic = Clinic(database=database, paths=app_paths)
    try:
        found = {item.ref for item in list_patients(clinic) if matches(item.search_key, "obrien")}
    finally:
        clinic.close()
    assert found == {"P-2"}
    o_brien = Patient(
        ref="P-2",
        given_name="Siobhán",
        family_name="O'Brien",
        date_of_birth=date(1971, 5, 14),
        sex=Sex.FEMALE,
    )
    # The key is the one saving the patient now would store.
    assert _key_of(raw_sqlite, app_paths, 2) == search_key(o_brien)
    assert _key_of(raw_sqlite, app_paths, 1) == "ann lee p1 19600102 02011960 02011960"


def test_downgrading_to_0009_keeps_the_punctuation_in_the_keys_again(
    app_paths: AppPaths, seed_sql: str, raw_sqlite
):
    ensure_private_dir(app_paths.data)
    migrate(app_paths, "0009")
    raw_sqlite(app_paths.database).executescript(seed_sql + O_BRIEN_AT_0009)
    migrate(app_paths, "0010")
    migrate(app_paths, "0009", down=True)
    assert _key_of(raw_sqlite, app_paths, 2) == (
        "siobhan o'brien p-2 1971-05-14 14/05/1971 14.05.1971"
    )
