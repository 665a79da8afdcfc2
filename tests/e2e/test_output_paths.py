"""Where the CLI writes: only folders it creates get its modes; outputs are regular files.

A shared 1777 folder holding a database became 0700 (the others lost it), and ``-o``
replaced a device file and wrote through a symlink. Each output here is refused with
exit status 2, one line naming the path, and the thing at that path is left as it was.
"""

import os
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SEED = Path(__file__).parents[1] / "data" / "examples" / "seed-case.json"


def test_a_database_in_a_shared_folder_leaves_the_folder_as_it_was(run_cli, tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    database = shared / "clinic.sqlite"
    result = run_cli("import", str(SEED), "--db", str(database), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    created = tmp_path / "new" / "deeper" / "clinic.sqlite"
    result = run_cli("import", str(SEED), "--db", str(created), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(created.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(created.parent.parent.stat().st_mode) == 0o700


def _make(kind: str, path: Path, tmp_path: Path) -> tuple[Path, object]:
    """Something at ``path`` that must survive, and a snapshot of what it was."""
    if kind == "symlink":
        target = tmp_path / "someone-elses.txt"
        target.write_text("keep me", encoding="utf-8")
        path.symlink_to(target)
        return target, "keep me"
    if kind == "fifo":
        os.mkfifo(path)
        return path, stat.S_IFIFO
    if kind == "directory":
        path.mkdir()
        return path, stat.S_IFDIR
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("cannot make a device node here")
    return path, stat.S_IFCHR


def _unchanged(kind: str, path: Path, kept: Path, snapshot: object) -> bool:
    if kind == "symlink":
        return path.is_symlink() and kept.read_text(encoding="utf-8") == snapshot
    return stat.S_IFMT(path.lstat().st_mode) == snapshot


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory", "device"])
@pytest.mark.parametrize(
    "command",
    [
        ("export", "P-SEED", "-o"),
        ("letter", "P-SEED", "--kind", "handout", "--as-of", "2026-10-20", "-o"),
        ("export-record", "P-SEED", "-o"),
    ],
    ids=["export", "letter", "export-record"],
)
def test_an_output_that_is_not_a_regular_file_is_refused(
    run_cli, tmp_path: Path, kind: str, command: tuple[str, ...]
):
    home = tmp_path / "home"
    assert run_cli("import", str(SEED), home=home).returncode == 0
    output = tmp_path / "out"
    kept, snapshot = _make(kind, output, tmp_path)
    result = run_cli(*command, str(output), home=home)
    assert result.returncode == 2, result.stdout + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"{output}: ")
    assert ("symbolic link" in line) == (kind == "symlink")
    assert _unchanged(kind, output, kept, snapshot)


def test_an_output_in_a_missing_folder_is_one_line(run_cli, tmp_path: Path):
    home = tmp_path / "home"
    assert run_cli("import", str(SEED), home=home).returncode == 0
    missing = tmp_path / "no-such-folder" / "out.json"
    result = run_cli("export", "P-SEED", "-o", str(missing), home=home)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{missing}: the folder {missing.parent} does not exist"


def test_an_existing_regular_file_is_replaced_privately(run_cli, tmp_path: Path):
    home = tmp_path / "home"
    assert run_cli("import", str(SEED), home=home).returncode == 0
    output = tmp_path / "old.json"
    output.write_text("yesterday's export", encoding="utf-8")
    output.chmod(0o644)
    result = run_cli("export", "P-SEED", "-o", str(output), home=home)
    assert result.returncode == 0, result.stderr
    assert '"P-SEED"' in output.read_text(encoding="utf-8")
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
