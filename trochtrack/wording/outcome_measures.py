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

from trochtrack.domain.measures.outcomes import shared_strength_unit
from trochtrack.domain.measures.questionnaires import find_form
from trochtrack.domain.model import Visit
from trochtrack.wording.measures import (
    ABDUCTION_LEFT,
    ABDUCTION_RIGHT,
    LEFS,
    PSEQ2,
    PSFS,
    STAIR_PAIN,
    STANCE_LEFT,
    STANCE_RIGHT,
    MeasureWords,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeReading:
    """One measure as the letters report it: its words, and how to read it from a visit."""

    words: MeasureWords
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


OUTCOME_READINGS: Final = (
    *(
        OutcomeReading(words=words, read=form_total(words.field), instrument=words.field)
        for words in (LEFS, PSFS, PSEQ2)
    ),
    OutcomeReading(words=STAIR_PAIN, read=_outcome(STAIR_PAIN.field)),
    *(
        OutcomeReading(words=words, read=_outcome(words.field), unit=" s")
        for words in (STANCE_LEFT, STANCE_RIGHT)
    ),
)
"""In the order the letters list them, after the visit's own scores."""
FUNCTION_OUTCOMES: Final = frozenset({LEFS.name, PSFS.name})
"""Besides VISA-G and GROC, the measures a referral reports under function."""

STRENGTH_SIDES: Final = (ABDUCTION_LEFT, ABDUCTION_RIGHT)


@dataclass(frozen=True, slots=True)
class StrengthReadings:
    """One side's readings over an episode, all in one unit."""

    name: str
    scale: str
    unit: str
    readings: tuple[tuple[Visit, float], ...]


def strength_readings(visits: Sequence[Visit], words: MeasureWords) -> StrengthReadings | None:
    """A side's abduction strength at each visit that measured it, in one unit.

    Readings stay in the unit they were taken in; when an episode mixes newtons and
    kilograms, all are shown in newtons and the scale says they were converted.
    """
    taken = [(v, value) for v in visits if (value := getattr(v.outcomes, words.field)) is not None]
    if not taken:
        return None
    name = words.name
    unit = shared_strength_unit(v.outcomes.abduction_unit for v, _ in taken)
    if all(v.outcomes.abduction_unit is unit for v, _ in taken):
        scale = f"dynamometer, {unit}; higher is better"
        return StrengthReadings(name, scale, f" {unit}", tuple(taken))
    converted = tuple((v, v.outcomes.abduction_newtons(value) or 0.0) for v, value in taken)
    scale = f"dynamometer, {unit} (readings in kg converted); higher is better"
    return StrengthReadings(name, scale, f" {unit}", converted)
