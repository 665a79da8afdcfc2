"""A matplotlib figure inside the window (OO API; the chart builders fill the figure)."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget


class ChartWidget(QWidget):
    """One canvas, redrawn into its own figure by a chart builder."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = FigureCanvasQTAgg(Figure(layout="constrained"))
        self.canvas.setParent(self)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(150)
        self.canvas.setAccessibleName(accessible_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    @property
    def figure(self) -> Figure:
        return self.canvas.figure

    def redraw(self, draw: Callable[[Figure], None]) -> None:
        self.figure.clear()
        draw(self.figure)
        self.canvas.draw_idle()

    def clear(self) -> None:
        self.figure.clear()
        self.canvas.draw_idle()
