"""Which trochtrack processes use a database file, and who may write or restore it.

Every process that opens an SQLite database takes one of three locks on it:

* ``READ`` (CLI commands that only read, and the due list's cache): shared with others;
* ``WRITE`` (the desktop app for its whole session, CLI commands that change records):
  one at a time, alongside readers;
* ``EXCLUSIVE`` (restore, turning encryption on or changing the passphrase): nobody else.

A restore therefore refuses while anything else uses the file, and copies the current
database aside under the same lock it restores under. The locks are OS file locks, so
they vanish with a process even after a crash or kill -9.

They are keyed on the file itself (device and inode), so a hard link, a symlink or
another spelling of the path finds the same lock, and also on the resolved path, which
covers a database not created yet and one a restore is putting back in place. The lock
files live in a folder of this user's own (``/tmp/trochtrack-<uid>``, 0700, checked to be
ours): a lock cannot sit beside the database, since two hard links can be in different
folders. Each process also leaves a note saying what it is, so a refusal names it.
"""

from __future__ import annotations

import getpass
import hashlib
import itertools
import os
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import IO, Final, Self

from trochtrack.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE
from trochtrack.services.errors import ServiceError

APP_SESSION: Final = "the trochtrack app"
POLL_S: Final = 0.1
_LOCK_SERIALS = itertools.count()
# A fixed place, not TMPDIR: two shells with different TMPDIRs must find one lock.
LOCK_ROOT = Path("/tmp")  # noqa: S108 - the folder in it is checked to be private


class LockMode(Enum):
    """How a process uses the database (see the module's description)."""

    READ = "read"
    WRITE = "write"
    EXCLUSIVE = "exclusive"


class AlreadyOpenError(ServiceError):
    """Another trochtrack process uses the database in a way that excludes this one."""

    def __init__(self, holders: list[str], *, action: str = "") -> None:
        who = f" by {'; '.join(holders)}" if holders else ""
        advice = (
            "Close it first, then try again."
            if any(holder.startswith(APP_SESSION) for holder in holders)
            else "Wait for it to finish, then try again."
        )
        prefix = f"{action} refused: " if action else ""
        super().__init__(
            f"{prefix}trochtrack already has this database open on this computer{who}. {advice}"
        )
        self.holders = holders


class LockFolderError(ServiceError):
    """The folder that holds the lock files is not this user's own."""


class InstanceLock:
    """This process's lock on one database file (see the module's description)."""

    def __init__(self, database: Path, purpose: str = APP_SESSION) -> None:
        self.database = database
        self.purpose = purpose
        self.mode: LockMode | None = None
        self._note_id = f"{os.getpid()}-{next(_LOCK_SERIALS)}"
        self._held: list[tuple[Path, IO[str]]] = []
        self._gates: list[IO[str]] = []

    # -- taking and giving back --------------------------------------------------------

    def acquire(
        self,
        mode: LockMode = LockMode.WRITE,
        *,
        wait_s: float = 0.0,
        on_wait: Callable[[list[str]], None] | None = None,
        action: str = "",
    ) -> None:
        """Take the lock, waiting up to ``wait_s`` for a CLI command that holds it.

        ``on_wait`` is told once who is waited for. A desktop app session is never
        waited for: it may stay open all day.

        Raises:
            AlreadyOpenError: another process holds it, naming that process.
            LockFolderError: the lock folder is not safe to use.
        """
        if self.mode is not None:
            raise RuntimeError("the lock is already held")
        deadline = time.monotonic() + wait_s
        told = False
        while True:
            holders = self._try_acquire(mode)
            if holders is None:
                self.mode = mode
                self._other_holders()  # clears the notes that killed processes left
                return
            sessions = [holder for holder in holders if holder.startswith(APP_SESSION)]
            if sessions or time.monotonic() >= deadline:
                raise AlreadyOpenError(holders, action=action)
            if on_wait is not None and not told:
                on_wait(holders)
                told = True
            time.sleep(POLL_S)

    def make_exclusive(self, *, action: str = "") -> None:
        """Turn a held WRITE lock into EXCLUSIVE (the app restoring a backup).

        Raises:
            AlreadyOpenError: another process reads the database now.
        """
        if self.mode is not LockMode.WRITE:
            raise RuntimeError("only a write lock can be made exclusive")
        for gate in self._gates:
            if not _try_flock(gate, exclusive=True):
                # flock converts by releasing first: take the shared locks back.
                for taken in self._gates:
                    _flock_shared_blocking(taken)
                raise AlreadyOpenError(self._other_holders(), action=action)
        self.mode = LockMode.EXCLUSIVE

    def make_shared(self) -> None:
        """Back from EXCLUSIVE to WRITE after a restore."""
        if self.mode is not LockMode.EXCLUSIVE:
            raise RuntimeError("the lock is not exclusive")
        for gate in self._gates:
            _flock_shared_blocking(gate)
        self.mode = LockMode.WRITE

    def release(self) -> None:
        """Let other processes in."""
        for path, handle in reversed(self._held):
            if path.suffix == ".who":
                with suppress(OSError):
                    path.unlink(missing_ok=True)
            handle.close()
        self._held = []
        self._gates = []
        self.mode = None

    def __enter__(self) -> Self:
        if self.mode is None:
            self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    # -- inside ------------------------------------------------------------------------

    def _try_acquire(self, mode: LockMode) -> list[str] | None:
        """Take every lock file of ``mode`` at once, or none: ``None``, else the holders."""
        folder = lock_folder()
        self._held, self._gates = [], []
        try:
            for key in database_keys(self.database):
                gate = self._open(folder / f"{key}.gate")
                if not _try_flock(gate, exclusive=mode is LockMode.EXCLUSIVE):
                    self.release()
                    return self._other_holders()
                self._gates.append(gate)
                if mode is not LockMode.READ:
                    writer = self._open(folder / f"{key}.write")
                    if not _try_flock(writer, exclusive=True):
                        self.release()
                        return self._other_holders()
                note = self._open(folder / f"{key}.{self._note_id}.who")
                _try_flock(note, exclusive=True)
                _write_note(note, self.describe(mode))
        except BaseException:
            self.release()
            raise
        return None

    def _open(self, path: Path) -> IO[str]:
        handle = _open_lock_file(path)
        self._held.append((path, handle))
        return handle

    def _other_holders(self) -> list[str]:
        """What every other process holding a lock on this database said it is."""
        folder = lock_folder()
        found: list[str] = []
        for key in database_keys(self.database):
            for note in sorted(folder.glob(f"{key}.*.who")):
                if note.name == f"{key}.{self._note_id}.who":
                    continue
                text = _live_note(note)
                if text and text not in found:
                    found.append(text)
        return found

    def describe(self, mode: LockMode) -> str:
        """What this process tells others about itself."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown user"
        verb = {LockMode.READ: "reading", LockMode.WRITE: "open", LockMode.EXCLUSIVE: "alone"}
        return (
            f"{self.purpose} (process {os.getpid()}, {user} on {socket.gethostname()}, "
            f"{verb[mode]})"
        )


@contextmanager
def database_lock(
    database: Path,
    mode: LockMode,
    purpose: str,
    *,
    wait_s: float = 0.0,
    on_wait: Callable[[list[str]], None] | None = None,
    action: str = "",
) -> Iterator[InstanceLock]:
    """Hold ``mode`` on ``database`` for a ``with`` block."""
    lock = InstanceLock(database, purpose)
    lock.acquire(mode, wait_s=wait_s, on_wait=on_wait, action=action)
    try:
        yield lock
    finally:
        lock.release()


def database_keys(database: Path) -> list[str]:
    """The lock keys of a database file: its resolved path, and its inode if it exists."""
    resolved = database.expanduser().resolve()
    keys = ["path-" + hashlib.sha256(os.fsencode(resolved)).hexdigest()[:32]]
    with suppress(FileNotFoundError):
        status = resolved.stat()
        keys.append(f"inode-{status.st_dev}-{status.st_ino}")
    return keys


def lock_folder() -> Path:
    """This user's lock folder; created 0700 and checked to be a real folder of ours."""
    if sys.platform == "win32":
        base = Path(tempfile.gettempdir())
        folder = base / f"trochtrack-{getpass.getuser()}"
        folder.mkdir(exist_ok=True)
        return folder
    folder = LOCK_ROOT / f"trochtrack-{os.getuid()}"
    with suppress(FileExistsError):
        folder.mkdir(mode=PRIVATE_DIR_MODE)
    status = folder.lstat()
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise LockFolderError(
            f"The lock folder {folder} is not a private folder of this user; remove it "
            "(or ask the administrator to) and start again."
        )
    return folder


def _open_lock_file(path: Path, *, create: bool = True) -> IO[str]:
    flags = os.O_RDWR | (os.O_CREAT if create else 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    return os.fdopen(descriptor, "r+", encoding="utf-8")


def _write_note(handle: IO[str], text: str) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(text)
    handle.flush()


def _live_note(note: Path) -> str:
    """A holder's note if its process still holds it; a dead process's note is removed."""
    try:
        handle = _open_lock_file(note, create=False)
    except OSError:
        return ""
    with handle:
        if _try_flock(handle, exclusive=True):
            note.unlink(missing_ok=True)
            return ""
        handle.seek(0)
        return handle.read().strip()


def _try_flock(handle: IO[str], *, exclusive: bool) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(
            handle.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        )
    except BlockingIOError:
        return False
    return True


def _flock_shared_blocking(handle: IO[str]) -> None:
    if sys.platform == "win32":
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
