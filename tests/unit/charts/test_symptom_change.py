"""The symptom chart's pain band and value labels (the chart itself: test_symptoms.py)."""

from datetime import date

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from trochtrack.charts.layout import day_number
from trochtrack.charts.symptoms import (
    PAIN_CHANGE_POINTS,
    pain_only,
    symptom_chart,
    symptom_chart_data,
)
from trochtrack.services.rules_config import rules_from

AS_OF = date(2026, 11, 28)


def scores(fig: Figure) -> Axes:
    (found,) = [axes for axes in fig.axes if axes.get_gid() == "scores"]
    return found


def band(axes: Axes) -> Rectangle | None:
    found = [p for p in axes.patches if p.get_gid() == "change-band"]
    return found[0] if found else None


def labels(fig: Figure) -> dict[str, str]:
    """Value labels by id, on whichever axes they are drawn (over VISA-G's, when it shows)."""
    return {
        str(text.get_gid()): text.get_text()
        for axes in fig.axes
        for text in axes.texts
        if str(text.get_gid()).startswith("pain:")
    }


def test_the_pain_band_is_the_rules_threshold_either_side_of_the_baseline_pain(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    fig = symptom_chart(symptom_chart_data(episode, evaluation))
    shaded = band(scores(fig))
    assert shaded is not None
    # Seed case: pain 7 at the baseline visit of 7 Sep, the default threshold of 2 points.
    assert (shaded.get_y(), shaded.get_y() + shaded.get_height()) == (5, 9)
    assert shaded.get_x() == day_number(date(2026, 9, 7))
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    assert "Pain baseline ±2 (MCID)" in legend


def test_the_band_follows_the_clinics_threshold(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    shaded = band(
        scores(symptom_chart(symptom_chart_data(episode, evaluation, pain_change_points=3)))
    )
    assert shaded is not None
    assert (shaded.get_y(), shaded.get_height()) == (4, 6)


def test_the_default_threshold_is_the_default_rules():
    assert rules_from().response.pain_drop_points == PAIN_CHANGE_POINTS


def test_the_first_previous_and_latest_pain_are_written_beside_their_points(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    fig = symptom_chart(symptom_chart_data(episode, evaluation))
    assert labels(fig) == {
        "pain:first-label": "7",
        "pain:previous-label": "6",
        "pain:latest-label": "6",
    }


def test_the_patients_own_chart_has_neither_band_nor_values(evaluate):
    episode, evaluation = evaluate("seed-case", AS_OF)
    fig = symptom_chart(pain_only(symptom_chart_data(episode, evaluation)))
    assert band(scores(fig)) is None
    assert labels(fig) == {}
