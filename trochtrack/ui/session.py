"""The desktop session: open the database (asking what must be asked), the window, the close.

Opening, in order: one app per database file (a second one is told who has it open);
left-over temporary backups removed; the passphrase if the database has one; the
database opened (a damaged file leads to the restore dialog and never to a fresh empty
database; a file from a newer version is refused); the welcome on first start. On
close, the daily verified backup is taken before the database is closed.

:mod:`trochtrack.ui.app` imports this module only once the splash is on screen: it
brings in the database layers and every view, about a second of imports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QDialog

from trochtrack.paths import AppPaths, ensure_private_dir
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
    window = MainWindow(ctx, lists_from_workers=True)
    window.show()
    status = app.exec()
    # A quit within the lists' first reads: their views must outlive the workers.
    wait_for_background_work()
    return status


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


def run_session(app: QApplication, paths: AppPaths, url: str | None) -> int:
    """Open the database, run the window until it closes, then close the database."""
    prompter = MessageBoxPrompter()
    opened = open_for_desktop(paths, url, prompter, dialog_questions(paths, url, prompter))
    if opened is None:
        return 1
    try:
        ctx = AppContext(opened.clinic, load_settings(opened.clinic), prompter)
        ctx.protected = opened.protected
        ctx.instance_lock = opened.lock
        return run_window(app, ctx)
    finally:
        close_clinic(opened, prompter)
