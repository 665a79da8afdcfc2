"""One questionnaire answer typed with as few keys as the item's scale allows.

The box takes only what can become one of the item's answers: a key that cannot is
refused, and the box says so (``refused``), so the form can tell the user why nothing
appeared. Once the text is an answer that no other answer starts with, the box reports
it complete (``answered``) and the form moves on: LEFS's 0–4 take one key each, a
VISA-G 0–10 scale waits after "1" (it may become "10"). Enter moves on too
(``next_requested``), and Backspace in an empty box goes back (``back_requested``), to
put a slip right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QLineEdit, QScrollArea, QWidget
from typing_extensions import override

from trochtrack.domain.measures.instruments import Item
from trochtrack.ui.text import PlainLabel


def scores_text(scores: Sequence[int]) -> str:
    """An item's scores as the form lists them: ``0–10`` when they run on, else ``0 2 5 7 10``."""
    if len(scores) > 2 and list(scores) == list(range(scores[0], scores[-1] + 1)):
        return f"{scores[0]}–{scores[-1]}"
    return " ".join(str(score) for score in scores)


class ChoiceValidator(QValidator):
    """Accepts a blank box, one of ``choices``, or the start of one (upper-cased)."""

    def __init__(self, choices: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices: tuple[str, ...] = tuple(choices)

    @override
    def validate(self, text: str, position: int) -> object:
        typed = text.strip().upper()
        if not typed or typed in self.choices:
            return QValidator.State.Acceptable, typed, min(position, len(typed))
        if any(choice.startswith(typed) for choice in self.choices):
            return QValidator.State.Intermediate, typed, min(position, len(typed))
        return QValidator.State.Invalid, text, position


class AnswerEdit(QLineEdit):
    """A box for one answer among ``choices`` (scores, or the letters of an item's parts)."""

    answered = Signal()
    next_requested = Signal()
    back_requested = Signal()
    refused = Signal(str)
    """The text a refused key would have made."""

    def __init__(self, choices: Sequence[str], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._validator = ChoiceValidator(choices, self)
        self.setValidator(self._validator)
        self.setAccessibleName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # One width for every box of a form, room for two digits, so the boxes line up.
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000") + 12)
        self._attempt = ""
        self.inputRejected.connect(lambda: self.refused.emit(self._attempt))

    @property
    def choices(self) -> tuple[str, ...]:
        return self._validator.choices

    def set_choices(self, choices: Sequence[str]) -> None:
        """Offer other answers (question 8's scores follow its part)."""
        self._validator.choices = tuple(choices)

    def is_complete(self) -> bool:
        """Whether the text is an answer that no other answer starts with."""
        typed = self.text().strip()
        return typed in self.choices and not any(
            choice != typed and choice.startswith(typed) for choice in self.choices
        )

    def score(self) -> int | None:
        """The number typed, ``None`` when blank (the form checks it is one of the scores)."""
        typed = self.text().strip()
        return int(typed) if typed.isdigit() else None

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_requested.emit()
            event.accept()
            return
        if plain and event.key() == Qt.Key.Key_Backspace and not self.text():
            self.back_requested.emit()
            event.accept()
            return
        start = self.selectionStart() if self.hasSelectedText() else self.cursorPosition()
        end = start + len(self.selectedText())
        self._attempt = self.text()[:start] + event.text() + self.text()[end:]
        before = self.text()
        super().keyPressEvent(event)
        # After the key's own signals: a part's letter has set its score box's scores.
        if self.text() != before and self.is_complete():
            self.answered.emit()


class ActivityEdit(QLineEdit):
    """An activity's name: Enter moves on to its score rather than closing the form."""

    next_requested = Signal()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.next_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


@dataclass(slots=True)
class ItemRow:
    """The boxes of one item: its score, and for an item of parts the part's letter."""

    item: Item
    score: AnswerEdit
    hint: PlainLabel
    part: AnswerEdit | None = None

    def part_id(self) -> str | None:
        """The answer key of the part typed (``"8B"``), or ``None``."""
        if self.part is None or not self.part.text():
            return None
        return self.item.id + self.part.text()


@dataclass(slots=True)
class ActivityRow:
    """One activity the patient names, and its score."""

    activity: QLineEdit
    score: AnswerEdit

    def is_blank(self) -> bool:
        return not self.activity.text().strip() and not self.score.text()


class ItemsScroll(QScrollArea):
    """A scroll area that asks for room for all its items; the dialog caps it to the screen."""

    @override
    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = super().sizeHint()
        if inner is None:
            return hint
        frame = 2 * self.frameWidth()
        hint.setHeight(inner.sizeHint().height() + frame)
        return hint
