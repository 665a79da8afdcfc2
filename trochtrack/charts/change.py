"""What makes a change mean something on a chart: its band, and the values named.

A measure's band is the change too small to count (its MCID or MDC) either side of the
baseline value, shaded from the baseline visit on: a later point outside the band has
changed by more than that. The first, previous and latest values of a line are written
beside their points, so the change reads without the grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from trochtrack.charts.layout import day_number
from trochtrack.charts.style import ChartStyle

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Rectangle

LABEL_OFFSET_PT: Final = 2.0
LABEL_SHIFT_PT: Final = 3.0
EDGE_FRACTION: Final = 0.14
"""A label within this share of the axis height from its top or bottom goes inwards."""


@dataclass(frozen=True, slots=True)
class ChangeBand:
    """``points`` either side of the baseline ``value`` (recorded on ``day``)."""

    day: date
    value: float
    points: float
    label: str
    """The legend's words: what the threshold is and where it comes from."""

    @property
    def low(self) -> float:
        """The band's lower edge."""
        return self.value - self.points

    @property
    def high(self) -> float:
        """The band's upper edge."""
        return self.value + self.points


def baseline_index(days: Sequence[date], first_line_start: date) -> int | None:
    """Which of ``days`` (in date order) is the baseline.

    The first on or after the start of first-line care; when all came before it, the
    first of them.
    """
    if not days:
        return None
    return next((i for i, day in enumerate(days) if day >= first_line_start), 0)


def labelled_points(count: int) -> dict[int, str]:
    """The points of a line of ``count`` that carry their value: first, previous, latest.

    With two points the previous is the first, and one point is the latest: each point
    is labelled once.
    """
    if count == 0:
        return {}
    roles = {0: "first", count - 2: "previous", count - 1: "latest"}
    if count <= 2:
        roles = {0: "first", count - 1: "latest"}
    return roles


def draw_band(axes: Axes, band: ChangeBand, style: ChartStyle) -> Rectangle:
    """The band from the baseline day to the right edge; the legend handle it makes.

    Grey with dotted edges, it prints the same in black and white; the limits of the
    axes clip a band that reaches past the scale.
    """
    from matplotlib.patches import Rectangle

    start = day_number(band.day)
    right = axes.get_xlim()[1]
    patch = Rectangle(
        (start, band.low),
        right - start,
        band.high - band.low,
        facecolor=style.band_colour,
        alpha=0.55,
        edgecolor="#666666",
        linestyle=":",
        linewidth=0.9,
        label=band.label,
        gid="change-band",
        zorder=1,
    )
    axes.add_patch(patch)
    return patch


def label_values(
    axes: Axes,
    points: Sequence[tuple[date, float]],
    texts: Sequence[str],
    *,
    series: str,
    colour: str,
    style: ChartStyle,
    other: Sequence[tuple[date, float]] = (),
    drawn_on: Axes | None = None,
) -> None:
    """Write the first, previous and latest values beside their points.

    ``drawn_on`` is an axes drawn over ``axes`` (a twin with a line of its own), which
    would otherwise hide the labels.

    A label goes above a point that is higher than its neighbours and below one that is
    lower, so it sits off the line; beside another series' point on the same day it goes
    on the side away from it. Near the top or bottom of the axes it goes inwards, and it
    starts just right of its point (left of one near the right edge), clear of a date
    line drawn through the visit's day. A white ground keeps it legible over lines.
    """
    low, high = axes.get_ylim()
    left, right = axes.get_xlim()
    others = dict(other)
    for index, role in labelled_points(len(points)).items():
        day, value = points[index]
        x = day_number(day)
        above = _above(points, index, others.get(day))
        share = (value - low) / (high - low)
        if above and share > 1 - EDGE_FRACTION:
            above = False
        elif not above and share < EDGE_FRACTION:
            above = True
        rightwards = (x - left) / (right - left) < 1 - EDGE_FRACTION
        (drawn_on or axes).annotate(
            texts[index],
            (x, value),
            xycoords=axes.transData,
            xytext=(
                LABEL_SHIFT_PT if rightwards else -LABEL_SHIFT_PT,
                LABEL_OFFSET_PT if above else -LABEL_OFFSET_PT,
            ),
            textcoords="offset points",
            ha="left" if rightwards else "right",
            va="bottom" if above else "top",
            fontsize=style.small_font_size,
            color=colour,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            gid=f"{series}:{role}-label",
            zorder=4,
        )


def _above(points: Sequence[tuple[date, float]], index: int, beside: float | None) -> bool:
    value = points[index][1]
    if beside is not None and beside != value:
        return value > beside
    neighbours = [points[i][1] for i in (index - 1, index + 1) if 0 <= i < len(points)]
    if not neighbours:
        return True
    return value >= sum(neighbours) / len(neighbours)
