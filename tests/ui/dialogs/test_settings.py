"""The welcome and settings dialogs: the clinician's name, the demo, preset, paper, lock."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.services.records import list_patients
from trochtrack.services.settings import load_settings
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.settings import SettingsDialog

from .conftest import field_error, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


@pytest.mark.parametrize("demo", [False, True], ids=["real-clinic", "trying-it-out"])
def test_welcome_needs_the_clinicians_name_and_loads_the_demo_only_when_asked(
    qtbot: QtBot, host: QWidget, clinic, prompter, demo: bool
):
    ctx = AppContext(clinic, load_settings(clinic), prompter)
    dialog = show(qtbot, host, SettingsDialog(ctx, welcome=True))
    assert isinstance(dialog, SettingsDialog)
    assert not dialog.demo_check.isChecked()
    dialog.demo_check.setChecked(demo)
    assert not dialog.save()
    assert field_error(dialog, "clinician_name") == "needed: every change is recorded under it"
    dialog.clinician_edit.setText("Alex Physio")
    dialog.profession_edit.setText("Physiotherapist")
    dialog.clinic_edit.setText("Harbour Physio")
    with qtbot.waitSignal(ctx.bus.settings_changed):
        assert dialog.save()
    stored = load_settings(clinic)
    assert (stored.clinician_name, stored.clinic_name, stored.welcome_done) == (
        "Alex Physio",
        "Harbour Physio",
        True,
    )
    assert clinic.actor == "Alex Physio"
    assert ("P-SEED" in {p.ref for p in list_patients(clinic)}) is demo


def test_settings_change_the_preset_paper_and_auto_lock(
    qtbot: QtBot, host: QWidget, ctx: AppContext
):
    dialog = show(qtbot, host, SettingsDialog(ctx, welcome=False))
    assert isinstance(dialog, SettingsDialog)
    assert dialog.preset_combo.currentText().startswith("Referral protocol: review at 4 weeks")
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("uk-pathway"))
    dialog.paper_combo.setCurrentIndex(1)
    dialog.lock_spin.setValue(0)
    assert dialog.lock_spin.text() == "never"
    assert dialog.save()
    stored = load_settings(ctx.clinic)
    assert (stored.rules_preset, stored.paper_size.value, stored.auto_lock_minutes) == (
        "uk-pathway",
        "Letter",
        0,
    )
