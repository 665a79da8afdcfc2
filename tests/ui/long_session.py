"""A long working session in one process, through the real window, for a leak or an abort.

``python tests/ui/long_session.py HOME ROUNDS`` opens the demo clinic in ``HOME`` (made
if empty) in the real main window, offscreen, and works through ``ROUNDS`` rounds of
what a physiotherapist does all day: each round types a patient's name into the search
field key by key, opens the patient with Return, corrects the pain score of a visit
through the visit dialog, adds a visit and takes it back with Undo, and clears the
search. Questions are answered yes and critical alerts acknowledged, as a
physiotherapist would. It prints one JSON object: the rounds, keys and saves made, the
questions answered, any warning shown, and at each sample the resident set, the live
Python objects and the window's Qt objects.

``tests/ui/test_long_session.py`` runs it in a fresh interpreter: there a fault that
aborts the process (a Qt binding that drops references, see
``tests/integration/runtime/test_none_refcount.py``) ends the run with a signal
instead of taking the test session down, and the resident set is this session's own.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from trochtrack.domain.actions import AlertActionKind
from trochtrack.paths import AppPaths
from trochtrack.services.clinic import open_clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.records import list_patients
from trochtrack.services.settings import update_settings
from trochtrack.services.workflow import AlertView, act_on_alert
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.operations import Change, announce
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher

SAMPLES = 5
"""Samples of the process's size: about one every fifth of the rounds."""


class AgreeingPrompter:
    """Says yes as a physiotherapist would; keeps every warning (none should come)."""

    def __init__(self) -> None:
        self.confirmed: list[str] = []
        self.warnings: list[str] = []

    def confirm(self, parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
        self.confirmed.append(title)
        return True

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.warnings.append(f"{title}: {text}")

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.warnings.append(f"{title}: {text}")

    def answer_critical(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        patient: str,
    ) -> bool:
        """Seen, the action to be recorded later: as the real dialog records it."""
        act_on_alert(ctx.clinic, view.episode_id, view.alert, AlertActionKind.ACKNOWLEDGED)
        announce(ctx, Change(patient_id=patient_id))
        return True

    def save_path(self, parent: Any, title: str, suggested: Path, name_filter: str) -> None:
        self.warnings.append(f"asked where to save: {title}")


def resident_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def settle() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


class Session:
    """The window on the demo clinic and the rounds worked in it."""

    def __init__(self, home: Path) -> None:
        paths = AppPaths(home / "data", home / "config", home / "logs", home / "cache")
        noon = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
        self.clinic = open_clinic(paths, clock=lambda: noon)
        self.clinic.actor = "Long Session"
        if not list_patients(self.clinic):
            load_demo(self.clinic)
        settings = update_settings(
            self.clinic,
            clinician_name="Long Session",
            clinic_name="Long Session Clinic",
            welcome_done=True,
        )
        self.prompter = AgreeingPrompter()
        self.ctx = AppContext(self.clinic, settings, self.prompter)
        self.window = MainWindow(self.ctx, IdleWatcher(0))
        self.window.resize(1280, 800)
        self.window.show()
        settle()
        self.names = [
            (item.patient_id, f"{item.given_name} {item.family_name}")
            for item in list_patients(self.clinic)
        ]
        self.keys = 0
        self.saves = 0

    def type(self, widget: QWidget, text: str) -> None:
        for char in text:
            if char.isascii():
                QTest.keyClicks(widget, char)
            else:
                # What a keyboard layout delivers for a letter QTest has no key for.
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                    )
            self.keys += 1
        settle()

    def key(
        self, widget: QWidget, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(widget, key, modifier)
        self.keys += 1
        settle()

    def round(self, index: int) -> None:
        patient_id, name = self.names[index % len(self.names)]
        window = self.window
        window.patients_action.trigger()
        search = window.patients_view.search_edit
        self.key(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.key(search, Qt.Key.Key_Backspace)
        self.type(search, name)
        self.key(search, Qt.Key.Key_Return)
        view = window.patient_view
        if view.patient_id != patient_id:
            raise RuntimeError(f"round {index}: Return did not open the patient searched for")
        episode = view.episode
        if episode is None or not episode.visits:
            return
        visit = episode.visits[-1]
        correction = view.edit_visit(visit)
        assert isinstance(correction, VisitDialog)
        pain = visit.pain_nrs
        correction.pain_edit.selectAll()
        self.type(correction.pain_edit, str((pain + 3) % 11 if pain is not None else 4))
        self.save(correction)
        added = view.new_visit()
        assert isinstance(added, VisitDialog)
        self.type(added.pain_edit, str(index % 11))
        self.save(added)
        self.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    def save(self, dialog: VisitDialog) -> None:
        if not dialog.save():
            raise RuntimeError(
                f"a visit was not saved: {dialog.failure_label.text()} {self.prompter.warnings}"
            )
        self.saves += 1
        settle()

    def sample(self) -> dict[str, int]:
        settle()
        gc.collect()
        return {
            "rss_kib": resident_kib(),
            "python_objects": len(gc.get_objects()),
            "qt_objects": len(self.window.findChildren(QObject)),
            "top_level_widgets": len(QApplication.topLevelWidgets()),
        }


def main(argv: list[str]) -> int:
    home, rounds = Path(argv[1]), int(argv[2])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication([argv[0]])
    session = Session(home)
    # Sampled after whole cycles through the patients, so every sample finds the window
    # showing the same patient: the same alert cards, the same rows.
    cycle = len(session.names)
    every = cycle * max(1, rounds // (SAMPLES * cycle))
    samples: list[dict[str, int]] = []
    failures: list[Exception] = []

    def step(index: int) -> None:
        # One round per turn of the event loop, as a user's actions come: what the app
        # leaves to the loop between them (deleteLater, queued signals) happens in between.
        try:
            session.round(index)
            if (index + 1) % every == 0:
                samples.append({"round": index + 1, **session.sample()})
        except Exception as error:  # noqa: BLE001 - raised again after the loop: a slot must not raise
            failures.append(error)
            app.quit()
            return
        if index + 1 < rounds:
            QTimer.singleShot(0, lambda: step(index + 1))
        else:
            app.quit()

    QTimer.singleShot(0, lambda: step(0))
    app.exec()
    if failures:
        raise failures[0]
    session.window.close()
    settle()
    session.clinic.close()
    report = {
        "rounds": rounds,
        "keys": session.keys,
        "saves": session.saves,
        "confirmed": len(session.prompter.confirmed),
        "warnings": session.prompter.warnings,
        "samples": samples,
    }
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
