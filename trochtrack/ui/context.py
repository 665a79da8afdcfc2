"""What every window and dialog shares: the open clinic, its settings, the data bus.

Views never talk to each other about data. Whatever saved something says so on the
:class:`DataBus` (through :func:`trochtrack.ui.operations.announce`), and whichever views
show that patient (or the due list) read it again from the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from trochtrack.services.clinic import Clinic
from trochtrack.services.instance import InstanceLock
from trochtrack.services.settings import ClinicSettings, load_settings
from trochtrack.ui.splash import remember_clinic_name, ui_state

if TYPE_CHECKING:
    # The prompter shows dialogs that take the context: a runtime import would loop.
    from trochtrack.ui.prompter import Prompter


class DataBus(QObject):
    """Past-tense events about the data, for views to refresh from the services."""

    records_changed = Signal(int)
    """Anything of one patient changed (record, alert action, decision, document)."""
    patients_changed = Signal()
    """The patient list changed (a patient added, renamed or archived)."""
    settings_changed = Signal()
    changed_elsewhere = Signal()
    """Another program or workstation saved something: every view reads its data again."""
    as_of_changed = Signal(object)
    """The date the rules are evaluated on moved (the "Today" picker); carries a date."""


@dataclass(frozen=True, slots=True)
class UndoableChange:
    """The last saved entry, and how to take it back."""

    description: str
    """What undoing does, e.g. "Remove the visit of 28 Nov 2026 just added"."""
    patient_id: int
    undo: Callable[[], None]


class AppContext:
    """The open clinic and everything the UI shares, passed to every view and dialog."""

    def __init__(self, clinic: Clinic, settings: ClinicSettings, prompter: Prompter) -> None:
        self.clinic = clinic
        self.paths = clinic.paths
        self.prompter = prompter
        self.bus = DataBus()
        self.settings = settings
        clinic.actor = settings.clinician_name
        remember_clinic_name(self.paths, settings.clinic_name)
        self._as_of: date | None = None
        self.interrupted_alerts: set[str] = set()
        """Keys of critical alerts that already interrupted the user in this session."""
        self.last_change: UndoableChange | None = None
        self.locked = False
        """Whether the window is locked (nothing may show patient data then)."""
        self.instance_lock: InstanceLock | None = None
        """The app's write lock on the database file (a restore makes it exclusive)."""
        self.protected = False
        """Whether the database has a passphrase (unlocking then asks for it)."""

    @property
    def as_of(self) -> date:
        """The date the rules are read on: today unless the user looks ahead."""
        return self._as_of or self.clinic.today()

    @property
    def looking_ahead(self) -> bool:
        return self._as_of is not None and self._as_of != self.clinic.today()

    def set_as_of(self, day: date) -> None:
        chosen = None if day == self.clinic.today() else day
        if chosen != self._as_of:
            self._as_of = chosen
            self.bus.as_of_changed.emit(self.as_of)

    def use_settings(self, settings: ClinicSettings) -> None:
        """Work with the clinic's settings as now stored, and let every view know."""
        self.settings = settings
        self.clinic.actor = settings.clinician_name
        remember_clinic_name(self.paths, settings.clinic_name)
        self.bus.settings_changed.emit()

    def reopen(self, clinic: Clinic) -> None:
        """Carry on with ``clinic`` (the same database, reopened after a restore).

        The settings are read again (the backup has its own), the undo is forgotten (it
        referred to the replaced records), and every view reads its data again.
        """
        clinic.clock = self.clinic.clock
        self.clinic = clinic
        self.settings = load_settings(clinic)
        clinic.actor = self.settings.clinician_name
        remember_clinic_name(self.paths, self.settings.clinic_name)
        self.last_change = None
        self.interrupted_alerts.clear()
        self.bus.settings_changed.emit()
        self.bus.patients_changed.emit()
        self.bus.as_of_changed.emit(self.as_of)

    def remember(self, change: UndoableChange) -> None:
        """Offer ``change`` under Edit > Undo (only the last saved entry can be undone)."""
        self.last_change = change

    def ui_state(self) -> QSettings:
        """Window geometry and the like (UI state only; clinic settings are in the database)."""
        return ui_state(self.paths)
