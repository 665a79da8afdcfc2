"""Help → About shows the one version and says the app is decision support only."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from trochtrack import __version__
from trochtrack.ui.dialogs.about import AboutDialog
from trochtrack.ui.views.main_window import MainWindow

pytestmark = pytest.mark.ui


def test_help_about_shows_the_version(qtbot: QtBot, window: MainWindow, tmp_path):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus)[-1] == "Help"
    (about,) = [a for a in menus["Help"].actions() if a.text() == "&About trochtrack"]
    about.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog)]
    qtbot.waitUntil(lambda: any(d.isVisible() for d in dialogs))
    (dialog,) = [d for d in dialogs if d.isVisible()]
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"trochtrack {__version__}" in texts
    assert any("Decision support only" in text for text in texts)
    picture = dialog.grab()
    assert picture.save(str(tmp_path / "about.png"))
    dialog.close()
