"""Small widgets: number entry, alert cards, plain-text labels, the idle watcher."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from trochtrack.charts.labels import readable
from trochtrack.domain.actions import AlertAction, AlertActionKind
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.rules import SECOND_LINE_OPTIONS, Alert
from trochtrack.domain.vocabulary import AlertCode, Severity
from trochtrack.services.workflow import AlertState, AlertView
from trochtrack.ui.text import PlainLabel, evidence_lines, plain_tooltip
from trochtrack.ui.widgets.alert_card import AlertCard, state_text
from trochtrack.ui.widgets.dates import RequiredDateEdit
from trochtrack.ui.widgets.lock import IdleWatcher
from trochtrack.ui.widgets.number_edit import NumberEdit

pytestmark = pytest.mark.ui

FAILED_ALERT = Alert(
    code=AlertCode.CONSERVATIVE_CARE_FAILED,
    severity=Severity.WARNING,
    due=date(2026, 10, 19),
    summary="Consider second-line options with the patient.",
    why="At the visit of 2026-10-19: pain NRS 7, now 6.",
    evidence={
        "review_due": "2026-10-05",
        "measures": {"pain_nrs": {"baseline": {"date": "2026-09-07", "value": 7}, "meets": False}},
    },
    sources=("S6", "S15"),
    options=tuple(f"{text} [{', '.join(tags)}]" for text, tags in SECOND_LINE_OPTIONS),
)


def _view(alert: Alert, state: AlertState = AlertState.ACTIVE, action: AlertAction | None = None):
    return AlertView(1, alert, "key", state, action)


def _number_edit(qtbot: QtBot, locale: str) -> NumberEdit:
    edit = NumberEdit("temperature_c")
    edit.setLocale(QLocale(locale))
    qtbot.addWidget(edit)
    return edit


@pytest.mark.parametrize("text", ["1,500", "nan", "NaN", "inf", "1e3", "8_5", "٨٥", "8.5.1", "--2"])
def test_number_entry_refuses_group_separators_and_non_numbers(qtbot: QtBot, text: str):
    edit = _number_edit(qtbot, "en_AU")
    edit.setText(text)
    with pytest.raises(ValidationError) as raised:
        edit.value()
    assert raised.value.path == "temperature_c"


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en_AU", "38.5", 38.5),
        ("en_GB", " 37 ", 37.0),
        ("de_DE", "38,5", 38.5),
        ("fr_FR", "-2", -2.0),
        ("en_AU", "", None),
    ],
)
def test_number_entry_reads_the_locales_decimal_separator(
    qtbot: QtBot, locale: str, text: str, value: float | None
):
    edit = _number_edit(qtbot, locale)
    edit.setText(text)
    assert edit.value() == value


def test_number_entry_refuses_the_other_locales_separators(qtbot: QtBot):
    german = _number_edit(qtbot, "de_DE")
    german.setText("1.500")
    with pytest.raises(ValidationError, match="thousands separator"):
        german.value()
    german.set_value(36.6)
    assert german.text() == "36,6"


def test_required_date_starts_blank(qtbot: QtBot):
    edit = RequiredDateEdit(None, latest=date(2026, 11, 28))
    qtbot.addWidget(edit)
    with pytest.raises(ValidationError) as raised:
        edit.entered("date_of_birth")
    assert raised.value.path == "date_of_birth"
    edit.set_value(date(1971, 5, 14))
    assert edit.entered("date_of_birth") == date(1971, 5, 14)


def test_alert_card_shows_summary_why_evidence_sources_and_every_option(qtbot: QtBot):
    card = AlertCard(_view(FAILED_ALERT))
    qtbot.addWidget(card)
    card.show()
    assert card.summary_label.text() == readable(FAILED_ALERT.summary)
    assert card.severity_label.text() == "WARNING"
    for text, _tags in SECOND_LINE_OPTIONS:
        assert text in card.options_label.text()
    assert "none is preferred" in card.options_label.text()
    assert not card.details_label.isVisible()
    qtbot.mouseClick(card.why_button, Qt.MouseButton.LeftButton)
    assert card.details_label.isVisible()
    details = card.details_label.text()
    assert readable(FAILED_ALERT.why) in details
    assert "2026-10-19" not in details  # dates read like every other date in the app
    assert "Review due: 5 Oct 2026" in details
    assert "Sources:\n  S6: Farrar et al., Pain 2001" in details
    assert "S15: Mellor et al., BMJ 2018: LEAP trial" in details
    assert [b.text() for b in card.action_buttons] == [
        "Record decision…",
        "Acknowledge",
        "Override…",
        "Snooze…",
    ]


def test_alert_card_actions_emit_the_alert(qtbot: QtBot):
    view = _view(FAILED_ALERT)
    card = AlertCard(view)
    qtbot.addWidget(card)
    with qtbot.waitSignal(card.override_requested) as blocker:
        card.action_buttons[2].click()
    assert blocker.args == [view]


def test_an_acted_on_alert_says_who_and_offers_no_actions(qtbot: QtBot):
    action = AlertAction(
        episode_id=1,
        alert_key="key",
        alert_code=FAILED_ALERT.code,
        action=AlertActionKind.OVERRIDDEN,
        clinician="Dr <i>Who</i>",
        recorded_at=datetime(2026, 11, 28, 12, tzinfo=UTC),
        reason="Patient declines injections",
    )
    card = AlertCard(_view(FAILED_ALERT, AlertState.OVERRIDDEN, action))
    qtbot.addWidget(card)
    assert card.action_buttons == []
    assert state_text(card.view).startswith("Overridden (Dr <i>Who</i>, 28 Nov 2026)")
    assert card.state_label.textFormat() == Qt.TextFormat.PlainText


def test_evidence_reads_as_lines():
    lines = evidence_lines(
        {"visit": "2026-11-27", "red_flags": ["acute_severe_pain"], "temperature_c": 38.3}
    )
    assert lines == [
        "Visit: 27 Nov 2026",
        "Red flags: acute severe pain",
        "Temperature (°C): 38.3",
    ]


def test_markup_shows_literally_in_labels_and_tooltips(qtbot: QtBot):
    name = "<b>x</b>"
    plain = PlainLabel(name)
    rich = QLabel(name)
    qtbot.addWidget(plain)
    qtbot.addWidget(rich)
    assert plain.textFormat() == Qt.TextFormat.PlainText
    assert plain.text() == name
    # A label left to guess shows the same text narrower: the tags were swallowed.
    assert plain.sizeHint().width() > rich.sizeHint().width()
    assert plain_tooltip(name) == "<div style='white-space: pre-wrap'>&lt;b&gt;x&lt;/b&gt;</div>"


def test_idle_watcher_locks_after_the_idle_minutes(qtbot: QtBot):
    now = [0.0]
    watcher = IdleWatcher(10, clock=lambda: now[0])
    with qtbot.assertNotEmitted(watcher.idle_reached):
        now[0] = 9 * 60
        watcher.check()
    watcher.note_activity()
    now[0] += 9.9 * 60
    with qtbot.assertNotEmitted(watcher.idle_reached):
        watcher.check()
    now[0] += 0.2 * 60
    with qtbot.waitSignal(watcher.idle_reached, timeout=100):
        watcher.check()
    watcher.set_minutes(0)
    now[0] += 1000 * 60
    with qtbot.assertNotEmitted(watcher.idle_reached):
        watcher.check()


def test_idle_watcher_counts_any_key_or_click_in_the_app(qtbot: QtBot):
    now = [0.0]
    watcher = IdleWatcher(1, clock=lambda: now[0])
    elsewhere = PlainLabel("anywhere")
    qtbot.addWidget(elsewhere)
    now[0] = 59.0
    qtbot.mouseClick(elsewhere, Qt.MouseButton.LeftButton)
    now[0] = 100.0
    with qtbot.assertNotEmitted(watcher.idle_reached):
        watcher.check()
    now[0] = 120.0
    with qtbot.waitSignal(watcher.idle_reached, timeout=100):
        watcher.check()
