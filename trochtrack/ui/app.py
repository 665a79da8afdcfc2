"""Entry point of the desktop app: the start-up checks, the window, the backup on close.

Start-up, in order: private file permissions; paths (``--data-dir`` or TROCHTRACK_HOME)
and the log; one app per database file (a second one is told who has it open); left-over
temporary backups removed; the passphrase if the database has one; the database opened
(a damaged file leads to the restore dialog and never to a fresh empty database; a file
from a newer version is refused); the welcome on first start. On close, the daily
verified backup is taken before the database is closed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from trochtrack import __version__
from trochtrack.logging_setup import configure_logging
from trochtrack.paths import HOME_VARIABLE, AppPaths, ensure_private_dir, private_umask
from trochtrack.services import TrochtrackError
from trochtrack.services.backups import backup_on_close, remove_unfinished_backups
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.errors import (
    DatabaseDamagedError,
    DatabaseInUseError,
    DatabaseTooNewError,
    PassphraseRequiredError,
    ServiceError,
    WrongPassphraseError,
)
from trochtrack.services.instance import InstanceLock
from trochtrack.services.security import is_protected
from trochtrack.services.settings import load_settings
from trochtrack.ui.collector import GuiThreadCollector
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.busy import BusyNotice
from trochtrack.ui.dialogs.damaged import DamagedDatabaseDialog
from trochtrack.ui.dialogs.passphrase import PassphraseDialog
from trochtrack.ui.dialogs.settings import SettingsDialog
from trochtrack.ui.operations import Operation
from trochtrack.ui.prompter import MessageBoxPrompter, Prompter
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.workers import wait_for_background_work

log = logging.getLogger("trochtrack.ui")
TITLE = "trochtrack"
# How long the app waits, at start, for another program writing to the database.
BUSY_WAIT_S = 20.0


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


@dataclass(frozen=True, slots=True)
class StartupQuestions:
    """What start-up may have to ask; tests answer instead of a dialog."""

    passphrase: Callable[[str], str | None]
    """Ask for the passphrase (with a problem to show); ``None`` means cancelled."""
    damaged: Callable[[DatabaseDamagedError, str | None, InstanceLock | None], bool]
    """Offer the backups of a damaged database (restored under the app's lock); whether
    one was restored."""
    busy: Callable[[DatabaseInUseError], bool]
    """Another program kept the database busy: whether to try again (never a restore)."""
    waiting: Callable[[bool], None]
    """Show (``True``) or take down (``False``) that opening waits for another program."""


def dialog_questions(paths: AppPaths, url: str | None, prompter: Prompter) -> StartupQuestions:
    """The real questions: the passphrase dialog, and the damaged-database dialog."""

    def ask_passphrase(problem: str) -> str | None:
        dialog = PassphraseDialog(problem)
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def offer_backups(
        error: DatabaseDamagedError, passphrase: str | None, lock: InstanceLock | None
    ) -> bool:
        dialog = DamagedDatabaseDialog(paths, error, url=url, passphrase=passphrase, lock=lock)
        return dialog.exec() == QDialog.DialogCode.Accepted

    notice = BusyNotice()

    def try_again(error: DatabaseInUseError) -> bool:
        return prompter.confirm(None, TITLE, str(error), action="Try again")

    return StartupQuestions(
        passphrase=ask_passphrase, damaged=offer_backups, busy=try_again, waiting=notice.show
    )


@dataclass(slots=True)
class OpenedClinic:
    clinic: Clinic
    lock: InstanceLock | None
    protected: bool


def open_for_desktop(
    paths: AppPaths, url: str | None, prompter: Prompter, questions: StartupQuestions
) -> OpenedClinic | None:
    """Lock, tidy and open the database, asking what must be asked; ``None`` means quit."""
    lock: InstanceLock | None = None
    database = paths.database_file(url)  # None for a PostgreSQL server: no file to lock
    if database is not None:
        ensure_private_dir(database.parent)
        lock = InstanceLock(database)
        try:
            lock.acquire()
        except ServiceError as error:  # another process has it, or the lock folder is bad
            prompter.warn(None, TITLE, str(error))
            return None
        remove_unfinished_backups(paths)
    clinic = _open(paths, url, prompter, questions, lock)
    if clinic is None:
        if lock is not None:
            lock.release()
        return None
    return OpenedClinic(clinic, lock, is_protected(paths, url))


def _open(
    paths: AppPaths,
    url: str | None,
    prompter: Prompter,
    questions: StartupQuestions,
    lock: InstanceLock | None,
) -> Clinic | None:
    passphrase: str | None = None
    problem = ""
    asking = is_protected(paths, url)
    while True:
        if asking:
            passphrase = questions.passphrase(problem)
            if passphrase is None:
                return None
        try:
            return open_clinic(
                paths,
                url,
                passphrase=passphrase,
                busy_wait_s=BUSY_WAIT_S,
                on_busy=lambda: questions.waiting(True),
            )
        except DatabaseInUseError as error:
            log.warning("the database stayed busy while opening")
            questions.waiting(False)
            if not questions.busy(error):
                return None
        except (PassphraseRequiredError, WrongPassphraseError) as error:
            asking, problem = True, str(error)
        except DatabaseDamagedError as error:
            log.error("the database is damaged")
            if not questions.damaged(error, passphrase, lock):
                return None
        except DatabaseTooNewError as error:
            prompter.warn(None, TITLE, str(error))
            return None
        except TrochtrackError as error:
            log.error("the database could not be opened: %s", type(error).__name__)
            prompter.warn(None, TITLE, f"trochtrack cannot open the database. {error}")
            return None
        finally:
            questions.waiting(False)


def run_window(app: QApplication, ctx: AppContext) -> int:
    """The welcome if needed, then the main window until it closes."""
    if not ctx.settings.welcome_done:
        welcome = SettingsDialog(ctx, welcome=True)
        if welcome.exec() != QDialog.DialogCode.Accepted:
            return 0
    window = MainWindow(ctx)
    window.show()
    return app.exec()


def close_clinic(opened: OpenedClinic, prompter: Prompter) -> None:
    """Wait for background work, take the daily backup, then close and unlock.

    A failed backup is shown, never only logged.
    """
    wait_for_background_work()
    try:
        Operation(
            None,
            None,
            lambda: backup_on_close(opened.clinic),
            title=TITLE,
            failure="The backup taken when trochtrack closes failed.",
            prompter=prompter,
        ).run()
    finally:
        opened.clinic.close()
        if opened.lock is not None:
            opened.lock.release()


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
    prompter = MessageBoxPrompter()
    opened = open_for_desktop(paths, args.db, prompter, dialog_questions(paths, args.db, prompter))
    if opened is None:
        return 1
    try:
        ctx = AppContext(opened.clinic, load_settings(opened.clinic), prompter)
        ctx.protected = opened.protected
        ctx.instance_lock = opened.lock
        return run_window(app, ctx)
    finally:
        close_clinic(opened, prompter)
