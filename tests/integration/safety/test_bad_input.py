"""Bad input through the services and around them (Hypothesis).

Nothing out of range, NaN or infinite is ever stored, also when the app is bypassed;
names and notes come back exactly (in NFC) whatever the script; NUL, lone surrogates and
direction overrides in names are refused with a message; SQL-looking text is just text.
"""

import math
import sqlite3
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from factories import make_patient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Finding, Patient, Scan, Visit
from trochtrack.domain.search import fold, matches, query_words, search_key
from trochtrack.domain.vocabulary import LesionKind, Modality, Sex
from trochtrack.services import records
from trochtrack.services.clinic import Clinic

pytestmark = pytest.mark.integration
PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NASTY = [
    "Robert'); DROP TABLE patient;--",
    "%",
    "_",
    "100% _sure_",
    "<b>x</b>",
    '=HYPERLINK("http://x")',
    "مريم العلي",
    "יעל כהן",
    "Zoë Ångström-Łukasz",
    "👩‍⚕️ Ann",
    "Jose\u0301",
    "a\u200db",
]


def _stored_values(clinic: Clinic, column: str) -> list[object]:
    raw = sqlite3.connect(clinic.database.path)
    try:
        return [row[0] for row in raw.execute(f"SELECT {column} FROM visit")]  # noqa: S608
    finally:
        raw.close()


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e400, -0.0, 7.5, 10.0000001]),
)


@PROPERTY
@given(pain=numbers, temperature=numbers)
def test_no_out_of_range_or_non_finite_score_is_ever_stored(clinic, episode_id, pain, temperature):
    try:
        visit = Visit(date=date(2026, 10, 2), pain_nrs=pain, temperature_c=temperature)
    except ValidationError:
        pass
    else:
        records.add_visit(clinic, episode_id, visit)
    for value in _stored_values(clinic, "pain_nrs"):
        assert isinstance(value, int)
        assert 0 <= value <= 10
    for value in _stored_values(clinic, "temperature_c"):
        assert isinstance(value, float)
        assert math.isfinite(value)
        assert 30 <= value <= 45


@PROPERTY
@given(dims=st.tuples(numbers, numbers, numbers))
def test_no_impossible_diameter_is_ever_stored(clinic, episode_id, dims, raw_sqlite):
    try:
        finding = Finding(lesion="b-1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=dims)
    except ValidationError:
        return
    records.add_scan(
        clinic, episode_id, Scan(date=date(2026, 10, 2), modality=Modality.US, findings=(finding,))
    )
    raw = raw_sqlite(clinic.database.path)
    for row in raw.execute("SELECT dim_1_mm, dim_2_mm, dim_3_mm FROM measurement"):
        assert all(isinstance(d, float) and 0 < d <= 300 for d in row)


@PROPERTY
@given(value=numbers)
def test_the_database_refuses_bad_scores_even_when_the_app_is_bypassed(clinic, episode_id, value):
    raw = sqlite3.connect(clinic.database.path)
    try:
        raw.execute(
            "INSERT INTO visit (episode_id, visit_date, pain_nrs, explicit_nulls)"
            " VALUES (?, ?, ?, '')",
            (episode_id, "2026-10-02", value),
        )
        raw.commit()
    except (sqlite3.IntegrityError, OverflowError):
        raw.rollback()
    stored = [row[0] for row in raw.execute("SELECT pain_nrs FROM visit")]
    raw.close()
    assert all(isinstance(v, int) and 0 <= v <= 10 for v in stored)


texts = st.one_of(st.text(min_size=1, max_size=60), st.sampled_from(NASTY))


def _built(make):
    """``make()`` and no error, or no value and the ValidationError it raised."""
    try:
        return make(), None
    except ValidationError as error:
        return None, error


@PROPERTY
@given(name=texts, notes=texts)
def test_names_and_notes_come_back_exactly_in_nfc_or_are_refused(clinic, episode_id, name, notes):
    patient = records.patient_record(clinic, 1).patient
    changed, error = _built(lambda: replace(patient, family_name=name))
    if error is not None:
        assert (error.path, bool(error.problem)) == ("family_name", True)
    else:
        records.update_patient(clinic, 1, changed)
        stored_name = records.patient_record(clinic, 1).patient.family_name
        assert stored_name == unicodedata.normalize("NFC", name)
    visit, error = _built(lambda: Visit(date=date(2026, 10, 3), pain_nrs=4, notes=notes))
    if error is not None:
        assert error.path == "notes"
    else:
        visit_id = records.add_visit(clinic, episode_id, visit)
        visits = records.patient_record(clinic, 1).episodes[0].visits
        stored = next(v for v in visits if v.id == visit_id)
        assert stored.notes == unicodedata.normalize("NFC", notes)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Ann\x00Lee", "contains a NUL character"),
        ("Ann\ud83dLee", "contains an invalid character (a lone surrogate)"),
        ("\u202eeeL", "contains a text-direction override character (U+202E)"),
    ],
)
def test_invisible_and_invalid_characters_in_names_are_refused_with_a_message(text, problem):
    with pytest.raises(ValidationError) as caught:
        make_patient(ref="P-2", family_name=text)
    assert (caught.value.path, caught.value.problem) == ("family_name", problem)


@pytest.mark.parametrize("text", NASTY)
def test_sql_looking_text_is_stored_literally_and_the_schema_is_unchanged(
    clinic, episode_id, text, raw_sqlite
):
    raw = raw_sqlite(clinic.database.path)
    schema = raw.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    records.add_visit(clinic, episode_id, Visit(date=date(2026, 10, 2), pain_nrs=3, notes=text))
    stored = raw.execute("SELECT notes FROM visit").fetchall()
    assert stored == [(unicodedata.normalize("NFC", text),)]
    assert raw.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_search_never_reads_percent_or_underscore_as_a_wildcard():
    bird = replace(make_patient(ref="P-10"), family_name="Bird")
    odd = replace(bird, ref="P-11", family_name="100%_Lee")
    # As SQL LIKE patterns both would find Bird; punctuation is dropped, never a pattern.
    assert not matches(search_key(bird), "b%d")
    assert not matches(search_key(bird), "b_rd")
    assert query_words("%") == query_words("_") == ()  # alone, it is nothing typed
    assert matches(search_key(odd), "100%")
    assert matches(search_key(odd), "lee")


@given(name=st.text(min_size=1, max_size=30))
def test_search_finds_a_name_typed_without_accents_or_in_another_case(name):
    key = fold(name)
    assert matches(key, fold(name).upper())
    assert matches(key, unicodedata.normalize("NFD", name))


def test_accents_and_case_do_not_matter_when_searching():
    patient = Patient(
        ref="P-12",
        given_name="Zoë",
        family_name="Ångström-Łukasz",
        date_of_birth=date(1962, 3, 9),
        sex=Sex.FEMALE,
    )
    key = search_key(patient)
    for query in (
        "zoe",
        "ANGSTROM",
        "angström",
        "lukasz",
        "1962-03-09",
        "09/03/1962",
        "p-12",
        "zoë ång",
    ):
        assert matches(key, query), query
