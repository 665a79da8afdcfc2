"""A full disk during a save: a clear error, nothing half-written, and saving works again
once there is room. SQLite's max_page_count stands in for the disk's size."""

import sqlite3
from datetime import date

import pytest
import sqlalchemy as sa

from trochtrack.domain.model import Visit
from trochtrack.domain.vocabulary import RedFlag
from trochtrack.services import records
from trochtrack.services.audit import verify_audit
from trochtrack.services.clinic import Clinic
from trochtrack.store.errors import DiskFullError

pytestmark = [pytest.mark.fault, pytest.mark.integration]


class DiskSize:
    """Caps the database file at its size now plus some pages, on every new connection."""

    NO_CAP = 1_073_741_823

    def __init__(self, clinic: Clinic) -> None:
        self._clinic = clinic
        self._limit = self.NO_CAP
        sa.event.listen(clinic.database.engine, "connect", self._apply)

    def _apply(self, dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {self._limit}")

    def leave_room_for(self, extra_pages: int | None) -> None:
        engine = self._clinic.database.engine
        self._limit = self.NO_CAP
        engine.dispose()
        if extra_pages is not None:
            with self._clinic.database.raw_connection() as raw:
                self._limit = raw.execute("PRAGMA page_count").fetchone()[0] + extra_pages
        engine.dispose()


def _counts(clinic: Clinic) -> tuple[int, int, int]:
    raw = sqlite3.connect(clinic.database.path)
    try:
        return tuple(
            raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("visit", "visit_red_flag", "audit_event")
        )
    finally:
        raw.close()


@pytest.mark.parametrize("extra_pages", range(6))
def test_disk_full_during_a_visit_save_saves_nothing_and_says_so(
    clinic: Clinic, episode_id: int, extra_pages: int
):
    big_visit = Visit(
        date=date(2026, 10, 1),
        pain_nrs=6,
        red_flags=frozenset({RedFlag.FALL_OR_TRAUMA}),
        notes="n" * 19_000,
    )
    disk = DiskSize(clinic)
    disk.leave_room_for(extra_pages)
    saved = 0
    failure: DiskFullError | None = None
    for _ in range(50):
        before = _counts(clinic)
        try:
            records.add_visit(clinic, episode_id, big_visit)
        except DiskFullError as error:
            failure = error
            break
        saved += 1
    assert failure is not None, "the capped disk never filled"
    assert "disk is full" in str(failure)
    assert _counts(clinic) == before  # the failed save left no visit, flag or audit row

    disk.leave_room_for(None)
    records.add_visit(clinic, episode_id, big_visit)
    visits, flags, _ = _counts(clinic)
    assert (visits, flags) == (saved + 1, saved + 1)
    with clinic.database.raw_connection() as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert verify_audit(clinic).intact
