"""The patient dialog: required fields, the same person twice, a reference in use."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.services.records import list_patients, patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.patient import PatientDialog, next_patient_ref

from .conftest import field_error, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_new_patient_needs_names_and_a_birth_date(qtbot: QtBot, host: QWidget, ctx: AppContext):
    dialog = show(qtbot, host, PatientDialog(ctx))
    assert isinstance(dialog, PatientDialog)
    assert dialog.ref_edit.text() == "P-0001"
    assert not dialog.save()
    assert field_error(dialog, "given_name") == "must not be empty"
    dialog.given_edit.setText("<b>Zoë</b>")
    dialog.family_edit.setText("Ångström")
    assert not dialog.save()
    assert field_error(dialog, "date_of_birth") == "enter the date"
    dialog.born_edit.set_value(date(1962, 3, 9))
    dialog.gp_name_edit.setText("Dr H Okafor")
    with qtbot.waitSignal(dialog.patient_saved):
        assert dialog.save()
    (item,) = list_patients(ctx.clinic)
    assert item.given_name == "<b>Zoë</b>"
    record = patient_record(ctx.clinic, item.patient_id)
    assert record.patient.gp is not None
    assert record.patient.gp.name == "Dr H Okafor"
    assert next_patient_ref(["P-0001", "P-SEED", "P-0041"]) == "P-0042"


def test_registering_the_same_person_twice_asks_first(
    qtbot: QtBot, host: QWidget, ctx: AppContext, prompter
):
    def register(given: str, family: str) -> bool:
        dialog = show(qtbot, host, PatientDialog(ctx))
        assert isinstance(dialog, PatientDialog)
        dialog.given_edit.setText(given)
        dialog.family_edit.setText(family)
        dialog.born_edit.set_value(date(1955, 6, 30))
        return dialog.save()

    assert register("José", "Núñez")
    assert prompter.confirmations == []
    prompter.confirm_answer = False
    assert not register("NUNEZ", "jose")  # swapped, no accents, other case
    assert "José Núñez" not in prompter.confirmations[-1]
    assert "Núñez, José, born 30 Jun 1955, ref P-0001" in prompter.confirmations[-1]
    assert len(list_patients(ctx.clinic)) == 1
    prompter.confirm_answer = True
    assert register("Jose", "Nunez")
    assert len(list_patients(ctx.clinic)) == 2


def test_a_ref_in_use_is_refused_on_the_ref_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, PatientDialog(ctx))
    assert isinstance(dialog, PatientDialog)
    dialog.ref_edit.setText("P-0001")
    dialog.given_edit.setText("Bo")
    dialog.family_edit.setText("Ek")
    dialog.born_edit.set_value(date(1970, 1, 1))
    assert not dialog.save()
    assert field_error(dialog, "ref") == "'P-0001' is already used by another patient"


def test_a_phone_number_in_the_email_box_is_refused_on_that_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext
):
    dialog = show(qtbot, host, PatientDialog(ctx))
    assert isinstance(dialog, PatientDialog)
    dialog.given_edit.setText("Margaret")
    dialog.family_edit.setText("Example")
    dialog.born_edit.set_value(date(1971, 5, 14))
    dialog.email_edit.setText("01234 567890")
    assert not dialog.save()
    assert field_error(dialog, "email") == (
        "'01234 567890' is not an email address (name@example.org)"
    )
    assert list_patients(ctx.clinic) == []
    dialog.email_edit.setText("margaret@example.org")
    assert dialog.save()
