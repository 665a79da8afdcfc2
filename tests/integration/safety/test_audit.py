"""Audit trail: every clinical change recorded with who and when; tampering is found."""

import sqlite3
from dataclasses import replace

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.services import records
from trochtrack.services.audit import record_history, verify_audit
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(clinic: Clinic, example_cases) -> Clinic:
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    return clinic


@pytest.fixture
def tamperer(seeded: Clinic, raw_sqlite) -> sqlite3.Connection:
    """A plain connection to the file with the append-only triggers dropped, as anyone
    with write access to the file could do."""
    raw = raw_sqlite(seeded.database.path)
    for verb in ("update", "delete"):
        raw.execute(f"DROP TRIGGER audit_event_append_only_{verb}")
    return raw


def test_a_corrected_visit_shows_who_changed_what_and_when(seeded: Clinic):
    record = records.patient_record(seeded, 1)
    visit = record.episodes[0].visits[2]
    records.update_visit(seeded, visit.id, replace(visit, pain_nrs=4, notes="re-scored"))
    events = record_history(seeded, "visit", [visit.id])
    assert [e.action.value for e in events] == ["insert", "update"]
    change = events[-1]
    assert change.actor == "Test Clinician"
    assert change.recorded_at.isoformat() == "2026-11-28T12:00:00+00:00"
    assert change.before == {"pain_nrs": 6, "notes": None}
    assert change.after == {"pain_nrs": 4, "notes": "re-scored"}


def test_an_added_and_a_deleted_visit_keep_every_stored_value(seeded: Clinic):
    """The insert event holds what was written, the delete event what was last stored."""
    record = records.patient_record(seeded, 1)
    visit = record.episodes[0].visits[2]
    records.update_visit(seeded, visit.id, replace(visit, pain_nrs=4))
    records.delete_visit(seeded, visit.id)
    inserted, _, deleted = record_history(seeded, "visit", [visit.id])
    assert inserted.before is None
    assert inserted.after is not None
    assert (inserted.after["visit_date"], inserted.after["pain_nrs"]) == (
        visit.date.isoformat(),
        6,
    )
    assert deleted.after is None
    assert deleted.before == {**inserted.after, "pain_nrs": 4}


def test_every_row_written_by_an_import_has_exactly_one_audit_event(seeded: Clinic, raw_sqlite):
    raw = raw_sqlite(seeded.database.path)
    for table in ("patient", "episode", "visit", "treatment", "scan", "lesion", "measurement"):
        rows = raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        events = raw.execute(
            "SELECT count(*) FROM audit_event WHERE table_name = ? AND action = 'insert'", (table,)
        ).fetchone()[0]
        assert events == rows, table


def test_a_failed_save_leaves_no_audit_event(seeded: Clinic):
    before = verify_audit(seeded).events_checked
    visit = records.patient_record(seeded, 1).episodes[0].visits[0]
    with pytest.raises(Exception, match="date of birth"):
        records.update_visit(seeded, visit.id, replace(visit, date=visit.date.replace(year=1950)))
    assert verify_audit(seeded).events_checked == before


def test_the_database_refuses_to_change_or_delete_audit_events(seeded: Clinic, raw_sqlite):
    raw = raw_sqlite(seeded.database.path)
    for sql in ("UPDATE audit_event SET actor = 'someone else'", "DELETE FROM audit_event"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(sql)


def test_an_untouched_chain_verifies(seeded: Clinic):
    result = verify_audit(seeded)
    assert result.intact
    assert result.events_checked == 20  # the seed case: 1 patient, 1 episode, 18 children


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        (
            "UPDATE audit_event SET after_json = "
            "replace(after_json, '\"pain_nrs\":6', '\"pain_nrs\":2') WHERE id = 4",
            4,
        ),
        ("UPDATE audit_event SET actor = 'Mallory' WHERE id = 5", 5),
        ("DELETE FROM audit_event WHERE id = 9", 10),
        (
            "INSERT INTO audit_event SELECT 1000, recorded_at, actor, table_name, row_key, action,"
            " before_json, after_json, previous_hash, 'forged' FROM audit_event WHERE id = 3",
            1000,
        ),
    ],
)
def test_tampering_is_found_at_the_first_bad_event(
    seeded: Clinic, tamperer: sqlite3.Connection, tamper: str, first_bad
):
    raw = tamperer
    changed = raw.execute(tamper).rowcount
    assert changed == 1
    raw.commit()
    result = verify_audit(seeded)
    assert not result.intact
    assert result.first_bad_event_id == first_bad


def test_removing_the_newest_events_is_found(seeded: Clinic, tamperer: sqlite3.Connection):
    raw = tamperer
    raw.execute("DELETE FROM audit_event WHERE id > (SELECT max(id) - 2 FROM audit_event)")
    raw.commit()
    result = verify_audit(seeded)
    assert not result.intact
    assert "missing" in (result.problem or "")
