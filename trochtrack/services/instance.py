"""One desktop app per database file on this computer.

A second window on the same SQLite file would not corrupt it (SQLite locks), but two
people editing the same patient in two windows is confusing; the second instance is told
who has it open and stops. The lock is an OS file lock, so it disappears with the process
even after a crash or kill.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from trochtrack.paths import PRIVATE_FILE_MODE
from trochtrack.services.errors import ServiceError


class AlreadyOpenError(ServiceError):
    """Another trochtrack on this computer has the database open."""

    def __init__(self, holder: str) -> None:
        who = f" by {holder}" if holder else ""
        super().__init__(
            f"trochtrack already has this database open on this computer{who}. "
            "Switch to that window, or close it first."
        )
        self.holder = holder


class InstanceLock:
    """An exclusive, non-blocking lock next to the database file."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise AlreadyOpenError naming who holds it."""
        handle = self.path.open("a+", encoding="utf-8")
        self.path.chmod(PRIVATE_FILE_MODE)
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise AlreadyOpenError(holder)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{getpass.getuser()} on {socket.gethostname()} (process {os.getpid()})")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let another instance open the database."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
