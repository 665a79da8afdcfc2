"""The symptom chart: what it plots, read back from the Figure (not from pixels)."""

from dataclasses import replace
from datetime import date

import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from pixels import has_ink

from trochtrack.charts.layout import day_number, figure_image
from trochtrack.charts.style import PRINT_STYLE, SCREEN_STYLE
from trochtrack.charts.symptoms import (
    NO_VISITS_MESSAGE,
    PAIN_LIMITS,
    VISA_G_LIMITS,
    draw_symptom_chart,
    pain_only,
    symptom_chart,
    symptom_chart_data,
)
from trochtrack.domain.model import Treatment
from trochtrack.domain.vocabulary import TreatmentKind

AS_OF = date(2026, 11, 28)


def axes_by_gid(fig: Figure, gid: str) -> Axes:
    (found,) = [axes for axes in fig.axes if axes.get_gid() == gid]
    return found


def line(axes: Axes, gid: str) -> Line2D:
    (found,) = [item for item in axes.get_lines() if item.get_gid() == gid]
    return found


def bars(axes: Axes) -> list[Rectangle]:
    found = [p for p in axes.patches if str(p.get_gid()).startswith("treatment:")]
    return sorted(found, key=lambda p: int(str(p.get_gid()).split(":")[1]))


@pytest.fixture
def seed_chart(evaluate) -> Figure:
    episode, evaluation = evaluate("seed-case", AS_OF)
    return symptom_chart(symptom_chart_data(episode, evaluation))


def test_pain_night_pain_and_visa_g_are_plotted_per_visit(seed_chart: Figure):
    visit_days = [day_number(date(2026, m, d)) for m, d in ((9, 7), (9, 21), (10, 5), (10, 19))]
    scores = axes_by_gid(seed_chart, "scores")
    pain = line(scores, "pain")
    assert list(pain.get_xdata()) == visit_days
    assert list(pain.get_ydata()) == [7, 6, 6, 6]
    assert list(line(scores, "night_pain").get_ydata()) == [6, 6, 5, 5]
    visa = axes_by_gid(seed_chart, "visa_g")
    assert list(line(visa, "visa_g").get_ydata()) == [45, 48, 50, 52]
    assert scores.get_ylim() == PAIN_LIMITS
    assert visa.get_ylim() == VISA_G_LIMITS
    assert "lower is better" in scores.get_ylabel()
    assert "higher is better" in visa.get_ylabel()


def test_baseline_review_and_escalation_are_labelled_vertical_lines(seed_chart: Figure):
    scores = axes_by_gid(seed_chart, "scores")
    expected = {
        "baseline": (date(2026, 9, 7), "Baseline 7 Sep"),
        "review": (date(2026, 10, 5), "Review point 5 Oct"),
        "escalation": (date(2026, 10, 19), "Escalation decision 19 Oct"),
    }
    labels = {text.get_gid(): text.get_text() for text in scores.texts}
    for gid, (day, label) in expected.items():
        assert list(line(scores, gid).get_xdata()) == [day_number(day)] * 2
        assert labels[f"{gid}-label"] == label
    strip = axes_by_gid(seed_chart, "treatments")
    assert line(strip, "escalation").get_xdata()[0] == day_number(date(2026, 10, 19))


def test_treatments_are_bars_one_row_each_ongoing_ones_up_to_the_chart_date(
    seed_chart: Figure,
):
    strip = axes_by_gid(seed_chart, "treatments")
    assert [label.get_text() for label in strip.get_yticklabels()] == [
        "Activity modification",
        "Education",
        "Exercise programme",
        "Anti-inflammatory (NSAID)",
        "Therapeutic ultrasound",
    ]
    found = bars(strip)
    assert [bar.get_y() + bar.get_height() / 2 for bar in found] == [0, 1, 2, 3, 4]
    nsaid, ultrasound = found[3], found[4]
    assert nsaid.get_x() == day_number(date(2026, 9, 7))
    assert nsaid.get_width() == 7
    assert ultrasound.get_x() + ultrasound.get_width() == day_number(date(2026, 10, 5))
    exercise = found[2]
    assert exercise.get_x() + exercise.get_width() == day_number(AS_OF)
    ongoing = [item.get_gid() for item in strip.get_lines() if "ongoing" in str(item.get_gid())]
    assert ongoing == ["ongoing:0", "ongoing:1", "ongoing:2"]


def test_second_line_treatments_are_hatched_in_their_own_colour(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    injection = Treatment(
        kind=TreatmentKind.CORTICOSTEROID_INJECTION, start=date(2026, 11, 2), end=date(2026, 11, 2)
    )
    episode = replace(episode, treatments=(*episode.treatments, injection))
    fig = symptom_chart(symptom_chart_data(episode, evaluation))
    strip = axes_by_gid(fig, "treatments")
    *first_line, second_line = bars(strip)
    assert strip.get_yticklabels()[-1].get_text() == "Corticosteroid injection"
    assert second_line.get_hatch() == "///"
    assert second_line.get_width() == 1  # a one-day course still shows
    assert all(bar.get_hatch() is None for bar in first_line)
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    assert "Second-line treatment" in legend
    assert "First-line treatment" in legend


def test_the_legend_explains_the_arrow_only_while_a_course_runs(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    running = symptom_chart(symptom_chart_data(episode, evaluation))
    assert "Ongoing" in [text.get_text() for text in running.legends[0].get_texts()]
    ended = tuple(replace(t, end=t.end or date(2026, 11, 20)) for t in episode.treatments)
    data = symptom_chart_data(replace(episode, treatments=ended), evaluation)
    finished = symptom_chart(data)
    legend = [text.get_text() for text in finished.legends[0].get_texts()]
    assert "Ongoing" not in legend
    assert "First-line treatment" in legend


def test_only_what_was_on_record_on_the_date_is_plotted(evaluate):
    episode, evaluation = evaluate("seed-case", date(2026, 9, 21))
    data = symptom_chart_data(episode, evaluation)
    assert [p.value for p in data.pain] == [7, 6]
    assert [t.label for t in data.treatments] == [
        "Activity modification",
        "Education",
        "Exercise programme",
        "Anti-inflammatory (NSAID)",
        "Therapeutic ultrasound",
    ]
    ultrasound = data.treatments[-1]
    assert ultrasound.end is None  # it ended on 5 Oct, after the chart's date


def test_no_visits_gives_a_message_not_an_error(evaluate):
    episode, evaluation = evaluate("seed-case", date(2026, 9, 6))
    fig = symptom_chart(symptom_chart_data(episode, evaluation))
    (message,) = fig.axes
    assert message.get_gid() == "message"
    assert [text.get_text() for text in message.texts] == [NO_VISITS_MESSAGE]
    assert has_ink(figure_image(fig, dpi=50))


def test_a_gui_canvas_figure_is_cleared_and_redrawn(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    data = symptom_chart_data(episode, evaluation)
    fig = Figure()  # a canvas's own figure has no layout engine
    for _ in range(2):
        fig.clear()
        draw_symptom_chart(fig, data, style=SCREEN_STYLE)
    assert fig.get_layout_engine() is not None
    assert sorted(str(axes.get_gid()) for axes in fig.axes) == ["scores", "treatments", "visa_g"]
    assert has_ink(figure_image(fig, dpi=50))


def test_the_patients_view_shows_pain_alone(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    fig = symptom_chart(pain_only(symptom_chart_data(episode, evaluation)), style=PRINT_STYLE)
    (scores,) = fig.axes
    assert {item.get_gid() for item in scores.get_lines()} == {"pain", "night_pain"}
    assert len(scores.texts) == 0
    assert fig.get_suptitle() == ""


def test_the_same_data_gives_the_same_pixels(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    data = symptom_chart_data(episode, evaluation)
    first, second = (figure_image(symptom_chart(data), dpi=60) for _ in range(2))
    assert first.tobytes() == second.tobytes()
