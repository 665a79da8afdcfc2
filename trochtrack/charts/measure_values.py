"""The values of each charted measure read from the visits, and what a click on one says.

A questionnaire's point is its total (a VISA-G total entered without its items is one
too); a click on it lists the items as answered, blank ones named. A form with blank
items has no total and is kept apart, to be marked rather than plotted. Strength is
converted only as :func:`strength_readings` says, and the reading as typed stays in the
point's details.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from trochtrack.domain.measures.instruments import ChangeThreshold, Instrument, instrument
from trochtrack.domain.measures.outcomes import (
    STANCE_CAP_S,
    STANDARD_GRAVITY,
    CoreOutcomes,
    StrengthUnit,
    shared_strength_unit,
)
from trochtrack.domain.measures.questionnaires import Questionnaire, find_form
from trochtrack.domain.model import Visit
from trochtrack.domain.vocabulary import Side
from trochtrack.wording.dates import long_date
from trochtrack.wording.outcome_measures import form_total

BLANK: Final = "blank"
NO_BREAK: Final = "\u00a0"
PER_KG: Final = "N/kg"
THRESHOLD_KINDS: Final = {"MCID": "MCID", "MDC": "MDC", "provisional": "provisional MCID"}
SIDES: Final = (Side.LEFT, Side.RIGHT)


@dataclass(frozen=True, slots=True)
class MeasurePoint:
    """One value at one visit, as written beside it and as a click on it explains it."""

    day: date
    value: float
    shown: str
    details: str


@dataclass(frozen=True, slots=True)
class MeasureSeries:
    """One line: ``key`` names it in the figure's ids (``total``, ``left``, ``right``)."""

    key: str
    label: str
    points: tuple[MeasurePoint, ...]


@dataclass(frozen=True, slots=True)
class UnscoredForm:
    """A form recorded with blank items, which has no total to plot."""

    day: date
    details: str


@dataclass(frozen=True, slots=True)
class Readings:
    """One measure's values over the visits, with its scale and its threshold.

    ``scale`` is the measure's range; ``None`` for a top that depends on the values.
    ``change`` is the threshold's points and its legend words, ``None`` where no
    threshold is published. ``notes`` go in the legend.
    """

    name: str
    title: str
    axis_label: str
    scale: tuple[float, float | None]
    series: tuple[MeasureSeries, ...]
    change: tuple[float, str] | None = None
    notes: tuple[str, ...] = ()
    unscored: tuple[UnscoredForm, ...] = ()


def questionnaire_readings(code: str, visits: Sequence[Visit]) -> Readings:
    """The totals of questionnaire ``code``, and its forms that have none."""
    definition = instrument(code)
    if definition is None:
        raise ValueError(f"{code!r} is not a shipped questionnaire")
    decimals = 1 if definition.scoring == "mean" else 0
    points, unscored = [], []
    for visit in visits:
        form = find_form(visit.questionnaires, code)
        total = _total(definition, visit)
        if total is None:
            if form is not None:
                unscored.append(UnscoredForm(visit.date, _unscored_text(definition, form, visit)))
            continue
        shown = f"{total:.{decimals}f}"
        heading = f"{definition.name} {shown} on {long_date(visit.date)}"
        details = f"{heading}\n" + (
            "Total entered without its items" if form is None else answers_text(form)
        )
        points.append(MeasurePoint(visit.date, total, shown, details))
    better = "higher" if definition.higher_is_better else "lower"
    name = f"{definition.name} mean" if definition.scoring == "mean" else definition.name
    return Readings(
        name=definition.name,
        title=f"{definition.name}: {definition.full_name}",
        axis_label=f"{name} {definition.low}–{definition.high}\n({better} is better)",
        scale=(definition.low, definition.high),
        series=(MeasureSeries("total", name, tuple(points)),),
        change=None if definition.change is None else _threshold(definition.change),
        unscored=tuple(unscored),
    )


def _total(definition: Instrument, visit: Visit) -> float | None:
    if definition.code == "visa_g":
        # The visit's total: from the items when they are recorded, else as entered.
        return None if visit.visa_g is None else float(visit.visa_g)
    return form_total(definition.code)(visit)


def _threshold(change: ChangeThreshold) -> tuple[float, str]:
    kind = THRESHOLD_KINDS.get(change.kind, change.kind)
    return change.points, f"Baseline ±{change.points:g} ({kind})"


def answers_text(form: Questionnaire) -> str:
    """The answers item by item: ``Q1 5, Q2 blank, … Q8 part B 10`` (PSFS: the activities).

    An item and its score are joined by no-break spaces, so a wrapped line never parts
    them.
    """
    definition = form.definition
    if definition.named_items is not None:
        return ", ".join(f"{a.activity}{NO_BREAK}{_score(a.score)}" for a in form.answers)
    shown = []
    for item in definition.items:
        answer = next((a for key in item.answer_ids() if (a := form.answer(key))), None)
        label = f"Q{item.id}"
        if answer is not None and item.parts:
            label += f"{NO_BREAK}part{NO_BREAK}{answer.item.removeprefix(item.id)}"
        shown.append(f"{label}{NO_BREAK}{_score(None if answer is None else answer.score)}")
    return ", ".join(shown)


def _score(score: int | None) -> str:
    return BLANK if score is None else str(score)


def _unscored_text(definition: Instrument, form: Questionnaire, visit: Visit) -> str:
    scored = form.score()
    return (
        f"{definition.name} not scored on {long_date(visit.date)}\n{answers_text(form)}\n"
        f"{scored.problem}."
    )


def stair_readings(visits: Sequence[Visit], change_points: int) -> Readings:
    """Pain on stairs, banded by the change in a pain score the rules count."""
    points = tuple(
        MeasurePoint(v.date, score, str(score), f"Pain on stairs {score}/10 on {long_date(v.date)}")
        for v in visits
        if (score := v.outcomes.stair_pain_nrs) is not None
    )
    return Readings(
        name="pain on stairs",
        title="Pain on stairs",
        axis_label="Pain on stairs 0–10\n(lower is better)",
        scale=(0, 10),
        series=(MeasureSeries("total", "Pain on stairs", points),),
        change=(change_points, f"Baseline ±{change_points} (pain MCID)"),
    )


def stance_readings(visits: Sequence[Visit], episode_side: Side) -> Readings:
    """Time to pain in single-leg stance, one line per side (30 s: no pain within 30 s)."""

    def details(visit: Visit) -> str:
        sides = [
            f"{side.value} {_seconds(value)}"
            for side in SIDES
            if (value := _stance(visit.outcomes, side)) is not None
        ]
        return f"Single-leg stance on {long_date(visit.date)}, time to pain: " + ", ".join(sides)

    return Readings(
        name="single-leg stance time",
        title="Single-leg stance: time to pain",
        axis_label="Time to pain (s)\n(longer is better)",
        scale=(0, STANCE_CAP_S),
        series=_side_series(
            visits,
            episode_side,
            lambda visit, side: _stance(visit.outcomes, side),
            lambda value: f"{value:g}",
            details,
        ),
    )


def _stance(outcomes: CoreOutcomes, side: Side) -> float | None:
    return outcomes.stance_pain_left_s if side is Side.LEFT else outcomes.stance_pain_right_s


def _seconds(value: float) -> str:
    if value >= STANCE_CAP_S:
        return f"no pain within {STANCE_CAP_S:g} s"
    return f"{value:g} s"


def strength_readings(visits: Sequence[Visit], episode_side: Side) -> Readings:
    """Hip abduction strength per side, in one unit for every point.

    In N/kg when every visit with a reading has the body mass; else in the unit the
    readings were taken in, or in N when some were taken in N and some in kg.
    """
    read = [v for v in visits if any(_strength(v.outcomes, side) is not None for side in SIDES)]
    unit, decimals, convert, notes = _strength_unit(read)

    def value_of(visit: Visit, side: Side) -> float | None:
        return convert(visit.outcomes, _strength(visit.outcomes, side))

    def details(visit: Visit) -> str:
        outcomes = visit.outcomes
        sides = []
        for side in SIDES:
            value = value_of(visit, side)
            typed = _strength(outcomes, side)
            if value is None or typed is None:
                continue
            if unit == outcomes.abduction_unit:
                sides.append(f"{side.value} {typed:g} {unit}")
            else:
                sides.append(
                    f"{side.value} {value:.{decimals}f} {unit}"
                    f" (read as {typed:g} {outcomes.abduction_unit})"
                )
        text = f"Hip abduction strength on {long_date(visit.date)}: " + ", ".join(sides)
        if outcomes.body_mass_kg is not None:
            text += f"; body mass {outcomes.body_mass_kg:g} kg"
        return text

    return Readings(
        name="hip abduction strength",
        title="Hip abduction strength",
        axis_label=f"Abduction ({unit})\n(higher is better)",
        scale=(0, None),
        series=_side_series(
            visits, episode_side, value_of, lambda value: f"{value:.{decimals}f}", details
        ),
        change=None,
        notes=notes,
    )


Convert = Callable[[CoreOutcomes, float | None], float | None]


def _strength(outcomes: CoreOutcomes, side: Side) -> float | None:
    return outcomes.abduction_left if side is Side.LEFT else outcomes.abduction_right


def _as_read(outcomes: CoreOutcomes, value: float | None) -> float | None:
    return value


def _strength_unit(read: Sequence[Visit]) -> tuple[str, int, Convert, tuple[str, ...]]:
    """The one unit of the axis, its decimals, how a reading becomes it, and why it is used."""
    if read and all(v.outcomes.body_mass_kg is not None for v in read):
        return PER_KG, 2, CoreOutcomes.abduction_per_kg, ()
    unit = shared_strength_unit(v.outcomes.abduction_unit for v in read)
    # With the mass at some readings, say why the axis is not in N/kg.
    some_mass = any(v.outcomes.body_mass_kg is not None for v in read)
    note = (f"In {unit}: body mass not recorded at every reading",) if some_mass else ()
    if unit is StrengthUnit.KILOGRAM:
        return unit.value, 1, _as_read, note
    if any(v.outcomes.abduction_unit is StrengthUnit.KILOGRAM for v in read):
        note = (*note, f"Readings in kg shown in N (× {STANDARD_GRAVITY:.2f})")
    return unit.value, 0, CoreOutcomes.abduction_newtons, note


def _side_series(
    visits: Sequence[Visit],
    episode_side: Side,
    value_of: Callable[[Visit, Side], float | None],
    shown: Callable[[float], str],
    details: Callable[[Visit], str],
) -> tuple[MeasureSeries, ...]:
    """A line per side (the episode's own marked as affected), each visit's details on both."""
    series = []
    for side in SIDES:
        points = tuple(
            MeasurePoint(v.date, value, shown(value), details(v))
            for v in visits
            if (value := value_of(v, side)) is not None
        )
        label = side.value.capitalize() + (" (affected)" if side is episode_side else "")
        series.append(MeasureSeries(side.value, label, points))
    return tuple(series)
