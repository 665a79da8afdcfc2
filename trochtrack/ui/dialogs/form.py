"""The base of every entry dialog: fields with inline errors, save through a service.

A dialog builds the domain record from its fields and hands it to one service call, run
as an :class:`~trochtrack.ui.operations.Operation` (which announces the change and its
undo). A ``ValidationError`` names the field at fault (``pain_nrs``,
``findings[1].dims_mm[0]``): its message appears under that field, which takes the
focus. A database failure (busy, disk full, read-only) is reported at the top and the
dialog stays open with everything that was typed, so pressing Save again retries.
Closing a dialog with changes asks first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final, Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from trochtrack.domain.plausibility import Doubt
from trochtrack.services.errors import ValidationError
from trochtrack.ui.context import AppContext
from trochtrack.ui.operations import Change, Failed, Operation, returned
from trochtrack.ui.tab_order import follow_layout
from trochtrack.ui.text import ERROR_COLOUR, PlainLabel, plain_tooltip
from trochtrack.ui.widgets.dates import DateEdit, OptionalDateEdit
from trochtrack.wording.doubts import doubt_text

_INDEX_SUFFIX: Final = re.compile(r"\[\d+\]$")
INVALID_STYLE: Final = f"border: 2px solid {ERROR_COLOUR};"


@runtime_checkable
class ChecksItself(Protocol):
    """A field that can say what is wrong with what was typed in it, on its own."""

    def problem(self) -> ValidationError | None: ...


class SaveDeclined(Exception):  # noqa: N818 - a user's answer, not an error
    """The user declined a question asked while saving; nothing was saved."""


@dataclass(slots=True)
class FieldSlot:
    """An input with its caption and the label that shows its error."""

    widget: QWidget
    error_label: PlainLabel
    caption: str
    check: Callable[[], object] | None = None
    """The domain's check of what the field holds, run before the record is built."""

    def problem(self) -> ValidationError | None:
        """What is wrong with the field on its own, if anything."""
        if isinstance(self.widget, ChecksItself) and (found := self.widget.problem()) is not None:
            return found
        if self.check is not None:
            try:
                self.check()
            except ValidationError as error:
                return error
        return None

    def show_error(self, problem: str) -> None:
        self.error_label.setText(problem)
        self.error_label.setVisible(True)
        self.marked().setStyleSheet(INVALID_STYLE)
        self.widget.setToolTip(plain_tooltip(problem) or "")

    def marked(self) -> QWidget:
        """The input the error border goes on: a compound field's focus proxy.

        The border then frames the input, not also the field's buttons and hints.
        """
        return self.widget.focusProxy() or self.widget

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.setVisible(False)
        self.marked().setStyleSheet("")
        self.widget.setToolTip("")


def field_widget(caption: str, widget: QWidget, parent: QWidget) -> tuple[QWidget, FieldSlot]:
    """``widget`` with an error label under it, and the slot that drives both."""
    holder = QWidget(parent)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    error = PlainLabel("", holder, wrap=True)
    error.setStyleSheet(f"color: {ERROR_COLOUR};")
    error.setVisible(False)
    column.addWidget(error)
    name = caption.replace("&", "").rstrip(":").strip()
    widget.setAccessibleName(name)
    return holder, FieldSlot(widget, error, name)


def show_row(form: QFormLayout, field: QWidget, shown: bool) -> None:
    """Show or hide the row of ``field`` (made by :func:`field_widget`) with its caption."""
    holder = field.parentWidget() or field
    holder.setVisible(shown)
    label = form.labelForField(holder)
    if label is not None:
        label.setVisible(shown)


def snapshot(root: QWidget) -> tuple[object, ...]:
    """What every input under ``root`` holds, to tell whether anything was changed."""
    state: list[object] = []
    for widget in _in_stable_order(root):
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a date field or a combo box
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QComboBox):
            state.append(widget.currentIndex())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
    return tuple(state)


def _in_stable_order(parent: QWidget) -> Iterator[QWidget]:
    """The widgets under ``parent``, depth first, in an order that showing them keeps.

    A tab page brought to the front is raised, which moves it last among its siblings:
    the pages are taken in their tabs' order instead, so turning a page is no change.
    """
    children = parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if isinstance(parent, QStackedWidget):
        children.sort(key=lambda child: (parent.indexOf(child) < 0, parent.indexOf(child)))
    for child in children:
        yield child
        yield from _in_stable_order(child)


def _takes_focus(widget: QWidget) -> QWidget:
    """``widget``, made to take a caption's Alt+letter: a group passes it to its first choice.

    Qt gives the focus only to a buddy that takes focus itself, and a plain container of
    radio buttons did not (its caption's key did nothing). The container stays the buddy,
    with its first choice as focus proxy: a button as buddy would be clicked by the key.
    """
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return widget
    if widget.focusProxy() is None:
        first = next(
            (c for c in widget.findChildren(QWidget) if c.focusPolicy() != Qt.FocusPolicy.NoFocus),
            None,
        )
        if first is None:
            return widget
        widget.setFocusProxy(first)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return widget


def in_use(widget: QWidget, dialog: QWidget) -> bool:
    """Whether ``widget`` is part of what ``dialog`` saves: shown, or on a tab page not on top.

    A field on another page is saved with the rest, so its problem shows with theirs.
    """
    shown: QWidget | None = widget
    while shown is not None and shown is not dialog:
        if shown.isHidden() and not isinstance(shown.parentWidget(), QStackedWidget):
            return False
        shown = shown.parentWidget()
    return True


def show_page_of(widget: QWidget, dialog: QWidget) -> None:
    """Turn every tab widget between ``widget`` and ``dialog`` to the page that holds it."""
    page, parent = widget, widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QStackedWidget):
            tabs = parent.parentWidget()
            if isinstance(tabs, QTabWidget):
                tabs.setCurrentWidget(page)
            else:
                parent.setCurrentWidget(page)
        page, parent = parent, parent.parentWidget()


class FormDialog(QDialog):
    """A dialog that saves through a service and keeps what was typed if that fails."""

    discard_question = "Close without saving? What you typed will be lost."

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.failure_label = PlainLabel("", self, wrap=True)
        self.failure_label.setStyleSheet(
            f"color: white; background: {ERROR_COLOUR}; padding: 6px; font-weight: bold;"
        )
        self.failure_label.setVisible(False)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.failure_label)
        self.body.addLayout(self.form)
        self._fields: dict[str, FieldSlot] = {}
        self._baseline: tuple[object, ...] = ()
        for keys in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, self.save)

    def add_field(
        self,
        path: str,
        caption: str,
        widget: QWidget,
        *,
        check: Callable[[], object] | None = None,
        form: QFormLayout | None = None,
    ) -> QWidget:
        """Add a row to the form for the domain field ``path``; returns ``widget``.

        ``check`` reads the field and raises the domain's ``ValidationError`` when what it
        holds is wrong: it then shows with every other field's problem on Save. ``form``
        is another form of the dialog to put the row in (on a tab page, say).
        """
        holder, slot = field_widget(caption, widget, self)
        slot.check = check
        if isinstance(widget, DateEdit | OptionalDateEdit):
            widget.bind_field(path)
        label = PlainLabel(caption, self)
        label.setBuddy(_takes_focus(widget))
        (form or self.form).addRow(label, holder)
        self._fields[path] = slot
        return widget

    def finish(self) -> None:
        """Call at the end of a subclass's constructor: buttons last, nothing changed yet.

        Room the fields do not need goes below them, not between the rows; when a part
        of the body stretches already (the scan's list of findings), all of it goes there.
        """
        if not any(self.body.stretch(index) for index in range(self.body.count())):
            self.body.addStretch(1)
        self.body.addWidget(self.buttons)
        follow_layout(self)
        self.mark_saved()

    def mark_saved(self) -> None:
        self._baseline = snapshot(self)

    def is_dirty(self) -> bool:
        return snapshot(self) != self._baseline

    def commit(self) -> Change:
        """Build the record from the fields and save it (one service call); what changed.

        Raise :class:`SaveDeclined` when the user answered a question with "no": the
        dialog then stays open as it is.
        """
        raise NotImplementedError

    def confirm_likely(self, doubts: list[Doubt]) -> None:
        """Ask before saving an unlikely entry; :class:`SaveDeclined` if the user says no.

        The field in doubt then takes the focus, so the slip can be put right at once.
        """
        if not doubts:
            return
        question = "\n\n".join(doubt_text(doubt) for doubt in doubts)
        if self.ctx.prompter.confirm(self, self.windowTitle(), question, action="Save anyway"):
            return
        slot = self.field_for(doubts[0].field)
        if slot is not None:
            self.go_to(slot)
        raise SaveDeclined

    def after_save(self) -> None:
        """What the dialog does once the change is announced (say what it saved)."""

    def save(self) -> bool:
        """Save; on failure show why and keep the dialog open. Whether it was saved.

        Every field that can tell on its own what is wrong with it (a number out of range,
        a date that is no date) is checked first, and all their problems show at once.
        """
        self.clear_errors()
        if self.show_field_problems():
            return False
        operation = Operation(
            self.ctx,
            self,
            self.commit,
            title=self.windowTitle(),
            failure="Not saved.",
            changed=returned,
            on_failure=self.show_error,
        )
        try:
            if isinstance(operation.run(), Failed):
                return False
        except SaveDeclined:
            return False
        self.after_save()
        self.mark_saved()
        self.accept()
        return True

    def show_error(self, error: Exception) -> None:
        """A field's problem under the field; anything else at the top."""
        if isinstance(error, ValidationError):
            self.show_validation_error(error)
        else:
            self.show_failure(
                f"Not saved. {error}\nWhat you typed is still here: press Save to try again."
            )

    def field_for(self, path: str) -> FieldSlot | None:
        """The field an error path names (``dims_mm[2]`` falls back to ``dims_mm``)."""
        while path:
            if path in self._fields:
                return self._fields[path]
            shorter = _INDEX_SUFFIX.sub("", path)
            if shorter == path:
                return None
            path = shorter
        return None

    def all_fields(self) -> list[FieldSlot]:
        return list(self._fields.values())

    def show_field_problems(self) -> bool:
        """Show each field's own problem under it, go to the first; whether there were any."""
        found = [
            (slot, problem)
            for slot in self.all_fields()
            if in_use(slot.widget, self) and (problem := slot.problem()) is not None
        ]
        if not found:
            return False
        for slot, problem in found:
            slot.show_error(problem.problem)
        first, first_problem = found[0]
        self.go_to(first)
        if len(found) == 1:
            self.show_failure(f"Not saved: check {self.place_of(first)}: {first_problem.problem}")
        else:
            places = "; ".join(self.place_of(slot) for slot, _problem in found)
            self.show_failure(f"Not saved: {len(found)} fields need correcting: {places}.")
        return True

    def place_of(self, slot: FieldSlot) -> str:
        """Where a field is, as the error message names it (its caption here)."""
        return slot.caption

    def go_to(self, slot: FieldSlot) -> None:
        """Focus a field, turning to its tab page and scrolling it into view as needed."""
        show_page_of(slot.widget, self)
        slot.widget.setFocus()
        parent = slot.widget.parentWidget()
        while parent is not None and parent is not self:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(slot.widget)
            parent = parent.parentWidget()

    def show_validation_error(self, error: ValidationError) -> None:
        slot = self.field_for(error.path)
        if slot is None:
            self.show_failure(f"Not saved: {error}")
            return
        slot.show_error(error.problem)
        self.go_to(slot)
        self.show_failure(f"Not saved: check {self.place_of(slot)}: {error.problem}")

    def show_failure(self, message: str) -> None:
        self.failure_label.setText(message)
        self.failure_label.setVisible(True)

    def clear_errors(self) -> None:
        self.failure_label.clear()
        self.failure_label.setVisible(False)
        for slot in self.all_fields():
            slot.clear_error()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        """Open tall enough for the wrapped text at the width the dialog opens with.

        Qt sizes a window by its text unwrapped; a dialog wider than that (its minimum
        width) wraps its intro into more lines and opened with its last field cut off.
        """
        super().showEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    @override
    def reject(self) -> None:
        if self.is_dirty() and not self.ctx.prompter.confirm(
            self, self.windowTitle(), self.discard_question, action="Discard"
        ):
            return
        super().reject()
