"""Number entry: the locale's decimal separator only, never a group separator or a non-number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from trochtrack.domain.errors import ValidationError
from trochtrack.ui.widgets.number_edit import NumberEdit

pytestmark = pytest.mark.ui


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
