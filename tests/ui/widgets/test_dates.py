"""Date entry as a person types it: formats, Backspace, Tab, the calendar, no silent change;
a date starts blank, so nothing is saved that was not typed."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.errors import ValidationError
from trochtrack.services.records import list_patients, patient_record
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import INVALID_STYLE
from trochtrack.ui.dialogs.patient import PatientDialog
from trochtrack.ui.dialogs.treatment import TreatmentDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.widgets.dates import DateEdit, locale_order, shown_as_typed

pytestmark = pytest.mark.ui


def _typed(qtbot: QtBot, edit: DateEdit, text: str) -> None:
    edit.line.setFocus()
    qtbot.keyClick(edit.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit.line, text)


def _patient_dialog(qtbot: QtBot, ctx: AppContext) -> PatientDialog:
    dialog = PatientDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("typed", ["14/05/1971", "14.5.71", "1971-05-14", "14 May 1971"])
def test_a_date_of_birth_is_typed_as_a_person_types_it_and_saved_as_read(
    qtbot: QtBot, ctx: AppContext, typed: str
):
    dialog = _patient_dialog(qtbot, ctx)
    dialog.given_edit.setText("Margaret")
    dialog.family_edit.setText("Example")
    assert dialog.born_edit.text() == ""
    _typed(qtbot, dialog.born_edit, typed)
    assert dialog.born_edit.text() == typed  # kept as typed, not rewritten
    assert dialog.born_edit.reading_label.text() == "Fri 14 May 1971"
    assert dialog.save()
    (saved,) = list_patients(ctx.clinic)
    assert patient_record(ctx.clinic, saved.patient_id).patient.date_of_birth == date(1971, 5, 14)


def test_a_blank_date_clears_with_backspace_leaves_with_tab_and_ignores_the_arrows(
    qtbot: QtBot, ctx: AppContext
):
    dialog = _patient_dialog(qtbot, ctx)
    dialog.given_edit.setText("Margaret")
    dialog.family_edit.setText("Example")
    born = dialog.born_edit
    _typed(qtbot, born, "14/05/1971")
    qtbot.keyClick(born.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(born.line, Qt.Key.Key_Backspace)
    assert born.is_blank()
    qtbot.keyClick(born.line, Qt.Key.Key_Up)
    assert born.is_blank()  # no arrow turns a blank field into a date
    assert born.reading_label.text() == ""
    qtbot.keyClick(born.line, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.sex_combo
    assert not dialog.save()
    slot = dialog.field_for("date_of_birth")
    assert slot is not None
    assert slot.error_label.text() == "enter the date"
    # The border marks the text, not the calendar button beside it.
    assert born.line.styleSheet() == INVALID_STYLE
    assert born.calendar_button.styleSheet() == ""


def test_the_calendar_opens_on_today_while_blank_and_on_the_typed_month_then_takes_a_day(
    qtbot: QtBot, ctx: AppContext
):
    dialog = _patient_dialog(qtbot, ctx)
    born = dialog.born_edit
    born.line.setFocus()
    qtbot.keyClick(born.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = born.popup
    assert popup is not None
    assert popup.isVisible()
    today = ctx.clinic.today()
    assert (popup.calendar.yearShown(), popup.calendar.monthShown()) == (today.year, today.month)
    qtbot.keyClick(popup.calendar, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert born.is_blank()

    _typed(qtbot, born, "14.5.71")
    popup = born.open_calendar()
    assert (popup.calendar.yearShown(), popup.calendar.monthShown()) == (1971, 5)
    with qtbot.waitSignal(born.editingFinished):
        popup.calendar.activated.emit(popup.calendar.selectedDate().addDays(1))
    assert not popup.isVisible()
    assert born.entered("date_of_birth") == date(1971, 5, 15)


@pytest.fixture
def visit_dialog(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
) -> VisitDialog:
    dialog = VisitDialog(ctx, *episode_ids)
    dialog.setParent(host, dialog.windowFlags())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("31/11/2026", "November 2026 has 30 days, so day 31 does not exist"),
        ("FUTURE", "is after today (28 Nov 2026)"),
        ("not entered9580314", "is not a date"),
    ],
    ids=["31-november", "future", "garbage"],
)
def test_a_date_that_cannot_be_is_refused_in_words_and_left_as_typed(
    qtbot: QtBot, ctx: AppContext, visit_dialog: VisitDialog, typed: str, problem: str
):
    if typed == "FUTURE":
        typed = shown_as_typed(ctx.clinic.today() + timedelta(days=3), visit_dialog.date_edit.order)
    visit_dialog.pain_edit.setText("5")
    _typed(qtbot, visit_dialog.date_edit, typed)
    assert visit_dialog.date_edit.reading_label.text() == "not a date"
    assert problem in visit_dialog.date_edit.reading_label.toolTip()
    assert not visit_dialog.save()
    slot = visit_dialog.field_for("date")
    assert slot is not None
    assert problem in slot.error_label.text()
    assert visit_dialog.date_edit.text() == typed
    assert visit_dialog.isVisible()


@pytest.mark.parametrize(
    ("locale", "order", "shown"),
    [
        ("en_GB", "dmy", "14/05/1971"),
        ("en_US", "mdy", "05/14/1971"),
        ("sv_SE", "ymd", "1971-05-14"),
    ],
)
def test_the_field_shows_dates_in_the_order_the_locale_writes_them(
    locale: str, order: str, shown: str
):
    assert locale_order(QLocale(locale)) == order
    assert shown_as_typed(date(1971, 5, 14), order) == shown


def test_a_day_outside_the_fields_range_is_refused_naming_the_bound(qtbot: QtBot):
    snooze_until = DateEdit(None, earliest=date(2026, 11, 29), latest=date(2027, 1, 31))
    qtbot.addWidget(snooze_until)
    snooze_until.bind_field("snooze_until")
    for typed, problem in [
        ("28/11/2026", "28 Nov 2026 is before 29 Nov 2026, the earliest day"),
        ("1/2/2027", "1 Feb 2027 is after today (31 Jan 2027)"),
    ]:
        _typed(qtbot, snooze_until, typed)
        with pytest.raises(ValidationError) as raised:
            snooze_until.value()
        assert (raised.value.path, raised.value.problem) == ("snooze_until", problem)
    _typed(qtbot, snooze_until, "29/11/2026")
    assert snooze_until.value() == date(2026, 11, 29)


def test_a_bad_date_is_shown_under_its_own_field_in_a_form_of_several_dates(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = TreatmentDialog(ctx, *episode_ids)
    dialog.setParent(host, dialog.windowFlags())
    dialog.show()
    _typed(qtbot, dialog.start_edit, "31/11/2026")
    assert not dialog.save()
    start, end = dialog.field_for("start"), dialog.field_for("end")
    assert start is not None
    assert end is not None
    assert "November 2026 has 30 days" in start.error_label.text()
    assert end.error_label.text() == ""


def test_required_date_starts_blank(qtbot: QtBot):
    edit = DateEdit(None, latest=date(2026, 11, 28))
    qtbot.addWidget(edit)
    with pytest.raises(ValidationError) as raised:
        edit.entered("date_of_birth")
    assert raised.value.path == "date_of_birth"
    edit.set_value(date(1971, 5, 14))
    assert edit.entered("date_of_birth") == date(1971, 5, 14)
