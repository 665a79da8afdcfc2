"""The visit dialog on the real test clinic: inline validation, saving, failure, undo."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.vocabulary import RedFlag
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.visit import VisitDialog

from .conftest import episode_of, field_error, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui


def test_visit_saves_on_enter_and_can_be_undone(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    qtbot.keyClicks(dialog.pain_edit, "6")
    qtbot.keyClicks(dialog.night_pain_edit, "5")
    qtbot.keyClicks(dialog.visa_g_edit, "48")
    qtbot.keyClicks(dialog.groc_edit, "-1")
    qtbot.keyClicks(dialog.temperature_edit, "36.9")
    dialog.red_flag_boxes[RedFlag.RECENT_INJECTION].setChecked(True)
    qtbot.keyClicks(dialog.notes_edit, "Worse on stairs <b>today</b>")
    with qtbot.waitSignal(ctx.bus.records_changed) as changed:
        qtbot.keyClick(dialog.groc_edit, Qt.Key.Key_Return)
    assert changed.args == [episode_ids[0]]
    assert dialog.result() == VisitDialog.DialogCode.Accepted

    (visit,) = episode_of(ctx, episode_ids).visits
    assert (visit.pain_nrs, visit.night_pain_nrs, visit.visa_g, visit.groc) == (6, 5, 48, -1)
    assert visit.temperature_c == 36.9
    assert visit.red_flags == {RedFlag.RECENT_INJECTION}
    assert visit.notes == "Worse on stairs <b>today</b>"
    assert visit.clinician == "Test Clinician"
    assert visit.date == ctx.clinic.today()

    change = ctx.last_change
    assert change is not None
    assert change.description == f"Remove the visit of {ctx.clinic.today():%-d %b %Y} just added"
    change.undo()
    assert episode_of(ctx, episode_ids).visits == ()


@pytest.mark.parametrize(("typed", "stored"), [("+1", 1), ("−2", -2), ("+0", 0), ("-5", -5)])
def test_a_groc_typed_as_the_scale_prints_it_is_saved(
    qtbot: QtBot,
    host: QWidget,
    ctx: AppContext,
    episode_ids: tuple[int, int],
    typed: str,
    stored: int,
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    assert dialog.groc_edit.placeholderText() == "−5 to +5"
    qtbot.keyClicks(dialog.pain_edit, "4")
    dialog.groc_edit.insert(typed)  # pasted: QTest cannot type "−", which no key makes
    assert dialog.save()
    (visit,) = episode_of(ctx, episode_ids).visits
    assert visit.groc == stored


@pytest.mark.parametrize(
    ("field", "typed", "problem"),
    [
        ("pain_nrs", "", "enter the pain score (0–10)"),
        ("pain_nrs", "11", "11 is outside 0–10"),
        ("pain_nrs", "7.5", "7.5 is not a whole number"),
        ("visa_g", "1,00", "'1,00': remove the thousands separator ','"),
        ("temperature_c", "1,500", "'1,500': remove the thousands separator ','"),
        ("temperature_c", "nan", "'nan' is not a number"),
        ("temperature_c", "50", "50 is outside 30–45"),
        ("groc", "+6", "6 is outside −5 to +5"),
        ("groc", "+-1", "'+-1' is not a number"),
    ],
)
def test_visit_shows_the_problem_on_the_named_field(
    qtbot: QtBot,
    host: QWidget,
    ctx: AppContext,
    episode_ids: tuple[int, int],
    field: str,
    typed: str,
    problem: str,
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    edits = {
        "pain_nrs": dialog.pain_edit,
        "visa_g": dialog.visa_g_edit,
        "temperature_c": dialog.temperature_edit,
        "groc": dialog.groc_edit,
    }
    if field != "pain_nrs":
        dialog.pain_edit.setText("5")
    edits[field].setText(typed)
    with qtbot.assertNotEmitted(ctx.bus.records_changed):
        assert not dialog.save()
    assert field_error(dialog, field) == problem
    assert dialog.isVisible()
    assert dialog.focusWidget() is edits[field]
    assert edits[field].text() == typed
    assert problem in dialog.failure_label.text()
    assert episode_of(ctx, episode_ids).visits == ()


def test_a_visit_before_birth_is_refused_on_the_date_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.date_edit.set_value(date(1959, 12, 31))
    dialog.pain_edit.setText("5")
    assert not dialog.save()
    assert "before the date of birth" in field_error(dialog, "date")


def test_a_busy_database_keeps_the_typed_visit_and_says_why(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.pain_edit.setText("6")
    dialog.visa_g_edit.setText("52")
    dialog.notes_edit.setPlainText("typed before the lock")
    assert ctx.clinic.database.path is not None
    other_writer = sqlite3.connect(ctx.clinic.database.path, timeout=0)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        assert not dialog.save()
    finally:
        other_writer.rollback()
        other_writer.close()
    assert dialog.isVisible()
    assert "busy" in dialog.failure_label.text()
    assert "What you typed is still here" in dialog.failure_label.text()
    assert (dialog.pain_edit.text(), dialog.visa_g_edit.text()) == ("6", "52")
    assert dialog.notes_edit.toPlainText() == "typed before the lock"
    assert episode_of(ctx, episode_ids).visits == ()

    assert dialog.save()
    assert [v.visa_g for v in episode_of(ctx, episode_ids).visits] == [52]


def test_closing_a_changed_visit_asks_first(
    qtbot: QtBot, host: QWidget, ctx: AppContext, prompter, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.reject()
    assert prompter.confirmations == []
    assert not dialog.isVisible()

    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    qtbot.keyClicks(dialog.pain_edit, "4")
    prompter.confirm_answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert prompter.confirmations == [VisitDialog.discard_question]
    assert dialog.isVisible()
    prompter.confirm_answer = True
    dialog.reject()
    assert not dialog.isVisible()


def test_correcting_a_visit_can_be_undone(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    first = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(first, VisitDialog)
    first.pain_edit.setText("7")
    assert first.save()
    (visit,) = episode_of(ctx, episode_ids).visits
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids, visit))
    assert isinstance(dialog, VisitDialog)
    assert dialog.pain_edit.text() == "7"
    assert not dialog.is_dirty()
    dialog.pain_edit.setText("5")
    assert dialog.save()
    assert [v.pain_nrs for v in episode_of(ctx, episode_ids).visits] == [5]
    assert ctx.last_change is not None
    ctx.last_change.undo()
    assert [v.pain_nrs for v in episode_of(ctx, episode_ids).visits] == [7]


def test_one_save_shows_every_bad_field_at_once(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids))
    assert isinstance(dialog, VisitDialog)
    dialog.night_pain_edit.setText("11")
    dialog.visa_g_edit.setText("1,500")
    dialog.groc_edit.setText("+7")
    dialog.temperature_edit.setText("98.6")
    assert not dialog.save()
    assert field_error(dialog, "pain_nrs") == "enter the pain score (0–10)"
    assert field_error(dialog, "night_pain_nrs") == "11 is outside 0–10"
    assert field_error(dialog, "visa_g") != ""
    assert field_error(dialog, "groc") == "7 is outside −5 to +5"
    assert field_error(dialog, "temperature_c") == "98.6 is outside 30–45"
    assert dialog.focusWidget() is dialog.pain_edit
    assert dialog.failure_label.text().startswith("Not saved: 5 fields need correcting: Pain NRS")
    assert episode_of(ctx, episode_ids).visits == ()
