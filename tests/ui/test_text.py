"""The UI's text helpers: evidence as lines, and markup shown literally."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from trochtrack.ui.text import PlainLabel, evidence_lines, plain_tooltip

pytestmark = pytest.mark.ui


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
