"""Tab in reading order, read from the layouts without leaving stale wrappers behind."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from trochtrack.ui.tab_order import follow_layout


def _field(name: str, parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    return field


def _form_made_out_of_order(qtbot: QtBot) -> QWidget:
    """Fields made in an order unlike the one they are laid out in: the last made comes first."""
    root = QWidget()
    qtbot.addWidget(root)
    made = {name: _field(name, root) for name in ("grid 1,1", "grid 0,1", "row 2", "row 1")}
    made["grid 1,0"] = _field("grid 1,0", root)
    made["grid 0,0"] = _field("grid 0,0", root)
    made["top"] = _field("top", root)
    body = QVBoxLayout(root)
    body.addWidget(made["top"])
    form = QFormLayout()
    body.addLayout(form)
    form.addRow("Row 1", made["row 1"])
    beside = QHBoxLayout()
    form.addRow("Row 2", beside)
    beside.addWidget(made["row 2"])
    grid = QGridLayout()
    body.addLayout(grid)
    for name in ("grid 1,1", "grid 0,1", "grid 1,0", "grid 0,0"):
        row, column = (int(part) for part in name.split()[1].split(","))
        grid.addWidget(made[name], row, column)
    return root


def _tab_round(root: QWidget) -> list[str]:
    fields = root.findChildren(QLineEdit)
    first = next(f for f in fields if f.objectName() == "top")
    order, widget = [first.objectName()], first.nextInFocusChain()
    while widget is not first:
        if isinstance(widget, QLineEdit):
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return order


def _layout_item_wrappers() -> int:
    """How many Python wrappers of Qt layout items that are not layouts (a widget's place)."""
    return sum(
        1
        for wrapper in shiboken6.getAllValidWrappers()
        if isinstance(wrapper, QLayoutItem) and not isinstance(wrapper, QLayout)
    )


def test_tab_goes_through_the_fields_in_the_order_the_layouts_show_them(qtbot: QtBot):
    root = _form_made_out_of_order(qtbot)
    follow_layout(root)
    assert _tab_round(root) == [
        "top",
        "row 1",
        "row 2",
        "grid 0,0",
        "grid 0,1",
        "grid 1,0",
        "grid 1,1",
    ]


def test_a_tab_widgets_corner_widget_is_reached_with_its_tab_bar_before_the_pages(
    qtbot: QtBot,
):
    # The Charts tab's chart selector sits in the tab bar's corner: Tab reached it only
    # after the alerts beside the tabs, jumping back up the window.
    root = QWidget()
    qtbot.addWidget(root)
    tabs = QTabWidget(root)
    page = QWidget()
    QVBoxLayout(page).addWidget(_field("page", page))
    tabs.addTab(page, "Page")
    after = _field("after", root)
    top = _field("top", root)
    corner = _field("corner", root)
    tabs.setCornerWidget(corner)
    body = QVBoxLayout(root)
    body.addWidget(top)
    body.addWidget(tabs)
    body.addWidget(after)
    follow_layout(root)
    assert _tab_round(root) == ["top", "corner", "page", "after"]


def test_reading_the_layouts_keeps_no_wrapper_of_a_layout_item(qtbot: QtBot):
    """A kept wrapper outlives its item, which Qt deletes with the widget.

    PySide holds the wrapper of every item ``QLayout.itemAt`` returns as long as the
    layout lives; an alert card replaced or a dialog closed deleted the item beneath it,
    and an object made later at the same address was destroyed through the stale
    wrapper: the app crashed (a segmentation fault) a moment after a dialog was saved.
    """
    root = _form_made_out_of_order(qtbot)
    before = _layout_item_wrappers()
    follow_layout(root)
    assert _layout_item_wrappers() == before
