"""The charts stay readable in the room the window gives them: no two labels overlap.

The sizes are the chart canvases of the patient view at 1024x700 and 1280x800 (100 dpi),
and the letters' own figure sizes. The window draws its upper chart without a title
(the chart selector names it).
"""

from dataclasses import replace
from datetime import date
from itertools import combinations

import pytest
from factories import make_patient
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from measure_factories import measured_episode

from trochtrack.charts.layout import day_number, format_date_axis
from trochtrack.charts.lesions import draw_lesion_chart, lesion_chart, lesion_chart_data
from trochtrack.charts.measure_figure import draw_measure_chart, measure_chart
from trochtrack.charts.measures import CHART_MEASURES, measure_chart_data
from trochtrack.charts.style import SCREEN_STYLE
from trochtrack.charts.symptoms import draw_symptom_chart, symptom_chart, symptom_chart_data
from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.rules import evaluate_episode
from trochtrack.domain.vocabulary import TreatmentKind
from trochtrack.services.rules_config import rules_from

AS_OF = date(2026, 11, 28)
# (symptom or measure chart, lesion chart) canvases of the Charts tab, measured in the
# window.
WINDOW_CANVASES_IN = {
    "1024x700": ((6.28, 2.57), (6.28, 1.86)),
    "1280x800": ((7.9, 3.15), (7.9, 2.28)),
}


def overlapping_labels(fig: Figure) -> list[tuple[str, str]]:
    """Each pair of visible texts (axis labels, tick labels, notes) whose boxes overlap."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts: list[Text] = []
    for axes in fig.axes:
        texts += [axes.xaxis.label, axes.yaxis.label, *axes.texts]
        texts += axes.xaxis.get_ticklabels() + axes.yaxis.get_ticklabels()
    shown = [t for t in texts if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in shown]
    return [
        (first, second)
        for (first, a), (second, b) in combinations(boxes, 2)
        if (common := Bbox.intersection(a, b)) is not None
        and common.width > 1
        and common.height > 1
    ]


def dates_shown(axes: Axes) -> list[str]:
    low, high = axes.get_xlim()
    return [
        label.get_text()
        for tick, label in zip(axes.get_xticks(), axes.get_xticklabels(), strict=True)
        if low <= tick <= high and label.get_text()
    ]


@pytest.mark.parametrize("sizes", WINDOW_CANVASES_IN.values(), ids=WINDOW_CANVASES_IN.keys())
def test_the_window_charts_labels_never_overlap(evaluate, sizes):
    episode, evaluation = evaluate("seed-case", AS_OF)
    symptoms_size, lesions_size = sizes
    symptoms = Figure(figsize=symptoms_size, dpi=100)
    draw_symptom_chart(symptoms, replace(symptom_chart_data(episode, evaluation), title=""))
    assert overlapping_labels(symptoms) == []
    assert legend_fits(symptoms)
    lesions = Figure(figsize=lesions_size, dpi=100)
    draw_lesion_chart(lesions, lesion_chart_data(episode, evaluation))
    assert overlapping_labels(lesions) == []
    for panel in lesions.axes:
        # One scan date: the axis still shows where it lies in time.
        assert len(dates_shown(panel)) >= 2, panel.get_gid()


def test_the_letters_charts_labels_never_overlap(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    assert overlapping_labels(symptom_chart(symptom_chart_data(episode, evaluation))) == []
    assert overlapping_labels(lesion_chart(lesion_chart_data(episode, evaluation))) == []


@pytest.mark.parametrize("code", [measure.code for measure in CHART_MEASURES])
def test_the_measure_charts_labels_never_overlap(code):
    """In the window's canvas, without its title, and at a letter's own size."""
    episode = measured_episode()
    evaluation = evaluate_episode(make_patient(), episode, AS_OF, rules_from())
    decision = EscalationDecision(
        decided_on=evaluation.escalation_due,
        kind=DecisionKind.SECOND_LINE,
        clinician="Sam Okonkwo",
        second_line=(TreatmentKind.ESWT,),
    )
    data = measure_chart_data(episode, evaluation, code, decisions=[decision])
    for size, _ in WINDOW_CANVASES_IN.values():
        fig = Figure(figsize=size, dpi=100)
        draw_measure_chart(fig, replace(data, title=""))
        assert overlapping_labels(fig) == [], size
        assert legend_fits(fig), size
    assert overlapping_labels(measure_chart(data)) == []


def legend_fits(fig: Figure) -> bool:
    """Whether the legend lies within the figure (a window's canvas cuts what does not)."""
    (legend,) = fig.legends
    box = legend.get_window_extent()
    return bool(box.x0 >= fig.bbox.x0 and box.x1 <= fig.bbox.x1)


@pytest.mark.parametrize("room_in", [1.0, 3.14, 7.0])
def test_every_span_gets_date_ticks_in_any_width(room_in: float):
    # A span the locator has no interval for warns (an error here) and falls back to
    # ticks three weeks apart, whatever the span.
    fig = Figure(figsize=(room_in, 2))
    axes = fig.add_subplot()
    start = day_number(date(2026, 1, 1))
    for days in range(1, 1500, 3):
        format_date_axis(axes, (start, start + days), SCREEN_STYLE, room_in=room_in)
        axes.xaxis.get_major_locator()()
