"""Where trochtrack keeps its files: platformdirs, or one root given by TROCHTRACK_HOME.

Everything under these directories may hold patient data, so directories are created
0700 and the process works with a 0077 umask (see :func:`private_umask`).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping, MutableMapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

from trochtrack.domain.errors import TrochtrackError

HOME_VARIABLE = "TROCHTRACK_HOME"
DATABASE_VARIABLE = "TROCHTRACK_DB"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SQLITE_URL_PREFIX = "sqlite:///"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data: Path
    config: Path
    logs: Path
    cache: Path

    @property
    def database(self) -> Path:
        return self.data / "trochtrack.sqlite"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def viewer(self) -> Path:
        """Where PDFs handed to the system viewer are written (kept a day)."""
        return self.cache / "viewer"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        if override := env.get(HOME_VARIABLE):
            root = Path(override).expanduser()
            return cls(root / "data", root / "config", root / "logs", root / "cache")
        dirs = PlatformDirs("trochtrack", appauthor=False)
        return cls(
            dirs.user_data_path, dirs.user_config_path, dirs.user_log_path, dirs.user_cache_path
        )

    def database_url(
        self, explicit: str | None = None, environ: Mapping[str, str] | None = None
    ) -> str:
        """The database to open: ``--db``, else TROCHTRACK_DB, else the default file.

        A bare path (no ``scheme://``) means an SQLite file.
        """
        env = os.environ if environ is None else environ
        chosen = explicit or env.get(DATABASE_VARIABLE) or str(self.database)
        if "://" in chosen:
            return chosen
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"

    def database_file(self, explicit: str | None = None) -> Path | None:
        """The SQLite file :meth:`database_url` names; ``None`` for a database server."""
        resolved = self.database_url(explicit)
        if not resolved.startswith(SQLITE_URL_PREFIX):
            return None
        return Path(resolved.removeprefix(SQLITE_URL_PREFIX))


class OutputPathError(TrochtrackError, OSError):
    """A file to write names something that must not be written over, or no folder."""


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) 0700; folders that exist are left alone.

    Only folders the app creates get its modes: a database in a shared folder must not
    take that folder from the others who use it.
    """
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR_MODE)
            folder.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is cut by the umask
    return path


def own_private_dir(path: Path) -> Path:
    """One of the app's own folders (data, backups, logs, settings, cache): always 0700."""
    ensure_private_dir(path)
    path.chmod(PRIVATE_DIR_MODE)
    return path


def check_output_path(path: Path) -> None:
    """Refuse an output that is not a new name or an existing regular file.

    A device (/dev/null), a folder, a pipe or a symlink is never written over or through.

    Raises:
        OutputPathError: naming the path and what is wrong.
    """
    if not path.parent.is_dir():
        raise OutputPathError(f"{path}: the folder {path.parent} does not exist")
    try:
        status = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(status.st_mode):
        raise OutputPathError(f"{path}: is a symbolic link; give the file's own path")
    if not stat.S_ISREG(status.st_mode):
        raise OutputPathError(
            f"{path}: is not a regular file (a device, folder or pipe); give a new file name"
        )


def keep_matplotlib_cache(paths: AppPaths, environ: MutableMapping[str, str] | None = None) -> Path:
    """Give matplotlib a lasting config folder under the app's cache (the frozen app).

    PyInstaller's matplotlib runtime hook points MPLCONFIGDIR at a new temporary folder
    on every start, so the font cache would be rebuilt at each launch. matplotlib reads
    the variable when it is first imported (the app does so only when it first draws)
    and creates the folder then, under the app's private umask.
    """
    env = os.environ if environ is None else environ
    folder = paths.cache / "matplotlib"
    env["MPLCONFIGDIR"] = str(folder)
    return folder


def private_umask() -> None:
    """Make every file this process creates readable by its owner only."""
    os.umask(0o077)


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by its owner only (0600).

    The bytes go to a temporary file in the same directory, are flushed to disk, and
    the file is then renamed over ``path``; on any failure the temporary file is
    removed and ``path`` is left as it was.

    Raises:
        OutputPathError: ``path`` is not a new name or a regular file, or has no folder.
    """
    check_output_path(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".part", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # A directory that cannot be synced (some network file systems) still has the file.
    with suppress(OSError):
        fsync_path(path.parent)


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries after a rename, to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
