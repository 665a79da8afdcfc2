"""A measure's chart drawn: its line(s), band, values, dates and treatments.

Laid out as the symptom chart is (:mod:`.marks`): the scores above, a strip of treatment
bars below, the dated lines across both, the legend under them. Each line differs by
marker and line style as well as colour, so it reads in black and white. Every point is
clickable: an invisible copy of each line's markers (``points:<series>``) takes the
clicks, and :meth:`MeasureChartData.details` says what a clicked point stands for. A
form with blank items is a cross on the time axis, clickable too.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from trochtrack.charts.change import draw_band, label_values
from trochtrack.charts.layout import day_number, draw_message, prepare_figure
from trochtrack.charts.marks import CHART_WIDTH_IN, draw_trend, figure_height_in
from trochtrack.charts.measure_values import MeasureSeries
from trochtrack.charts.measures import UNSCORED_GID, MeasureChartData, points_gid
from trochtrack.charts.style import SCREEN_STYLE, ChartStyle
from trochtrack.wording.dates import long_date

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

PICK_RADIUS_PT: Final = 6.0
MARGIN_FRACTION: Final = 0.04
UNSCORED_LABEL: Final = "Form with blank items: no total"
SERIES_LOOKS: Final = {"total": ("o", "-"), "left": ("o", "-"), "right": ("s", "--")}
"""Marker and line style of each line, so the sides differ without colour."""


def measure_chart(data: MeasureChartData, *, style: ChartStyle = SCREEN_STYLE) -> Figure:
    """A new figure with the measure's chart, sized for its number of treatment rows."""
    from matplotlib.figure import Figure

    fig = Figure(
        figsize=(CHART_WIDTH_IN, figure_height_in(len(data.treatments))), layout="constrained"
    )
    draw_measure_chart(fig, data, style=style)
    return fig


def no_values_message(data: MeasureChartData) -> str:
    """Why the chart has no line: nothing recorded, or only forms that have no total."""
    if not data.unscored:
        return f"No {data.name} recorded yet in this episode."
    days = ", ".join(long_date(form.day) for form in data.unscored)
    return f"No {data.name} total to plot: blank items on the form of {days}."


def draw_measure_chart(
    fig: Figure, data: MeasureChartData, *, style: ChartStyle = SCREEN_STYLE
) -> None:
    """Draw the measure's chart into ``fig`` (which should be empty)."""
    prepare_figure(fig)
    if not data.has_values:
        draw_message(fig, no_values_message(data), style)
        return
    days = [p.day for series in data.series for p in series.points]
    draw_trend(
        fig,
        data,
        days=days + [form.day for form in data.unscored],
        style=style,
        draw_scores=lambda axes: _draw_values(axes, data, style),
        notes=_notes(data),
    )


def _draw_values(axes: Axes, data: MeasureChartData, style: ChartStyle) -> list[Line2D | Patch]:
    from matplotlib.ticker import MaxNLocator

    low, high = data.scale
    margin = (high - low) * MARGIN_FRACTION
    axes.set_ylim(low - margin, high + margin)
    # Ticks within the scale only: a tick in the margin would label a value it cannot take.
    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    axes.set_yticks([tick for tick in ticks if low <= tick <= high])
    axes.set_ylabel(data.axis_label, fontsize=style.small_font_size)
    axes.tick_params(labelsize=style.small_font_size)
    axes.grid(True, color=style.grid_colour, linewidth=0.6)
    axes.set_axisbelow(True)
    handles: list[Line2D | Patch] = []
    drawn = [series for series in data.series if series.points]
    for series in drawn:
        others = [p for other in drawn if other is not series for p in other.points]
        handles += _draw_series(axes, series, style, others=[(p.day, p.value) for p in others])
    if data.unscored:
        handles += axes.plot(
            [day_number(form.day) for form in data.unscored],
            [0.0] * len(data.unscored),
            transform=axes.get_xaxis_transform(),
            clip_on=False,
            marker="X",
            markersize=style.marker_size + 1,
            linestyle="none",
            color="#333333",
            label=UNSCORED_LABEL,
            picker=True,
            pickradius=PICK_RADIUS_PT,
            gid=UNSCORED_GID,
            zorder=5,
        )
    if data.band is not None:
        handles.append(draw_band(axes, data.band, style))
    return handles


def _draw_series(
    axes: Axes,
    series: MeasureSeries,
    style: ChartStyle,
    *,
    others: list[tuple[date, float]],
) -> list[Line2D]:
    """The line, its clickable points and its first, previous and latest values."""
    colour = {"left": style.left_colour, "right": style.right_colour}.get(
        series.key, style.measure_colour
    )
    marker, line_style = SERIES_LOOKS.get(series.key, ("o", "-"))
    xs = [day_number(p.day) for p in series.points]
    ys = [p.value for p in series.points]
    line = axes.plot(
        xs,
        ys,
        color=colour,
        marker=marker,
        linestyle=line_style,
        linewidth=style.line_width,
        markersize=style.marker_size,
        label=series.label,
        gid=series.key,
    )
    # Clicks are taken by the points alone: a line's own picking also answers its segments.
    axes.plot(
        xs,
        ys,
        linestyle="none",
        marker=marker,
        markersize=style.marker_size,
        color="none",
        picker=True,
        pickradius=PICK_RADIUS_PT,
        gid=points_gid(series.key),
    )
    label_values(
        axes,
        [(p.day, p.value) for p in series.points],
        [p.shown for p in series.points],
        series=series.key,
        colour=colour,
        style=style,
        other=others,
    )
    return line


def _notes(data: MeasureChartData) -> list[Line2D | Patch]:
    """The legend's words without a symbol: no threshold, the unit chosen."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], linestyle="none", label=note) for note in data.notes]
