"""How the window words and shows things: vocabulary labels, dates, numbers, plain text.

Vocabulary and dates come from :mod:`trochtrack.wording`, so the window, the charts and
the letters call a thing by the same name; what is here needs Qt or is the window's own.
Everything a patient or a clinician typed is shown as plain text: a QLabel, a tooltip or
a message box left to guess the format would render a name like ``<b>x</b>`` as markup.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Final

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel, QWidget

from trochtrack.domain.rules import JsonValue
from trochtrack.domain.vocabulary import (
    Diagnosis,
    EpisodeStatus,
    LesionChange,
    LesionKind,
    Modality,
    Severity,
    Side,
    TreatmentKind,
)
from trochtrack.wording.dates import long_date, readable
from trochtrack.wording.labels import (
    CHANGE_LABELS,
    CRITICAL_ACTION_WORDS,
    DIAGNOSIS_LABELS,
    LESION_KIND_LABELS,
    MODALITY_LABELS,
    RED_FLAG_LABELS,
    STATUS_LABELS,
    TREATMENT_LABELS,
)
from trochtrack.wording.measures import millilitre_decimals

SEVERITY_COLOURS: Final[dict[Severity, str]] = {
    Severity.CRITICAL: "#B00020",
    Severity.WARNING: "#9A5B00",
    Severity.INFO: "#1F5FA8",
}
OVERDUE_BACKGROUND: Final = "#FBE3E1"
ERROR_COLOUR: Final = "#B00020"


def sentence(text: str) -> str:
    """``text`` with a capital first letter (the shared labels are lower case)."""
    return text[:1].upper() + text[1:]


def treatment_label(kind: TreatmentKind) -> str:
    return TREATMENT_LABELS[kind]


def diagnosis_label(diagnosis: Diagnosis) -> str:
    return sentence(DIAGNOSIS_LABELS[diagnosis])


def side_label(side: Side | str) -> str:
    return sentence(Side(side).value)


def lesion_kind_label(kind: LesionKind) -> str:
    return sentence(LESION_KIND_LABELS[kind])


def change_label(change: LesionChange) -> str:
    return sentence(CHANGE_LABELS[change])


def modality_label(modality: Modality) -> str:
    return MODALITY_LABELS[modality] if modality is not Modality.US else "Ultrasound"


def status_label(status: EpisodeStatus) -> str:
    return sentence(STATUS_LABELS[status])


def show_date(day: date | None, *, missing: str = "") -> str:
    """``20 Oct 2026``, as on letters and charts."""
    return missing if day is None else long_date(day)


def moved_in_words(as_of: date, today: date) -> str:
    """``Looking ahead`` when the rules are read on a later day than today, else back."""
    return "Looking ahead" if as_of > today else "Looking back"


def due_in_words(due: date, as_of: date) -> str:
    """How far ``due`` is from ``as_of``: ``today``, ``in 3 days``, ``5 days overdue``."""
    days = (due - as_of).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    if days == -1:
        return "1 day overdue"
    return f"{-days} days overdue"


def show_score(value: int | None, *, signed: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+d}" if signed and value else str(value)


def number_locale(locale: QLocale | None = None) -> QLocale:
    """The locale numbers are read and written in, never with a group separator."""
    chosen = QLocale(locale) if locale is not None else QLocale()
    chosen.setNumberOptions(
        QLocale.NumberOption.RejectGroupSeparator | QLocale.NumberOption.OmitGroupSeparator
    )
    return chosen


def show_number(
    value: float | None, *, decimals: int = 1, locale: QLocale | None = None, unit: str = ""
) -> str:
    """``value`` to ``decimals`` places, with the locale's decimal separator, no trailing zeros."""
    if value is None:
        return ""
    chosen = number_locale(locale)
    text = chosen.toString(float(value), "f", decimals)
    if decimals:
        text = text.rstrip("0").rstrip(chosen.decimalPoint())
    return f"{text} {unit}" if unit else text


def show_dimensions(dims: tuple[float, float, float], *, locale: QLocale | None = None) -> str:
    return " × ".join(show_number(d, decimals=2, locale=locale) for d in dims) + " mm"


def show_volume(volume_mm3: float | None, *, locale: QLocale | None = None) -> str:
    """A volume in mL (as in the charts and the letters), from mm³."""
    if volume_mm3 is None:
        return ""
    millilitres = volume_mm3 / 1000
    decimals = millilitre_decimals(millilitres)
    return show_number(millilitres, decimals=decimals, locale=locale, unit="mL")


def first_line(text: str | None, *, limit: int = 80) -> str:
    """The first line of free text, shortened for a table cell."""
    if not text:
        return ""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` literally (tooltips guess rich text otherwise)."""
    if not text:
        return None
    return f"<div style='white-space: pre-wrap'>{html.escape(text)}</div>"


_UNIT_SUFFIXES: Final = (("_mm3", "mm³"), ("_mm", "mm"), ("_c", "°C"), ("_percent", "%"))


def humanise_key(key: str) -> str:
    """``drop_percent`` as ``Drop (%)``: keys of alert evidence read as words."""
    unit = ""
    for suffix, name in _UNIT_SUFFIXES:
        if key.endswith(suffix):
            key, unit = key.removesuffix(suffix), f" ({name})"
            break
    words = key.replace("_", " ").strip()
    words = words.replace("nrs", "NRS").replace("visa g", "VISA-G").replace("groc", "GROC")
    return sentence(words) + unit


def evidence_lines(evidence: dict[str, JsonValue] | object, *, indent: str = "") -> list[str]:
    """The evidence of an alert as readable lines, nested values indented."""
    if not isinstance(evidence, dict):
        return [f"{indent}{value_in_words(evidence)}"]
    lines: list[str] = []
    for key, value in evidence.items():
        label = humanise_key(key)
        if isinstance(value, dict) and value:
            if all(not isinstance(v, dict | list) for v in value.values()):
                inner = ", ".join(
                    f"{humanise_key(k).lower()} {value_in_words(v)}" for k, v in value.items()
                )
                lines.append(f"{indent}{label}: {inner}")
            else:
                lines.append(f"{indent}{label}:")
                lines.extend(evidence_lines(value, indent=indent + "    "))
        elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
            lines.append(f"{indent}{label}:")
            for item in value:
                lines.extend(evidence_lines(item, indent=indent + "    "))
        else:
            lines.append(f"{indent}{label}: {value_in_words(value)}")
    return lines


def value_in_words(value: object) -> str:
    """A stored value as a clinician reads it: yes/no, dates and vocabulary in words."""
    if value is None:
        return "none"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(value_in_words(item) for item in value) or "none"
    if isinstance(value, str):
        return _word_text(value)
    return str(value)


_VOCABULARY_WORDS: Final[tuple[dict[str, str], ...]] = (
    {kind.value: label.lower() for kind, label in RED_FLAG_LABELS.items()},
    {kind.value: label.lower() for kind, label in TREATMENT_LABELS.items()},
    {kind.value: label for kind, label in LESION_KIND_LABELS.items()},
    {kind.value: words for kind, words in CRITICAL_ACTION_WORDS.items()},
)


def _word_text(value: str) -> str:
    """A date or a vocabulary value in words; any other text as it is."""
    for words in _VOCABULARY_WORDS:
        if value in words:
            return words[value]
    try:
        return long_date(date.fromisoformat(value))
    except ValueError:
        return readable(value)


class PlainLabel(QLabel):
    """A label that never interprets its text as markup."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wrap: bool = False):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self.setText(text)
