"""The visit dialog's outcome measures on the real test clinic: questionnaires typed item
by item with the keyboard, the core set's fields, saving and reopening."""

from __future__ import annotations

import pytest
import shiboken6
from layout_faults import layout_faults
from letter_pdfs import pdf_text
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from trochtrack.charts.measure_values import NO_BREAK
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.measures.outcomes import StrengthUnit
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire, find_form
from trochtrack.domain.model import Visit
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.records import add_visit
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.questionnaire import QuestionnaireDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.gallery import SCREEN_SIZES, settle
from trochtrack.ui.text import show_date
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.wording.dates import long_date

from .conftest import episode_of, field_error, show  # noqa: TID252 - helpers beside these tests

pytestmark = pytest.mark.ui

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_keys(qtbot: QtBot, text: str) -> None:
    """Each character to whatever has the focus then, as a person types."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(focused(), char)
        else:  # QTest.keyClicks asserts on a character no key of its own makes
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(focused(), event)


def press(qtbot: QtBot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def items_dialog(qtbot: QtBot, visit: VisitDialog, code: str) -> QuestionnaireDialog:
    """The items of ``code``, opened with their button, active."""
    dialog = visit.form_dialogs[code]
    button = visit.visa_g_field.items_button if code == "visa_g" else visit.form_rows[code].button
    visit.pages.setCurrentIndex(0 if code == "visa_g" else 1)
    button.click()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def new_visit(qtbot: QtBot, host: QWidget, ctx: AppContext, ids: tuple[int, int]) -> VisitDialog:
    dialog = show(qtbot, host, VisitDialog(ctx, *ids))
    assert isinstance(dialog, VisitDialog)
    return dialog


def test_a_visa_g_typed_item_by_item_is_in_the_visit_table_the_chart_and_the_gp_letter(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-SEED"])
    visit = window.patient_view.new_visit()
    assert isinstance(visit, VisitDialog)
    activate(qtbot, visit)
    type_keys(qtbot, "4")  # the pain score: the dialog opens there
    press(qtbot, Qt.Key.Key_E, ALT)  # VISA-G it&ems…
    items = visit.form_dialogs["visa_g"]
    qtbot.waitUntil(items.isVisible)
    activate(qtbot, items)
    assert focused() is items.item_rows[0].score
    # Questions 1-7 take one key each; question 8 its part's letter, then "15" (two keys:
    # "1" could still become part B's 10).
    type_keys(qtbot, "7555557b1")
    assert focused() is items.item_rows[7].score
    assert items.total_label.text() == "No total"
    type_keys(qtbot, "5")
    assert focused() is items.ok_button
    assert items.total_label.text() == "Total: 54 (0–100, higher is better)"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not items.isVisible())
    activate(qtbot, visit)
    assert visit.visa_g_edit.text() == "54"
    assert visit.visa_g_edit.isReadOnly()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not shiboken6.isValid(visit) or not visit.isVisible())

    model = window.patient_view.tabs.visits_tab.model
    today = show_date(window.ctx.clinic.today())
    visa_g = next(
        number
        for number in range(model.columnCount())
        if model.headerData(number, Qt.Orientation.Horizontal) == "VISA-G"
    )

    def shown_today() -> str | None:
        for row in range(model.rowCount()):
            if model.index(row, 0).data() == today:
                return str(model.index(row, visa_g).data())
        return None

    qtbot.waitUntil(lambda: shown_today() == "54")
    saved = next(v for v in model.rows() if show_date(v.date) == today)
    form = find_form(saved.questionnaires, "visa_g")
    assert form is not None
    assert form.answer("8B") == Answer(item="8B", score=15)
    assert saved.visa_g == 54

    tabs = window.patient_view.tabs
    tabs.setCurrentIndex(tabs.charts_index)
    panel = tabs.measure_panel
    assert panel.selector_bar.isVisible()
    panel.selector.setCurrentIndex(panel.selector.findData("visa_g"))
    charted = panel.measure
    assert charted is not None
    ((*_, latest),) = (series.points for series in charted.series)
    assert (latest.day, latest.value) == (saved.date, 54)
    assert "Q8 part B 15" in latest.details.replace(NO_BREAK, " ")
    assert "54" in {text.get_text() for text in panel.chart.figure.axes[0].texts}

    tabs.setCurrentIndex(tabs.letters_index)
    tabs.letters_tab.create_buttons[DocumentKind.GP_FOLLOWUP].click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    letter_dialog = QApplication.activeModalWidget()
    activate(qtbot, letter_dialog)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(
        lambda: bool(list_documents(window.ctx.clinic, demo_ids["P-SEED"])), timeout=30_000
    )
    (letter,) = list_documents(window.ctx.clinic, demo_ids["P-SEED"])
    text = pdf_text(document_pdf(window.ctx.clinic, letter.id)[1])
    assert f"VISA-G 0–100, higher is better 45 (7 Sep 2026) 54 ({long_date(saved.date)})" in text


def test_each_lefs_answer_takes_one_key(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    items = items_dialog(qtbot, visit, "lefs")
    typed = "43210432104321043210"
    for number, key in enumerate(typed):
        assert focused() is items.item_rows[number].score
        type_keys(qtbot, key)
        assert items.item_rows[number].score.text() == key
    assert focused() is items.ok_button
    assert items.total_label.text() == "Total: 40 (0–80, higher is better)"
    press(qtbot, Qt.Key.Key_Return)
    assert visit.form_rows["lefs"].summary.text() == "40 (0–80)"


def test_a_score_the_item_does_not_offer_is_refused_and_said(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    items = items_dialog(qtbot, visit, "visa_g")
    first, second = items.item_rows[0].score, items.item_rows[1].score
    type_keys(qtbot, "1")  # question 1 may still become 10: the cursor waits
    assert focused() is first
    type_keys(qtbot, "0")
    assert (first.text(), focused()) == ("10", second)
    type_keys(qtbot, "3")  # question 2 offers 0 2 5 7 10
    assert second.text() == ""
    assert focused() is second
    assert items.notice_label.isVisible()
    assert "'3' is not an answer it takes (0 2 5 7 10)" in items.notice_label.text()
    type_keys(qtbot, "x")
    assert second.text() == ""
    type_keys(qtbot, "1")  # the start of 10 is taken, and waits
    assert (second.text(), focused()) == ("1", second)
    type_keys(qtbot, "5")  # 15 is not a score of question 2
    assert second.text() == "1"
    # Left at "1" (no score of question 2), the answers are not kept, and the form says why.
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert items.isVisible()
    assert focused() is second
    assert "1 is not one of the item's scores (0, 2, 5, 7, 10)" in items.notice_label.text()


def test_backspace_in_an_empty_box_goes_back_to_put_a_slip_right(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    items = items_dialog(qtbot, visit, "visa_g")
    first, second, third = (row.score for row in items.item_rows[:3])
    type_keys(qtbot, "1")  # question 1 waits: "1" may become 10
    press(qtbot, Qt.Key.Key_Return)  # Enter moves on
    assert (first.text(), focused()) == ("1", second)
    type_keys(qtbot, "5")
    assert focused() is third
    press(qtbot, Qt.Key.Key_Backspace)  # the box is empty: back to question 2
    assert focused() is second
    type_keys(qtbot, "7")  # the answer was selected: the key replaces it, and moves on
    assert (second.text(), focused()) == ("7", third)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is second


def test_question_8_takes_one_part_and_that_part_s_scores(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    items = items_dialog(qtbot, visit, "visa_g")
    eight = items.item_rows[7]
    assert eight.part is not None
    assert not eight.score.isEnabled()  # no score before the part
    eight.part.setFocus()
    type_keys(qtbot, "d")  # no part D
    assert eight.part.text() == ""
    type_keys(qtbot, "c")
    assert eight.part.text() == "C"
    assert focused() is eight.score
    assert eight.hint.text() == "6 12 18 24 30"
    type_keys(qtbot, "5")  # part C starts at 6
    assert eight.score.text() == ""
    type_keys(qtbot, "12")
    assert items.answers() == (Answer(item="8C", score=12),)
    for _ in range(4):  # back from OK, past the score, to the part
        if focused() is eight.part:
            break
        press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is eight.part
    type_keys(qtbot, "a")  # 12 is no part A score: cleared, and said so
    assert eight.score.text() == ""
    assert "the score 12 was cleared: it is not a score of part A" in items.notice_label.text()
    assert items.answers() == (Answer(item="8A", score=None),)
    assert items.reason_label.text().startswith("Items 1, 2, 3, 4, 5, 6, 7 and 8 not answered")


def test_psfs_takes_the_activities_the_patient_names(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    items = items_dialog(qtbot, visit, "psfs")
    type_keys(qtbot, "Stairs at work")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "4")
    type_keys(qtbot, "Walking the dog")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "10")
    assert items.total_label.text() == "No total"
    assert items.reason_label.text() == "PSFS is scored on 3 to 5 activities; 2 named"
    type_keys(qtbot, "Gärtnern im Café")  # a name no key of QTest's makes
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "7")
    assert items.total_label.text() == "Mean: 7 (0–10, higher is better)"
    # A fourth activity named but not rated: kept, flagged, no mean.
    type_keys(qtbot, "Kneeling")
    assert items.total_label.text() == "No total"
    assert items.reason_label.text().startswith("Item 4 not rated")
    # A score with no activity cannot be what the patient wrote.
    items.activity_rows[4].score.setText("3")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert items.isVisible()
    assert focused() is items.activity_rows[4].activity
    assert "Activity 5: name the activity the patient chose" in items.notice_label.text()
    items.activity_rows[4].score.clear()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert not items.isVisible()
    visit.pain_edit.setText("3")
    assert visit.save()
    (saved,) = episode_of(ctx, episode_ids).visits
    form = find_form(saved.questionnaires, "psfs")
    assert form is not None
    assert [(a.activity, a.score) for a in form.answers] == [
        ("Stairs at work", 4),
        ("Walking the dog", 10),
        ("Gärtnern im Café", 7),
        ("Kneeling", None),
    ]


def test_the_core_set_refuses_what_is_out_of_range_naming_each_field(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    visit.pain_edit.setText("5")
    core = visit.core_set
    core.stance_left.setText("45")
    core.stairs.setText("11")
    core.unit.setCurrentIndex(list(StrengthUnit).index(StrengthUnit.KILOGRAM))
    core.abduction_right.setText("250")
    core.body_mass.setText("12")
    assert visit.pages.currentIndex() == 0  # Save pressed on the first page
    with qtbot.assertNotEmitted(ctx.bus.records_changed):
        assert not visit.save()
    assert field_error(visit, "stance_pain_left_s") == (
        "45 s is past the 30 s cap: enter 30 when no pain came within 30 s"
    )
    assert field_error(visit, "stair_pain_nrs") == "11 is outside 0–10"
    assert field_error(visit, "abduction_right") == "250 is outside 0.1–200"
    assert field_error(visit, "body_mass_kg") == "12 is outside 20–300"
    assert visit.failure_label.text() == (
        "Not saved: 4 fields need correcting: Single-leg stance, left (s); "
        "Pain on stairs (0–10); Abduction strength, right; Body mass (kg)."
    )
    assert visit.pages.currentIndex() == 1  # turned to the first field at fault
    assert visit.focusWidget() is core.stance_left
    assert episode_of(ctx, episode_ids).visits == ()


def test_the_measures_are_saved_and_shown_again_when_the_visit_is_opened(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    visit.pain_edit.setText("5")
    core = visit.core_set
    core.stance_left.setText("12.5")
    core.stance_right.setText("30")
    core.stairs.setText("4")
    core.unit.setCurrentIndex(list(StrengthUnit).index(StrengthUnit.KILOGRAM))
    core.abduction_left.setText("14.5")
    core.body_mass.setText("72")
    items_dialog(qtbot, visit, "lefs")
    type_keys(qtbot, "3" * 19)  # item 20 left blank
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert visit.form_rows["lefs"].summary.text() == "no total (1 blank)"
    assert visit.save()

    (saved,) = episode_of(ctx, episode_ids).visits
    outcomes = saved.outcomes
    assert (outcomes.stance_pain_left_s, outcomes.stance_pain_right_s) == (12.5, 30.0)
    assert (outcomes.stair_pain_nrs, outcomes.body_mass_kg) == (4, 72.0)
    assert (outcomes.abduction_left, outcomes.abduction_right) == (14.5, None)
    assert outcomes.abduction_unit is StrengthUnit.KILOGRAM
    lefs = find_form(saved.questionnaires, "lefs")
    assert lefs is not None
    assert lefs.score().missing == ("20",)

    again = show(qtbot, host, VisitDialog(ctx, *episode_ids, saved))
    assert isinstance(again, VisitDialog)
    assert not again.is_dirty()
    core = again.core_set
    assert (core.stance_left.text(), core.stance_right.text(), core.stairs.text()) == (
        "12.5",
        "30",
        "4",
    )
    assert (core.unit.currentText(), core.abduction_left.text(), core.body_mass.text()) == (
        "kg",
        "14.5",
        "72",
    )
    assert again.form_rows["lefs"].summary.text() == "no total (1 blank)"
    reopened = items_dialog(qtbot, again, "lefs")
    assert [row.score.text() for row in reopened.item_rows] == ["3"] * 19 + [""]
    reopened.reject()
    assert not again.is_dirty()
    # Saved again unchanged, the visit keeps every answer.
    assert again.save()
    assert episode_of(ctx, episode_ids).visits[0].questionnaires == saved.questionnaires


def test_a_visa_g_total_recorded_without_items_stays_a_typed_total(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit_id = add_visit(
        ctx.clinic, episode_ids[1], Visit(date=ctx.clinic.today(), pain_nrs=5, visa_g=48)
    )
    (stored,) = episode_of(ctx, episode_ids).visits
    assert stored.id == visit_id
    dialog = show(qtbot, host, VisitDialog(ctx, *episode_ids, stored))
    assert isinstance(dialog, VisitDialog)
    assert dialog.visa_g_edit.text() == "48"
    assert not dialog.visa_g_edit.isReadOnly()

    items = items_dialog(qtbot, dialog, "visa_g")
    type_keys(qtbot, "7555557b15")
    press(qtbot, Qt.Key.Key_Return)
    # The items' total takes the field's place, and the field says what it replaced.
    assert dialog.visa_g_edit.text() == "54"
    assert dialog.visa_g_edit.isReadOnly()
    assert "cannot be typed here" in dialog.visa_g_edit.toolTip()
    assert dialog.visa_g_field.hint.text() == "from the items (48 typed)"

    # Without the items again, the typed total comes back, to be typed over.
    items = items_dialog(qtbot, dialog, "visa_g")
    items.clear_button.click()
    items.accept()
    assert dialog.visa_g_edit.text() == "48"
    assert not dialog.visa_g_edit.isReadOnly()
    dialog.visa_g_edit.setText("50")
    assert dialog.save()
    assert [v.visa_g for v in episode_of(ctx, episode_ids).visits] == [50]


def test_a_visa_g_with_a_blank_item_has_no_total_and_says_why(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    visit.pain_edit.setText("6")
    items_dialog(qtbot, visit, "visa_g")
    type_keys(qtbot, "75555")
    press(qtbot, Qt.Key.Key_Return)  # question 6 left blank
    type_keys(qtbot, "7a10")
    press(qtbot, Qt.Key.Key_Return)
    assert visit.visa_g_edit.text() == ""
    assert visit.visa_g_edit.isReadOnly()
    assert visit.visa_g_edit.toolTip().count("Item 6 not answered") == 1
    assert visit.save()
    (saved,) = episode_of(ctx, episode_ids).visits
    assert saved.visa_g is None
    form = find_form(saved.questionnaires, "visa_g")
    assert form is not None
    assert form.score().missing == ("6",)


def test_closing_items_after_typing_asks_and_keeps_the_answers_kept_before(
    qtbot: QtBot, host: QWidget, ctx: AppContext, prompter, episode_ids: tuple[int, int]
):
    visit = new_visit(qtbot, host, ctx, episode_ids)
    items = items_dialog(qtbot, visit, "pseq2")
    type_keys(qtbot, "45")
    press(qtbot, Qt.Key.Key_Return)
    assert visit.is_dirty()  # kept answers are a change to the visit
    items = items_dialog(qtbot, visit, "pseq2")
    type_keys(qtbot, "1")
    prompter.confirm_answer = False
    press(qtbot, Qt.Key.Key_Escape)
    assert prompter.confirmations[-1].startswith("Close without keeping these PSEQ-2 answers?")
    assert items.isVisible()
    prompter.confirm_answer = True
    items.reject()
    assert [row.score.text() for row in items.item_rows] == ["4", "5"]
    assert items.kept == Questionnaire(
        instrument="pseq2", answers=(Answer(item="1", score=4), Answer(item="2", score=5))
    )


def test_the_core_set_and_every_questionnaire_fit_both_screens(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    window.open_patient(demo_ids["P-SEED"])
    episode = window.patient_view.episode
    assert episode is not None
    for size in SCREEN_SIZES:
        window.resize(size)
        visit = window.patient_view.edit_visit(episode.visits[-1])
        assert isinstance(visit, VisitDialog)
        visit.pages.setCurrentIndex(1)
        settle()
        found = layout_faults(visit, screen=size)
        for code, items in visit.form_dialogs.items():
            items.start()
            items.resize(items.size().boundedTo(size))
            settle()
            found += [f"{code}: {fault}" for fault in layout_faults(items, screen=size)]
            items.reject()
        visit.reject()
        assert found == [], f"{size.width()}x{size.height()}"
