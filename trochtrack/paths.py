"""Where trochtrack keeps its files: platformdirs, or one root given by TROCHTRACK_HOME.

Everything under these directories may hold patient data, so directories are created
0700 and the process works with a 0077 umask (see :func:`private_umask`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, MutableMapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

HOME_VARIABLE = "TROCHTRACK_HOME"
DATABASE_VARIABLE = "TROCHTRACK_DB"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


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


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    path.chmod(PRIVATE_DIR_MODE)
    return path


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
    """
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
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
