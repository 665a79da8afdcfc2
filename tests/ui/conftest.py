"""UI fixtures: an app context over the real test clinic, and a scripted prompter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import make_episode, make_patient
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import AlertActionKind, CriticalAction
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.records import create_episode, create_patient, list_patients
from trochtrack.services.settings import update_settings
from trochtrack.services.workflow import AlertView, act_on_alert, record_critical_action
from trochtrack.ui.collector import GuiThreadCollector
from trochtrack.ui.context import AppContext
from trochtrack.ui.operations import Change, announce
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher


@dataclass
class ScriptedPrompter:
    """Answers every question as scripted and remembers what was asked.

    A critical alert is answered as the real dialog would record it: ``critical_action``
    when one is scripted, else "seen, record the action later"; ``acknowledge_answer``
    false plays a dialog hidden unanswered (by the lock).
    """

    confirm_answer: bool = True
    acknowledge_answer: bool = True
    critical_action: CriticalAction | None = None
    save_answer: Path | None = None
    confirmations: list[str] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)
    critical_alerts: list[AlertView] = field(default_factory=list)
    suggested_paths: list[Path] = field(default_factory=list)

    def confirm(self, parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
        self.confirmations.append(text)
        return self.confirm_answer

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("info", text))

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("warning", text))

    def answer_critical(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        patient: str,
    ) -> bool:
        self.critical_alerts.append(view)
        if not self.acknowledge_answer:
            return False
        if self.critical_action is None:
            act_on_alert(ctx.clinic, view.episode_id, view.alert, AlertActionKind.ACKNOWLEDGED)
        else:
            record_critical_action(ctx.clinic, view.episode_id, view.alert, self.critical_action)
        announce(ctx, Change(patient_id=patient_id))
        return True

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        self.suggested_paths.append(suggested)
        return self.save_answer


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """Cycles collected on the GUI thread only, as in the app (see trochtrack.ui.collector).

    After each test rather than on a timer: a test's own garbage is then torn down at its
    end, where a fault in that is the test's, never in the middle of the next one.
    """
    collector = GuiThreadCollector(qapp, interval_ms=None)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def collect_after_each_test(gui_thread_collector: GuiThreadCollector) -> Iterator[None]:
    """Collect what the test left, if it passed the collector's thresholds."""
    yield
    gui_thread_collector.collect_due()


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """The parent of the dialogs: they delete themselves on close, the host at teardown."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def ctx(clinic: Clinic, prompter: ScriptedPrompter) -> AppContext:
    """The app's shared context on the test clinic, welcome done, clinician named."""
    settings = update_settings(
        clinic,
        clinician_name="Test Clinician",
        clinic_name="Test Clinic",
        welcome_done=True,
    )
    return AppContext(clinic, settings, prompter)


@pytest.fixture
def episode_ids(ctx: AppContext) -> tuple[int, int]:
    """A new patient (born 1960) with one open episode begun four weeks before today."""
    patient = make_patient(ref="P-0001", date_of_birth=date(1960, 1, 2))
    patient_id = create_patient(ctx.clinic, patient)
    episode = make_episode(first_line_start=ctx.clinic.today() - timedelta(weeks=4))
    return patient_id, create_episode(ctx.clinic, patient_id, episode)


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    """The context with the demo patients loaded (the seed case P-SEED among them)."""
    load_demo(ctx.clinic)
    return ctx


@pytest.fixture
def demo_ids(demo_ctx: AppContext) -> dict[str, int]:
    """Patient ids of the demo patients by ref."""
    return {p.ref: p.patient_id for p in list_patients(demo_ctx.clinic)}


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: AppContext, fake_clock: FakeClock) -> Iterator[MainWindow]:
    """The main window on the demo clinic, shown, with an idle clock the test moves."""
    # A window left visible by an earlier test in this process (a dialog under test) can
    # hold activation, or be modal, and keep shortcuts from this window. Hidden if it
    # refuses to close (a critical alert does until it is answered).
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and not widget.close():
            widget.hide()
    watcher = IdleWatcher(demo_ctx.settings.auto_lock_minutes, clock=fake_clock)
    main = MainWindow(demo_ctx, watcher)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    yield main
    for widget in QApplication.topLevelWidgets():
        if widget is not main and widget.isVisible():
            widget.hide()


@pytest.fixture
def visible_label_texts() -> Callable[[], list[str]]:
    """What anyone at the screen could read: the text of every visible label."""

    def texts() -> list[str]:
        return [
            label.text()
            for top in QApplication.topLevelWidgets()
            if top.isVisible()
            for label in top.findChildren(QLabel)
            if label.isVisible()
        ]

    return texts
