"""The rules configuration: every threshold of docs/rules.md and the presets (docs/rules.md §8).

The configuration comes from a TOML document (the shipped ``default-rules.toml``, or a
clinic's own file laid over it) whose text is passed in; nothing here reads a file. Every
key is checked on load: an unknown key, a wrong type or a value out of range is a
:class:`ValidationError` naming the key, so a typo can never silently fall back to a
default. Fractional values are kept as :class:`~decimal.Decimal` so that threshold
comparisons are exact.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Final, Protocol, TypeVar

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.rules.dates import days_after
from trochtrack.domain.values import range_text

RULES_FORMAT: Final = "trochtrack-rules/1"
RULES_RESOURCE: Final = ("trochtrack.domain.rules", "default-rules.toml")
PRESETS: Final = ("protocol", "leap", "uk-pathway")
DEFAULT_PRESET: Final = "protocol"

_VERSION_LENGTH: Final = 12


@dataclass(frozen=True, slots=True)
class _Whole:
    """A whole number within ``low``..``high``."""

    low: int
    high: int

    def check(self, value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(key, f"expected a whole number, got {_describe(value)}")
        if not self.low <= value <= self.high:
            raise ValidationError(key, f"{value} is outside {range_text(self.low, self.high)}")
        return value


@dataclass(frozen=True, slots=True)
class _Number:
    """A number greater than ``above`` and at most ``high``, kept exact as a Decimal."""

    above: Decimal
    high: Decimal

    def check(self, value: object, key: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValidationError(key, f"expected a number, got {_describe(value)}")
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if not number.is_finite():
            raise ValidationError(key, f"{number} is not a finite number")
        if number <= self.above:
            raise ValidationError(key, f"{number} must be greater than {self.above}")
        if number > self.high:
            raise ValidationError(key, f"{number} must be at most {self.high}")
        return number


def _whole(low: int, high: int) -> dict[str, _Whole]:
    """Field metadata: a whole number within ``low``..``high``."""
    return {"setting": _Whole(low, high)}


def _number(above: str, high: str) -> dict[str, _Number]:
    """Field metadata: a number greater than ``above`` and at most ``high``."""
    return {"setting": _Number(Decimal(above), Decimal(high))}


_FRACTION: Final = _number("0", "1")


@dataclass(frozen=True, slots=True, kw_only=True)
class PresetWeeks:
    """When first-line care is reviewed and when the escalation decision is due."""

    review_weeks: int = field(metadata=_whole(1, 104))
    escalation_weeks: int = field(metadata=_whole(1, 104))


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseRules:
    """What counts as a clinically important response to first-line care (docs/rules.md §3)."""

    pain_drop_points: int = field(metadata=_whole(1, 10))
    pain_drop_fraction: Decimal = field(metadata=_FRACTION)
    groc_min: int = field(metadata=_whole(1, 5))
    visa_g_gain_points: int = field(metadata=_whole(1, 100))


@dataclass(frozen=True, slots=True, kw_only=True)
class WorseningRules:
    """When symptoms count as worse than at baseline (docs/rules.md §6)."""

    pain_rise_points: int = field(metadata=_whole(1, 10))
    visa_g_fall_points: int = field(metadata=_whole(1, 100))
    groc_max: int = field(metadata=_whole(-5, -1))


@dataclass(frozen=True, slots=True, kw_only=True)
class TreatmentRules:
    """Limits for the treatment alerts (docs/rules.md §5)."""

    physio_start_days: int = field(metadata=_whole(0, 365))
    nsaid_max_days: int = field(metadata=_whole(1, 365))
    nsaid_max_days_older: int = field(metadata=_whole(1, 365))
    nsaid_older_age_years: int = field(metadata=_whole(1, 130))
    nsaid_recent_days: int = field(metadata=_whole(0, 365))


@dataclass(frozen=True, slots=True, kw_only=True)
class RedFlagRules:
    """Thresholds of the infection red flag (docs/rules.md §6)."""

    fever_c: Decimal = field(metadata=_number("30", "45"))
    severe_pain_nrs: int = field(metadata=_whole(0, 10))


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionRules:
    """Size change of bursae and fluid collections, and the follow-up scan (docs/rules.md §7)."""

    axis_min_change_mm: Decimal = field(metadata=_number("0", "300"))
    axis_min_change_fraction: Decimal = field(metadata=_FRACTION)
    axes_needed: int = field(metadata=_whole(1, 3))
    volume_change_fraction: Decimal = field(metadata=_FRACTION)
    approximate_ratio: Decimal = field(metadata=_number("1", "1000"))
    follow_up_weeks: int = field(metadata=_whole(1, 104))


@dataclass(frozen=True, slots=True, kw_only=True)
class CalcificationRules:
    """Change of a calcification's longest diameter (docs/rules.md §7)."""

    growth_mm: Decimal = field(metadata=_number("0", "300"))
    growth_fraction: Decimal = field(metadata=_FRACTION)
    reduction_fraction: Decimal = field(metadata=_FRACTION)


_SECTIONS: Final[dict[str, type[Any]]] = {
    "response": ResponseRules,
    "worsening": WorseningRules,
    "treatments": TreatmentRules,
    "red_flags": RedFlagRules,
    "lesions": LesionRules,
    "calcifications": CalcificationRules,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesConfig:
    """The rules in force: the chosen preset's weeks and every threshold.

    Build it with :func:`parse_rules`, which validates every value.
    """

    preset: str
    review_weeks: int
    escalation_weeks: int
    response: ResponseRules
    worsening: WorseningRules
    treatments: TreatmentRules
    red_flags: RedFlagRules
    lesions: LesionRules
    calcifications: CalcificationRules
    # Derived from the fields above once, when made: every evaluation carries it.
    _version: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        canonical = json.dumps(self._nested(_exact_text), sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:_VERSION_LENGTH]
        object.__setattr__(self, "_version", digest)

    def review_due(self, first_line_start: date) -> date:
        """The first-line review point of an episode whose first-line care began then."""
        return days_after(first_line_start, 7 * self.review_weeks)

    def escalation_due(self, first_line_start: date) -> date:
        """The day the escalation decision is due for such an episode."""
        return days_after(first_line_start, 7 * self.escalation_weeks)

    def to_toml_dict(self) -> dict[str, Any]:
        """The effective configuration as nested plain values (fractions as floats), for display."""
        return self._nested(_plain)

    @property
    def version(self) -> str:
        """First 12 hex digits of a SHA-256 over the preset and every effective value.

        Equal values give equal versions however the file wrote them (``0.3`` or ``0.30``).
        """
        return self._version

    def _nested(self, render: Callable[[int | Decimal], object]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "preset": self.preset,
            "review_weeks": self.review_weeks,
            "escalation_weeks": self.escalation_weeks,
        }
        for name in _SECTIONS:
            section = getattr(self, name)
            out[name] = {f.name: render(getattr(section, f.name)) for f in fields(section)}
        return out


def parse_rules(
    text: str,
    *,
    preset: str | None = None,
    overrides: Mapping[str, object] | None = None,
    defaults: str | None = None,
) -> RulesConfig:
    """Read and validate a rules document.

    Args:
        text: the TOML document (``default-rules.toml`` or a clinic's copy).
        preset: the preset to use; ``None`` takes the document's ``default_preset``.
        overrides: values applied on top of the document, by dotted key, e.g.
            ``{"lesions.axis_min_change_mm": 3.0, "presets.protocol.review_weeks": 5}``.
        defaults: a complete document ``text`` is laid over, so a clinic's file may
            change only some values; unknown keys in ``text`` are still refused.

    Raises:
        ValidationError: naming the key at fault (unknown or missing key, wrong type,
            value out of range, escalation before review, unknown preset).
    """
    document = _load(text)
    if defaults is not None:
        document = _merged(_load(defaults), document)
    for key, value in (overrides or {}).items():
        _apply_override(document, key, value)

    _only_keys(document, "", ("format", "default_preset", "presets", *_SECTIONS))
    if document["format"] != RULES_FORMAT:
        raise ValidationError(
            "format", f"expected {RULES_FORMAT!r}, got {_describe(document['format'])}"
        )
    presets = _presets(document["presets"])
    chosen = document["default_preset"] if preset is None else preset
    if chosen not in presets:
        key = "default_preset" if preset is None else "preset"
        raise ValidationError(key, f"unknown preset {_describe(chosen)} (one of: {_names()})")
    sections = {name: _section(cls, document[name], name) for name, cls in _SECTIONS.items()}
    return RulesConfig(
        preset=chosen,
        review_weeks=presets[chosen].review_weeks,
        escalation_weeks=presets[chosen].escalation_weeks,
        **sections,
    )


# -- reading ---------------------------------------------------------------------------


def _load(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError("", f"not a valid rules file: {error}") from None


def _merged(base: dict[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """``overlay`` laid over ``base``, table by table."""
    merged = dict(base)
    for key, value in overlay.items():
        inner = merged.get(key)
        if isinstance(value, dict) and isinstance(inner, dict):
            merged[key] = _merged(inner, value)
        else:
            merged[key] = value
    return merged


class _Dataclass(Protocol):
    __dataclass_fields__: ClassVar[dict[str, Any]]


_D = TypeVar("_D", bound=_Dataclass)


def _apply_override(document: dict[str, Any], key: str, value: object) -> None:
    """Put ``value`` at the dotted ``key``; validation afterwards names any unknown key."""
    *tables, name = key.split(".")
    target = document
    for depth, table in enumerate(tables):
        inner = target.setdefault(table, {})
        if not isinstance(inner, dict):
            raise ValidationError(".".join(tables[: depth + 1]), "is not a table")
        target = inner
    target[name] = value


def _presets(value: object) -> dict[str, PresetWeeks]:
    table = _table(value, "presets")
    _only_keys(table, "presets", PRESETS, unknown=f"unknown preset (one of: {_names()})")
    presets: dict[str, PresetWeeks] = {}
    for name in PRESETS:
        weeks = _section(PresetWeeks, table[name], f"presets.{name}")
        if weeks.escalation_weeks < weeks.review_weeks:
            raise ValidationError(
                f"presets.{name}.escalation_weeks",
                f"{weeks.escalation_weeks} is before review_weeks ({weeks.review_weeks})",
            )
        presets[name] = weeks
    return presets


def _section(cls: type[_D], value: object, path: str) -> _D:
    table = _table(value, path)
    _only_keys(table, path, tuple(f.name for f in fields(cls)))
    return cls(
        **{
            f.name: f.metadata["setting"].check(table[f.name], f"{path}.{f.name}")
            for f in fields(cls)
        }
    )


def _table(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, f"expected a table, got {_describe(value)}")
    return value


def _only_keys(
    table: Mapping[str, Any], path: str, names: tuple[str, ...], *, unknown: str = "unknown key"
) -> None:
    for key in table:
        if key not in names:
            raise ValidationError(_join(path, key), unknown)
    for name in names:
        if name not in table:
            raise ValidationError(_join(path, name), "is required")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _names() -> str:
    return ", ".join(PRESETS)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


# -- rendering -------------------------------------------------------------------------


def _plain(value: int | Decimal) -> int | float:
    return float(value) if isinstance(value, Decimal) else value


def _exact_text(value: int | Decimal) -> int | str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value
