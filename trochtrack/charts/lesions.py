"""Lesion sizes over time: bursa and fluid-collection volumes, calcification diameters.

Bursae and fluid collections are drawn by ellipsoid volume in mL (docs/rules.md §7: mL =
mm³ / 1000), calcifications by their longest diameter in mm, each in its own panel. A
scan on which a lesion was looked for and not seen is drawn as a cross on zero, joined
by a dotted line; the latest finding carries the rules' change call when it is one of
enlarged, reduced, resolved or not comparable. From the third scan on, the baseline the
latest finding is also compared with (docs/rules.md §7a, v1.1) is marked by a square and a dashed
level line, and a change since it is named beside the latest point.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from trochtrack.charts.layout import (
    date_limits,
    day_number,
    draw_message,
    format_date_axis,
    prepare_figure,
)
from trochtrack.charts.style import SCREEN_STYLE, ChartStyle
from trochtrack.charts.text import literal_text
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation, LesionAssessment
from trochtrack.domain.vocabulary import LesionChange, LesionKind, Modality
from trochtrack.wording.labels import LESION_KIND_LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

NO_LESIONS_MESSAGE: Final = "No bursa, fluid collection or calcification has been measured yet."
MARKED_CHANGES: Final = {
    LesionChange.ENLARGED: ("enlarged", "^"),
    LesionChange.REDUCED: ("reduced", "v"),
    LesionChange.RESOLVED: ("resolved", "X"),
    LesionChange.NOT_COMPARABLE: ("not comparable", "D"),
}
CHART_SIZE_IN: Final = (7.0, 3.4)
HEADROOM: Final = 1.3


class LesionMeasure(StrEnum):
    """What a lesion's line measures."""

    VOLUME_ML = "volume_ml"
    LONGEST_MM = "longest_mm"

    @property
    def axis_label(self) -> str:
        """The y-axis label of the panel."""
        return _AXIS_LABELS[self]


_AXIS_LABELS: Final = {
    LesionMeasure.VOLUME_ML: "Volume (mL)",
    LesionMeasure.LONGEST_MM: "Longest diameter (mm)",
}
_TITLES: Final = {
    LesionMeasure.VOLUME_ML: "Bursae and fluid collections",
    LesionMeasure.LONGEST_MM: "Calcifications",
}


@dataclass(frozen=True, slots=True)
class LesionPoint:
    """One finding: its size, or ``None`` when the lesion was looked for and not seen."""

    day: date
    modality: Modality
    value: float | None


@dataclass(frozen=True, slots=True)
class LesionSeries:
    """One lesion's findings in date order, with the latest change call."""

    lesion: str
    label: str
    measure: LesionMeasure
    points: tuple[LesionPoint, ...]
    change: LesionChange
    baseline: date | None = None
    """The day of the finding the latest one is compared with as its baseline."""
    change_since_baseline: LesionChange | None = None


@dataclass(frozen=True, slots=True)
class LesionChartData:
    """Every size-tracked lesion and calcification of an episode, up to ``as_of``."""

    as_of: date
    series: tuple[LesionSeries, ...]


def lesion_chart_data(episode: Episode, evaluation: EpisodeEvaluation) -> LesionChartData:
    """The chart's data for ``episode`` as it stood on the evaluation date."""
    assessments = {assessment.lesion: assessment for assessment in evaluation.lesions}
    scans = sorted((s for s in episode.scans if s.date <= evaluation.as_of), key=lambda s: s.date)
    points: dict[str, list[LesionPoint]] = {}
    kinds: dict[str, LesionKind] = {}
    for scan in scans:
        for finding in scan.findings:
            if not (finding.kind.size_tracked or finding.kind.is_calcification):
                continue
            kinds[finding.lesion] = finding.kind
            value: float | None = None
            if finding.dims_mm is not None and finding.kind.is_calcification:
                value = max(finding.dims_mm)
            elif finding.volume_mm3 is not None:
                value = finding.volume_mm3 / 1000
            points.setdefault(finding.lesion, []).append(
                LesionPoint(scan.date, scan.modality, value)
            )
    return LesionChartData(
        as_of=evaluation.as_of,
        series=tuple(
            LesionSeries(
                lesion=lesion,
                label=f"{lesion} ({LESION_KIND_LABELS[kinds[lesion]]})",
                measure=(
                    LesionMeasure.LONGEST_MM
                    if kinds[lesion].is_calcification
                    else LesionMeasure.VOLUME_ML
                ),
                points=tuple(points[lesion]),
                change=(
                    assessments[lesion].change
                    if lesion in assessments
                    else LesionChange.SINGLE_MEASUREMENT
                ),
                baseline=_baseline_day(assessments.get(lesion)),
                change_since_baseline=(
                    None if lesion not in assessments else assessments[lesion].change_since_baseline
                ),
            )
            for lesion in sorted(points)
        ),
    )


def _baseline_day(assessment: LesionAssessment | None) -> date | None:
    if assessment is None or assessment.since_baseline is None:
        return None
    return assessment.since_baseline.baseline.date


def lesion_chart(data: LesionChartData, *, style: ChartStyle = SCREEN_STYLE) -> Figure:
    """A new figure with the lesion chart."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=CHART_SIZE_IN, layout="constrained")
    draw_lesion_chart(fig, data, style=style)
    return fig


def draw_lesion_chart(
    fig: Figure, data: LesionChartData, *, style: ChartStyle = SCREEN_STYLE
) -> None:
    """Draw the lesion chart into ``fig`` (which should be empty): one panel per measure."""
    prepare_figure(fig)
    if not data.series:
        draw_message(fig, NO_LESIONS_MESSAGE, style)
        return
    measures = [m for m in LesionMeasure if any(s.measure is m for s in data.series)]
    limits = date_limits([p.day for s in data.series for p in s.points])
    panels = fig.subplots(1, len(measures), squeeze=False)[0]
    handles: list[Line2D] = []
    for index, series in enumerate(data.series):
        axes = panels[measures.index(series.measure)]
        colour = style.lesion_colours[index % len(style.lesion_colours)]
        marker = style.lesion_markers[index % len(style.lesion_markers)]
        handles.append(_draw_series(axes, series, colour, marker, style))
    for axes, measure in zip(panels, measures, strict=True):
        axes.set_gid(measure.value)
        axes.set_title(_TITLES[measure], fontsize=style.font_size, loc="left")
        axes.set_ylabel(measure.axis_label, fontsize=style.small_font_size)
        axes.tick_params(labelsize=style.small_font_size)
        axes.grid(True, color=style.grid_colour, linewidth=0.6)
        axes.set_axisbelow(True)
        tallest = max(
            (p.value or 0.0 for s in data.series if s.measure is measure for p in s.points),
            default=0.0,
        )
        top = max(tallest * HEADROOM, 1.0)
        # A little room below zero, so crosses for unseen lesions are not cut in half.
        axes.set_ylim(-top * 0.04, top)
        format_date_axis(axes, limits, style, room_in=fig.get_figwidth() / len(measures))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 3),
        fontsize=style.small_font_size,
        frameon=False,
    )


def _draw_series(
    axes: Axes, series: LesionSeries, colour: str, marker: str, style: ChartStyle
) -> Line2D:
    """The lesion's measured points as a line, unseen ones as crosses on zero."""
    xs = [day_number(p.day) for p in series.points]
    seen = [(x, p.value) for x, p in zip(xs, series.points, strict=True) if p.value is not None]
    (line,) = axes.plot(
        [x for x, _ in seen],
        [value for _, value in seen],
        color=colour,
        marker=marker,
        linewidth=style.line_width,
        markersize=style.marker_size,
        label=literal_text(series.label),
        gid=f"lesion:{series.lesion}",
    )
    _draw_not_visualised(axes, series, xs, colour, style)
    _draw_baseline(axes, series, xs, colour, style)
    _draw_change_call(axes, series, xs, colour, style)
    return line


def _draw_not_visualised(
    axes: Axes, series: LesionSeries, xs: list[float], colour: str, style: ChartStyle
) -> None:
    """Each scan that looked for the lesion and did not see it: a labelled cross on zero."""
    unseen = [x for x, p in zip(xs, series.points, strict=True) if p.value is None]
    if not unseen:
        return
    axes.plot(
        unseen,
        [0.0] * len(unseen),
        color=colour,
        marker="x",
        markersize=style.marker_size + 2,
        markeredgewidth=2,
        linestyle="none",
        gid=f"not-visualised:{series.lesion}",
    )
    # Join each unseen point to the finding before it, so the fall to zero reads.
    for before, after, x_before, x_after in zip(
        series.points, series.points[1:], xs, xs[1:], strict=False
    ):
        if after.value is None and before.value is not None:
            axes.plot(
                [x_before, x_after],
                [before.value, 0.0],
                color=colour,
                linestyle=":",
                linewidth=style.line_width,
            )
    for x in unseen:
        # The latest finding's change call already says "resolved" there.
        if x == xs[-1] and series.change in MARKED_CHANGES:
            continue
        axes.annotate(
            "not visualised",
            (x, 0.0),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=style.small_font_size - 0.5,
            color=colour,
        )


def _draw_change_call(
    axes: Axes, series: LesionSeries, xs: list[float], colour: str, style: ChartStyle
) -> None:
    """The rules' change call on the latest finding, when it is one worth marking."""
    if series.change not in MARKED_CHANGES:
        return
    text, symbol = MARKED_CHANGES[series.change]
    latest = series.points[-1]
    if latest.value is None:
        y, text = 0.0, f"{text}: not visualised"
    else:
        y = latest.value
        axes.plot(
            [xs[-1]],
            [y],
            marker=symbol,
            markersize=style.marker_size + 6,
            markerfacecolor="none",
            markeredgecolor=colour,
            markeredgewidth=1.5,
            linestyle="none",
            gid=f"change:{series.lesion}",
        )
    ha = "right" if series.points[0] is not latest else "center"
    _call_label(axes, text, (xs[-1], y), 10, ha, colour, style, f"change-label:{series.lesion}")


def _call_label(
    axes: Axes,
    text: str,
    point: tuple[float, float],
    rise: float,
    ha: str,
    colour: str,
    style: ChartStyle,
    gid: str,
) -> None:
    """A change call in bold beside the point it is about (``rise`` points above it)."""
    axes.annotate(
        text,
        point,
        xytext=(0, rise),
        textcoords="offset points",
        ha=ha,
        fontsize=style.small_font_size,
        fontweight="bold",
        color=colour,
        gid=gid,
    )


SINCE_BASELINE_WORDS: Final = {
    LesionChange.ENLARGED: "enlarged since baseline",
    LesionChange.REDUCED: "reduced since baseline",
}


def _draw_baseline(
    axes: Axes, series: LesionSeries, xs: list[float], colour: str, style: ChartStyle
) -> None:
    """The baseline finding as a hollow square, its size as a dashed level to the latest."""
    if series.baseline is None:
        return
    found = [
        (x, point.value)
        for x, point in zip(xs, series.points, strict=True)
        if point.day == series.baseline and point.value is not None
    ]
    if not found:
        return
    x, value = found[0]
    axes.plot(
        [x],
        [value],
        marker="s",
        markersize=style.marker_size + 5,
        markerfacecolor="none",
        markeredgecolor=colour,
        markeredgewidth=1.3,
        linestyle="none",
        gid=f"baseline:{series.lesion}",
    )
    axes.plot(
        [x, xs[-1]],
        [value, value],
        color=colour,
        linestyle="--",
        linewidth=0.9,
        alpha=0.8,
        gid=f"baseline-level:{series.lesion}",
    )
    axes.annotate(
        "baseline",
        (x, value),
        xytext=(0, -13),
        textcoords="offset points",
        ha="center",
        fontsize=style.small_font_size - 0.5,
        color=colour,
        gid=f"baseline-label:{series.lesion}",
    )
    words = SINCE_BASELINE_WORDS.get(
        series.change_since_baseline or LesionChange.SINGLE_MEASUREMENT
    )
    latest = series.points[-1]
    if words is not None and latest.value is not None:
        # Below the point when the change against the previous scan is named above it.
        rise = 10 if series.change not in MARKED_CHANGES else -16
        gid = f"since-baseline-label:{series.lesion}"
        _call_label(axes, words, (xs[-1], latest.value), rise, "right", colour, style, gid)
