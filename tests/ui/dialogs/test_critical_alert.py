"""The critical alert dialog itself, built offscreen on the real clinic: it cannot be
dismissed, it records what was done (or that it was seen), and the lock retires it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import CriticalAction
from trochtrack.domain.vocabulary import AlertCode
from trochtrack.services.due import due_list
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.workflow import AlertState, AlertView, episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.critical_alert import CriticalAlertDialog
from trochtrack.ui.prompter import MessageBoxPrompter

pytestmark = pytest.mark.ui


def _infection(ctx: AppContext, patient_id: int) -> AlertView:
    evaluation = evaluate_patient(ctx.clinic, patient_id, ctx.as_of)
    ((episode_id, episode_evaluation),) = evaluation.episodes.items()
    views = episode_alert_views(ctx.clinic, episode_id, episode_evaluation)
    return next(v for v in views if v.alert.code is AlertCode.RED_FLAG_INFECTION)


@pytest.fixture
def fever(demo_ctx: AppContext, demo_ids: dict[str, int]) -> tuple[int, AlertView]:
    patient = demo_ids["P-DEMO-02"]
    return patient, _infection(demo_ctx, patient)


@pytest.fixture
def dialog(qtbot: QtBot, demo_ctx: AppContext, fever, host) -> Iterator[CriticalAlertDialog]:
    patient, view = fever
    shown = CriticalAlertDialog(demo_ctx, patient, view, "Ελένη Παπαδοπούλου", host)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    # It refuses to close unanswered, and the host is deleted only later: left shown, it
    # would stay the modal window over the next test's main window. (Answered, it is gone.)
    if shiboken6.isValid(shown):
        shown.hide()


def _pinned(ctx: AppContext) -> list[str]:
    return [e.what for e in due_list(ctx.clinic, ctx.as_of) if e.pinned]


def test_escape_and_the_close_button_cannot_dismiss_it(qtbot: QtBot, dialog, demo_ctx):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.close() is False  # what the window's close button (or Alt+F4) asks
    assert dialog.isVisible()
    dialog.reject()
    assert dialog.isVisible()
    assert _pinned(demo_ctx) == ["red-flag-infection"]


def test_it_shows_the_alert_its_basis_and_the_choices(dialog):
    assert dialog.patient_label.text() == "Patient: Ελένη Παπαδοπούλου"
    assert dialog.card.details_label.isVisible()  # the basis, opened
    assert "38.3" in dialog.card.details_label.text()
    assert dialog.card.action_buttons == []
    assert [b.text() for b in dialog.choice_buttons.values()] == [
        "&1 Sent to the emergency department today",
        "&2 Same-day GP or medical assessment arranged",
        "&3 Discussed; not applicable because…",
        "&4 Other…",
    ]


def test_recording_needs_a_choice_and_words_where_they_matter(qtbot: QtBot, dialog, demo_ctx):
    assert not dialog.save()
    assert dialog.isVisible()
    assert "choose what was done" in dialog.failure_label.text()
    not_applicable = dialog.choice_buttons[CriticalAction.NOT_APPLICABLE]
    qtbot.mouseClick(
        not_applicable, Qt.MouseButton.LeftButton, pos=QPoint(8, not_applicable.height() // 2)
    )
    assert dialog.note_edit.placeholderText().startswith("Required: why")
    assert not dialog.save()
    assert "say why it does not apply" in dialog.failure_label.text()
    assert _pinned(demo_ctx) == ["red-flag-infection"]
    qtbot.keyClicks(dialog.note_edit, "Temperature taken straight after a hot bath; 36.9 now")
    assert dialog.save()
    assert not dialog.isVisible()
    assert _pinned(demo_ctx) == []


def test_a_time_later_than_now_is_refused_at_the_field(qtbot: QtBot, dialog, demo_ctx):
    dialog.choice_buttons[CriticalAction.SAME_DAY_MEDICAL].setChecked(True)
    dialog.time_edit.setDateTime(dialog.time_edit.dateTime().addSecs(3600))
    assert not dialog.save()
    assert "is later than now" in dialog.failure_label.text()
    assert dialog.isVisible()


def test_seen_keeps_it_pinned(qtbot: QtBot, dialog, demo_ctx, fever):
    with qtbot.waitSignals([demo_ctx.bus.records_changed, dialog.accepted]):
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    view = _infection(demo_ctx, fever[0])
    assert (view.state, view.awaiting_action) == (AlertState.ACKNOWLEDGED, True)
    assert _pinned(demo_ctx) == ["red-flag-infection"]


def test_hidden_unanswered_by_the_lock_it_is_retired(qtbot: QtBot, demo_ctx, fever, host):
    patient, view = fever
    shown: list[CriticalAlertDialog] = []

    def lock_the_window() -> None:
        (open_now,) = host.findChildren(CriticalAlertDialog)
        shown.append(open_now)
        open_now.hide()  # what locking does to every window

    QTimer.singleShot(50, lock_the_window)
    answered = MessageBoxPrompter().answer_critical(host, demo_ctx, patient, view, "E. P.")
    assert answered is False
    (retired,) = shown
    retired.show()  # what unlocking does to the windows it hid
    assert not retired.isVisible()
    assert _pinned(demo_ctx) == ["red-flag-infection"]


def test_the_time_defaults_to_now(dialog, demo_ctx):
    now = demo_ctx.clinic.now()
    assert abs(dialog.taken_at() - now) < timedelta(minutes=1)
