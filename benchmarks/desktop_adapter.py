"""The desktop start-up's call into trochtrack (run by :mod:`benchmarks.gui_probe`).

Apart from :mod:`benchmarks.adapter`, which imports the database layers at its top: the
start-up measure must see the app import them itself, under its splash, as it does when
launched. Nothing of trochtrack's is imported here before the function runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any


def fixed_clock(as_of: date) -> Callable[[], datetime]:
    """A clock that always reads noon (UTC) on ``as_of``: the measures never read the date."""
    noon = datetime.combine(as_of, time(12), tzinfo=UTC)
    return lambda: noon


def start_desktop(
    argv: Sequence[str], as_of: date, before_window: Callable[[Any], None]
) -> tuple[int, Callable[[], None]]:
    """Start the desktop app as ``trochtrack`` does, up to ``app.exec()``.

    The steps of ``trochtrack.ui.launcher.main`` and ``trochtrack.ui.app.main``, with two
    differences: the clinic's clock reads ``as_of`` (the synthetic clinic's day), and
    ``before_window`` gets the QApplication before any window is built (to install
    the benchmark's event filter). Returns the exit status of the event loop and the
    close-down (the backup on close) for the caller to run or skip.
    """
    from trochtrack.ui.qt_check import missing_for_start

    missing = missing_for_start(list(argv))
    if missing is not None:
        raise RuntimeError(f"Qt cannot start here: {missing}")
    from trochtrack.logging_setup import configure_logging
    from trochtrack.paths import private_umask
    from trochtrack.ui import app as desktop
    from trochtrack.ui.splash import StartupSplash

    private_umask()
    args, qt_arguments = desktop.parse_arguments(argv)
    paths = desktop.app_paths(args.data_dir)
    configure_logging(paths)
    application = desktop.QApplication([sys.argv[0], *qt_arguments])
    application.setOrganizationName("trochtrack")
    application.setApplicationName("trochtrack")
    application.setDesktopFileName("trochtrack")
    before_window(application)
    with StartupSplash.shown(paths):
        from trochtrack.services.settings import load_settings
        from trochtrack.ui import session
        from trochtrack.ui.context import AppContext
        from trochtrack.ui.prompter import MessageBoxPrompter

        prompter = MessageBoxPrompter()
        questions = session.dialog_questions(paths, args.db, prompter)
        opened = session.open_for_desktop(paths, args.db, prompter, questions)
        if opened is None:
            raise RuntimeError("the desktop app did not open the database")
        opened.clinic.clock = fixed_clock(as_of)
        ctx = AppContext(opened.clinic, load_settings(opened.clinic), prompter)
        ctx.protected = opened.protected
        ctx.instance_lock = opened.lock
        status = session.run_window(application, ctx)
    return status, lambda: session.close_clinic(opened, prompter)
