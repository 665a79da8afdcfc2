"""The splash: up before the database layers load, named after the clinic, gone at once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMainWindow
from pytestqt.qtbot import QtBot

from trochtrack.paths import AppPaths
from trochtrack.services.settings import update_settings
from trochtrack.ui.context import AppContext
from trochtrack.ui.splash import StartupSplash, remember_clinic_name, remembered_clinic_name

pytestmark = pytest.mark.ui


def test_the_splash_names_the_clinic_of_the_last_session(app_paths: AppPaths, qtbot: QtBot):
    remember_clinic_name(app_paths, "Riverside Physiotherapy")
    with StartupSplash.shown(app_paths) as splash:
        assert splash.isVisible()
        assert splash.clinic_name == "Riverside Physiotherapy"
        assert "Riverside Physiotherapy" in splash.accessibleName()
        assert "Opening the records" in splash.accessibleName()
    assert not splash.isVisible()


def test_on_a_first_start_it_names_no_clinic(app_paths: AppPaths, qtbot: QtBot):
    with StartupSplash.shown(app_paths) as splash:
        assert splash.clinic_name is None
        assert splash.isVisible()


@pytest.mark.parametrize("window_kind", [QMainWindow, QDialog])
def test_the_first_window_or_question_takes_the_splash_down(
    app_paths: AppPaths, qtbot: QtBot, window_kind: type[QMainWindow] | type[QDialog]
):
    """A passphrase or damaged-file question must never sit behind the splash."""
    with StartupSplash.shown(app_paths) as splash:
        window = window_kind()
        qtbot.addWidget(window)
        window.show()
        assert not splash.isVisible()


def test_the_context_keeps_the_clinic_name_for_the_next_splash(ctx: AppContext):
    assert remembered_clinic_name(ctx.paths) == "Test Clinic"
    ctx.use_settings(update_settings(ctx.clinic, clinic_name="Harbour Sports Clinic"))
    assert remembered_clinic_name(ctx.paths) == "Harbour Sports Clinic"
    ctx.use_settings(update_settings(ctx.clinic, clinic_name=None))
    assert remembered_clinic_name(ctx.paths) is None


def test_the_entry_module_loads_no_database_layer_before_the_splash():
    """What ``trochtrack`` imports before its splash shows: Qt, not the database layers."""
    heavy = (
        "sqlalchemy",
        "alembic",
        "matplotlib",
        "reportlab",
        "trochtrack.services",
        "trochtrack.store",
        "trochtrack.reports",
        "trochtrack.charts",
    )
    probe = (
        f"import sys, trochtrack.ui.app; heavy = {heavy!r}; "
        "print(sorted(h for h in heavy"
        " if any(m == h or m.startswith(h + '.') for m in sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout.strip()
    assert loaded == "[]"


def test_showing_the_splash_does_not_wait_on_the_window_manager(app_paths: AppPaths, qtbot: QtBot):
    """QSplashScreen.show() runs the event loop for up to a second, waiting to be told it is
    mapped (FreeCAD/FreeCAD#29917). A splash window's show() runs it once, to paint."""
    ticks: list[bool] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: ticks.append(True))
    ticker.start()
    splash = StartupSplash(None)
    qtbot.addWidget(splash)
    splash.show()
    ticker.stop()
    assert len(ticks) <= 2
