"""The outcome measures beyond a visit's scores, as the letters and printouts name them.

Each reads its value from a visit: a questionnaire's total (none when the form has
blank items), or one of the core set's measures. Strength is read in the unit it was
recorded in; :func:`strength_readings` converts to newtons only when one episode mixes
units, and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from trochtrack.domain.measures.outcomes import StrengthUnit
from trochtrack.domain.measures.questionnaires import find_form
from trochtrack.domain.model import Visit


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeWords:
    """One measure in words, and how to read it from a visit."""

    key: str
    name: str
    scale: str
    lower_is_better: bool
    read: Callable[[Visit], float | None]
    unit: str = ""
    """Written after each value (`` s``); strength takes its unit from the readings."""
    instrument: str | None = None
    """The questionnaire it is the total of, whose change threshold the letters quote."""


def form_total(code: str) -> Callable[[Visit], float | None]:
    """A reader of the total of instrument ``code`` at a visit."""

    def read(visit: Visit) -> float | None:
        form = find_form(visit.questionnaires, code)
        return None if form is None else form.score().total

    return read


def _outcome(name: str) -> Callable[[Visit], float | None]:
    def read(visit: Visit) -> float | None:
        value: float | None = getattr(visit.outcomes, name)
        return value

    return read


LEFS: Final = OutcomeWords(
    key="lefs",
    name="LEFS",
    scale="0–80, higher is better",
    lower_is_better=False,
    read=form_total("lefs"),
    instrument="lefs",
)
PSFS: Final = OutcomeWords(
    key="psfs",
    name="PSFS (patient's own activities)",
    scale="mean 0–10, higher is better",
    lower_is_better=False,
    read=form_total("psfs"),
    instrument="psfs",
)
PSEQ2: Final = OutcomeWords(
    key="pseq2",
    name="Pain self-efficacy (PSEQ-2)",
    scale="0–12, higher is better",
    lower_is_better=False,
    read=form_total("pseq2"),
    instrument="pseq2",
)
STAIR_PAIN: Final = OutcomeWords(
    key="stair_pain_nrs",
    name="Pain on stairs",
    scale="NRS 0–10, lower is better",
    lower_is_better=True,
    read=_outcome("stair_pain_nrs"),
)
STANCE_LEFT: Final = OutcomeWords(
    key="stance_pain_left_s",
    name="Single-leg stance, left",
    scale="seconds to pain, up to 30; higher is better",
    lower_is_better=False,
    read=_outcome("stance_pain_left_s"),
    unit=" s",
)
STANCE_RIGHT: Final = OutcomeWords(
    key="stance_pain_right_s",
    name="Single-leg stance, right",
    scale="seconds to pain, up to 30; higher is better",
    lower_is_better=False,
    read=_outcome("stance_pain_right_s"),
    unit=" s",
)
OUTCOME_MEASURES: Final = (LEFS, PSFS, PSEQ2, STAIR_PAIN, STANCE_LEFT, STANCE_RIGHT)
"""In the order the letters list them, after the visit's own scores."""
FUNCTION_OUTCOMES: Final = frozenset({LEFS.name, PSFS.name})
"""Besides VISA-G and GROC, the measures a referral reports under function."""

STRENGTH_SIDES: Final = (("left", "abduction_left"), ("right", "abduction_right"))


@dataclass(frozen=True, slots=True)
class StrengthReadings:
    """One side's readings over an episode, all in one unit."""

    name: str
    scale: str
    unit: str
    readings: tuple[tuple[Visit, float], ...]


def strength_readings(visits: Sequence[Visit], side: str, field: str) -> StrengthReadings | None:
    """A side's abduction strength at each visit that measured it, in one unit.

    Readings stay in the unit they were taken in; when an episode mixes newtons and
    kilograms, all are shown in newtons and the scale says they were converted.
    """
    taken = [(v, value) for v in visits if (value := getattr(v.outcomes, field)) is not None]
    if not taken:
        return None
    units = {v.outcomes.abduction_unit for v, _ in taken}
    name = f"Hip abduction strength, {side}"
    if len(units) == 1:
        (unit,) = units
        shown = str(unit)
        scale = f"dynamometer, {shown}; higher is better"
        return StrengthReadings(name, scale, f" {shown}", tuple(taken))
    converted = tuple((v, v.outcomes.abduction_newtons(value) or 0.0) for v, value in taken)
    scale = "dynamometer, N (readings in kg converted); higher is better"
    return StrengthReadings(name, scale, f" {StrengthUnit.NEWTON}", converted)
