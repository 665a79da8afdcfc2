"""What the trend charts mark on their time axis: treatment courses and dated events.

Treatments are bars in a strip under the scores, one row each, second-line ones hatched,
a course still running ending in an arrow. Dated events (the baseline, the review and
escalation dates, the clinician's recorded decisions) are labelled vertical lines
across the scores and the strip. The symptom chart and every measure chart draw them
alike, from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Final, Protocol

from trochtrack.charts.layout import date_limits, day_number, format_date_axis
from trochtrack.charts.style import ChartStyle
from trochtrack.domain.actions import EscalationDecision
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.wording.dates import day_month
from trochtrack.wording.labels import DECISION_LABELS, TREATMENT_LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

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
LEGEND_ENTRY_EM: Final = 4.6
"""A legend entry's handle, the gap to its text and the space to the next column."""


@dataclass(frozen=True, slots=True)
class DateMarker:
    """A labelled date drawn as a vertical line (``kind``: review, escalation or decision)."""

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


def due_markers(evaluation: EpisodeEvaluation) -> tuple[DateMarker, DateMarker]:
    """The review point and the escalation decision the rules set for the episode."""
    return (
        DateMarker("review", evaluation.review_due, "Review point"),
        DateMarker("escalation", evaluation.escalation_due, "Escalation decision"),
    )


def decision_markers(
    decisions: Iterable[EscalationDecision], as_of: date
) -> tuple[DateMarker, ...]:
    """The clinician's decisions recorded by ``as_of``, in date order."""
    return tuple(
        DateMarker("decision", d.decided_on, f"Decided: {DECISION_LABELS[d.kind].lower()}")
        for d in sorted(decisions, key=lambda d: d.decided_on)
        if d.decided_on <= as_of
    )


def treatment_bars(episode: Episode, as_of: date) -> tuple[TreatmentBar, ...]:
    """The episode's courses begun by ``as_of``, in start order."""
    treatments = sorted(
        (t for t in episode.treatments if t.start <= as_of), key=lambda t: (t.start, t.kind)
    )
    return tuple(
        TreatmentBar(
            label=TREATMENT_LABELS[t.kind],
            start=t.start,
            # An end after as_of was not yet on record then: the course was running.
            end=t.end if t.end is not None and t.end <= as_of else None,
            second_line=t.kind.second_line,
        )
        for t in treatments
    )


def marked_days(
    markers: Sequence[DateMarker], treatments: Sequence[TreatmentBar], as_of: date
) -> list[date]:
    """The days the time axis must include for the markers and the bars."""
    days = [m.day for m in markers]
    days += [t.start for t in treatments]
    days += [t.end or as_of for t in treatments]
    return days


def figure_height_in(treatments: int) -> float:
    """A chart's own height (a letter's): the scores panel and the treatment rows."""
    return SCORES_HEIGHT_IN + TREATMENT_ROW_HEIGHT_IN * (treatments + 1.5)


class TrendMarks(Protocol):
    """What a trend chart's data says of its time axis (the symptom and measure charts)."""

    @property
    def as_of(self) -> date:
        """The chart's date: a course running then is drawn up to it."""

    @property
    def baseline(self) -> date | None:
        """The baseline's day, a labelled line."""

    @property
    def markers(self) -> tuple[DateMarker, ...]:
        """The other labelled dates."""

    @property
    def treatments(self) -> tuple[TreatmentBar, ...]:
        """The courses, a row each."""

    @property
    def title(self) -> str:
        """Drawn above the chart; empty for none."""


def draw_trend(
    fig: Figure,
    marks: TrendMarks,
    *,
    days: Sequence[date],
    style: ChartStyle,
    draw_scores: Callable[[Axes], list[Line2D | Patch]],
    notes: Sequence[Line2D | Patch] = (),
) -> None:
    """A trend chart over ``days``: scores, dated lines, treatment strip, title, legend.

    ``draw_scores`` draws the scores into the axes it is given and returns their legend
    entries; ``notes`` come last in the legend.
    """
    treatments = marks.treatments
    limits = date_limits([*days, *marked_days(marks.markers, treatments, marks.as_of)])
    scores, strip = trend_panels(fig, len(treatments))
    format_date_axis(strip or scores, limits, style, room_in=fig.get_figwidth())
    handles = draw_scores(scores)
    lines = date_lines(marks.baseline, marks.markers, style)
    for axes in (scores, strip):
        if axes is not None:
            draw_date_lines(axes, lines, style, fig, labelled=axes is scores)
    if strip is not None:
        handles += draw_treatments(strip, treatments, marks.as_of, style)
    handles += notes
    if marks.title:
        fig.suptitle(marks.title, x=0.01, ha="left", fontsize=style.font_size + 1)
    draw_legend(fig, handles, style)


def trend_panels(fig: Figure, treatments: int) -> tuple[Axes, Axes | None]:
    """The scores axes and, when there are treatments, the strip under it (same dates)."""
    if not treatments:
        scores = fig.add_subplot()
        scores.set_gid("scores")
        return scores, None
    scores, strip = fig.subplots(
        2, 1, sharex=True, gridspec_kw={"height_ratios": _panel_heights(fig, treatments)}
    )
    scores.set_gid("scores")
    scores.tick_params(axis="x", labelbottom=False)
    return scores, strip


def _panel_heights(fig: Figure, treatments: int) -> list[float]:
    """The scores' and the treatment rows' shares of the figure's height.

    At its own size (a letter's) the scores panel is ``SCORES_HEIGHT_IN`` tall. In a
    shorter window canvas the rows keep the height their labels need and the scores
    panel takes what is left, so the labels never run into each other.
    """
    rows = TREATMENT_ROW_HEIGHT_IN * (treatments + 0.6)
    if fig.get_figheight() >= figure_height_in(treatments):
        return [SCORES_HEIGHT_IN, rows]
    left = fig.get_figheight() - FRAME_HEIGHT_IN - MINIMUM_ROW_HEIGHT_IN * (treatments + 0.6)
    return [max(left, MINIMUM_SCORES_HEIGHT_IN), MINIMUM_ROW_HEIGHT_IN * (treatments + 0.6)]


@dataclass(frozen=True, slots=True)
class DateLine:
    """A vertical line across the chart on ``day``, with its label."""

    gid: str
    day: date
    label: str
    colour: str
    line_style: str


def date_lines(
    baseline: date | None, markers: Sequence[DateMarker], style: ChartStyle
) -> list[DateLine]:
    """The vertical lines to draw, in date order: the baseline first on its day."""
    lines: list[DateLine] = []
    if baseline is not None:
        lines.append(DateLine("baseline", baseline, "Baseline", style.baseline_colour, ":"))
    for marker in markers:
        if marker.kind == "decision":
            colour, line_style = style.decision_colour, "-."
        elif marker.kind == "escalation":
            colour, line_style = style.escalation_colour, "--"
        else:
            colour, line_style = style.review_colour, "--"
        lines.append(DateLine(marker.kind, marker.day, marker.label, colour, line_style))
    lines.sort(key=lambda line: line.day)
    return lines


def draw_date_lines(
    axes: Axes, lines: Sequence[DateLine], style: ChartStyle, fig: Figure, *, labelled: bool
) -> None:
    """The dated lines; their labels above the scores axes only (``labelled``).

    Labels sit outside the plot, so they never hide a score; a label too close to the one
    before it moves up a row (a row in points: in axes units a short panel's rows overlap).
    Lines of one day share one label ("Escalation decision 19 Oct; decided: refer").
    """
    from matplotlib.transforms import offset_copy

    left, right = axes.get_xlim()
    plot_width_pt = fig.get_figwidth() * 72 * PLOT_WIDTH_FRACTION
    font_size = style.small_font_size - 0.5
    row_ends: list[float] = []
    for day, same_day in groupby(lines, key=lambda line: line.day):
        group = list(same_day)
        x = day_number(day)
        for line in group:
            axes.axvline(
                x, color=line.colour, linestyle=line.line_style, linewidth=1.1, gid=line.gid
            )
        if not labelled:
            continue
        first = group[0]
        text = "; ".join(
            [f"{first.label} {day_month(day)}", *(_lower_first(line.label) for line in group[1:])]
        )
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
            color=first.colour,
            gid=f"{first.gid}-label",
        )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _alignment(at: float) -> str:
    """Labels near either edge of the axes grow inwards, so they stay on the figure."""
    if at < LABEL_EDGE:
        return "left"
    if at > 1 - LABEL_EDGE:
        return "right"
    return "center"


def draw_treatments(
    axes: Axes, treatments: Sequence[TreatmentBar], as_of: date, style: ChartStyle
) -> list[Line2D | Patch]:
    """One bar per treatment, top to bottom in start order; ongoing ones end in an arrow."""
    axes.set_gid("treatments")
    rows = range(len(treatments))
    today = day_number(as_of)
    for row, bar in zip(rows, treatments, strict=True):
        _draw_treatment_bar(axes, row, bar, today, style)
    axes.set_yticks(list(rows), [bar.label for bar in treatments])
    axes.set_ylim(len(treatments) - 0.5, -0.5)
    axes.tick_params(axis="y", labelsize=style.small_font_size, length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return _treatment_legend(treatments, style)


def draw_legend(fig: Figure, handles: Sequence[Line2D | Patch], style: ChartStyle) -> None:
    """The legend under the chart, in as few rows as the figure's width allows.

    matplotlib fills a legend column by column; a row too wide for the figure would be
    cut at both edges of a window's canvas.
    """
    fig.legend(
        handles=list(handles),
        loc="outside lower center",
        ncols=legend_columns([str(h.get_label()) for h in handles], fig.get_figwidth(), style),
        fontsize=style.small_font_size,
        frameon=False,
    )


def legend_columns(labels: Sequence[str], width_in: float, style: ChartStyle) -> int:
    """The most columns whose estimated width fits ``width_in``, at least one."""
    em = style.small_font_size
    for columns in range(len(labels), 1, -1):
        rows = -(-len(labels) // columns)
        widths = [
            max(len(label) for label in labels[start : start + rows]) * CHARACTER_WIDTH_EM
            for start in range(0, len(labels), rows)
        ]
        if (sum(widths) + LEGEND_ENTRY_EM * len(widths)) * em <= width_in * 72:
            return len(widths)
    return 1


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


def _treatment_legend(
    treatments: Sequence[TreatmentBar], style: ChartStyle
) -> list[Line2D | Patch]:
    """Legend entries for the kinds of bar drawn: first line always, the others when shown."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Line2D | Patch] = [
        Patch(color=style.first_line_colour, label="First-line treatment")
    ]
    if any(bar.second_line for bar in treatments):
        handles.append(
            Patch(
                facecolor=style.second_line_colour,
                hatch="///",
                edgecolor="#333333",
                label="Second-line treatment",
            )
        )
    if any(bar.end is None for bar in treatments):
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
