"""The core outcome set's visit measures that are not questionnaires.

The set is ICON 2020's for gluteal tendinopathy (Fearon et al., Br J Sports Med
2024;58(5):245).
Time to pain in single-leg stance is timed up to 30 s: a patient still pain-free at
30 s scores 30. Abduction strength is a hand-held dynamometer reading in newtons or
kilograms, per side; with the body mass it is also shown in newtons per kilogram.
These measures are shown and reported; the rules do not use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import check_measurement, check_member, check_optional_score

STANCE_CAP_S: Final = 30.0
STAIR_PAIN_RANGE: Final = (0, 10)
BODY_MASS_RANGE_KG: Final = (20.0, 300.0)
STANDARD_GRAVITY: Final = 9.80665


class StrengthUnit(StrEnum):
    """The unit a dynamometer reads in."""

    NEWTON = "N"
    KILOGRAM = "kg"


def shared_strength_unit(units: Iterable[StrengthUnit | None]) -> StrengthUnit:
    """The one unit readings taken in ``units`` are shown in side by side.

    Their own when they share it; newtons when kilograms and newtons are mixed, since a
    kilogram reading converts to newtons exactly (times standard gravity).
    """
    taken = {unit for unit in units if unit is not None}
    return taken.pop() if len(taken) == 1 else StrengthUnit.NEWTON


STRENGTH_RANGES: Final = {StrengthUnit.NEWTON: (1.0, 2000.0), StrengthUnit.KILOGRAM: (0.1, 200.0)}

OUTCOME_FIELDS: Final = (
    "stance_pain_left_s",
    "stance_pain_right_s",
    "stair_pain_nrs",
    "abduction_left",
    "abduction_right",
    "abduction_unit",
    "body_mass_kg",
)


def _set(entity: object, name: str, value: object) -> None:
    object.__setattr__(entity, name, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class CoreOutcomes:
    """One visit's core-set measures; each is optional and all can be blank."""

    stance_pain_left_s: float | None = None
    stance_pain_right_s: float | None = None
    stair_pain_nrs: int | None = None
    abduction_left: float | None = None
    abduction_right: float | None = None
    abduction_unit: StrengthUnit | None = None
    body_mass_kg: float | None = None

    def __post_init__(self) -> None:
        for name in ("stance_pain_left_s", "stance_pain_right_s"):
            _set(self, name, _stance(getattr(self, name), name))
        _set(
            self,
            "stair_pain_nrs",
            check_optional_score(self.stair_pain_nrs, "stair_pain_nrs", *STAIR_PAIN_RANGE),
        )
        if self.abduction_unit is not None:
            unit = check_member(StrengthUnit, self.abduction_unit, "abduction_unit")
            _set(self, "abduction_unit", unit)
        for name in ("abduction_left", "abduction_right"):
            _set(self, name, self._strength(getattr(self, name), name))
        if self.body_mass_kg is not None:
            _set(
                self,
                "body_mass_kg",
                check_measurement(self.body_mass_kg, "body_mass_kg", *BODY_MASS_RANGE_KG),
            )

    def _strength(self, value: object, name: str) -> float | None:
        if value is None:
            return None
        if self.abduction_unit is None:
            raise ValidationError("abduction_unit", "say whether the strength is in N or kg")
        return check_measurement(value, name, *STRENGTH_RANGES[self.abduction_unit])

    def is_empty(self) -> bool:
        """Whether no core-set measure was recorded."""
        return all(getattr(self, name) is None for name in OUTCOME_FIELDS)

    def abduction_newtons(self, value: float | None) -> float | None:
        """A strength reading of this visit in newtons (kilograms times standard gravity)."""
        if value is None or self.abduction_unit is None:
            return None
        return value if self.abduction_unit is StrengthUnit.NEWTON else value * STANDARD_GRAVITY

    def abduction_per_kg(self, value: float | None) -> float | None:
        """A side's strength in newtons per kilogram of body mass, when the mass is known."""
        newtons = self.abduction_newtons(value)
        if newtons is None or self.body_mass_kg is None:
            return None
        return newtons / self.body_mass_kg


def _stance(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > STANCE_CAP_S:
        raise ValidationError(
            name, f"{value:g} s is past the 30 s cap: enter 30 when no pain came within 30 s"
        )
    return check_measurement(value, name, 0.0, STANCE_CAP_S)
