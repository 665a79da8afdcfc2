"""The alert card: summary, why, evidence and sources, its actions, and who acted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import AlertAction, AlertActionKind
from trochtrack.domain.rules import SECOND_LINE_OPTIONS, Alert
from trochtrack.domain.vocabulary import AlertCode, Severity
from trochtrack.services.workflow import AlertState, AlertView
from trochtrack.ui.widgets.alert_card import AlertCard, state_text
from trochtrack.wording.dates import readable

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
