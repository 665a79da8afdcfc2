"""A matplotlib figure inside the window (OO API; the chart builders fill the figure).

The canvas, and with it matplotlib, is made when the chart is first drawn: the app
starts without loading matplotlib.

A click on a clickable point (an artist drawn with a picker and a ``gid``) is reported
as :attr:`ChartWidget.point_clicked`, with the point nearest the click when several
artists answer it; a click anywhere else as :attr:`ChartWidget.background_clicked`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.backend_bases import MouseEvent, PickEvent
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

MINIMUM_HEIGHT = 150


class ChartWidget(QWidget):
    """One canvas, redrawn into its own figure by a chart builder."""

    point_clicked = Signal(str, int, QPoint)
    """The clicked artist's gid, the point's index in it, and where (global position)."""
    background_clicked = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accessible_name = accessible_name
        self._canvas: FigureCanvasQTAgg | None = None
        self._picked: tuple[float, str, int] | None = None
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
            # The figure answers a press with its pick events first, then this press.
            canvas.mpl_connect("pick_event", self._on_pick)
            canvas.mpl_connect("button_press_event", self._on_press)
            self._layout.addWidget(canvas)
            self._canvas = canvas
        return self._canvas

    @property
    def figure(self) -> Figure:
        return self.canvas.figure

    def set_accessible_name(self, name: str) -> None:
        """Name the chart for screen readers by what it now shows."""
        self._accessible_name = name
        self.setAccessibleName(name)
        if self._canvas is not None:
            self._canvas.setAccessibleName(name)

    def redraw(self, draw: Callable[[Figure], None]) -> None:
        self.figure.clear()
        draw(self.figure)
        self.canvas.draw_idle()

    def clear(self) -> None:
        if self._canvas is None:
            return
        self.figure.clear()
        self.canvas.draw_idle()

    def _on_pick(self, event: PickEvent) -> None:
        """Keep the picked point nearest the click, of all the artists that answer it."""
        from matplotlib.lines import Line2D

        artist = event.artist
        gid = artist.get_gid()
        indices: Any = getattr(event, "ind", None)
        if not isinstance(artist, Line2D) or not gid or indices is None or len(indices) == 0:
            return
        mouse = event.mouseevent
        points = artist.get_transform().transform(artist.get_xydata())
        for index in indices:
            x, y = points[int(index)]
            distance = float((x - mouse.x) ** 2 + (y - mouse.y) ** 2)
            if self._picked is None or distance < self._picked[0]:
                self._picked = (distance, str(gid), int(index))

    def _on_press(self, event: MouseEvent) -> None:
        picked, self._picked = self._picked, None
        if picked is None:
            self.background_clicked.emit()
            return
        _, gid, index = picked
        canvas = self.canvas
        ratio = canvas.device_pixel_ratio
        height = canvas.figure.bbox.height
        at = QPoint(round(event.x / ratio), round((height - event.y) / ratio))
        self.point_clicked.emit(gid, index, canvas.mapToGlobal(at))
