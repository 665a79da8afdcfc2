"""Entering one questionnaire item by item, scored while it is typed.

Each item shows its number, the project's own short label (never the questionnaire's
wording: the patient fills in the published form) and the scores it offers. A box takes
only those scores, and the cursor moves on by itself once an answer is complete, so
most answers take one key. An item answered in one of several parts (VISA-G question 8)
takes the part's letter first, then a score from that part's scale. The activities the
patient names (PSFS) each take a name and a score.

The total is worked out as the items are typed, by the instrument's own rules, with the
reason when there is none. Blank items are kept and flagged, never refused. Nothing is
saved here: OK hands the answers back to the visit, which is saved with them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import Instrument, Item, NamedItems
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import snapshot
from trochtrack.ui.tab_order import follow_layout
from trochtrack.ui.text import ERROR_COLOUR, PlainLabel, show_number
from trochtrack.ui.widgets.questionnaire_entry import (
    ActivityEdit,
    ActivityRow,
    AnswerEdit,
    ItemRow,
    ItemsScroll,
    scores_text,
)

BLANK_COLOUR = "#FFF4D6"
"""The background of an item left blank in a form that has answers."""
SCREEN_MARGIN = 60
"""Room left above and below a dialog sized to its items (window frame, panels)."""
MINIMUM_WIDTH = 480


class QuestionnaireDialog(QDialog):
    """The items of one instrument; ``kept`` is the form as last accepted (``None``: none)."""

    def __init__(self, ctx: AppContext, definition: Instrument, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.definition = definition
        self.kept: Questionnaire | None = None
        self.setWindowTitle(f"{definition.name} items")
        self.setModal(True)
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.item_rows: list[ItemRow] = []
        self.activity_rows: list[ActivityRow] = []
        self.entries: list[QLineEdit] = []
        """Every box in the order the answers are typed."""
        self.intro = PlainLabel(self._intro(), self, wrap=True)
        content = QWidget(self)
        self.grid = QGridLayout(content)
        self.grid.setColumnStretch(1, 1)
        if definition.named_items is not None:
            self._build_activities(definition.named_items)
        else:
            for item in definition.items:
                self._build_item(item)
        self.items_scroll = ItemsScroll(self)
        self.items_scroll.setWidgetResizable(True)
        self.items_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.items_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items_scroll.setWidget(content)
        bar = self.items_scroll.verticalScrollBar().sizeHint().width()
        self.items_scroll.setMinimumWidth(content.minimumSizeHint().width() + bar)
        self._build_footer()
        for keys in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, self.accept)
        for entry in self.entries:
            entry.textChanged.connect(self.update_total)
        follow_layout(self)
        self._opened_as: tuple[object, ...] = snapshot(self)
        self.update_total()

    def _build_footer(self) -> None:
        """The total, why there is none, what was refused, and the buttons; then the layout."""
        definition = self.definition
        self.total_label = PlainLabel("", self)
        self.total_label.setStyleSheet("font-weight: bold;")
        self.total_label.setAccessibleName(f"{definition.name} total")
        self.reason_label = PlainLabel("", self, wrap=True)
        self.notice_label = PlainLabel("", self, wrap=True)
        self.notice_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.notice_label.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.clear_button = self.buttons.addButton(
            "Clea&r answers", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.clear_button.setToolTip(
            f"Empty every box: the visit then records no {definition.name}"
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.clear_button.clicked.connect(self.clear_answers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.items_scroll, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.buttons)

    def _intro(self) -> str:
        name = self.definition.name
        text = (
            f"Type the scores from the patient's {name} form. The cursor moves to the next "
            "item once an answer is complete; Enter or Tab moves on too, and Backspace in an "
            "empty box goes back. Blank items are kept and flagged."
        )
        if any(item.parts for item in self.definition.items):
            text += " For a question in parts, type the part's letter first, then its score."
        if self.definition.named_items is not None:
            named = self.definition.named_items
            text = (
                f"Type each activity the patient named ({named.fewest} to {named.most}) and "
                f"its score ({scores_text(named.scores)}); the cursor moves on once a score "
                "is complete. An activity left unscored is kept and flagged."
            )
        return text

    def _build_item(self, item: Item) -> None:
        row = self.grid.rowCount()
        self.grid.addWidget(PlainLabel(item.id, self), row, 0)
        self.grid.addWidget(PlainLabel(item.label, self), row, 1)
        if not item.parts:
            score = self._entry([str(s) for s in item.scores], f"Item {item.id}")
            hint = PlainLabel(scores_text(item.scores), self)
            self.grid.addWidget(score, row, 2)
            self.grid.addWidget(hint, row, 3)
            self.item_rows.append(ItemRow(item, score, hint))
            return
        letters = [part.id.removeprefix(item.id) for part in item.parts]
        part = self._entry(letters, f"Item {item.id} part")
        self.grid.addWidget(part, row, 2)
        choices = f"part {', '.join(letters[:-1])} or {letters[-1]}"
        self.grid.addWidget(PlainLabel(choices, self), row, 3)
        score = self._entry([], f"Item {item.id} score")
        score.setEnabled(False)
        hint = PlainLabel("", self)
        self.grid.addWidget(PlainLabel("score of the part", self), row + 1, 1)
        self.grid.addWidget(score, row + 1, 2)
        self.grid.addWidget(hint, row + 1, 3)
        parts_text = "\n".join(f"{p.label} ({scores_text(p.scores)})" for p in item.parts)
        self.grid.addWidget(PlainLabel(parts_text, self), row + 2, 1, 1, 3)
        entry = ItemRow(item, score, hint, part)
        self.item_rows.append(entry)
        part.textChanged.connect(lambda _text: self._on_part_changed(entry))
        self._on_part_changed(entry)

    def _build_activities(self, named: NamedItems) -> None:
        self.grid.addWidget(PlainLabel("Activity", self), 0, 1)
        self.grid.addWidget(PlainLabel("Score", self), 0, 2)
        for number in range(1, named.most + 1):
            activity = ActivityEdit(self)
            activity.setAccessibleName(f"Activity {number}")
            activity.setPlaceholderText("optional" if number > named.fewest else "")
            activity.next_requested.connect(lambda box=activity: self._advance(box))
            self.entries.append(activity)
            score = self._entry([str(s) for s in named.scores], f"Activity {number} score")
            self.grid.addWidget(PlainLabel(str(number), self), number, 0)
            self.grid.addWidget(activity, number, 1)
            self.grid.addWidget(score, number, 2)
            self.grid.addWidget(PlainLabel(scores_text(named.scores), self), number, 3)
            self.activity_rows.append(ActivityRow(activity, score))

    def _entry(self, choices: list[str], name: str) -> AnswerEdit:
        entry = AnswerEdit(choices, name, self)
        entry.answered.connect(lambda: self._advance(entry))
        entry.next_requested.connect(lambda: self._advance(entry, finishing=True))
        entry.back_requested.connect(lambda: self._go_back(entry))
        entry.refused.connect(lambda typed: self._refused(entry, typed))
        self.entries.append(entry)
        return entry

    # -- moving between boxes ---------------------------------------------------------

    def _advance(self, entry: QLineEdit, *, finishing: bool = False) -> None:
        """Focus the box after ``entry``; after the last, OK (Enter there keeps the answers)."""
        self.notice_label.setVisible(False)
        later = self.entries[self.entries.index(entry) + 1 :]
        following = next((each for each in later if each.isEnabled()), None)
        if following is not None:
            self._focus(following)
        elif finishing:
            self.accept()
        else:
            self.ok_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _go_back(self, entry: QLineEdit) -> None:
        earlier = self.entries[: self.entries.index(entry)]
        previous = next((each for each in reversed(earlier) if each.isEnabled()), None)
        if previous is not None:
            self._focus(previous)

    def _focus(self, entry: QLineEdit) -> None:
        """Focus ``entry`` with its answer selected, so the next key replaces it."""
        entry.setFocus(Qt.FocusReason.TabFocusReason)
        entry.selectAll()
        self.items_scroll.ensureWidgetVisible(entry)

    def _refused(self, entry: AnswerEdit, typed: str) -> None:
        offered = " ".join(entry.choices) or "none until a part is chosen"
        self.notice_label.setText(
            f"{entry.accessibleName()}: {typed.strip().upper()!r} is not an answer it takes "
            f"({offered})."
        )
        self.notice_label.setVisible(True)

    def _on_part_changed(self, row: ItemRow) -> None:
        """The part's letter sets the scores its score box takes."""
        part_id = row.part_id()
        scores = row.item.scores_for(part_id) if part_id else ()
        row.score.set_choices([str(s) for s in scores])
        row.score.setEnabled(bool(scores))
        row.hint.setText(scores_text(scores) if scores else "type the part first")
        typed = row.score.text()
        if typed and typed not in row.score.choices:
            row.score.clear()
            self.notice_label.setText(
                f"Item {row.item.id}: the score {typed} was cleared: it is not a score of "
                + (f"part {row.part.text()}." if part_id and row.part else "a part.")
            )
            self.notice_label.setVisible(True)

    # -- the answers ------------------------------------------------------------------

    def answers(self) -> tuple[Answer, ...]:
        """What the boxes hold, blank items left out (a part chosen but unscored is kept)."""
        if self.activity_rows:
            return tuple(
                Answer(
                    item=str(position),
                    score=row.score.score(),
                    activity=row.activity.text().strip() or None,
                )
                for position, row in enumerate(self._named_rows(), start=1)
            )
        found = []
        for row in self.item_rows:
            if row.part is not None:
                part_id = row.part_id()
                if part_id is not None:
                    found.append(Answer(item=part_id, score=row.score.score()))
            elif row.score.text():
                found.append(Answer(item=row.item.id, score=row.score.score()))
        return tuple(found)

    def _named_rows(self) -> list[ActivityRow]:
        return [row for row in self.activity_rows if not row.is_blank()]

    def entered_form(self) -> Questionnaire | None:
        """The form as typed, ``None`` when every box is blank; raises naming the item."""
        answers = self.answers()
        if not answers:
            return None
        return Questionnaire(instrument=self.definition.code, answers=answers)

    def box_of(self, path: str) -> QLineEdit | None:
        """The box an error path names (``answers.8B``, ``answers.2.activity``)."""
        parts = path.split(".")
        if len(parts) < 2 or parts[0] != "answers":
            return None
        if self.activity_rows:
            rows = self._named_rows()
            if not parts[1].isdigit() or not 0 < int(parts[1]) <= len(rows):
                return None
            row = rows[int(parts[1]) - 1]
            return row.activity if parts[-1] == "activity" else row.score
        item = self.definition.item_of_answer(parts[1])
        return next((row.score for row in self.item_rows if row.item is item), None)

    def update_total(self) -> None:
        """Show the total as the instrument scores what is typed, or why there is none."""
        try:
            form = self.entered_form()
        except ValidationError as error:
            self.total_label.setText("No total")
            self.reason_label.setText(self._where(error))
            self._flag_blanks(None)
            return
        self._flag_blanks(form)
        if form is None:
            self.total_label.setText("No answers yet")
            self.reason_label.setText(
                f"With every box blank, the visit records no {self.definition.name}."
            )
            return
        scored = form.score()
        if scored.total is None:
            self.total_label.setText("No total")
            self.reason_label.setText(scored.problem or "")
            return
        definition = self.definition
        better = "higher" if definition.higher_is_better else "lower"
        scale = f"{definition.low}–{definition.high}, {better} is better"
        if definition.scoring == "mean":
            self.total_label.setText(f"Mean: {show_number(scored.total)} ({scale})")
            self.reason_label.setText(f"Over {len(form.answers)} activities.")
        else:
            self.total_label.setText(f"Total: {scored.whole_total()} ({scale})")
            self.reason_label.setText(f"All {len(definition.items)} items answered.")

    def _where(self, error: ValidationError) -> str:
        box = self.box_of(error.path)
        place = box.accessibleName() if box is not None else self.definition.name
        return f"{place}: {error.problem}"

    def _flag_blanks(self, form: Questionnaire | None) -> None:
        """Mark the boxes left blank, once the form has answers (a blank one is no slip then)."""
        flagging = form is not None
        boxes: list[QLineEdit] = []
        if self.activity_rows:
            boxes = [row.score for row in self._named_rows()]
        else:
            boxes = [row.score for row in self.item_rows]
            boxes += [row.part for row in self.item_rows if row.part is not None]
        for box in self.entries:
            blank = flagging and box in boxes and not box.text()
            palette = box.palette()
            colour = BLANK_COLOUR if blank else self.palette().color(QPalette.ColorRole.Base)
            palette.setColor(QPalette.ColorRole.Base, colour)
            box.setPalette(palette)

    # -- opening and closing ----------------------------------------------------------

    def load(self, form: Questionnaire | None) -> None:
        """Fill the boxes with ``form``'s answers (all blank for ``None``)."""
        for entry in self.entries:
            entry.clear()
        self.notice_label.setVisible(False)
        if form is None:
            return
        if self.activity_rows:
            for named, answer in zip(self.activity_rows, form.answers, strict=False):
                named.activity.setText(answer.activity or "")
                named.score.setText("" if answer.score is None else str(answer.score))
            return
        for answer in form.answers:
            item = self.definition.item_of_answer(answer.item)
            row = next(each for each in self.item_rows if each.item is item)
            if row.part is not None:
                row.part.setText(answer.item.removeprefix(row.item.id))
            row.score.setText("" if answer.score is None else str(answer.score))

    def start(self) -> None:
        """Show the kept answers and open, the cursor in the first box."""
        self.load(self.kept)
        self._opened_as = snapshot(self)
        self.open()
        self._focus(self.entries[0])

    def clear_answers(self) -> None:
        for entry in self.entries:
            entry.clear()
        self._focus(self.entries[0])

    @override
    def accept(self) -> None:
        """Keep the answers, unless one cannot be what the patient wrote (said, and shown)."""
        try:
            form = self.entered_form()
        except ValidationError as error:
            self.notice_label.setText(f"Not kept: {self._where(error)}")
            self.notice_label.setVisible(True)
            box = self.box_of(error.path)
            if box is not None:
                self._focus(box)
            return
        self.kept = form
        super().accept()

    @override
    def reject(self) -> None:
        if snapshot(self) != self._opened_as and not self.ctx.prompter.confirm(
            self,
            self.windowTitle(),
            f"Close without keeping these {self.definition.name} answers? "
            "What you typed here will be lost.",
            action="Discard",
        ):
            return
        self.load(self.kept)
        super().reject()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Open tall enough for every item, as far as the screen allows (the rest scrolls)."""
        super().showEvent(event)
        room = self.screen().availableGeometry().height() - SCREEN_MARGIN
        wanted = min(self.sizeHint().height(), room)
        if wanted > self.height():
            self.resize(self.width(), wanted)
