"""Date entry: a required date starts blank, so nothing is saved that was not chosen."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from trochtrack.domain.errors import ValidationError
from trochtrack.ui.widgets.dates import RequiredDateEdit

pytestmark = pytest.mark.ui


def test_required_date_starts_blank(qtbot: QtBot):
    edit = RequiredDateEdit(None, latest=date(2026, 11, 28))
    qtbot.addWidget(edit)
    with pytest.raises(ValidationError) as raised:
        edit.entered("date_of_birth")
    assert raised.value.path == "date_of_birth"
    edit.set_value(date(1971, 5, 14))
    assert edit.entered("date_of_birth") == date(1971, 5, 14)
