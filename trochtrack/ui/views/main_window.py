"""The main window: due list, patient list and the open patient, with menus and shortcuts.

The window title never names a patient, and locking swaps the whole workspace (and any
open dialog) for the lock screen, so nothing about a patient is on screen while locked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)
from typing_extensions import override

from trochtrack import __version__
from trochtrack.services.letters import letters_due
from trochtrack.services.security import verify_passphrase
from trochtrack.ui.change_watch import ChangeWatch
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.about import AboutDialog
from trochtrack.ui.dialogs.help import fill_help_menu
from trochtrack.ui.dialogs.letters import BatchLettersDialog
from trochtrack.ui.dialogs.merge import open_merge
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.settings import SettingsDialog
from trochtrack.ui.icon import app_icon
from trochtrack.ui.models.due_table import THIS_WEEK_DAYS
from trochtrack.ui.operations import Change, Failed, Operation
from trochtrack.ui.tab_order import follow_layout
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.views.database_upkeep import DatabaseUpkeep
from trochtrack.ui.views.due_list import DueListView
from trochtrack.ui.views.patient_list import PatientListView
from trochtrack.ui.views.patient_view import PatientView
from trochtrack.ui.views.record_export import export_shown_record, print_shown_record
from trochtrack.ui.views.window_state import restore_window_state, save_window_state
from trochtrack.ui.widgets.dates import DateEdit
from trochtrack.ui.widgets.lock import IdleWatcher, LockScreen

DUE_TAB: Final = 0
PATIENTS_TAB: Final = 1
PATIENT_TAB: Final = 2
AS_OF_SETTLE_MS: Final = 400


class MainWindow(QMainWindow):
    """Due list (home), patients, and one patient at a time."""

    def __init__(
        self,
        ctx: AppContext,
        idle_watcher: IdleWatcher | None = None,
        *,
        lists_from_workers: bool = False,
    ) -> None:
        """``lists_from_workers``: the window shows before the lists are in (the desktop app).

        Otherwise the due list and the patient list are read before this returns.
        """
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.due_view = DueListView(ctx, self)
        self.patients_view = PatientListView(ctx, self)
        self.patient_view = PatientView(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.due_view, "&Due list")
        self.tabs.addTab(self.patients_view, "P&atients")
        self.tabs.addTab(self.patient_view, "Patient")
        self.tabs.setTabVisible(PATIENT_TAB, False)
        self.lock_screen = LockScreen(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self._hidden_while_locked: list[QWidget] = []
        self.database = DatabaseUpkeep(ctx, self)
        self._connect_views()
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        ctx.bus.records_changed.connect(lambda _patient: self._update_undo())
        ctx.bus.patients_changed.connect(self._update_undo)
        ctx.bus.settings_changed.connect(self._on_settings_changed)
        ctx.bus.as_of_changed.connect(lambda _day: self._show_as_of())
        self.idle_watcher = idle_watcher or IdleWatcher(ctx.settings.auto_lock_minutes, self)
        self.idle_watcher.idle_reached.connect(self.lock)
        self.change_watch = ChangeWatch(ctx, self)
        self.change_watch.start()
        self._on_settings_changed()
        restore_window_state(self)
        if lists_from_workers:
            self.due_view.fill_from_worker()
            self.patients_view.fill_from_worker()
        else:
            self.due_view.refresh()
            self.patients_view.refresh()
        self._update_undo()
        follow_layout(self)

    # -- building ---------------------------------------------------------------------

    def _connect_views(self) -> None:
        # The status bar is made on first use, so it never shows empty from the start.
        self.database.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.database.reopened.connect(self._show_no_patient)
        self.database.restoring.connect(self.due_view.pause_evaluation)
        self.due_view.patient_requested.connect(self.open_patient)
        self.due_view.batch_letters_requested.connect(self.batch_letters)
        self.patients_view.patient_requested.connect(self.open_patient)
        self.patients_view.new_patient_requested.connect(self.new_patient)
        self.patient_view.title_changed.connect(
            lambda name: self.tabs.setTabText(PATIENT_TAB, name)
        )
        self.patient_view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.patient_view.closed.connect(self._on_patient_closed)
        self.lock_screen.unlock_requested.connect(self.unlock)

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        tip = text.replace("&", "").rstrip("…")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            tip = f"{tip} ({shortcut})"
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _patient_action(
        self, text: str, act: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        """An action on the patient on view (with none on view, it says so)."""
        return self._action(text, partial(self._on_patient, act), shortcut)

    def _build_actions(self) -> None:
        self.new_patient_action = self._action("&New patient…", self.new_patient, "Ctrl+N")
        self.find_action = self._action("&Find patient", self.find_patient, "Ctrl+F")
        view = self.patient_view
        self.new_visit_action = self._patient_action("New &visit…", view.new_visit, "Ctrl+Shift+V")
        self.new_scan_action = self._patient_action("New &scan…", view.new_scan, "Ctrl+Shift+S")
        self.new_treatment_action = self._patient_action(
            "New &treatment…", view.new_treatment, "Ctrl+Shift+T"
        )
        self.decision_action = self._patient_action(
            "Record &decision…", view.record_decision, "Ctrl+Shift+D"
        )
        self.print_action = self._patient_action(
            "&Print letter…", view.documents.print_document, "Ctrl+P"
        )
        self.print_record_action = self._patient_action(
            "Print &record…", partial(print_shown_record, self.ctx, view, self)
        )
        self.merge_action = self._patient_action(
            "&Merge with another record…", partial(open_merge, self.ctx, view, self)
        )
        self.export_action = self._patient_action(
            "E&xport record…", partial(export_shown_record, self.ctx, view, self)
        )
        self.undo_action = self._action("&Undo", self.undo, "Ctrl+Z")
        self.lock_action = self._action("&Lock now", self.lock, "Ctrl+L")
        self.settings_action = self._action("&Settings…", self.edit_settings, "Ctrl+,")
        self.backup_action = self._action("&Back up now", self.database.back_up_now)
        self.restore_action = self._action(
            "&Restore from a backup…", self.database.restore_from_backup
        )
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.due_action = self._action(
            "&Due list", lambda: self.tabs.setCurrentIndex(DUE_TAB), "Ctrl+1"
        )
        self.patients_action = self._action(
            "&Patients", lambda: self.tabs.setCurrentIndex(PATIENTS_TAB), "Ctrl+2"
        )
        self.patient_action = self._action("Open p&atient", self._show_patient_tab, "Ctrl+3")
        self.about_action = self._action("&About trochtrack", self.show_about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_patient_action, self.find_action, self.new_visit_action):
            toolbar.addAction(action)
        for action in (self.new_scan_action, self.decision_action, self.print_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        today_label = PlainLabel("Toda&y: ", toolbar)
        self.as_of_edit = DateEdit(self.ctx.as_of, toolbar)
        self.as_of_edit.setAccessibleName("Today: the date the rules are read on")
        self.as_of_edit.setToolTip("Move to look ahead: the due list and alerts as on that day")
        today_label.setBuddy(self.as_of_edit)
        # Typing a date changes it section by section; each change could re-evaluate every
        # episode for the due list, so the date applies on Enter or once typing pauses.
        self._as_of_timer = QTimer(self)
        self._as_of_timer.setSingleShot(True)
        self._as_of_timer.setInterval(AS_OF_SETTLE_MS)
        self._as_of_timer.timeout.connect(self._apply_as_of)
        self.as_of_edit.dateChanged.connect(lambda _day: self._as_of_timer.start())
        self.as_of_edit.editingFinished.connect(self._apply_as_of)
        self.back_to_today_button = QPushButton("Back to today", toolbar)
        self.back_to_today_button.clicked.connect(self.back_to_today)
        toolbar.addWidget(today_label)
        toolbar.addWidget(self.as_of_edit)
        toolbar.addWidget(self.back_to_today_button)
        toolbar.addSeparator()
        toolbar.addAction(self.lock_action)
        self.toolbar = toolbar
        self.addToolBar(toolbar)
        self._show_as_of()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        separator = None  # a line between groups
        menus: dict[str, tuple[QAction | None, ...]] = {
            "&File": (
                *(self.settings_action, self.backup_action, self.restore_action),
                *(separator, self.lock_action, self.quit_action),
            ),
            "&Edit": (self.undo_action,),
            "&Patient": (
                *(self.new_patient_action, self.find_action, self.new_visit_action),
                *(self.new_scan_action, self.new_treatment_action, self.decision_action),
                *(self.print_action, self.print_record_action, self.export_action),
                *(separator, self.merge_action),
            ),
            "&View": (self.due_action, self.patients_action, self.patient_action),
        }
        built = {title: bar.addMenu(title) for title in menus}
        for title, actions in menus.items():
            for action in actions:
                if action is None:
                    built[title].addSeparator()
                else:
                    built[title].addAction(action)
        built["&Edit"].aboutToShow.connect(self._update_undo)
        self.help_menu = bar.addMenu("&Help")
        self.help_actions = fill_help_menu(self.help_menu, self)
        self.help_menu.addAction(self.about_action)

    # -- navigation -------------------------------------------------------------------

    def open_patient(self, patient_id: int, episode_id: int | None = None) -> None:
        self.patient_view.show_patient(patient_id, episode_id or None)
        self._show_patient_tab()

    def _show_patient_tab(self) -> None:
        if self.patient_view.patient_id is None:
            self.statusBar().showMessage(
                "No patient is open: open one from the due list or the patient list.", 5000
            )
            return
        self.tabs.setTabVisible(PATIENT_TAB, True)
        self.tabs.setCurrentIndex(PATIENT_TAB)

    def _on_patient(self, act: Callable[[], object]) -> None:
        if self.patient_view.patient_id is None:
            self.statusBar().showMessage("Open a patient first.", 5000)
            return
        self._show_patient_tab()
        if act() is None and self.patient_view.episode_id is None:
            self.statusBar().showMessage(
                "This patient has no episode yet: open one with New episode (Alt+W).", 5000
            )

    def _show_no_patient(self) -> None:
        self.patient_view.close_patient()
        self.tabs.setTabVisible(PATIENT_TAB, False)
        self.tabs.setCurrentIndex(DUE_TAB)

    def _on_patient_closed(self, message: str) -> None:
        self._show_no_patient()
        self.tabs.setCurrentIndex(PATIENTS_TAB)
        self.statusBar().showMessage(message, 10000)

    def find_patient(self) -> None:
        self.tabs.setCurrentIndex(PATIENTS_TAB)
        self.patients_view.focus_search()

    def new_patient(self) -> PatientDialog:
        dialog = PatientDialog(self.ctx, None, self)
        dialog.patient_saved.connect(self.open_patient)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def edit_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx, welcome=False, parent=self)
        dialog.open()
        return dialog

    def batch_letters(self) -> BatchLettersDialog | None:
        today = self.ctx.clinic.today()
        targets = Operation(
            self.ctx,
            self,
            lambda: letters_due(self.ctx.clinic, today, within_days=THIS_WEEK_DAYS),
            title="Letters",
            failure="The due list could not be read.",
        ).run()
        if isinstance(targets, Failed):
            return None
        if not targets:
            self.ctx.prompter.inform(self, "Letters", "Nobody is due this week.")
            return None
        if not self.ctx.prompter.confirm(
            self,
            "Letters for everyone due this week",
            f"Write a GP follow-up letter, dated today, for each of the {len(targets)} patients "
            "with something due this week (overdue included)?",
            action="Write letters",
        ):
            return None
        dialog = BatchLettersDialog(self.ctx, targets, self)
        dialog.start()
        return dialog

    # -- undo -------------------------------------------------------------------------

    def _update_undo(self) -> None:
        change = self.ctx.last_change
        self.undo_action.setEnabled(change is not None)
        self.undo_action.setText(f"&Undo: {change.description}" if change else "&Undo")

    def undo(self) -> None:
        change = self.ctx.last_change
        if change is None:
            self.statusBar().showMessage("Nothing to undo.", 5000)
            return
        if not self.ctx.prompter.confirm(self, "Undo", f"{change.description}?", action="Undo"):
            return
        undone = Operation(
            self.ctx,
            self,
            change.undo,
            title="Undo",
            failure="Nothing was changed.",
            # An undo may bring a patient back to the list (a deletion undone).
            changed=Change(patient_id=change.patient_id, patient_list=True, undone=True),
        ).run()
        if isinstance(undone, Failed):
            return
        self.statusBar().showMessage("Undone.", 5000)

    # -- date, settings ---------------------------------------------------------------

    def _apply_as_of(self) -> None:
        """Read the rules as on the typed day.

        While the text reads as no date, the field says so beside it and the rules stay
        on the last day typed.
        """
        self._as_of_timer.stop()
        day = self.as_of_edit.reads_as()
        if day is not None:
            self.ctx.set_as_of(day)

    def back_to_today(self) -> None:
        self.as_of_edit.set_value(self.ctx.clinic.today())
        self._apply_as_of()

    def _show_as_of(self) -> None:
        ahead = self.ctx.looking_ahead
        self.as_of_edit.setStyleSheet("background: #FFF4CE;" if ahead else "")
        self.back_to_today_button.setEnabled(ahead)
        if self.as_of_edit.reads_as() != self.ctx.as_of:
            self.as_of_edit.set_value(self.ctx.as_of)

    def _on_settings_changed(self) -> None:
        clinic = self.ctx.settings.clinic_name
        self.setWindowTitle(f"trochtrack {__version__}" + (f": {clinic}" if clinic else ""))
        self.idle_watcher.set_minutes(self.ctx.settings.auto_lock_minutes)

    # -- lock -------------------------------------------------------------------------

    def lock(self) -> None:
        if self.ctx.locked:
            return
        self.ctx.locked = True
        self._hidden_while_locked = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self and widget.isVisible()
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self.menuBar().setEnabled(False)
        self.toolbar.setEnabled(False)
        self.lock_screen.prepare(
            clinic_name=self.ctx.settings.clinic_name,
            clinician=self.ctx.settings.clinician_name,
            passphrase=self.ctx.protected,
        )
        self.stack.setCurrentWidget(self.lock_screen)

    def unlock(self, passphrase: str) -> None:
        if not self.ctx.locked:
            return
        if self.ctx.protected and not verify_passphrase(self.ctx.clinic, passphrase):
            self.lock_screen.refuse("That is not the passphrase of this database.")
            return
        self.ctx.locked = False
        self.stack.setCurrentWidget(self.tabs)
        self.menuBar().setEnabled(True)
        self.toolbar.setEnabled(True)
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self.idle_watcher.note_activity()
        self.patient_view.interrupt_for_critical_alerts()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        save_window_state(self)
        self.due_view.pause_evaluation(True)
        super().closeEvent(event)
