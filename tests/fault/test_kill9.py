"""kill -9 while visits are being saved: no acknowledged visit lost, none half-saved.

Each trial forks a real process that saves visits through the app's own service and
kills it with SIGKILL at a random moment (forking, rather than starting an interpreter,
keeps a trial near the length of its random delay). The database must then pass its
integrity and foreign-key checks, hold every visit whose save had returned, hold at most
one more (the one whose COMMIT finished as the kill landed), have both red flags and the
audit event of every visit it holds, verify its audit chain, and take a new save.
"""

import os
import random
import shutil
import signal
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from factories import make_episode, make_patient

from trochtrack.domain.model import Visit
from trochtrack.domain.vocabulary import RedFlag, Sex
from trochtrack.paths import AppPaths
from trochtrack.services import records
from trochtrack.services.audit import verify_audit
from trochtrack.services.clinic import Clinic, open_clinic

pytestmark = [pytest.mark.fault, pytest.mark.integration]

TRIALS = int(os.environ.get("KILL9_TRIALS", "200"))
FLAGS = frozenset({RedFlag.FALL_OR_TRAUMA, RedFlag.RECENT_INJECTION})


def _open(home: Path) -> Clinic:
    clinic = open_clinic(
        AppPaths.from_environment({"TROCHTRACK_HOME": str(home)}),
        clock=lambda: datetime(2030, 1, 1, tzinfo=UTC),
    )
    clinic.actor = "writer"
    return clinic


def _prepare(home: Path, mode: str) -> int:
    clinic = _open(home)
    try:
        with clinic.database.raw_connection() as raw:
            raw.execute(f"PRAGMA journal_mode={mode}")
        patient_id = records.create_patient(
            clinic,
            make_patient(ref="P-K9", given_name="Kill", family_name="Nine", sex=Sex.OTHER),
        )
        return records.create_episode(
            clinic,
            patient_id,
            make_episode(first_line_start=date(2020, 1, 1)),
        )
    finally:
        clinic.close()


def _write_visits_forever(home: Path, mode: str, episode_id: int, acks: int) -> None:
    """The child: save visits and write each number to the pipe once its save returned."""
    clinic = _open(home)
    if mode != "wal":
        with clinic.database.raw_connection() as raw:
            raw.execute(f"PRAGMA journal_mode={mode}")
    os.write(acks, b"READY\n")
    number = 0
    while True:
        number += 1
        visit = Visit(
            date=date(2020, 1, 1) + timedelta(days=number % 3000),
            pain_nrs=number % 11,
            red_flags=FLAGS,
            notes=f"visit {number} " + "x" * (number * 37 % 900),
        )
        records.add_visit(clinic, episode_id, visit)
        os.write(acks, f"{number}\n".encode())


def _run_and_kill(home: Path, mode: str, episode_id: int, delay: float) -> set[int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns: it is killed
        os.close(read_end)
        try:
            _write_visits_forever(home, mode, episode_id, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        assert pipe.readline() == b"READY\n"
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return {int(line) for line in pipe.read().split()}


def _check(home: Path, acknowledged: set[int], episode_id: int) -> None:
    raw = sqlite3.connect(home / "data" / "trochtrack.sqlite")
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        present = {int(row[0].split()[1]) for row in raw.execute("SELECT notes FROM visit")}
        assert acknowledged <= present, f"lost acknowledged visits {acknowledged - present}"
        assert len(present - acknowledged) <= 1
        half_saved = raw.execute(
            "SELECT count(*) FROM visit v WHERE (SELECT count(*) FROM visit_red_flag f"
            " WHERE f.visit_id = v.id) != 2"
        ).fetchone()[0]
        assert half_saved == 0
        audited = raw.execute(
            "SELECT count(*) FROM audit_event WHERE table_name = 'visit' AND action = 'insert'"
        ).fetchone()[0]
        assert audited == len(present)
    finally:
        raw.close()
    clinic = _open(home)
    try:
        assert verify_audit(clinic).intact
        records.add_visit(clinic, episode_id, Visit(date=date(2020, 1, 1), pain_nrs=3, notes="v 0"))
    finally:
        clinic.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    """A migrated database with one patient per journal mode, copied for each trial."""
    made = {}
    for mode in ("wal", "delete"):
        home = tmp_path_factory.mktemp(f"template-{mode}")
        made[mode] = (home, _prepare(home, mode))
    return made


@pytest.mark.parametrize("mode", ["wal", "delete"])
@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill9_during_visit_saves_loses_nothing_acknowledged(
    tmp_path: Path, templates: dict[str, tuple[Path, int]], mode: str, trial: int
):
    template, episode_id = templates[mode]
    home = tmp_path / "home"
    shutil.copytree(template, home)  # the template is closed and checkpointed
    delay = random.Random(f"{mode}-{trial}").uniform(0.02, 0.6)
    acknowledged = _run_and_kill(home, mode, episode_id, delay)
    _check(home, acknowledged, episode_id)
