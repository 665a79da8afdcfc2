"""The measure charts: what each shows, read back from the Figure (not from pixels)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from factories import make_patient
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from measure_factories import (
    START,
    default_visits,
    lefs,
    measured_episode,
    measured_visit,
    visa_g,
    visa_g_with_blanks,
)
from pixels import has_ink

from trochtrack.charts.layout import day_number, figure_image
from trochtrack.charts.measure_figure import draw_measure_chart, measure_chart
from trochtrack.charts.measures import (
    NO_THRESHOLD_NOTE,
    UNSCORED_GID,
    MeasureChartData,
    measure_chart_data,
    points_gid,
    recorded_measures,
)
from trochtrack.charts.style import PRINT_STYLE, SCREEN_STYLE
from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.measures.outcomes import STANDARD_GRAVITY, CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.questionnaires import Questionnaire
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import evaluate_episode
from trochtrack.domain.vocabulary import TreatmentKind
from trochtrack.services.rules_config import rules_from

AS_OF = date(2026, 11, 28)
WEEKS = [START + timedelta(weeks=n) for n in (0, 4, 8, 11)]
DECISION = EscalationDecision(
    decided_on=date(2026, 10, 19),
    kind=DecisionKind.SECOND_LINE,
    clinician="Sam Okonkwo",
    second_line=(TreatmentKind.ESWT,),
)


def chart_data(code: str, episode: Episode | None = None, **options: object) -> MeasureChartData:
    episode = episode or measured_episode()
    evaluation = evaluate_episode(make_patient(), episode, AS_OF, rules_from())
    return measure_chart_data(episode, evaluation, code, **options)  # type: ignore[arg-type]


def drawn(code: str, episode: Episode | None = None, **options: object) -> Figure:
    return measure_chart(chart_data(code, episode, **options))


def scores(fig: Figure) -> Axes:
    (found,) = [axes for axes in fig.axes if axes.get_gid() == "scores"]
    return found


def line(axes: Axes, gid: str) -> Line2D:
    (found,) = [item for item in axes.get_lines() if item.get_gid() == gid]
    return found


def band(axes: Axes) -> Rectangle | None:
    found = [p for p in axes.patches if p.get_gid() == "change-band"]
    return found[0] if found else None


def value_labels(axes: Axes) -> dict[str, str]:
    return {
        str(text.get_gid()): text.get_text()
        for text in axes.texts
        if str(text.get_gid()).endswith(("first-label", "previous-label", "latest-label"))
    }


def legend_texts(fig: Figure) -> list[str]:
    return [text.get_text() for text in fig.legends[0].get_texts()]


@pytest.mark.parametrize(
    ("code", "values", "axis"),
    [
        ("visa_g", [39, 44, 54, 59], "VISA-G 0–100\n(higher is better)"),
        ("lefs", [40, 38, 60, 61], "LEFS 0–80\n(higher is better)"),
        ("psfs", [3.0, 4.0, 5.3, 6.0], "PSFS mean 0–10\n(higher is better)"),
        ("pseq2", [6, 7, 9, 10], "PSEQ-2 0–12\n(higher is better)"),
        ("stair_pain", [7, 6, 4, 3], "Pain on stairs 0–10\n(lower is better)"),
    ],
)
def test_each_measure_is_a_line_of_its_values_per_visit(code, values, axis):
    fig = drawn(code)
    axes = scores(fig)
    total = line(axes, "total")
    assert list(total.get_xdata()) == [day_number(day) for day in WEEKS]
    assert list(total.get_ydata()) == values
    assert axes.get_ylabel() == axis


@pytest.mark.parametrize(
    ("code", "centre", "points", "label"),
    [
        ("visa_g", 39, 10, "Baseline ±10 (provisional MCID)"),
        ("lefs", 40, 9, "Baseline ±9 (MCID)"),
        ("psfs", 3.0, 2, "Baseline ±2 (MDC)"),
        ("stair_pain", 7, 2, "Baseline ±2 (pain MCID)"),
    ],
)
def test_the_band_is_the_threshold_either_side_of_the_baseline(code, centre, points, label):
    fig = drawn(code)
    shaded = band(scores(fig))
    assert shaded is not None
    assert (shaded.get_y(), shaded.get_y() + shaded.get_height()) == (
        centre - points,
        centre + points,
    )
    assert shaded.get_x() == day_number(START)
    assert shaded.get_x() + shaded.get_width() == scores(fig).get_xlim()[1]
    assert label in legend_texts(fig)


def test_pain_on_stairs_is_banded_by_the_clinics_pain_threshold():
    shaded = band(scores(drawn("stair_pain", pain_change_points=3)))
    assert shaded is not None
    assert (shaded.get_y(), shaded.get_height()) == (4, 6)


def test_the_baseline_is_the_first_value_from_the_start_of_first_line_care():
    before = measured_visit(START - timedelta(days=10), 8, questionnaires=(lefs(1),))
    episode = measured_episode(visits=(before, *default_visits()))
    data = chart_data("lefs", episode)
    assert data.band is not None
    assert (data.band.day, data.band.value) == (START, 40)
    assert data.baseline == START
    only_before = measured_episode(visits=(before,))
    data = chart_data("lefs", only_before)
    assert data.band is not None
    assert (data.band.day, data.band.value) == (before.date, 20)


@pytest.mark.parametrize("code", ["pseq2", "stance", "abduction"])
def test_a_measure_without_a_published_threshold_has_no_band_and_says_so(code):
    fig = drawn(code)
    assert band(scores(fig)) is None
    assert NO_THRESHOLD_NOTE in legend_texts(fig)
    assert not any(text.startswith("Baseline ±") for text in legend_texts(fig))


def test_the_first_previous_and_latest_values_are_written_beside_their_points():
    axes = scores(drawn("visa_g"))
    assert value_labels(axes) == {
        "total:first-label": "39",
        "total:previous-label": "54",
        "total:latest-label": "59",
    }
    two = measured_episode(visits=default_visits()[:2])
    assert value_labels(scores(drawn("psfs", two))) == {
        "total:first-label": "3.0",
        "total:latest-label": "4.0",
    }
    one = measured_episode(visits=default_visits()[:1])
    assert value_labels(scores(drawn("lefs", one))) == {"total:latest-label": "40"}


def test_the_two_sides_are_two_lines_told_apart_without_colour():
    fig = drawn("stance")
    axes = scores(fig)
    left, right = line(axes, "left"), line(axes, "right")
    assert list(left.get_ydata()) == [8.0, 12.0, 20.0, 25.0]
    assert list(right.get_ydata()) == [30.0] * 4
    assert (left.get_marker(), left.get_linestyle()) != (right.get_marker(), right.get_linestyle())
    assert {"Left (affected)", "Right"} <= set(legend_texts(fig))
    labels = value_labels(axes)
    assert labels["left:latest-label"] == "25"
    assert labels["right:first-label"] == "30"


def test_treatments_and_the_recorded_decision_are_on_the_time_axis():
    fig = drawn("lefs", decisions=[DECISION])
    (strip,) = [axes for axes in fig.axes if axes.get_gid() == "treatments"]
    assert [label.get_text() for label in strip.get_yticklabels()] == [
        "Education",
        "Exercise programme",
        "Shockwave therapy (ESWT)",
    ]
    bars = sorted(
        (p for p in strip.patches if str(p.get_gid()).startswith("treatment:")),
        key=lambda p: str(p.get_gid()),
    )
    education, exercise, shockwave = bars
    assert (education.get_x(), education.get_width()) == (day_number(START), 28)
    assert exercise.get_x() + exercise.get_width() == day_number(AS_OF)
    assert shockwave.get_hatch() == "///"
    axes = scores(fig)
    assert list(line(axes, "decision").get_xdata()) == [day_number(DECISION.decided_on)] * 2
    labels = {text.get_gid(): text.get_text() for text in axes.texts}
    # On the escalation date itself: one label for both lines.
    assert labels["escalation-label"] == (
        "Escalation decision 19 Oct; decided: start second-line care"
    )
    assert "Second-line treatment" in legend_texts(fig)


def test_a_decision_after_the_chart_date_is_not_shown():
    late = replace(DECISION, decided_on=AS_OF + timedelta(days=1))
    assert [m.kind for m in chart_data("lefs", decisions=[late]).markers] == [
        "review",
        "escalation",
    ]


def test_a_measure_with_no_values_draws_a_message_and_no_line():
    episode = measured_episode(visits=(measured_visit(START, 5, visa_g=40),))
    assert [m.code for m in recorded_measures(episode, AS_OF)] == ["visa_g"]
    fig = drawn("pseq2", episode)
    (message,) = fig.axes
    assert message.get_gid() == "message"
    assert [t.get_text() for t in message.texts] == ["No PSEQ-2 recorded yet in this episode."]
    assert message.get_lines() == []


def test_a_total_entered_without_items_is_plotted_and_says_so():
    episode = measured_episode(visits=(measured_visit(START, 5, visa_g=40),))
    data = chart_data("visa_g", episode)
    assert data.details(points_gid("total"), 0) == (
        "VISA-G 40 on 7 Sep 2026\nTotal entered without its items"
    )


def test_a_click_on_a_point_explains_it_item_by_item():
    data = chart_data("visa_g")
    details = data.details(points_gid("total"), 1)
    assert details is not None
    assert details.replace("\u00a0", " ") == (
        "VISA-G 44 on 5 Oct 2026\nQ1 5, Q2 5, Q3 5, Q4 5, Q5 5, Q6 5, Q7 4, Q8 part B 10"
    )
    psfs = chart_data("psfs").details(points_gid("total"), 2)
    assert psfs is not None
    assert psfs.replace("\u00a0", " ") == (
        "PSFS 5.3 on 2 Nov 2026\nWalking the dog 5, Stairs 5, Lying on the left side 6"
    )
    assert data.details(points_gid("total"), 4) is None
    assert data.details("total", 0) is None


def test_a_form_with_blank_items_is_marked_on_the_time_axis_and_names_them():
    blanks = measured_visit(WEEKS[1], 6, questionnaires=(visa_g_with_blanks("3", "8"),))
    first = measured_visit(START, 7, questionnaires=(visa_g(5, 5, 4, "B", 5),))
    episode = measured_episode(visits=(first, blanks))
    fig = drawn("visa_g", episode)
    axes = scores(fig)
    assert list(line(axes, "total").get_ydata()) == [39]
    marked = line(axes, UNSCORED_GID)
    assert list(marked.get_xdata()) == [day_number(WEEKS[1])]
    assert marked.get_picker()
    data = chart_data("visa_g", episode)
    details = data.details(UNSCORED_GID, 0)
    assert details is not None
    text = details.replace("\u00a0", " ")
    assert text.startswith("VISA-G not scored on 5 Oct 2026\nQ1 5, Q2 5, Q3 blank,")
    assert text.split("\n")[1].endswith("Q7 4, Q8 part B blank")
    assert "Items 3 and 8 not answered" in text
    unanswered = Questionnaire(instrument="visa_g", answers=visa_g(5, 5, 4, "B", 5).answers[:7])
    episode = measured_episode(visits=(measured_visit(START, 7, questionnaires=(unanswered,)),))
    details = chart_data("visa_g", episode).details(UNSCORED_GID, 0)
    assert details is not None
    assert details.replace("\u00a0", " ").split("\n")[1].endswith("Q7 4, Q8 blank")
    assert "Form with blank items: no total" in legend_texts(fig)


def test_only_a_form_with_blank_items_gives_a_message_naming_its_date():
    episode = measured_episode(
        visits=(measured_visit(START, 7, questionnaires=(visa_g_with_blanks("2"),)),)
    )
    assert [m.code for m in recorded_measures(episode, AS_OF)] == ["visa_g"]
    (message,) = drawn("visa_g", episode).axes
    assert [t.get_text() for t in message.texts] == [
        "No VISA-G total to plot: blank items on the form of 7 Sep 2026."
    ]


def test_every_point_of_a_line_is_clickable():
    fig = drawn("abduction")
    axes = scores(fig)
    for side in ("left", "right"):
        points = line(axes, points_gid(side))
        assert points.get_picker()
        assert list(points.get_ydata()) == list(line(axes, side).get_ydata())


def strength_visit(day: date, left: float, unit: StrengthUnit, mass: float | None):
    outcomes = CoreOutcomes(abduction_left=left, abduction_unit=unit, body_mass_kg=mass)
    return measured_visit(day, 5, outcomes=outcomes)


def test_strength_is_per_kg_when_every_reading_has_the_body_mass():
    episode = measured_episode(
        visits=(
            strength_visit(START, 140, StrengthUnit.NEWTON, 70),
            strength_visit(WEEKS[1], 15, StrengthUnit.KILOGRAM, 75),
        )
    )
    fig = drawn("abduction", episode)
    axes = scores(fig)
    assert list(line(axes, "left").get_ydata()) == pytest.approx([2.0, 15 * STANDARD_GRAVITY / 75])
    assert axes.get_ylabel() == "Abduction (N/kg)\n(higher is better)"
    details = chart_data("abduction", episode).details(points_gid("left"), 1)
    assert details == (
        "Hip abduction strength on 5 Oct 2026: left 1.96 N/kg (read as 15 kg); body mass 75 kg"
    )


def test_strength_without_the_body_mass_at_every_reading_keeps_one_unit():
    mixed = measured_episode(
        visits=(
            strength_visit(START, 140, StrengthUnit.NEWTON, 70),
            strength_visit(WEEKS[1], 15, StrengthUnit.KILOGRAM, None),
        )
    )
    fig = drawn("abduction", mixed)
    axes = scores(fig)
    assert list(line(axes, "left").get_ydata()) == pytest.approx([140, 15 * STANDARD_GRAVITY])
    assert axes.get_ylabel() == "Abduction (N)\n(higher is better)"
    legend = legend_texts(fig)
    assert "In N: body mass not recorded at every reading" in legend
    assert "Readings in kg shown in N (× 9.81)" in legend
    in_kg = measured_episode(
        visits=(
            strength_visit(START, 14, StrengthUnit.KILOGRAM, None),
            strength_visit(WEEKS[1], 15.5, StrengthUnit.KILOGRAM, None),
        )
    )
    fig = drawn("abduction", in_kg)
    assert list(line(scores(fig), "left").get_ydata()) == [14, 15.5]
    assert scores(fig).get_ylabel() == "Abduction (kg)\n(higher is better)"
    assert value_labels(scores(fig))["left:latest-label"] == "15.5"
    assert chart_data("abduction", mixed).details(points_gid("left"), 0) == (
        "Hip abduction strength on 7 Sep 2026: left 140 N; body mass 70 kg"
    )
    assert chart_data("abduction", mixed).details(points_gid("left"), 1) == (
        "Hip abduction strength on 5 Oct 2026: left 147 N (read as 15 kg)"
    )


def test_the_y_ticks_stay_within_the_scale():
    for code in ("visa_g", "pseq2", "stance", "abduction"):
        data = chart_data(code)
        ticks = scores(measure_chart(data)).get_yticks()
        low, high = data.scale
        assert all(low <= tick <= high for tick in ticks), code


def test_an_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="'oxford' is not a charted measure"):
        chart_data("oxford")


@pytest.mark.parametrize("style", [SCREEN_STYLE, PRINT_STYLE], ids=["screen", "print"])
def test_every_chart_draws_on_screen_and_in_print(style):
    for measure in recorded_measures(measured_episode(), AS_OF):
        fig = Figure(figsize=(6.28, 2.57))
        draw_measure_chart(fig, chart_data(measure.code, decisions=[DECISION]), style=style)
        assert has_ink(figure_image(fig, dpi=40)), measure.code
