"""Unlikely entries are asked about before saving: "no" keeps the dialog open on the field
in doubt with nothing saved; "Save anyway" saves exactly what was typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.services.records import list_patients
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog

from .conftest import episode_of, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_an_ordinary_visit_is_saved_without_a_question(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int], prompter
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.pain_edit.setText("5")
    assert dialog.save()
    assert prompter.confirmations == []


def test_a_second_visit_on_one_day_is_asked_about(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int], prompter
):
    def visit(pain: str) -> VisitDialog:
        dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
        assert isinstance(dialog, VisitDialog)
        dialog.pain_edit.setText(pain)
        return dialog

    assert visit("6").save()
    prompter.confirm_answer = False
    again = visit("4")
    assert not again.save()
    today = ctx.clinic.today()
    assert prompter.confirmations == [
        f"This episode already has a visit on {today.day} {today:%b} {today.year}. "
        "Is this a second visit that day?"
    ]
    assert again.isVisible()
    assert again.focusWidget() is again.date_edit.focusProxy()
    assert len(episode_of(ctx, episode_ids).visits) == 1
    prompter.confirm_answer = True
    assert again.save()
    assert [v.pain_nrs for v in episode_of(ctx, episode_ids).visits] == [6, 4]


def test_a_scan_years_before_the_episode_is_asked_about(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int], prompter
):
    started = episode_of(ctx, episode_ids).first_line_start
    dialog = show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(dialog, ScanDialog)
    dialog.date_edit.set_value(started - timedelta(days=3 * 365))
    dialog.finding_editors[0].not_visualised_radio.setChecked(True)
    prompter.confirm_answer = False
    assert not dialog.save()
    assert "more than a year before this episode began" in prompter.confirmations[-1]
    assert episode_of(ctx, episode_ids).scans == ()
    prompter.confirm_answer = True
    assert dialog.save()
    (scan,) = episode_of(ctx, episode_ids).scans
    assert scan.date == started - timedelta(days=3 * 365)


def test_a_treatment_begun_before_first_line_care_is_asked_about(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int], prompter
):
    started = episode_of(ctx, episode_ids).first_line_start
    dialog = show(qtbot, host, TreatmentDialog(ctx, *episode_ids))
    assert isinstance(dialog, TreatmentDialog)
    dialog.start_edit.set_value(started - timedelta(days=10))
    prompter.confirm_answer = False
    assert not dialog.save()
    assert "before first-line care began" in prompter.confirmations[-1]
    assert episode_of(ctx, episode_ids).treatments == ()
    prompter.confirm_answer = True
    assert dialog.save()
    (treatment,) = episode_of(ctx, episode_ids).treatments
    assert treatment.start == started - timedelta(days=10)


def test_a_patient_over_110_is_asked_about(qtbot: QtBot, host: QWidget, ctx: AppContext, prompter):
    dialog = show(qtbot, host, PatientDialog(ctx))
    assert isinstance(dialog, PatientDialog)
    dialog.given_edit.setText("Edith")
    dialog.family_edit.setText("Long")
    dialog.born_edit.set_value(date(1880, 12, 31))
    prompter.confirm_answer = False
    assert not dialog.save()
    assert "makes the patient" in prompter.confirmations[-1]
    assert list_patients(ctx.clinic) == []
    prompter.confirm_answer = True
    assert dialog.save()
    (registered,) = list_patients(ctx.clinic)
    assert registered.date_of_birth == date(1880, 12, 31)
