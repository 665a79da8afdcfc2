"""The lesion chart: volumes, diameters, unseen findings and change calls, from the Figure."""

import math
from datetime import date

import pytest
from factories import make_episode
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from pixels import has_ink

from trochtrack.charts.layout import day_number, figure_image
from trochtrack.charts.lesions import (
    NO_LESIONS_MESSAGE,
    LesionMeasure,
    lesion_chart,
    lesion_chart_data,
)
from trochtrack.domain.model import Episode, Finding, Patient, Scan, Visit
from trochtrack.domain.rules import evaluate_episode
from trochtrack.domain.vocabulary import (
    LesionKind,
    Modality,
    Sex,
    Visibility,
)

from .conftest import default_rules  # noqa: TID252 - a helper beside these tests

PATIENT = Patient(
    ref="P-L", given_name="Lee", family_name="Scan", date_of_birth=date(1970, 1, 1), sex=Sex.MALE
)
FIRST, SECOND = date(2026, 5, 4), date(2026, 7, 27)


def episode_with(*scans: Scan) -> Episode:
    return make_episode(
        first_line_start=date(2026, 5, 4),
        visits=(Visit(date=date(2026, 5, 4), pain_nrs=5),),
        scans=scans,
    )


def chart_of(episode: Episode, as_of: date = date(2026, 8, 1)) -> Figure:
    evaluation = evaluate_episode(PATIENT, episode, as_of, default_rules())
    return lesion_chart(lesion_chart_data(episode, evaluation))


def axes_by_gid(fig: Figure, gid: str) -> Axes:
    (found,) = [axes for axes in fig.axes if axes.get_gid() == gid]
    return found


def gids(axes: Axes) -> dict[str, object]:
    items = [*axes.get_lines(), *axes.texts]
    return {str(item.get_gid()): item for item in items if item.get_gid()}


@pytest.fixture
def followed() -> Figure:
    return chart_of(
        episode_with(
            Scan(
                date=FIRST,
                modality=Modality.US,
                findings=(
                    Finding(
                        lesion="bursa-1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=(20, 5, 18)
                    ),
                    Finding(lesion="calc-1", kind=LesionKind.CALCIFICATION, dims_mm=(6, 4, 3)),
                    Finding(
                        lesion="tendon-1",
                        kind=LesionKind.TENDINOPATHY,
                        visibility=Visibility.NOT_MEASURED,
                    ),
                ),
            ),
            Scan(
                date=SECOND,
                modality=Modality.US,
                findings=(
                    Finding(
                        lesion="bursa-1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=(26, 7, 19)
                    ),
                    Finding(
                        lesion="calc-1",
                        kind=LesionKind.CALCIFICATION,
                        visibility=Visibility.NOT_VISUALISED,
                    ),
                ),
            ),
        )
    )


def test_bursa_volume_is_plotted_in_millilitres(followed: Figure):
    volume = axes_by_gid(followed, LesionMeasure.VOLUME_ML.value)
    bursa = gids(volume)["lesion:bursa-1"]
    assert list(bursa.get_xdata()) == [day_number(FIRST), day_number(SECOND)]
    expected = [math.pi / 6 * 20 * 5 * 18 / 1000, math.pi / 6 * 26 * 7 * 19 / 1000]
    assert list(bursa.get_ydata()) == pytest.approx(expected)
    assert volume.get_ylabel() == "Volume (mL)"


def test_enlargement_is_marked_and_labelled(followed: Figure):
    items = gids(axes_by_gid(followed, LesionMeasure.VOLUME_ML.value))
    marker = items["change:bursa-1"]
    assert marker.get_marker() == "^"
    assert list(marker.get_xdata()) == [day_number(SECOND)]
    assert items["change-label:bursa-1"].get_text() == "enlarged"


def test_an_unseen_calcification_is_a_cross_on_zero_called_resolved(followed: Figure):
    calcifications = axes_by_gid(followed, LesionMeasure.LONGEST_MM.value)
    items = gids(calcifications)
    assert list(items["lesion:calc-1"].get_ydata()) == [6]
    unseen = items["not-visualised:calc-1"]
    assert (list(unseen.get_xdata()), list(unseen.get_ydata())) == ([day_number(SECOND)], [0.0])
    assert unseen.get_marker() == "x"
    assert items["change-label:calc-1"].get_text() == "resolved: not visualised"
    assert calcifications.get_ylabel() == "Longest diameter (mm)"


def test_tendon_findings_are_not_charted(followed: Figure):
    legend = [text.get_text() for text in followed.legends[0].get_texts()]
    assert legend == ["bursa-1 (adventitial bursa)", "calc-1 (calcification)"]


def test_another_modality_is_marked_not_comparable():
    fig = chart_of(
        episode_with(
            Scan(
                date=FIRST,
                modality=Modality.US,
                findings=(
                    Finding(lesion="fluid-1", kind=LesionKind.FLUID_COLLECTION, dims_mm=(8, 8, 5)),
                ),
            ),
            Scan(
                date=SECOND,
                modality=Modality.MRI,
                findings=(
                    Finding(lesion="fluid-1", kind=LesionKind.FLUID_COLLECTION, dims_mm=(9, 8, 5)),
                ),
            ),
        )
    )
    (volume,) = fig.axes
    assert gids(volume)["change-label:fluid-1"].get_text() == "not comparable"


def test_findings_after_the_chart_date_are_left_out():
    fig = chart_of(
        episode_with(
            Scan(
                date=FIRST,
                modality=Modality.US,
                findings=(
                    Finding(lesion="calc-1", kind=LesionKind.CALCIFICATION, dims_mm=(6, 4, 3)),
                ),
            ),
            Scan(
                date=SECOND,
                modality=Modality.US,
                findings=(
                    Finding(lesion="calc-1", kind=LesionKind.CALCIFICATION, dims_mm=(2, 2, 1)),
                ),
            ),
        ),
        as_of=date(2026, 6, 1),
    )
    (calcifications,) = fig.axes
    items = gids(calcifications)
    assert list(items["lesion:calc-1"].get_ydata()) == [6]
    assert "change:calc-1" not in items


def test_no_measured_lesion_gives_a_message():
    fig = chart_of(episode_with())
    (message,) = fig.axes
    assert [text.get_text() for text in message.texts] == [NO_LESIONS_MESSAGE]


def test_the_example_cases_render(evaluate):
    for example, as_of in (
        ("responding-resolving", date(2026, 9, 10)),
        ("bursa-enlarging", date(2026, 9, 20)),
        ("seed-case", date(2026, 10, 20)),
    ):
        episode, evaluation = evaluate(example, as_of)
        assert has_ink(figure_image(lesion_chart(lesion_chart_data(episode, evaluation)), dpi=40))


def test_the_baseline_is_marked_and_growth_since_it_named():
    """Three steps each within measurement error: only the baseline comparison calls it."""
    steps = (
        (date(2026, 4, 27), (24, 4, 23)),
        (date(2026, 6, 22), (27, 5, 25)),
        (SECOND, (30, 6, 28)),
    )
    fig = chart_of(
        episode_with(
            *(
                Scan(
                    date=day,
                    modality=Modality.US,
                    findings=(
                        Finding(lesion="bursa-1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=dims),
                    ),
                )
                for day, dims in steps
            )
        )
    )
    items = gids(axes_by_gid(fig, LesionMeasure.VOLUME_ML.value))
    marker = items["baseline:bursa-1"]
    assert list(marker.get_xdata()) == [day_number(date(2026, 4, 27))]
    assert list(marker.get_ydata()) == pytest.approx([math.pi / 6 * 24 * 4 * 23 / 1000])
    level = items["baseline-level:bursa-1"]
    assert list(level.get_xdata()) == [day_number(date(2026, 4, 27)), day_number(SECOND)]
    assert items["baseline-label:bursa-1"].get_text() == "baseline"
    assert items["since-baseline-label:bursa-1"].get_text() == "enlarged since baseline"
    assert "change:bursa-1" not in items  # against the previous scan: no reliable change


def test_no_baseline_mark_before_a_third_scan(followed: Figure):
    items = gids(axes_by_gid(followed, LesionMeasure.VOLUME_ML.value))
    assert not [gid for gid in items if gid.startswith("baseline")]


@pytest.mark.parametrize("lesion", ["bursa-$x^2$", "bursa $\\frac{x}{$ 1", "bursa-$5"])
def test_a_lesion_id_with_dollar_signs_is_drawn_as_typed(lesion: str):
    fig = chart_of(
        episode_with(
            *(
                Scan(
                    date=day,
                    modality=Modality.US,
                    findings=(
                        Finding(lesion=lesion, kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=dims),
                    ),
                )
                for day, dims in ((FIRST, (20, 5, 18)), (SECOND, (26, 7, 19)))
            )
        )
    )
    drawn = figure_image(fig, dpi=40)  # bad TeX in a label stopped the drawing (and the letter)
    assert has_ink(drawn)
    (legend,) = fig.legends
    (label,) = [text for text in legend.get_texts() if lesion[:5] in text.get_text()]
    # What matplotlib will print: the text as typed, not read as mathematics.
    shown, is_math = label._preprocess_math(label.get_text())
    assert (shown, is_math) == (f"{lesion} (adventitial bursa)", False)
