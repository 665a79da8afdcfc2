"""With the app bypassed, the database itself refuses impossible clinical values."""

import sqlite3

import pytest

pytestmark = pytest.mark.integration

PATIENT = (
    "INSERT INTO patient (id, ref, given_name, family_name, search_key, date_of_birth, sex, "
    "has_gp, gp_explicit_nulls, explicit_nulls, created_at, updated_at) VALUES "
    "(1, 'P-1', 'Ann', 'Lee', 'k', '1960-01-02', 'female', 0, '', '', '2026-01-01', '2026-01-01')"
)
EPISODE = (
    "INSERT INTO episode (id, patient_id, ref, side, diagnosis, first_line_start, "
    "explicit_nulls, data_version) VALUES (1, 1, 'E1', 'left', 'gtps', '2026-01-05', '', 1)"
)
SCAN_AND_LESION = (
    "INSERT INTO scan (id, episode_id, scan_date, modality, explicit_nulls) "
    "VALUES (1, 1, '2026-01-03', 'US', '');"
    "INSERT INTO lesion (id, episode_id, lesion_key, kind) VALUES (1, 1, 'b', 'adventitial_bursa');"
)


@pytest.fixture
def raw(database):
    connection = sqlite3.connect(database.path)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(PATIENT)
    connection.execute(EPISODE)
    connection.executescript(SCAN_AND_LESION)
    connection.commit()
    yield connection
    connection.close()


def _visit(pain: str, extra: str = "", extra_value: str = "") -> str:
    columns = "id, episode_id, visit_date, pain_nrs, explicit_nulls" + extra
    return f"INSERT INTO visit ({columns}) VALUES (9, 1, '2026-01-05', {pain}, ''{extra_value})"  # noqa: S608


@pytest.mark.parametrize(
    "sql",
    [
        _visit("11"),
        _visit("-1"),
        _visit("7.5"),
        _visit("'seven'"),
        _visit("NULL"),
        _visit("5", ", visa_g", ", 101"),
        _visit("5", ", groc", ", 6"),
        _visit("5", ", temperature_c", ", 46.0"),
        _visit("5", ", temperature_c", ", '38,5'"),
        "INSERT INTO visit (id, episode_id, visit_date, pain_nrs, explicit_nulls) "
        "VALUES (9, 1, '2026-02-30', 5, '')",
        "INSERT INTO visit (id, episode_id, visit_date, pain_nrs, explicit_nulls) "
        "VALUES (9, 42, '2026-01-05', 5, '')",
        "INSERT INTO visit_red_flag (visit_id, flag) VALUES (1, 'fever')",
        "INSERT INTO measurement (scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm, "
        "explicit_nulls) VALUES (1, 1, 'measured', 0, 4, 23, '')",
        "INSERT INTO measurement (scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm, "
        "explicit_nulls) VALUES (1, 1, 'measured', 8500, 4, 23, '')",
        "INSERT INTO measurement (scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm, "
        "explicit_nulls) VALUES (1, 1, 'measured', '8,5', 4, 23, '')",
        "INSERT INTO measurement (scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm, "
        "explicit_nulls) VALUES (1, 1, 'not_visualised', 8, 4, 23, '')",
        "INSERT INTO measurement (scan_id, lesion_id, visibility, explicit_nulls) "
        "VALUES (1, 1, 'measured', '')",
        "INSERT INTO treatment (episode_id, kind, start_date, end_date, explicit_nulls) "
        "VALUES (1, 'nsaid', '2026-01-10', '2026-01-01', '')",
        "INSERT INTO treatment (episode_id, kind, start_date, explicit_nulls) "
        "VALUES (1, 'homeopathy', '2026-01-10', '')",
        "UPDATE patient SET sex = 'f'",
        "INSERT INTO episode (patient_id, ref, side, diagnosis, first_line_start, explicit_nulls, "
        "data_version) VALUES (1, 'E1', 'right', 'gtps', '2026-01-05', '', 1)",
    ],
)
def test_the_database_refuses_what_the_app_would_refuse(raw, sql):
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(sql)


def _measured(columns: str, values: str) -> str:
    return (
        "INSERT INTO measurement (scan_id, lesion_id, visibility, dim_1_mm, dim_2_mm, dim_3_mm, "  # noqa: S608
        f"explicit_nulls, {columns}) VALUES (1, 1, 'measured', 8, 4, 23, '', {values})"
    )


def _acted(taken: str, taken_at: str, reason: str = "NULL", action: str = "'acted'") -> str:
    return (
        "INSERT INTO alert_action (episode_id, alert_key, alert_code, action, reason, "  # noqa: S608
        "clinician, recorded_at, taken, taken_at) VALUES (1, 'k', 'red-flag-infection', "
        f"{action}, {reason}, 'Dr A', '2026-01-05 10:00:00.000000', {taken}, {taken_at})"
    )


NOW = "'2026-01-05 09:30:00.000000'"


@pytest.mark.parametrize(
    "sql",
    [
        _measured("has_features, feature_content", "1, 'cloudy'"),
        _measured("has_features, feature_wall", "1, 'thick'"),
        _measured("has_features, feature_doppler", "1, 'yes'"),
        _measured("has_features, feature_septations", "1, 2"),
        _measured("has_features, feature_compressible", "1, 'true'"),
        _measured("has_features, feature_content", "0, 'complex'"),  # values but "not recorded"
        _measured("possible", "2"),
        "UPDATE episode SET next_appointment = '2026-02-30'",
        "UPDATE episode SET next_appointment = 'next Tuesday'",
        "UPDATE episode SET notes = printf('%.20001c', 'x')",
        _measured("possible", "'maybe'"),
        _acted("NULL", NOW),  # acted without saying what
        _acted("'emergency_department'", "NULL"),  # acted without saying when
        _acted("'sent_home'", NOW),
        _acted("'not_applicable'", NOW),  # "not applicable" needs its reason
        _acted("'other'", NOW, reason="'  '"),  # "other" needs words
        _acted("'emergency_department'", NOW, action="'acknowledged'"),
        _acted("NULL", "NULL", action="'overridden'"),  # an override with no reason at all
    ],
)
def test_the_database_refuses_incoherent_characteristics_and_critical_actions(raw, sql):
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        _measured("has_features", "1"),  # recorded, nothing known
        _measured("possible", "1"),
        "UPDATE episode SET next_appointment = '2026-12-10', notes = 'Booked with Alex'",
        _measured("possible", "0"),
        _measured(
            "has_features, feature_content, feature_wall, feature_doppler, feature_septations, "
            "feature_compressible",
            "1, 'complex', 'thickened', 'present', 1, 0",
        ),
        _acted("'emergency_department'", NOW),
        _acted("'not_applicable'", NOW, reason="'Temperature was taken after a hot bath'"),
    ],
)
def test_the_database_accepts_what_the_app_writes(raw, sql):
    raw.execute(sql)


def test_a_nan_bound_into_a_required_score_is_refused(raw):
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            "INSERT INTO visit (episode_id, visit_date, pain_nrs, explicit_nulls) "
            "VALUES (1, '2026-01-05', ?, '')",
            (float("nan"),),
        )


def test_sql_looking_text_is_stored_literally(raw):
    name = "Robert'); DROP TABLE patient;--"
    raw.execute("UPDATE patient SET family_name = ? WHERE id = 1", (name,))
    assert raw.execute("SELECT family_name FROM patient").fetchone() == (name,)
