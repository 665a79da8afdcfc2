"""Symptom trends of an episode: pain, night pain and VISA-G, with dates and treatments.

Pain NRS and night pain (0–10, lower is better) use the left axis and VISA-G (0–100,
higher is better) the right one, with their grids aligned. The baseline visit and the
review and escalation dates are labelled vertical lines; treatments are bars in a strip
under the chart, one row each, second-line ones hatched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Final

from trochtrack.charts.layout import (
    date_limits,
    day_number,
    draw_message,
    format_date_axis,
    prepare_figure,
)
from trochtrack.charts.style import SCREEN_STYLE, ChartStyle
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.wording.dates import day_month
from trochtrack.wording.labels import TREATMENT_LABELS
from trochtrack.wording.measures import NIGHT_PAIN, PAIN, VISA_G

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

NO_VISITS_MESSAGE: Final = "No visits recorded yet: the chart appears after the first visit."
PAIN_LIMITS: Final = (-0.3, 10.3)
# The VISA-G axis spans ten times the pain axis, so the grid lines of both coincide.
VISA_G_LIMITS: Final = (PAIN_LIMITS[0] * 10, PAIN_LIMITS[1] * 10)
SCORES_HEIGHT_IN: Final = 3.1
TREATMENT_ROW_HEIGHT_IN: Final = 0.24
MINIMUM_ROW_HEIGHT_IN: Final = 0.15
"""A treatment row in a short canvas: its 8-point label and a little space."""
FRAME_HEIGHT_IN: Final = 0.9
"""What a window canvas spends outside the panels: title, date labels, legend."""
MINIMUM_SCORES_HEIGHT_IN: Final = 0.8
CHART_WIDTH_IN: Final = 7.0
# Date labels that would overlap are stacked in rows of this height (points).
LABEL_ROW_PT: Final = 10.0
LABEL_EDGE: Final = 0.15
# Text widths are estimated before layout: a DejaVu Sans character is about 0.6 em wide
# and the plot takes about three quarters of the figure width.
CHARACTER_WIDTH_EM: Final = 0.6
PLOT_WIDTH_FRACTION: Final = 0.75


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One score at one visit."""

    day: date
    value: int


@dataclass(frozen=True, slots=True)
class DateMarker:
    """A labelled date drawn as a vertical line (``kind``: review or escalation)."""

    kind: str
    day: date
    label: str


@dataclass(frozen=True, slots=True)
class TreatmentBar:
    """A treatment course; ``end`` is ``None`` while it runs."""

    label: str
    start: date
    end: date | None
    second_line: bool


@dataclass(frozen=True, slots=True)
class SymptomChartData:
    """Everything the symptom chart shows, up to ``as_of``."""

    as_of: date
    pain: tuple[ScorePoint, ...]
    night_pain: tuple[ScorePoint, ...]
    visa_g: tuple[ScorePoint, ...]
    baseline: date | None
    markers: tuple[DateMarker, ...]
    treatments: tuple[TreatmentBar, ...]
    title: str = "Pain and function"
    """Drawn above the chart; empty for none."""


def symptom_chart_data(episode: Episode, evaluation: EpisodeEvaluation) -> SymptomChartData:
    """The chart's data for ``episode`` as it stood on the evaluation date."""
    as_of = evaluation.as_of
    visits = sorted((v for v in episode.visits if v.date <= as_of), key=lambda v: v.date)
    treatments = sorted(
        (t for t in episode.treatments if t.start <= as_of), key=lambda t: (t.start, t.kind)
    )
    return SymptomChartData(
        as_of=as_of,
        pain=tuple(ScorePoint(v.date, v.pain_nrs) for v in visits),
        night_pain=tuple(
            ScorePoint(v.date, v.night_pain_nrs) for v in visits if v.night_pain_nrs is not None
        ),
        visa_g=tuple(ScorePoint(v.date, v.visa_g) for v in visits if v.visa_g is not None),
        baseline=visits[0].date if visits else None,
        markers=(
            DateMarker("review", evaluation.review_due, "Review point"),
            DateMarker("escalation", evaluation.escalation_due, "Escalation decision"),
        ),
        treatments=tuple(
            TreatmentBar(
                label=TREATMENT_LABELS[t.kind],
                start=t.start,
                # An end after as_of was not yet on record then: the course was running.
                end=t.end if t.end is not None and t.end <= as_of else None,
                second_line=t.kind.second_line,
            )
            for t in treatments
        ),
    )


def pain_only(data: SymptomChartData) -> SymptomChartData:
    """The patient's own view: pain and night pain only, no clinical dates or scores, no title."""
    return replace(data, visa_g=(), baseline=None, markers=(), treatments=(), title="")


def symptom_chart(data: SymptomChartData, *, style: ChartStyle = SCREEN_STYLE) -> Figure:
    """A new figure with the symptom chart, sized for its number of treatment rows."""
    from matplotlib.figure import Figure

    height = SCORES_HEIGHT_IN + TREATMENT_ROW_HEIGHT_IN * (len(data.treatments) + 1.5)
    fig = Figure(figsize=(CHART_WIDTH_IN, height), layout="constrained")
    draw_symptom_chart(fig, data, style=style)
    return fig


def draw_symptom_chart(
    fig: Figure, data: SymptomChartData, *, style: ChartStyle = SCREEN_STYLE
) -> None:
    """Draw the symptom chart into ``fig`` (which should be empty)."""
    prepare_figure(fig)
    if not data.pain:
        draw_message(fig, NO_VISITS_MESSAGE, style)
        return
    days = [p.day for p in data.pain]
    days += [m.day for m in data.markers]
    days += [t.start for t in data.treatments]
    days += [t.end or data.as_of for t in data.treatments]
    limits = date_limits(days)
    if data.treatments:
        scores, strip = fig.subplots(
            2,
            1,
            sharex=True,
            gridspec_kw={"height_ratios": _panel_heights(fig, len(data.treatments))},
        )
    else:
        scores, strip = fig.add_subplot(), None
    scores.set_gid("scores")
    handles = _draw_scores(scores, data, style)
    format_date_axis(strip or scores, limits, style, room_in=fig.get_figwidth())
    for axes in (scores, strip):
        if axes is not None:
            _draw_dates(axes, data, style, fig, labelled=axes is scores)
    if strip is not None:
        scores.tick_params(axis="x", labelbottom=False)
        handles += _draw_treatments(strip, data, limits, style)
    if data.title:
        fig.suptitle(data.title, x=0.01, ha="left", fontsize=style.font_size + 1)
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 5),
        fontsize=style.small_font_size,
        frameon=False,
    )


def _panel_heights(fig: Figure, treatments: int) -> list[float]:
    """The scores' and the treatment rows' shares of the figure's height.

    At its own size (a letter's) the scores panel is ``SCORES_HEIGHT_IN`` tall. In a
    shorter window canvas the rows keep the height their labels need and the scores
    panel takes what is left, so the labels never run into each other.
    """
    rows = TREATMENT_ROW_HEIGHT_IN * (treatments + 0.6)
    natural = SCORES_HEIGHT_IN + TREATMENT_ROW_HEIGHT_IN * (treatments + 1.5)
    if fig.get_figheight() >= natural:
        return [SCORES_HEIGHT_IN, rows]
    left = fig.get_figheight() - FRAME_HEIGHT_IN - MINIMUM_ROW_HEIGHT_IN * (treatments + 0.6)
    return [max(left, MINIMUM_SCORES_HEIGHT_IN), MINIMUM_ROW_HEIGHT_IN * (treatments + 0.6)]


def _draw_scores(axes: Axes, data: SymptomChartData, style: ChartStyle) -> list[Line2D | Patch]:
    axes.set_ylim(*PAIN_LIMITS)
    axes.set_yticks(range(0, 11, 2))
    # On two lines: one would reach down past a short panel into the treatment rows.
    axes.set_ylabel("Pain 0–10\n(lower is better)", fontsize=style.small_font_size)
    axes.tick_params(labelsize=style.small_font_size)
    axes.grid(True, color=style.grid_colour, linewidth=0.6)
    axes.set_axisbelow(True)
    handles: list[Line2D | Patch] = []
    handles += axes.plot(
        [day_number(p.day) for p in data.pain],
        [p.value for p in data.pain],
        color=style.pain_colour,
        marker="o",
        linewidth=style.line_width,
        markersize=style.marker_size,
        label=PAIN.legend,
        gid="pain",
    )
    if data.night_pain:
        handles += axes.plot(
            [day_number(p.day) for p in data.night_pain],
            [p.value for p in data.night_pain],
            color=style.night_pain_colour,
            marker="s",
            linestyle="--",
            linewidth=style.line_width,
            markersize=style.marker_size,
            label=NIGHT_PAIN.legend,
            gid="night_pain",
        )
    if data.visa_g:
        visa = axes.twinx()
        visa.set_gid("visa_g")
        visa.set_ylim(*VISA_G_LIMITS)
        visa.set_yticks(range(0, 101, 20))
        visa.set_ylabel("VISA-G 0–100\n(higher is better)", fontsize=style.small_font_size)
        visa.tick_params(labelsize=style.small_font_size)
        handles += visa.plot(
            [day_number(p.day) for p in data.visa_g],
            [p.value for p in data.visa_g],
            color=style.visa_g_colour,
            marker="^",
            linestyle="-.",
            linewidth=style.line_width,
            markersize=style.marker_size + 1,
            label=VISA_G.legend,
            gid="visa_g",
        )
    return handles


def _draw_dates(
    axes: Axes,
    data: SymptomChartData,
    style: ChartStyle,
    fig: Figure,
    *,
    labelled: bool,
) -> None:
    """The baseline, review and escalation lines; their labels above the scores axes only.

    Labels sit outside the plot, so they never hide a score; a label too close to the one
    before it moves up a row (a row in points: in axes units a short panel's rows overlap).
    """
    from matplotlib.transforms import offset_copy

    lines: list[tuple[str, date, str, str, str]] = []
    if data.baseline is not None:
        lines.append(("baseline", data.baseline, "Baseline", style.baseline_colour, ":"))
    for marker in data.markers:
        colour = style.escalation_colour if marker.kind == "escalation" else style.review_colour
        lines.append((marker.kind, marker.day, marker.label, colour, "--"))
    lines.sort(key=lambda line: line[1])
    left, right = axes.get_xlim()
    plot_width_pt = fig.get_figwidth() * 72 * PLOT_WIDTH_FRACTION
    font_size = style.small_font_size - 0.5
    row_ends: list[float] = []
    for gid, day, label, colour, line_style in lines:
        x = day_number(day)
        axes.axvline(x, color=colour, linestyle=line_style, linewidth=1.1, gid=gid)
        if not labelled:
            continue
        text = f"{label} {day_month(day)}"
        at = (x - left) / (right - left)
        width = len(text) * CHARACTER_WIDTH_EM * font_size / plot_width_pt
        alignment = _alignment(at)
        start = {"left": at, "center": at - width / 2, "right": at - width}[alignment]
        row = next((i for i, end in enumerate(row_ends) if end < start), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = start + width
        axes.text(
            x,
            1.0,
            text,
            transform=offset_copy(
                axes.get_xaxis_transform(), fig=fig, y=LABEL_ROW_PT * row, units="points"
            ),
            ha=alignment,
            va="bottom",
            fontsize=font_size,
            color=colour,
            gid=f"{gid}-label",
        )


def _alignment(at: float) -> str:
    """Labels near either edge of the axes grow inwards, so they stay on the figure."""
    if at < LABEL_EDGE:
        return "left"
    if at > 1 - LABEL_EDGE:
        return "right"
    return "center"


def _draw_treatments(
    axes: Axes, data: SymptomChartData, limits: tuple[float, float], style: ChartStyle
) -> list[Line2D | Patch]:
    """One bar per treatment, top to bottom in start order; ongoing ones end in an arrow."""
    axes.set_gid("treatments")
    rows = range(len(data.treatments))
    today = day_number(data.as_of)
    for row, bar in zip(rows, data.treatments, strict=True):
        _draw_treatment_bar(axes, row, bar, today, style)
    axes.set_yticks(list(rows), [bar.label for bar in data.treatments])
    axes.set_ylim(len(data.treatments) - 0.5, -0.5)
    axes.tick_params(axis="y", labelsize=style.small_font_size, length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return _treatment_legend(data, style)


def _draw_treatment_bar(
    axes: Axes, row: int, bar: TreatmentBar, today: float, style: ChartStyle
) -> None:
    """The course from its start to its end (or today, with an arrow, while it runs)."""
    start = day_number(bar.start)
    # A course of one day still shows as a sliver.
    end = max(today if bar.end is None else day_number(bar.end), start + 1)
    axes.barh(
        row,
        end - start,
        left=start,
        height=0.62,
        color=style.second_line_colour if bar.second_line else style.first_line_colour,
        hatch="///" if bar.second_line else None,
        edgecolor="#333333" if bar.second_line else "none",
        linewidth=0.5,
        gid=f"treatment:{row}",
    )
    if bar.end is None:
        axes.plot(
            [end],
            [row],
            marker=">",
            color="#333333",
            markersize=style.marker_size,
            linestyle="none",
            gid=f"ongoing:{row}",
        )


def _treatment_legend(data: SymptomChartData, style: ChartStyle) -> list[Line2D | Patch]:
    """Legend entries for the kinds of bar drawn: first line always, the others when shown."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Line2D | Patch] = [
        Patch(color=style.first_line_colour, label="First-line treatment")
    ]
    if any(bar.second_line for bar in data.treatments):
        handles.append(
            Patch(
                facecolor=style.second_line_colour,
                hatch="///",
                edgecolor="#333333",
                label="Second-line treatment",
            )
        )
    if any(bar.end is None for bar in data.treatments):
        handles.append(
            Line2D(
                [],
                [],
                marker=">",
                color="#333333",
                linestyle="none",
                markersize=style.marker_size,
                label="Ongoing",
            )
        )
    return handles
