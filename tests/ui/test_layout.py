"""Every screen of the gallery, filled with the demo patients, at 1280x800 and 1024x700:
nothing overlaps, sits in no layout, lies outside its parent, escapes Tab or is cut off."""

from __future__ import annotations

import pytest
from layout_faults import layout_faults
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.services.settings import update_settings
from trochtrack.ui.context import AppContext
from trochtrack.ui.gallery import SCREEN_SIZES, SCREENS, Gallery, close_screen, show_screen
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher

pytestmark = pytest.mark.ui


@pytest.fixture
def gallery(qtbot: QtBot, demo_ctx: AppContext) -> Gallery:
    # Named as a clinic names itself: the longer texts are the ones that wrap.
    demo_ctx.settings = update_settings(
        demo_ctx.clinic, clinic_name="Harbour Physiotherapy", clinician_name="Alex Morgan"
    )
    window = MainWindow(demo_ctx, IdleWatcher(0))
    qtbot.addWidget(window)
    return Gallery(demo_ctx, window)


@pytest.mark.parametrize("size", SCREEN_SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_screen_is_laid_out_whole(gallery: Gallery, size: QSize):
    # One window goes through every screen, as a user would: opening one per screen
    # would spend the test's time on loading the demo patients.
    found: dict[str, list[str]] = {}
    for name in SCREENS:
        widget = show_screen(gallery, name, size)
        try:
            found[name] = layout_faults(widget, screen=size)
        finally:
            close_screen(gallery, widget)
    faulty = {name: faults for name, faults in found.items() if faults}
    assert faulty == {}, "\n".join(
        f"{name} at {size.width()}x{size.height()}: {fault}"
        for name, faults in faulty.items()
        for fault in faults
    )


def test_a_widget_left_out_of_the_layout_is_found(qtbot: QtBot, host: QWidget):
    # The fault the New episode dialog had: a box made as the dialog's child and never
    # put in its form, lying over the first row and still in the Tab order.
    dialog = QDialog(host)
    form = QFormLayout(dialog)
    hip = QComboBox(dialog)
    hip.setAccessibleName("Hip")
    form.addRow("Hip:", hip)
    stray = QLineEdit(dialog)
    stray.setAccessibleName("Closing reason")
    dialog.show()
    qtbot.waitExposed(dialog)
    faults = layout_faults(dialog)
    assert any("'Closing reason' is in no layout" in fault for fault in faults), faults
    assert any("overlap" in fault for fault in faults), faults


def test_two_captions_answering_to_one_alt_letter_are_found(qtbot: QtBot, host: QWidget):
    # The patient dialog had Alt+P for both Phone and Practice: each press went to the
    # other field in turn.
    dialog = QDialog(host)
    form = QFormLayout(dialog)
    for caption in ("&Phone:", "&Practice:"):
        field = QLineEdit(dialog)
        label = QLabel(caption, dialog)
        label.setBuddy(field)
        form.addRow(label, field)
    dialog.show()
    qtbot.waitExposed(dialog)
    faults = layout_faults(dialog)
    assert any("Alt+P answers to '&Phone:', '&Practice:'" in fault for fault in faults), faults
