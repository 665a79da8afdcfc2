"""kill -9 during ``protect``: running it again finishes, and no plain copy is left.

Before, a kill during protect left plain backups and ``.encrypting`` / ``-journal``
files, and the next protect crashed for ever (``PRAGMA rekey`` on a plain file); the
damaged file kept aside and the backup taken before an upgrade stayed plain even after
a clean run. Each trial forks a real process running protect over the same starting
files, kills it at a point spread across the run, runs protect again, and then looks at
every byte left in the data and cache folders.
"""

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.paths import AppPaths
from trochtrack.services.backups import list_backups, make_backup
from trochtrack.services.cases import load_case, save_case
from trochtrack.services.clinic import open_clinic
from trochtrack.services.security import protect_database
from trochtrack.store.encryption import opens_with, read_protection
from trochtrack.store.errors import ProtectionPendingError

pytestmark = [pytest.mark.fault, pytest.mark.integration]

TRIALS = int(os.environ.get("PROTECT_KILL_TRIALS", "16"))
PASSPHRASE = "correct horse battery staple"
SEED = Path(__file__).parents[1] / "data" / "examples" / "seed-case.json"
NAME = b"Margaret"  # the seed patient's given name: in no byte on disk after protect
SQLITE = b"SQLite format 3\x00"


def _paths(home: Path) -> AppPaths:
    return AppPaths.from_environment({"TROCHTRACK_HOME": str(home)})


def _build(home: Path) -> AppPaths:
    """A clinic with every kind of copy protect must deal with."""
    paths = _paths(home)
    clinic = open_clinic(paths)
    save_case(clinic, load_case_json(SEED.read_text(encoding="utf-8")))
    backup = make_backup(clinic).path
    clinic.close()
    upgrade = paths.backups / "trochtrack-before-upgrade-from-0004-20260101T000000000000Z.sqlite"
    shutil.copy2(backup, upgrade)
    aside = paths.data / "trochtrack.sqlite.damaged-20260102T000000000000Z"
    shutil.copy2(backup, aside)  # moved aside for a reason SQLite does not see
    (paths.backups / "trochtrack-auto-20260103T000000000000Z.sqlite.tmp").write_bytes(
        backup.read_bytes()[:8192]
    )
    paths.viewer.mkdir(parents=True)
    (paths.viewer / "trochtrack-letter.pdf").write_bytes(b"%PDF-1.4 Margaret Example")
    return paths


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The starting files, and how long a whole protect takes on them."""
    home = tmp_path_factory.mktemp("protect-template") / "home"
    _build(home)
    timing = home.parent / "timing"
    shutil.copytree(home, timing)
    started = time.monotonic()
    protect_database(_paths(timing), PASSPHRASE)
    return home, time.monotonic() - started


def _plain_leftovers(home: Path) -> list[str]:
    found = []
    for path in home.rglob("*"):
        if not path.is_file() or path.name.endswith((".lock", ".protection")):
            continue
        data = path.read_bytes()
        if data.startswith(SQLITE) or NAME in data:
            found.append(str(path.relative_to(home)))
    return found


def _check_finished(paths: AppPaths) -> None:
    home = paths.data.parent
    assert _plain_leftovers(home) == []
    names = [path.name for path in home.rglob("*")]
    assert not [n for n in names if n.endswith((".encrypting", "-journal", ".tmp"))], names
    assert not [n for n in names if n.endswith(".protect-journal")]
    key = read_protection(paths.database).key_for(PASSPHRASE)
    assert key is not None
    kinds = sorted(b.kind for b in list_backups(paths))
    assert kinds == ["before-upgrade", "manual"]
    for info in list_backups(paths):
        assert opens_with(info.path, key)
    (aside,) = paths.data.glob("trochtrack.sqlite.damaged-*")
    assert opens_with(aside, key)
    clinic = open_clinic(paths, passphrase=PASSPHRASE)
    try:
        assert load_case(clinic, "P-SEED").patient.given_name == "Margaret"
    finally:
        clinic.close()


def test_a_clean_protect_leaves_no_plain_copy_anywhere(template, tmp_path: Path):
    home = tmp_path / "home"
    shutil.copytree(template[0], home)
    report = protect_database(_paths(home), PASSPHRASE)
    assert report.not_done == []
    assert any(".damaged-" in path.name for path in report.encrypted)
    assert any("before-upgrade" in path.name for path in report.encrypted)
    assert {path.name for path in report.removed} >= {
        "trochtrack-letter.pdf",
        "trochtrack-auto-20260103T000000000000Z.sqlite.tmp",
    }
    _check_finished(_paths(home))


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill9_during_protect_then_protect_again_finishes(template, tmp_path: Path, trial: int):
    source, duration = template
    home = tmp_path / "home"
    shutil.copytree(source, home)
    delay = duration * (trial + 0.5) / TRIALS
    pid = os.fork()
    if pid == 0:
        try:
            protect_database(_paths(home), PASSPHRASE)
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    paths = _paths(home)
    if (paths.data / "trochtrack.sqlite.protect-journal").exists():
        with pytest.raises(ProtectionPendingError):
            open_clinic(paths, passphrase=PASSPHRASE)
    if (
        read_protection(paths.database) is None
        or (paths.data / "trochtrack.sqlite.protect-journal").exists()
    ):
        protect_database(paths, PASSPHRASE)
    _check_finished(paths)
