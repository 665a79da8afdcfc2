"""Change in a bursa's or fluid collection's characteristics (docs/rules.md §7b).

On ultrasound a simple bursa is anechoic, thin-walled, without Doppler flow and
compressible; debris, a thick wall, flow, septa or loss of compressibility call for a
review (DESIGN). A characteristic *became concerning* when the latest finding has its
concerning value and the earlier finding compared had a different value recorded; a
characteristic missing on either finding gives no call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from trochtrack.domain.features import FEATURE_NAMES, Features, FeatureValue, feature_words
from trochtrack.domain.vocabulary import DopplerFlow, FluidContent, WallThickness

CONCERNING: Final[dict[str, FeatureValue]] = {
    "content": FluidContent.COMPLEX,
    "wall": WallThickness.THICKENED,
    "doppler": DopplerFlow.PRESENT,
    "septations": True,
    "compressible": False,
}
CHARACTERISTICS_SOURCES: Final = ("DESIGN",)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeatureChange:
    """One characteristic that became concerning, with its earlier and latest value."""

    name: str
    previous: FeatureValue
    latest: FeatureValue

    def describe(self) -> str:
        """``thin wall → thickened wall``."""
        return (
            f"{feature_words(self.name, self.previous)} → {feature_words(self.name, self.latest)}"
        )


def became_concerning(
    previous: Features | None, latest: Features | None
) -> tuple[FeatureChange, ...]:
    """The characteristics that became concerning, sorted by name."""
    if previous is None or latest is None:
        return ()
    changes: list[FeatureChange] = []
    for name in sorted(FEATURE_NAMES):
        old, new = previous.value(name), latest.value(name)
        if old is None or new is None:
            continue
        if new == CONCERNING[name] and old != new:
            changes.append(FeatureChange(name=name, previous=old, latest=new))
    return tuple(changes)


def concerning_words() -> str:
    """The concerning values in words, for an alert's rule."""
    return ", ".join(feature_words(name, value) for name, value in CONCERNING.items())
