"""Backups: verified before named, private, thinned; restores keep the old database aside."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.paths import AppPaths
from trochtrack.services.backups import (
    BackupKind,
    backup_name,
    backup_on_close,
    list_backups,
    make_backup,
    remove_unfinished_backups,
    restore_backup,
    thin_backups,
)
from trochtrack.services.cases import load_case, save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.store.backup_schedule import Retention, backups_to_keep

pytestmark = pytest.mark.integration


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_a_backup_holds_the_same_rows_and_is_private(clinic: Clinic, example_cases):
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    info = make_backup(clinic)
    assert info.path.stat().st_mode & 0o777 == 0o600
    assert clinic.paths.backups.stat().st_mode & 0o777 == 0o700
    assert _dump(info.path) == _dump(clinic.database.path)
    assert list(clinic.paths.backups.glob("*.tmp")) == []


def test_restore_brings_back_the_backup_and_keeps_the_current_database(
    clinic: Clinic,
    app_paths: AppPaths,
    example_cases,
    raw_sqlite,
):
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    info = make_backup(clinic)
    snapshot = _dump(info.path)
    save_case(clinic, load_case_json(example_cases["bursa-enlarging"].read_text(encoding="utf-8")))
    clinic.close()

    result = restore_backup(app_paths, info.path, actor="Dr Restore")

    restored = [line for line in _dump(app_paths.database) if "audit_" not in line]
    assert restored == [line for line in snapshot if "audit_" not in line]
    assert result.previous_database is not None
    kept = _dump(result.previous_database)
    assert any("P-0102" in line for line in kept)
    raw = raw_sqlite(app_paths.database)
    action, actor = raw.execute(
        "SELECT action, actor FROM audit_event ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert (action, actor) == ("restore", "Dr Restore")


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    clinic: Clinic, app_paths: AppPaths, tmp_path: Path
):
    before = _dump(clinic.database.path)
    clinic.close()
    bad = tmp_path / "trochtrack-manual-20260101T000000000000Z.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(ServiceError, match="cannot be restored"):
        restore_backup(app_paths, bad)
    assert _dump(app_paths.database) == before


def test_an_automatic_backup_is_taken_at_most_once_a_day(clinic: Clinic):
    first = backup_on_close(clinic)
    assert first is not None
    assert backup_on_close(clinic) is None
    later = datetime(2026, 11, 29, 12, 1, tzinfo=UTC)
    clinic.clock = lambda: later
    assert backup_on_close(clinic) is not None
    assert [b.kind for b in list_backups(clinic.paths)] == ["auto", "auto"]


def test_leftover_temporary_files_are_removed_at_start(clinic: Clinic):
    clinic.paths.backups.mkdir(parents=True, exist_ok=True)
    partial = clinic.paths.backups / (backup_name(BackupKind.AUTOMATIC, clinic.now()) + ".tmp")
    partial.write_bytes(b"half a backup")
    assert remove_unfinished_backups(clinic.paths) == [partial]
    assert list_backups(clinic.paths) == []


def test_thinning_keeps_the_newest_of_each_day_week_and_month():
    start = datetime(2025, 1, 1, 18, 0, tzinfo=UTC)
    moments = [start + timedelta(hours=12 * i) for i in range(2 * 400)]
    backups = [(Path(f"b{i}"), moment) for i, moment in enumerate(moments)]
    keep = backups_to_keep(backups, Retention(daily=7, weekly=4, monthly=12))
    kept_moments = sorted((m for p, m in backups if p in keep), reverse=True)
    newest = max(moments)
    assert kept_moments[0] == newest
    days = {m.date() for m in kept_moments}
    assert {newest.date() - timedelta(days=d) for d in range(7)} <= days
    assert len({(m.year, m.month) for m in kept_moments}) == 12
    assert len(keep) <= 7 + 4 + 12


def test_thinning_deletes_only_automatic_backups(clinic: Clinic):
    for day in range(10):
        clinic.clock = lambda day=day: datetime(2026, 11, 1 + day, 20, 0, tzinfo=UTC)
        make_backup(clinic, BackupKind.AUTOMATIC)
    make_backup(clinic, BackupKind.MANUAL)
    removed = thin_backups(clinic.paths, Retention(daily=3, weekly=0, monthly=0))
    assert len(removed) == 7
    kinds = sorted(b.kind for b in list_backups(clinic.paths))
    assert kinds == ["auto", "auto", "auto", "manual"]


def test_postgresql_databases_are_not_backed_up_by_file(postgres_url: str, app_paths: AppPaths):
    from trochtrack.services.clinic import open_clinic

    pg = open_clinic(app_paths, postgres_url)
    try:
        with pytest.raises(ServiceError, match="pg_dump"):
            make_backup(pg)
        assert backup_on_close(pg) is None
    finally:
        pg.close()


def test_restore_then_the_app_reads_the_restored_patient(clinic, app_paths, example_cases):
    save_case(clinic, load_case_json(example_cases["red-flag-fever"].read_text(encoding="utf-8")))
    info = make_backup(clinic)
    clinic.close()
    restore_backup(app_paths, info.path)
    from trochtrack.services.clinic import open_clinic

    reopened = open_clinic(app_paths)
    try:
        assert load_case(reopened, "P-0207").patient.given_name == "Lena"
    finally:
        reopened.close()


def test_the_backup_before_an_upgrade_is_listed_verified_and_restorable(
    app_paths: AppPaths, database_at
):
    from trochtrack.services.backups import newest_verified_backup
    from trochtrack.services.clinic import open_clinic

    database_at(app_paths, "0004")
    open_clinic(app_paths).close()  # upgraded, with a backup of schema 0004 first
    (info,) = list_backups(app_paths)
    assert info.kind == BackupKind.BEFORE_UPGRADE
    assert info.revision == "0004"
    assert "0004" in info.path.name
    assert newest_verified_backup(app_paths) == info
    result = restore_backup(app_paths, info.path)
    assert result.row_counts["patient"] == 1
    kinds = sorted(b.kind for b in list_backups(app_paths))
    assert kinds == ["before-upgrade", "before-upgrade", "pre-restore"]


def test_the_cli_offers_the_backup_before_an_upgrade_for_a_damaged_file(
    app_paths: AppPaths, database_at, capsys: pytest.CaptureFixture[str]
):
    from trochtrack.cli.main import main
    from trochtrack.services.clinic import open_clinic

    database_at(app_paths, "0004")
    open_clinic(app_paths).close()
    (info,) = list_backups(app_paths)
    app_paths.database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["due"]) == 1
    assert f"trochtrack-cli restore {info.path}" in capsys.readouterr().err


def test_a_restore_moves_a_damaged_file_aside_with_its_wal_exactly_as_they_were(
    app_paths: AppPaths, clinic: Clinic, example_cases
):
    import os

    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    backup = make_backup(clinic).path
    clinic.database.close()
    pid = os.fork()
    if pid == 0:  # a writer that dies before its change is checkpointed
        writer = sqlite3.connect(app_paths.database, isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE patient SET given_name = 'In the WAL only'")
        os._exit(0)
    os.waitpid(pid, 0)
    data = bytearray(app_paths.database.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size + 8 : 2 * page_size] = b"\xa5" * (page_size - 8)
    app_paths.database.write_bytes(bytes(data))
    wal = app_paths.database.with_name("trochtrack.sqlite-wal")
    before = (app_paths.database.read_bytes(), wal.read_bytes())
    result = restore_backup(app_paths, backup)
    aside = result.previous_database
    assert aside is not None
    assert ".damaged-" in aside.name
    assert aside.read_bytes() == before[0]
    assert aside.with_name(aside.name + "-wal").read_bytes() == before[1]


def test_a_backup_of_a_database_with_a_broken_index_says_the_database_is_damaged(
    clinic: Clinic, example_cases, break_an_index
):
    from trochtrack.services.backups import integrity_report
    from trochtrack.store.errors import DatabaseDamagedError

    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    assert integrity_report(clinic) == []
    break_an_index(clinic.database.path)
    clinic.database.engine.dispose()  # the app's next connection reads the schema as it is
    assert "missing from index" in integrity_report(clinic)[0]
    with pytest.raises(DatabaseDamagedError, match="full integrity check failed"):
        make_backup(clinic)
    assert list_backups(clinic.paths) == []
    assert not list(clinic.paths.backups.glob("*.tmp"))


def test_a_backup_through_a_connection_that_drops_rows_never_gets_its_name(
    clinic: Clinic, example_cases
):
    """The copy is checked against the database before the rename, row counts included."""
    from trochtrack.store.backup import BackupError, write_verified_backup

    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))

    class DroppingConnection(sqlite3.Connection):
        """Receives the copy, then loses a visit as it closes (a faulty driver or disk)."""

        def close(self) -> None:
            self.execute("DELETE FROM visit WHERE id = (SELECT max(id) FROM visit)")
            self.commit()
            super().close()

    copies: list[str] = []

    def connect_and_drop_a_visit(path: str) -> sqlite3.Connection:
        if not copies:  # the connection the backup API writes the copy through
            copies.append(path)
            return sqlite3.connect(path, factory=DroppingConnection)
        return sqlite3.connect(path)

    destination = clinic.paths.backups / backup_name(BackupKind.MANUAL, clinic.now())
    with (
        clinic.database.raw_connection() as raw,
        pytest.raises(BackupError, match="does not hold the same rows"),
    ):
        write_verified_backup(raw, destination, connect=connect_and_drop_a_visit)
    assert not destination.exists()
    assert list(clinic.paths.backups.iterdir()) == []


def test_a_readable_but_damaged_newest_backup_is_passed_over(
    clinic: Clinic,
    example_cases,
    break_an_index,
    raw_sqlite,
):
    from trochtrack.services.backups import newest_verified_backup

    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    older = make_backup(clinic, BackupKind.MANUAL)
    later = clinic.now() + timedelta(hours=1)
    clinic.clock = lambda: later
    newer = make_backup(clinic, BackupKind.MANUAL)
    break_an_index(newer.path)  # still opens, fails integrity_check
    assert raw_sqlite(newer.path).execute("SELECT count(*) FROM patient").fetchone() == (1,)
    assert [b.path for b in list_backups(clinic.paths)] == [newer.path, older.path]
    assert newest_verified_backup(clinic.paths) == older
