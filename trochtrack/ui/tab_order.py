"""Tab in reading order: the order the layouts place the inputs, not the order they were made.

Qt's Tab order is the order widgets were created, so a field made early and laid out late
(or a card added after the window was built) is reached out of turn. :func:`follow_layout`
re-chains every input under a widget in layout order: a box layout's items in turn, a form
row by row, a grid row by row and left to right, a splitter's panes and a tab widget's
pages in order, a scroll area's content in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)


def follow_layout(root: QWidget) -> None:
    """Make Tab visit the inputs under ``root`` in the order its layouts show them."""
    for first, second in pairwise(tab_stops_in_layout_order(root)):
        QWidget.setTabOrder(first, second)


def tab_stops_in_layout_order(widget: QWidget) -> Iterator[QWidget]:
    """The widgets Tab may stop at under ``widget`` (itself first), in layout order."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
        yield widget
    if isinstance(widget, QAbstractSpinBox | QComboBox):
        return  # Qt's own inside
    if isinstance(widget, QTabWidget):
        yield from tab_stops_in_layout_order(widget.tabBar())
    if isinstance(widget, QTabWidget | QSplitter):
        for index in range(widget.count()):
            page = widget.widget(index)
            if page is not None:
                yield from tab_stops_in_layout_order(page)
        return
    if isinstance(widget, QScrollArea):
        content = widget.widget()
        if content is not None:
            yield from tab_stops_in_layout_order(content)
        return
    if isinstance(widget, QAbstractScrollArea):
        return  # a table or a text box: one stop
    layout = widget.layout()
    if layout is not None:
        yield from _in_layout(layout)


def _in_layout(layout: QLayout) -> Iterator[QWidget]:
    for item in _items_in_order(layout):
        child = item.widget()
        if child is not None:
            yield from tab_stops_in_layout_order(child)
        else:
            inner = item.layout()
            if inner is not None:
                yield from _in_layout(inner)


def _items_in_order(layout: QLayout) -> list[QLayoutItem]:
    if isinstance(layout, QFormLayout):
        found = [
            layout.itemAt(row, role)
            for row in range(layout.rowCount())
            for role in (
                QFormLayout.ItemRole.LabelRole,
                QFormLayout.ItemRole.FieldRole,
                QFormLayout.ItemRole.SpanningRole,
            )
        ]
    elif isinstance(layout, QGridLayout):
        grid = layout

        def place(index: int) -> tuple[int, int]:
            position: tuple[int, int, int, int] = grid.getItemPosition(index)  # type: ignore[assignment]
            return position[0], position[1]

        found = [grid.itemAt(i) for i in sorted(range(grid.count()), key=place)]
    else:
        found = [layout.itemAt(i) for i in range(layout.count())]
    return [item for item in found if item is not None]
