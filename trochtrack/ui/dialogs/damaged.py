"""When the database cannot be opened because it is damaged: restore a backup, or quit.

Nothing here ever creates an empty database in place of the damaged one. A restore keeps
the damaged file aside under another name (``restore_backup`` does it) before copying the
backup in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trochtrack.paths import AppPaths
from trochtrack.services.backups import (
    BackupInfo,
    RestoreResult,
    list_backups,
    newest_verified_backup,
    restore_backup,
)
from trochtrack.services.errors import DatabaseDamagedError
from trochtrack.services.instance import InstanceLock
from trochtrack.ui.operations import Failed, Operation
from trochtrack.ui.text import ERROR_COLOUR, PlainLabel

BACKUP_KINDS = {
    "auto": "automatic backup",
    "manual": "backup",
    "pre-restore": "kept before a restore",
}


def _kind_text(info: BackupInfo) -> str:
    if info.revision is not None:
        return f"taken before the upgrade from schema {info.revision}"
    return BACKUP_KINDS.get(info.kind, info.kind)


def backup_text(info: BackupInfo, *, verified: bool) -> str:
    taken = info.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
    size = f"{max(1, info.size_bytes // 1024)} kB"
    check = "verified" if verified else "checked before it is restored"
    return f"{taken}: {_kind_text(info)}, {size} ({check})"


class BackupListDialog(QDialog):
    """The backups, newest first, to restore one; the current database is kept aside."""

    def __init__(
        self,
        paths: AppPaths,
        *,
        title: str,
        explanation: str,
        url: str | None = None,
        passphrase: str | None = None,
        actor: str | None = None,
        before_restore: Callable[[], None] | None = None,
        lock: InstanceLock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.lock = lock
        self.url = url
        self.passphrase = passphrase
        self.actor = actor
        self.before_restore = before_restore
        self.closed_clinic = False
        """Whether ``before_restore`` ran (the caller must open the database again)."""
        self.restored: RestoreResult | None = None
        """What was restored, once it was."""
        self.setWindowTitle(title)
        explanation_label = PlainLabel(explanation, self, wrap=True)
        self.backup_list = QListWidget(self)
        self.backup_list.setAccessibleName("Backups, newest first")
        newest = newest_verified_backup(paths, passphrase=passphrase, url=url)
        for info in list_backups(paths):
            verified = newest is not None and info.path == newest.path
            item = QListWidgetItem(backup_text(info, verified=verified))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backup_list.addItem(item)
            if verified:
                self.backup_list.setCurrentItem(item)
        self.problem_label = PlainLabel("", self, wrap=True)
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        if self.backup_list.count() == 0:
            self.problem_label.setText(f"No backups were found in {paths.backups}.")
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            "Restore selected backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(self.backup_list.currentItem() is not None)
        self.backup_list.currentItemChanged.connect(
            lambda current: self.restore_button.setEnabled(current is not None)
        )
        self.cancel_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation_label)
        layout.addWidget(self.backup_list)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def restore_selected(self) -> None:
        if self.backup_list.currentRow() < 0:
            return
        item = self.backup_list.currentItem()
        if self.before_restore is not None and not self.closed_clinic:
            self.before_restore()
            self.closed_clinic = True
        backup = Path(item.data(Qt.ItemDataRole.UserRole))
        operation = Operation(
            None,
            self,
            lambda: restore_backup(
                self.paths,
                backup,
                url=self.url,
                passphrase=self.passphrase,
                actor=self.actor,
                lock=self.lock,
                purpose="the trochtrack app (restoring a backup)",
            ),
            title=self.windowTitle(),
            failure="Not restored:",
            on_failure=lambda problem: self.problem_label.setText(f"Not restored: {problem}"),
        )
        restored = operation.run_in_worker(f"Restoring {backup.name}…")
        if isinstance(restored, Failed):
            return
        self.restored = restored
        self.accept()


class DamagedDatabaseDialog(BackupListDialog):
    """Explains the damage and offers the backups, newest first, or quitting."""

    def __init__(
        self,
        paths: AppPaths,
        error: DatabaseDamagedError,
        *,
        url: str | None = None,
        passphrase: str | None = None,
        lock: InstanceLock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            paths,
            title="The patient database is damaged",
            explanation=(
                f"trochtrack cannot open the patient database: {error.reason}.\n"
                f"File: {error.path}\n\n"
                "You can restore one of the backups below. The damaged file is kept aside "
                "under another name; it is never overwritten or deleted. Entries made after "
                "the backup was taken will be missing.\n\n"
                "Or quit now and ask for help before anything is changed."
            ),
            url=url,
            passphrase=passphrase,
            lock=lock,
            parent=parent,
        )
        self.cancel_button.setText("Quit")


def restore_explanation(paths: AppPaths) -> str:
    """What restoring from the File menu does, said before the user chooses."""
    return (
        "Choose a backup to bring back. The database as it is now is first kept aside as "
        f"a verified copy in {paths.backups}, and the restore is recorded in the audit "
        "trail. Entries made after the backup was taken will no longer show (they stay in "
        "the copy kept aside)."
    )
