"""A matplotlib figure inside the window (OO API; the chart builders fill the figure).

The canvas, and with it matplotlib, is made when the chart is first drawn: the app
starts without loading matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

MINIMUM_HEIGHT = 150


class ChartWidget(QWidget):
    """One canvas, redrawn into its own figure by a chart builder."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accessible_name = accessible_name
        self._canvas: FigureCanvasQTAgg | None = None
        self.setMinimumHeight(MINIMUM_HEIGHT)
        self.setAccessibleName(accessible_name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def canvas(self) -> FigureCanvasQTAgg:
        if self._canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            canvas = FigureCanvasQTAgg(Figure(layout="constrained"))
            canvas.setParent(self)
            canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            canvas.setMinimumHeight(MINIMUM_HEIGHT)
            canvas.setAccessibleName(self._accessible_name)
            self._layout.addWidget(canvas)
            self._canvas = canvas
        return self._canvas

    @property
    def figure(self) -> Figure:
        return self.canvas.figure

    def redraw(self, draw: Callable[[Figure], None]) -> None:
        self.figure.clear()
        draw(self.figure)
        self.canvas.draw_idle()

    def clear(self) -> None:
        if self._canvas is None:
            return
        self.figure.clear()
        self.canvas.draw_idle()
