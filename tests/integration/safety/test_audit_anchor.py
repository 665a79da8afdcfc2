"""The audit trail anchored with a key outside the database: what a tamperer cannot hide.

Each tampering is done the way someone with the file (and SQLite) but not the key would
do it, then ``trochtrack-cli audit verify`` must say the trail is broken, and why.
"""

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.paths import AppPaths
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import open_clinic
from trochtrack.store.audit import event_hash
from trochtrack.store.db import open_database

pytestmark = pytest.mark.integration

SEED = Path(__file__).parents[2] / "data" / "examples" / "seed-case.json"
DROP_TRIGGERS = (
    "DROP TRIGGER audit_event_append_only_update; DROP TRIGGER audit_event_append_only_delete;"
)
# What a careful tamperer puts back afterwards.
RECREATE_TRIGGERS = (
    "CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
)


def verify(run_cli, paths: AppPaths) -> subprocess.CompletedProcess[str]:
    return run_cli("audit", "verify", home=paths.data.parent)


@pytest.fixture
def anchored(run_cli, app_paths: AppPaths) -> AppPaths:
    clinic = open_clinic(app_paths)
    save_case(clinic, load_case_json(SEED.read_text(encoding="utf-8")))
    clinic.close()
    assert verify(run_cli, app_paths).returncode == 0
    key = app_paths.config / "audit.key"
    assert key.stat().st_mode & 0o777 == 0o600
    return app_paths


def tamper(paths: AppPaths, sql: str) -> None:
    raw = sqlite3.connect(paths.database, isolation_level=None)
    try:
        raw.execute("PRAGMA foreign_keys=ON")
        raw.executescript(sql)
    finally:
        raw.close()


def rehash_from(paths: AppPaths, first: int) -> None:
    """Recompute every hash from event ``first`` on, and the head, with the public hash."""
    raw = sqlite3.connect(paths.database, isolation_level=None)
    try:
        rows = raw.execute(
            "SELECT id, recorded_at, actor, table_name, row_key, action, before_json, "
            "after_json, previous_hash FROM audit_event WHERE id >= ? ORDER BY id",
            (first,),
        ).fetchall()
        previous = raw.execute(
            "SELECT hash FROM audit_event WHERE id < ? ORDER BY id DESC LIMIT 1", (first,)
        ).fetchone()
        previous_hash = previous[0] if previous else "0" * 64
        from datetime import datetime

        for row in rows:
            digest = event_hash(row[0], datetime.fromisoformat(row[1]), *row[2:8], previous_hash)
            raw.execute(
                "UPDATE audit_event SET previous_hash = ?, hash = ? WHERE id = ?",
                (previous_hash, digest, row[0]),
            )
            previous_hash = digest
        last = raw.execute("SELECT max(id) FROM audit_event").fetchone()[0] or 0
        raw.execute("UPDATE audit_head SET last_event_id = ?, last_hash = ?", (last, previous_hash))
    finally:
        raw.close()


def broken(run_cli, paths: AppPaths) -> str:
    result = verify(run_cli, paths)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("audit trail broken")
    return result.stderr


def test_a_visit_changed_in_the_file_is_found(run_cli, anchored: AppPaths):
    tamper(anchored, "UPDATE visit SET pain_nrs = 1 WHERE id = 1;")
    assert "visit 1.pain_nrs differs from its latest audit event" in broken(run_cli, anchored)


def test_a_patient_deleted_by_cascade_is_found(run_cli, anchored: AppPaths):
    tamper(anchored, "DELETE FROM patient;")
    assert "was deleted without an audit event" in broken(run_cli, anchored)


def test_dropped_triggers_are_found(run_cli, anchored: AppPaths):
    tamper(anchored, DROP_TRIGGERS)
    assert "audit_event_append_only_delete" in broken(run_cli, anchored)


def test_the_last_events_removed_with_the_head_moved_back_are_found(run_cli, anchored: AppPaths):
    tamper(
        anchored,
        DROP_TRIGGERS
        + "DELETE FROM audit_event WHERE id > (SELECT max(id) - 3 FROM audit_event);"
        + "UPDATE audit_head SET last_event_id = (SELECT max(id) FROM audit_event),"
        " last_hash = (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1);" + RECREATE_TRIGGERS,
    )
    assert "does not carry this workstation's MAC" in broken(run_cli, anchored)


def test_every_event_deleted_is_found(run_cli, anchored: AppPaths):
    tamper(
        anchored,
        DROP_TRIGGERS + "DELETE FROM audit_event; DELETE FROM audit_head;" + RECREATE_TRIGGERS,
    )
    message = broken(run_cli, anchored)
    assert "the audit head is missing" in message


@pytest.mark.parametrize("strip_the_anchor", [False, True])
def test_a_chain_rewritten_with_the_public_hash_is_found(
    run_cli, anchored: AppPaths, strip_the_anchor: bool
):
    tamper(
        anchored,
        DROP_TRIGGERS + "UPDATE audit_event SET after_json = replace(after_json, '\"pain_nrs\":7',"
        " '\"pain_nrs\":1') WHERE table_name = 'visit';"
        + "UPDATE visit SET pain_nrs = 1 WHERE pain_nrs = 7;",
    )
    rehash_from(anchored, 1)
    tamper(anchored, RECREATE_TRIGGERS)
    if strip_the_anchor:
        tamper(anchored, "UPDATE audit_head SET mac = NULL;")
        open_clinic(anchored).close()  # opening must not anchor it anew
    expected = "anchor was removed" if strip_the_anchor else "does not carry this workstation"
    assert expected in broken(run_cli, anchored)


def test_a_relinked_chain_is_found_without_the_key(app_paths: AppPaths):
    """Event 9 deleted and event 10 relinked to event 8: the hash covers the link."""
    database = open_database(app_paths.database_url(), backups=app_paths.backups)
    clinic_paths = app_paths
    database.close()
    clinic = open_clinic(clinic_paths)
    save_case(clinic, load_case_json(SEED.read_text(encoding="utf-8")))
    clinic.close()
    tamper(
        app_paths,
        DROP_TRIGGERS
        + "DELETE FROM audit_event WHERE id = 9;"
        + "UPDATE audit_event SET previous_hash = (SELECT hash FROM audit_event WHERE id = 8)"
        " WHERE id = 10;",
    )
    from trochtrack.store.audit import verify_audit_chain

    database = open_database(app_paths.database_url(), backups=app_paths.backups)
    try:
        with database.engine.connect() as connection:
            result = verify_audit_chain(connection)
    finally:
        database.close()
    assert result.first_bad_event_id == 10
    assert result.problem == "its content was changed"


def test_a_restored_backup_stays_anchored(run_cli, anchored: AppPaths):
    from trochtrack.services.backups import make_backup, restore_backup

    clinic = open_clinic(anchored)
    backup = make_backup(clinic).path
    clinic.close()
    restore_backup(anchored, backup)
    result = verify(run_cli, anchored)
    assert result.returncode == 0, result.stderr
    key = json.loads((anchored.config / "audit.key").read_text(encoding="utf-8"))
    assert bytes.fromhex(key["key"]) not in anchored.database.read_bytes()  # kept outside
