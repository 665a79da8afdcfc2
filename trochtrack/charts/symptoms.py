"""Symptom trends of an episode: pain, night pain and VISA-G, with dates and treatments.

Pain NRS and night pain (0–10, lower is better) use the left axis and VISA-G (0–100,
higher is better) the right one, with their grids aligned. The baseline visit and the
review and escalation dates are labelled vertical lines; treatments are bars in a strip
under the chart, one row each, second-line ones hatched (:mod:`.marks`). The pain change
that counts is shaded either side of the baseline pain, and the first, previous and
latest pain scores are written beside their points (:mod:`.change`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Final

from trochtrack.charts.change import ChangeBand, draw_band, label_values
from trochtrack.charts.layout import day_number, draw_message, prepare_figure
from trochtrack.charts.marks import (
    DateMarker,
    TreatmentBar,
    draw_trend,
    due_markers,
    figure_height_in,
    treatment_bars,
)
from trochtrack.charts.style import SCREEN_STYLE, ChartStyle
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation
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
PAIN_CHANGE_POINTS: Final = 2
"""The default rules' ``response.pain_drop_points``: a caller with the clinic's rules
passes theirs."""
CHART_WIDTH_IN: Final = 7.0


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One score at one visit."""

    day: date
    value: int


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
    pain_band: ChangeBand | None = None
    """The pain change that counts, around the baseline pain; ``None`` for no band."""
    value_labels: bool = True
    """Whether the first, previous and latest pain scores are written beside their points."""


def symptom_chart_data(
    episode: Episode,
    evaluation: EpisodeEvaluation,
    *,
    pain_change_points: int = PAIN_CHANGE_POINTS,
) -> SymptomChartData:
    """The chart's data for ``episode`` as it stood on the evaluation date.

    The pain band is ``pain_change_points`` either side of the baseline pain, the
    baseline the rules judge pain against (docs/rules.md §3: the earliest visit).
    """
    as_of = evaluation.as_of
    visits = sorted((v for v in episode.visits if v.date <= as_of), key=lambda v: v.date)
    pain = tuple(ScorePoint(v.date, v.pain_nrs) for v in visits)
    band = None
    if pain:
        band = ChangeBand(
            day=pain[0].day,
            value=pain[0].value,
            points=pain_change_points,
            label=f"Pain baseline ±{pain_change_points} (MCID)",
        )
    return SymptomChartData(
        as_of=as_of,
        pain=pain,
        night_pain=tuple(
            ScorePoint(v.date, v.night_pain_nrs) for v in visits if v.night_pain_nrs is not None
        ),
        visa_g=tuple(ScorePoint(v.date, v.visa_g) for v in visits if v.visa_g is not None),
        baseline=visits[0].date if visits else None,
        markers=due_markers(evaluation),
        treatments=treatment_bars(episode, as_of),
        pain_band=band,
    )


def pain_only(data: SymptomChartData) -> SymptomChartData:
    """The patient's own view: pain and night pain only, no clinical dates or scores, no title."""
    return replace(
        data,
        visa_g=(),
        baseline=None,
        markers=(),
        treatments=(),
        title="",
        pain_band=None,
        value_labels=False,
    )


def symptom_chart(data: SymptomChartData, *, style: ChartStyle = SCREEN_STYLE) -> Figure:
    """A new figure with the symptom chart, sized for its number of treatment rows."""
    from matplotlib.figure import Figure

    height = figure_height_in(len(data.treatments))
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
    draw_trend(
        fig,
        data,
        days=[p.day for p in data.pain],
        style=style,
        draw_scores=lambda axes: _draw_scores(axes, data, style),
    )


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
    visa = _draw_visa_g(axes, data.visa_g, style) if data.visa_g else None
    if visa is not None:
        handles += visa.get_lines()
    if data.value_labels:
        label_values(
            axes,
            [(p.day, p.value) for p in data.pain],
            [str(p.value) for p in data.pain],
            series="pain",
            colour=style.pain_colour,
            style=style,
            other=[(p.day, p.value) for p in data.night_pain],
            drawn_on=visa,
        )
    if data.pain_band is not None:
        handles.append(draw_band(axes, data.pain_band, style))
    return handles


def _draw_visa_g(axes: Axes, visa_g: tuple[ScorePoint, ...], style: ChartStyle) -> Axes:
    visa = axes.twinx()
    visa.set_gid("visa_g")
    visa.set_ylim(*VISA_G_LIMITS)
    visa.set_yticks(range(0, 101, 20))
    visa.set_ylabel("VISA-G 0–100\n(higher is better)", fontsize=style.small_font_size)
    visa.tick_params(labelsize=style.small_font_size)
    visa.plot(
        [day_number(p.day) for p in visa_g],
        [p.value for p in visa_g],
        color=style.visa_g_colour,
        marker="^",
        linestyle="-.",
        linewidth=style.line_width,
        markersize=style.marker_size + 1,
        label=VISA_G.legend,
        gid="visa_g",
    )
    return visa
