"""Entry point of the desktop app: the arguments, the QApplication, the splash, the session.

Start-up, in order: private file permissions; paths (``--data-dir`` or TROCHTRACK_HOME)
and the log; the QApplication and the splash with the clinic's name; then the session
(:mod:`trochtrack.ui.session`: the database opened, the window, the backup on close).
This module imports Qt and nothing of the database layers, so the splash is on screen
before the second or so their imports and the opening take.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from PySide6.QtWidgets import QApplication

from trochtrack import __version__
from trochtrack.logging_setup import configure_logging
from trochtrack.paths import HOME_VARIABLE, AppPaths, private_umask
from trochtrack.ui.collector import GuiThreadCollector
from trochtrack.ui.splash import StartupSplash


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options; everything else is left for Qt (``-style``, ``-platform``…)."""
    parser = argparse.ArgumentParser(prog="trochtrack", description="Lateral hip pain follow-up.")
    parser.add_argument("--version", action="version", version=f"trochtrack {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file (default: TROCHTRACK_DB, else the user data file)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"keep every file under DIR (like {HOME_VARIABLE})",
    )
    parser.add_argument(
        "--smoke",
        type=Path,
        metavar="DIR",
        help="check this installation: a fresh database in DIR (new or empty), the demo, "
        "a letter and the main window grabbed to PNG, then exit",
    )
    return parser.parse_known_args(argv)


def app_paths(data_dir: Path | None) -> AppPaths:
    if data_dir is None:
        return AppPaths.from_environment()
    return AppPaths.from_environment({**os.environ, HOME_VARIABLE: str(data_dir)})


def make_application(qt_arguments: Sequence[str]) -> QApplication:
    """The one QApplication, named, with cycles collected on its thread only."""
    app = QApplication([sys.argv[0], *qt_arguments])
    GuiThreadCollector(app)
    app.setOrganizationName("trochtrack")
    app.setApplicationName("trochtrack")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("trochtrack")  # matches resources/trochtrack.desktop
    return app


def main(argv: Sequence[str] | None = None) -> int:
    private_umask()
    args, qt_arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.smoke is not None:
        from trochtrack.ui.smoke import smoke_main

        return smoke_main(args.smoke, qt_arguments)
    paths = app_paths(args.data_dir)
    with suppress(OSError):  # a read-only log directory must not stop the app
        configure_logging(paths)
    app = make_application(qt_arguments)
    with StartupSplash.shown(paths):
        # Imported only now, under the splash: the database layers and the views.
        from trochtrack.ui.session import run_session

        return run_session(app, paths, args.db)
