"""The layout faults a user sees, found in a shown widget tree.

``layout_faults(window)`` lists, in words, every place where:

- a visible widget sits in no layout (it then lies at its parent's top left, over the
  first row, and is still in the Tab order: the stray "closing reason" box of New episode);
- two visible sibling widgets overlap;
- a visible widget lies partly outside its parent;
- an input cannot be reached with Tab, or Tab visits the inputs out of reading order;
- a label's or a button's text does not fit in the room it has (Qt cuts it off or elides it);
- a form scrolls sideways (its right-hand fields out of sight);
- two things in sight share an Alt+letter (menus, tabs, buttons, captions): Qt then
  takes turns between them, so the key a user learnt does something else every other time;
- the window itself cannot shrink to the screen it is checked at.

Only the widgets the app lays out are checked; the inside of Qt's own compound widgets (the
line edit in a combo box, a scroll area's viewport, a tab bar's buttons) is Qt's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QTabWidget,
    QWidget,
)

from trochtrack.ui.tab_order import layout_members

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton)
PLAIN_CONTAINERS = (QWidget, QFrame, QGroupBox, QDialog, QMainWindow)
"""Classes whose children the app places itself, in a layout."""
QT_COMPOUNDS = (QAbstractSpinBox, QComboBox, QAbstractScrollArea, QTabWidget, QSplitter)
"""Qt's own compound widgets: their inside is laid out by Qt."""


def layout_faults(window: QWidget, *, screen: QSize | None = None) -> list[str]:
    """Every fault in ``window`` as shown now (call after it is shown and laid out)."""
    faults: list[str] = []
    if screen is not None:
        needed = window.minimumSizeHint().expandedTo(window.minimumSize())
        if needed.width() > screen.width() or needed.height() > screen.height():
            faults.append(
                f"{_name(window)} needs {needed.width()}x{needed.height()}, "
                f"more than a {screen.width()}x{screen.height()} screen"
            )
    for parent in _laid_out_containers(window):
        children = _shown_children(parent, window)
        faults += _unplaced(parent, children)
        faults += _overlaps(parent, children)
        faults += _outside(parent, children)
    faults += _tab_faults(window)
    faults += _cut_texts(window)
    faults += _sideways_scrolling(window)
    faults += mnemonic_clashes(window)
    return faults


def mnemonic_clashes(window: QWidget) -> list[str]:
    """Each Alt+letter that two things in sight of ``window`` answer to."""
    texts: list[str] = []
    if isinstance(window, QMainWindow):
        texts += [action.text() for action in window.menuBar().actions() if action.isVisible()]
    for tabs in window.findChildren(QTabWidget):
        if tabs.isVisible():
            texts += [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
    texts += [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and label.buddy() is not None
    ]
    holders: dict[str, list[str]] = {}
    for text in texts:
        key = _mnemonic(text)
        if key is not None:
            holders.setdefault(key, []).append(text.replace("&&", "&"))
    return [
        f"Alt+{key.upper()} answers to {', '.join(repr(t) for t in shared)} in {_name(window)}"
        for key, shared in sorted(holders.items())
        if len(shared) > 1
    ]


def _mnemonic(text: str) -> str | None:
    index = 0
    while (index := text.find("&", index)) != -1 and index + 1 < len(text):
        if text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2
    return None


def _name(widget: QWidget) -> str:
    text = widget.accessibleName() or widget.objectName()
    if not text and isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    kind = type(widget).__name__
    return f"{kind} {text!r}" if text else kind


def _is_app_container(widget: QWidget) -> bool:
    if isinstance(widget, QT_COMPOUNDS):
        return False
    return type(widget) in PLAIN_CONTAINERS or type(widget).__module__.startswith("trochtrack.")


def _inside_qt_compound(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, (*QT_COMPOUNDS, QDialogButtonBox)) and not _is_page(widget, parent):
            return True
        parent = parent.parentWidget()
    return False


def _is_page(widget: QWidget, compound: QWidget) -> bool:
    """Whether ``widget`` is (inside) a page or pane the app gave to a Qt compound widget."""
    pages: list[QWidget] = []
    if isinstance(compound, QTabWidget | QSplitter | QStackedWidget):
        pages = [compound.widget(i) for i in range(compound.count())]
    elif isinstance(compound, QAbstractScrollArea) and hasattr(compound, "widget"):
        pages = [compound.widget()]
    return any(page is widget or page.isAncestorOf(widget) for page in pages if page)


def _laid_out_containers(window: QWidget) -> Iterator[QWidget]:
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and (widget.isWindow() or not widget.isVisibleTo(window)):
            continue
        if widget is not window and _inside_qt_compound(widget, window):
            continue
        if _is_app_container(widget):
            yield widget


def _shown_children(parent: QWidget, window: QWidget) -> list[QWidget]:
    return [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not child.isWindow() and child.isVisibleTo(window)
    ]


def _layout_widgets(layout: QLayout | None) -> set[int]:
    placed: set[int] = set()
    if layout is None:
        return placed
    if layout.menuBar() is not None:
        placed.add(id(layout.menuBar()))
    for member in layout_members(layout):
        if isinstance(member, QWidget):
            placed.add(id(member))
        else:
            placed |= _layout_widgets(member)
    return placed


def _unplaced(parent: QWidget, children: list[QWidget]) -> list[str]:
    placed = _layout_widgets(parent.layout())
    return [
        f"{_name(child)} is in no layout of {_name(parent)}: it lies at "
        f"({child.x()}, {child.y()}) over whatever is there"
        for child in children
        if id(child) not in placed
    ]


def _overlaps(parent: QWidget, children: list[QWidget]) -> list[str]:
    faults = []
    for index, first in enumerate(children):
        for second in children[index + 1 :]:
            common = first.geometry().intersected(second.geometry())
            if common.width() > 0 and common.height() > 0:
                faults.append(f"{_name(first)} and {_name(second)} overlap in {_name(parent)}")
    return faults


def _outside(parent: QWidget, children: list[QWidget]) -> list[str]:
    room = parent.rect()
    return [
        f"{_name(child)} lies partly outside {_name(parent)}"
        for child in children
        if not room.contains(child.geometry())
    ]


def _tab_stops(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits from the first, in order, once round.

    As in Qt's own Tab handling, a widget with a focus proxy is passed over (the proxy is
    the stop).
    """
    stops: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget not in stops:
        if (
            widget.isVisibleTo(window)
            and widget.isEnabled()
            and not widget.isWindow()
            and widget.window() is window
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def _owner(widget: QWidget, window: QWidget) -> QWidget:
    """The input a tab stop belongs to (the combo box of its line edit, say)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return parent
        parent = parent.parentWidget()
    return widget


def _box(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _outermost_scroll_area(widget: QWidget, window: QWidget) -> QWidget | None:
    found = None
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            found = parent
        parent = parent.parentWidget()
    return found


def _reading_boxes(before: QWidget, after: QWidget, window: QWidget) -> tuple[QRect, QRect]:
    """Where the reader sees two stops; a stop scrolled out of view counts as its area."""
    first_area = _outermost_scroll_area(before, window)
    second_area = _outermost_scroll_area(after, window)
    if first_area is not second_area:
        before = first_area or before
        after = second_area or after
    return _box(before, window), _box(after, window)


def _tab_faults(window: QWidget) -> list[str]:
    stops = [_owner(stop, window) for stop in _tab_stops(window)]
    reached = {id(stop) for stop in stops}
    faults = [
        f"{_name(widget)} cannot be reached with Tab"
        for widget in window.findChildren(QWidget)
        if isinstance(widget, INPUTS)
        and widget.isVisibleTo(window)
        and widget.isEnabled()
        and not _inside_qt_compound(widget, window)
        and id(_owner(widget, window)) not in reached
        and not (isinstance(widget, QRadioButton) and not widget.isChecked())
    ]
    ordered = [
        stop for stop in stops if not _in_button_box(stop, window) and not _is_scrolled_view(stop)
    ]
    if ordered:
        # Tab goes round: read the round from the input a reader meets first.
        first = min(range(len(ordered)), key=lambda i: _reading_key(ordered[i], window))
        ordered = ordered[first:] + ordered[:first]
    for before, after in pairwise(ordered):
        before_box, after_box = _reading_boxes(before, after, window)
        if _reads_before(after_box, before_box):
            faults.append(f"Tab goes from {_name(before)} back up to {_name(after)}")
    return faults


def _in_button_box(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QDialogButtonBox):
            return True
        parent = parent.parentWidget()
    return False


def _is_scrolled_view(widget: QWidget) -> bool:
    """A table or a scroll area: one stop whose box spans rows, so not placed in reading."""
    return isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QPlainTextEdit)


def _reading_key(widget: QWidget, window: QWidget) -> tuple[int, int, int, int]:
    """Where a reader meets ``widget``: its scroll area's place first, then its own."""
    own = _box(widget, window)
    seen = _box(_outermost_scroll_area(widget, window) or widget, window)
    return seen.top(), seen.left(), own.top(), own.left()


def _reads_before(first: QRect, second: QRect) -> bool:
    """Whether a reader meets ``first`` before ``second`` (above it, or left on its row)."""
    if first.bottom() < second.top():
        return True
    same_row = first.top() <= second.bottom() and second.top() <= first.bottom()
    return same_row and first.right() < second.left()


def _sideways_scrolling(window: QWidget) -> list[str]:
    """A form that scrolls sideways hides its right-hand fields (only tables may)."""
    return [
        f"{_name(area)} scrolls sideways: its content is wider than the room it has"
        for area in window.findChildren(QScrollArea)
        if area.isVisibleTo(window) and area.horizontalScrollBar().isVisibleTo(window)
    ]


def _combo_text_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def _cut_texts(window: QWidget) -> list[str]:
    faults = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or _inside_qt_compound(widget, window):
            continue
        if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height():
                    faults.append(
                        f"{_name(widget)} needs {needed} px of height and has {widget.height()}"
                    )
            elif widget.sizeHint().width() > widget.width():
                faults.append(f"{_name(widget)} is cut off: it has {widget.width()} px")
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            room = _combo_text_room(widget)
            if widget.fontMetrics().horizontalAdvance(widget.currentText()) > room:
                faults.append(f"{_name(widget)} cuts off its choice: it has {room} px for it")
        elif (
            isinstance(widget, QAbstractButton)
            and widget.text()
            and widget.sizeHint().width() > widget.width()
        ):
            faults.append(f"{_name(widget)} is cut off: it has {widget.width()} px")
    return faults
