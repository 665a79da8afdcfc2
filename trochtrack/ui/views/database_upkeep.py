"""Looking after the open database from the main window: the hourly check, backups, restore.

A restore closes the database, replaces the file and opens it again; the window then
shows no patient (what was on view may no longer exist), which :attr:`DatabaseUpkeep.reopened`
tells it to do.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QWidget

from trochtrack.services.backups import POSTGRES_BACKUPS, integrity_report, make_backup
from trochtrack.services.clinic import open_clinic
from trochtrack.services.security import verify_passphrase
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.damaged import BackupListDialog, restore_explanation
from trochtrack.ui.dialogs.passphrase import PassphraseDialog
from trochtrack.ui.operations import Failed, Operation

INTEGRITY_CHECK_MS: Final = 60 * 60 * 1000


class DatabaseUpkeep(QObject):
    """File > Back up now and Restore from a backup, and the integrity check every hour."""

    message = Signal(str, int)
    """A note for the status bar and how long it stays (ms)."""
    reopened = Signal()
    """The database was closed for a restore and is open again: show no patient."""
    restoring = Signal(bool)
    """``True`` before the restore dialog (it may close the database: stop background
    work on it), ``False`` once it has gone."""

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        """``window`` is the main window: the questions and the busy notice open over it."""
        super().__init__(window)
        self.ctx = ctx
        self._window = window
        self._restore_passphrase: str | None = None
        # quick_check at opening cannot see a broken index; the full check runs at
        # opening and then every hour the window is open.
        self.integrity_timer = QTimer(self)
        self.integrity_timer.setInterval(INTEGRITY_CHECK_MS)
        self.integrity_timer.timeout.connect(self.check_database)
        self.integrity_timer.start()

    def check_database(self) -> bool:
        """The full integrity check of the open database; warns (once) when it fails."""
        problems = Operation(
            self.ctx,
            self._window,
            lambda: integrity_report(self.ctx.clinic),
            title="Integrity check",
            failure="The integrity check could not run.",
            # Busy or closed for a restore: the next check will tell.
            on_failure=lambda _error: None,
        ).run()
        if isinstance(problems, Failed) or not problems:
            return True
        self.integrity_timer.stop()
        self.ctx.prompter.warn(
            self._window,
            "The database is damaged",
            "The patient database failed its integrity check "
            f"({problems[0]}). Stop entering data: quit trochtrack and start it again to "
            "restore the newest verified backup (the damaged file is kept aside).",
        )
        return False

    def back_up_now(self) -> None:
        clinic = self.ctx.clinic
        info = Operation(
            self.ctx,
            self._window,
            lambda: make_backup(clinic),
            title="Back up",
            failure="No backup was made.",
        ).run_in_worker("Writing and verifying a backup of the patient database…")
        if isinstance(info, Failed):
            return
        self.message.emit(f"Backup written and verified: {info.path}", 10000)

    def restore_from_backup(self) -> None:
        dialog = self.restore_dialog()
        if dialog is None:
            return
        # The database is closed while the restore runs: the hourly check must wait.
        self.integrity_timer.stop()
        self.restoring.emit(True)
        try:
            dialog.exec()
            self.finish_restore(dialog)
        finally:
            self.integrity_timer.start()
            self.restoring.emit(False)

    def restore_dialog(self) -> BackupListDialog | None:
        """The list of backups to restore from, or ``None`` when it cannot be offered."""
        clinic = self.ctx.clinic
        if not clinic.on_sqlite:
            self.ctx.prompter.inform(self._window, "Restore", POSTGRES_BACKUPS)
            return None
        passphrase: str | None = None
        if self.ctx.protected:
            ask = PassphraseDialog(parent=self._window)
            if ask.exec() != QDialog.DialogCode.Accepted:
                return None
            passphrase = ask.passphrase()
            if not verify_passphrase(self.ctx.clinic, passphrase):
                self.ctx.prompter.warn(self._window, "Restore", "That is not the passphrase.")
                return None
        self._restore_passphrase = passphrase
        return BackupListDialog(
            self.ctx.paths,
            title="Restore from a backup",
            explanation=restore_explanation(self.ctx.paths),
            url=clinic.url,
            passphrase=passphrase,
            actor=self.ctx.settings.clinician_name,
            before_restore=self.ctx.clinic.close,
            lock=self.ctx.instance_lock,
            parent=self._window,
        )

    def finish_restore(self, dialog: BackupListDialog) -> None:
        """Open the database again after the dialog closed (whether it restored or not)."""
        passphrase, self._restore_passphrase = self._restore_passphrase, None
        if not dialog.closed_clinic:
            return
        reopened = Operation(
            self.ctx,
            self._window,
            lambda: open_clinic(self.ctx.paths, dialog.url, passphrase=passphrase),
            title="Restore",
            failure="The database could not be opened again; quit and restart.",
        ).run()
        if isinstance(reopened, Failed):
            return
        self.reopened.emit()
        self.ctx.reopen(reopened)
        if dialog.restored is not None:
            kept = dialog.restored.previous_database
            self.ctx.prompter.inform(
                self._window,
                "Restore",
                f"Restored from {dialog.restored.restored_from.name}."
                + (f" The database as it was is kept as {kept}." if kept else ""),
            )
