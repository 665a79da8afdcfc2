"""What a bursa or fluid collection looks like on a scan, beside its size (docs/rules.md §7b).

A finding of a size-tracked kind may record any of five characteristics; each one not
recorded stays ``None`` (not looked at, or not written down), which is not the same as
a normal value. The words here are the ones the window, the alerts and the letters use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Self, TypeAlias

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import check_member, check_optional_flag
from trochtrack.domain.vocabulary import DopplerFlow, FluidContent, WallThickness

FEATURE_NAMES: Final = ("content", "wall", "doppler", "septations", "compressible")
FeatureValue: TypeAlias = FluidContent | WallThickness | DopplerFlow | bool

_UNKNOWN: Final = f"unknown characteristic (one of: {', '.join(FEATURE_NAMES)})"
FEATURE_LABELS: Final[dict[str, str]] = {
    "content": "Content",
    "wall": "Wall",
    "doppler": "Doppler",
    "septations": "Septations",
    "compressible": "Compressible",
}
_WORDS: Final[dict[tuple[str, FeatureValue], str]] = {
    ("content", FluidContent.ANECHOIC): "anechoic",
    ("content", FluidContent.HYPOECHOIC): "hypoechoic",
    ("content", FluidContent.COMPLEX): "complex content",
    ("wall", WallThickness.THIN): "thin wall",
    ("wall", WallThickness.THICKENED): "thickened wall",
    ("doppler", DopplerFlow.NONE): "no Doppler flow",
    ("doppler", DopplerFlow.PRESENT): "Doppler flow",
    ("septations", True): "septations",
    ("septations", False): "no septations",
    ("compressible", True): "compressible",
    ("compressible", False): "not compressible",
}


def feature_words(name: str, value: FeatureValue) -> str:
    """``thickened wall``, ``not compressible``: one characteristic in words."""
    return _WORDS[(name, value)]


def feature_json(value: FeatureValue) -> str | bool:
    """The case-file value of a characteristic (``"complex"``, ``true``)."""
    return value if isinstance(value, bool) else value.value


def parse_feature(name: str, value: object) -> FeatureValue:
    """A characteristic from its case-file value (``"complex"``, ``true``), checked."""
    if name == "content":
        return check_member(FluidContent, value, name)
    if name == "wall":
        return check_member(WallThickness, value, name)
    if name == "doppler":
        return check_member(DopplerFlow, value, name)
    if name in FEATURE_NAMES:
        flag = check_optional_flag(value, name)
        if flag is None:
            raise ValidationError(name, "expected true or false, got null")
        return flag
    raise ValidationError(name, _UNKNOWN)


@dataclass(frozen=True, slots=True, kw_only=True)
class Features:
    """The characteristics recorded for one finding; ``None`` where none was recorded.

    ``explicit_nulls`` names the keys a case file wrote out as ``null``.
    """

    content: FluidContent | None = None
    wall: WallThickness | None = None
    doppler: DopplerFlow | None = None
    septations: bool | None = None
    compressible: bool | None = None
    explicit_nulls: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.content is not None:
            object.__setattr__(self, "content", check_member(FluidContent, self.content, "content"))
        if self.wall is not None:
            object.__setattr__(self, "wall", check_member(WallThickness, self.wall, "wall"))
        if self.doppler is not None:
            object.__setattr__(self, "doppler", check_member(DopplerFlow, self.doppler, "doppler"))
        check_optional_flag(self.septations, "septations")
        check_optional_flag(self.compressible, "compressible")

    @classmethod
    def from_values(
        cls, values: Mapping[str, object], explicit_nulls: frozenset[str] = frozenset()
    ) -> Self:
        """Characteristics from case-file values; ``None`` or absent is not recorded.

        Raises:
            ValidationError: naming an unknown characteristic or a wrong value.
        """
        for name in values:
            if name not in FEATURE_NAMES:
                raise ValidationError(name, _UNKNOWN)
        content, wall, doppler = (values.get(n) for n in ("content", "wall", "doppler"))
        return cls(
            content=None if content is None else check_member(FluidContent, content, "content"),
            wall=None if wall is None else check_member(WallThickness, wall, "wall"),
            doppler=None if doppler is None else check_member(DopplerFlow, doppler, "doppler"),
            septations=check_optional_flag(values.get("septations"), "septations"),
            compressible=check_optional_flag(values.get("compressible"), "compressible"),
            explicit_nulls=explicit_nulls,
        )

    def value(self, name: str) -> FeatureValue | None:
        """The recorded value of the characteristic ``name`` (one of FEATURE_NAMES)."""
        if name not in FEATURE_NAMES:
            raise KeyError(name)
        value: FeatureValue | None = getattr(self, name)
        return value

    def recorded(self) -> Iterator[tuple[str, FeatureValue]]:
        """The characteristics that were recorded, in the order of FEATURE_NAMES."""
        for name in FEATURE_NAMES:
            value = self.value(name)
            if value is not None:
                yield name, value

    @property
    def is_empty(self) -> bool:
        """Whether no characteristic was recorded."""
        return next(self.recorded(), None) is None

    def describe(self) -> str:
        """``anechoic, thin wall, no Doppler flow, compressible``; empty when none."""
        return ", ".join(feature_words(name, value) for name, value in self.recorded())
