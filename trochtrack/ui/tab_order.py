"""Tab in reading order: the order the layouts place the inputs, not the order they were made.

Qt's Tab order is the order widgets were created, so a field made early and laid out late
(or a card added after the window was built) is reached out of turn. :func:`follow_layout`
re-chains every input under a widget in layout order: a box layout's items in turn, a form
row by row, a grid row by row and left to right, a splitter's panes and a tab widget's
tab bar, corner widgets and pages in order, a scroll area's content in place.
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
        # A corner widget sits on the tab bar's line: read with it, before the pages.
        for corner in (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner):
            beside = widget.cornerWidget(corner)
            if beside is not None:
                yield from tab_stops_in_layout_order(beside)
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
    for member in layout_members(layout):
        if isinstance(member, QWidget):
            yield from tab_stops_in_layout_order(member)
        else:
            yield from _in_layout(member)


def layout_members(layout: QLayout) -> list[QWidget | QLayout]:
    """The widgets and inner layouts ``layout`` places, in its order (a form's row by row).

    Read through positions (``indexOf``, a form's and a grid's cells), never through
    ``itemAt``: PySide keeps the wrapper of each item ``itemAt`` returns alive beside
    the layout, and once Qt deletes the item with its widget (an alert card replaced,
    a dialog closed), the stale wrapper stays registered at a freed address. An object
    made there later was then destroyed through it: the segmentation faults seen after
    a dialog closed.
    """
    owner = layout.parentWidget()
    children = (
        []
        if owner is None
        else owner.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    )
    members: list[QWidget | QLayout] = [w for w in children if layout.indexOf(w) >= 0]
    members += [child for child in layout.children() if isinstance(child, QLayout)]
    return sorted(members, key=lambda member: _place(layout, member))


def _place(layout: QLayout, member: QWidget | QLayout) -> tuple[int, int]:
    """Where ``member`` sits in ``layout``: row and column (a form's caption first)."""
    if isinstance(layout, QFormLayout):
        # The stubs say ``object``: the row and role are C++ out-parameters.
        cell: tuple[int, QFormLayout.ItemRole] = (
            layout.getWidgetPosition(member)  # type: ignore[assignment]
            if isinstance(member, QWidget)
            else layout.getLayoutPosition(member)
        )
        return cell[0], cell[1].value
    index = layout.indexOf(member)
    if isinstance(layout, QGridLayout):
        position: tuple[int, int, int, int] = layout.getItemPosition(index)  # type: ignore[assignment]
        return position[0], position[1]
    return index, 0
