"""Size change of tracked lesions (docs/rules.md §7, §7a) and the characteristics compared (§7b).

A lesion's latest finding is compared with the finding just before it and, once it has
three findings, with its *baseline*: its earliest finding on a scan of the latest one's
modality, so that steps each within measurement error that add up to real growth are
seen (§7a). Bursae and fluid collections are compared axis by axis (in the order
recorded) and by ellipsoid volume; calcifications by their longest diameter; tendon
findings carry no size rule. Every comparison is exact (see
:mod:`trochtrack.domain.rules.exact`), and the ellipsoid volume ratio is a ratio of
diameter products, since π/6 cancels. The characteristics of a bursa or fluid
collection are compared with its previous finding on the same modality (§7b).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from trochtrack.domain.features import Features
from trochtrack.domain.geometry import Dimensions, ellipsoid_volume_mm3
from trochtrack.domain.model import Finding, Scan
from trochtrack.domain.rules.alerts import JsonValue, number, percent_text
from trochtrack.domain.rules.characteristics import FeatureChange, became_concerning
from trochtrack.domain.rules.config import CalcificationRules, LesionRules, RulesConfig
from trochtrack.domain.rules.dates import days_after
from trochtrack.domain.rules.exact import difference, exact, percent_of, product, scaled
from trochtrack.domain.vocabulary import LesionChange, LesionKind, Modality, Visibility


class AxisTrend(StrEnum):
    """How one diameter moved between two findings, judged against the thresholds."""

    UP = "up"
    DOWN = "down"
    STEADY = "steady"


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionObservation:
    """One finding of a lesion, with the date and modality of its scan."""

    date: date
    modality: Modality
    visibility: Visibility
    dims_mm: Dimensions | None
    site: str | None
    features: Features | None = None

    @property
    def visualised(self) -> bool:
        """Whether the lesion was seen (it may still have no recorded size)."""
        return self.visibility is not Visibility.NOT_VISUALISED

    @property
    def volume_mm3(self) -> float | None:
        """Ellipsoid volume π/6·a·b·c to 0.1 mm³, or ``None`` without three diameters."""
        return None if self.dims_mm is None else round(ellipsoid_volume_mm3(self.dims_mm), 1)

    def describe(self) -> str:
        """E.g. ``US 2026-09-10: 26 × 7 × 19 mm (1810.6 mm³)``."""
        head = f"{self.modality.value} {self.date.isoformat()}"
        if self.dims_mm is None:
            return f"{head}: {'not visualised' if not self.visualised else 'no size recorded'}"
        dims = " × ".join(f"{d:g}" for d in self.dims_mm)
        return f"{head}: {dims} mm ({self.volume_mm3:g} mm³)"


@dataclass(frozen=True, slots=True, kw_only=True)
class AxisChange:
    """One diameter at the earlier and the latest finding."""

    previous_mm: float
    latest_mm: float
    change_mm: float
    change_percent: float | None
    trend: AxisTrend


def axes_json(axes: tuple[AxisChange, ...]) -> JsonValue:
    """The diameters compared, as evidence and in the cached evaluation."""
    return [
        {
            "previous_mm": axis.previous_mm,
            "latest_mm": axis.latest_mm,
            "change_mm": axis.change_mm,
            "change_percent": axis.change_percent,
            "trend": axis.trend.value,
        }
        for axis in axes
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class SizeComparison:
    """The latest finding's size against an earlier one: the call and what it rests on."""

    change: LesionChange
    axes: tuple[AxisChange, ...] = ()
    volume_change_percent: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SinceBaseline:
    """The latest finding against the lesion's baseline finding (docs/rules.md §7a).

    ``change`` is enlarged, reduced or no reliable change; ``axes`` and
    ``volume_change_percent`` are as in :class:`LesionAssessment`.
    """

    baseline: LesionObservation
    change: LesionChange
    axes: tuple[AxisChange, ...] = ()
    volume_change_percent: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionAssessment:
    """A lesion's latest change calls, with what they rest on.

    Attributes:
        lesion: the lesion id within the episode.
        kind: what the lesion is.
        change: the first row of the change table that applies, against ``previous``.
        latest: the latest finding on or before the evaluation date.
        previous: the finding just before it, if any.
        volume_approximate: whether the latest diameters are elongated (longest / shortest
            above the threshold), so the ellipsoid volume is only approximate; ``None``
            without diameters.
        axes: the diameters compared with ``previous``: three in recorded order for a
            bursa or fluid collection, one (the longest) for a calcification; empty when
            not compared.
        volume_change_percent: the change in volume since ``previous``, for a bursa or
            fluid collection.
        rule: the thresholds that decided the calls, in words.
        since_baseline: the comparison with the baseline finding, when docs/rules.md §7a
            computes one.
        features_compared: the earlier finding on the same modality whose
            characteristics the latest one is compared with (bursae and collections).
        features_changed: the characteristics that became concerning, sorted by name.
    """

    lesion: str
    kind: LesionKind
    change: LesionChange
    latest: LesionObservation
    previous: LesionObservation | None
    volume_approximate: bool | None
    axes: tuple[AxisChange, ...] = ()
    volume_change_percent: float | None = None
    rule: str = ""
    since_baseline: SinceBaseline | None = None
    features_compared: LesionObservation | None = None
    features_changed: tuple[FeatureChange, ...] = ()

    @property
    def volume_mm3(self) -> float | None:
        """The latest volume to 0.1 mm³ (``None`` when not visualised or without size)."""
        return self.latest.volume_mm3

    @property
    def previous_volume_mm3(self) -> float | None:
        """The previous finding's volume to 0.1 mm³, if it had three diameters."""
        return None if self.previous is None else self.previous.volume_mm3

    @property
    def change_since_baseline(self) -> LesionChange | None:
        """The call against the baseline finding, or ``None`` when not computed."""
        return None if self.since_baseline is None else self.since_baseline.change

    @property
    def features_changed_names(self) -> list[str]:
        """The names of the characteristics that became concerning, sorted."""
        return [change.name for change in self.features_changed]


def assess_lesions(scans: tuple[Scan, ...], rules: RulesConfig) -> tuple[LesionAssessment, ...]:
    """Every lesion found on ``scans`` (in date order), sorted by lesion id."""
    history: dict[str, list[LesionObservation]] = {}
    kinds: dict[str, LesionKind] = {}
    for scan in scans:
        for finding in scan.findings:
            history.setdefault(finding.lesion, []).append(_observe(scan, finding))
            kinds[finding.lesion] = finding.kind
    return tuple(
        _assess(lesion, kinds[lesion], history[lesion], rules) for lesion in sorted(history)
    )


def follow_up_scan_due(scans: tuple[Scan, ...], rules: LesionRules) -> date | None:
    """When the next scan of a bursa or fluid collection is due, if one is awaited.

    That is the date of the latest scan (in date order) on which a size-tracked lesion
    was seen, plus the follow-up interval, unless another scan was taken after it.
    """
    showing = last_scan_showing_a_collection(scans)
    if showing is None or any(scan.date > showing.date for scan in scans):
        return None
    return days_after(showing.date, 7 * rules.follow_up_weeks)


def last_scan_showing_a_collection(scans: tuple[Scan, ...]) -> Scan | None:
    """The latest scan (in date order) on which a bursa or fluid collection was seen."""
    showing = [s for s in scans if any(f.kind.size_tracked and f.visualised for f in s.findings)]
    return showing[-1] if showing else None


def rule_text(kind: LesionKind, rules: RulesConfig) -> str:
    """The thresholds of the size rule of ``kind``, in words."""
    return _rule_text(kind, rules.lesions, rules.calcifications)


# Every lesion of every episode states its rule: the few distinct texts are made once.
@lru_cache(maxsize=64)
def _rule_text(kind: LesionKind, lesion: LesionRules, calc: CalcificationRules) -> str:
    if kind.size_tracked:
        return (
            f"an axis moves when it changes by >= {number(lesion.axis_min_change_mm):g} mm and "
            f">= {percent_text(lesion.axis_min_change_fraction)} of its earlier size; "
            f"a change needs >= {lesion.axes_needed} axes moving the same way or a volume "
            f"change of >= {percent_text(lesion.volume_change_fraction)}; changes under "
            f"{number(lesion.axis_min_change_mm):g} mm are within measurement error"
        )
    if kind.is_calcification:
        return (
            f"longest diameter: enlarged when it grows by >= {number(calc.growth_mm):g} mm and "
            f">= {percent_text(calc.growth_fraction)}, reduced when it falls by "
            f">= {percent_text(calc.reduction_fraction)}"
        )
    return "tendon findings carry no size rule"


# -- assessing -------------------------------------------------------------------------


def _observe(scan: Scan, finding: Finding) -> LesionObservation:
    features = finding.features
    return LesionObservation(
        date=scan.date,
        modality=scan.modality,
        visibility=finding.visibility,
        dims_mm=finding.dims_mm,
        site=finding.site,
        # How the case file spelled the characteristics is not part of the evaluation.
        features=None if features is None else replace(features, explicit_nulls=frozenset()),
    )


def _assess(
    lesion: str, kind: LesionKind, observations: list[LesionObservation], rules: RulesConfig
) -> LesionAssessment:
    latest = observations[-1]
    previous = observations[-2] if len(observations) > 1 else None
    comparison = _against_previous(kind, previous, latest, rules)
    same_modality = [o for o in observations[:-1] if o.modality is latest.modality]
    compared = same_modality[-1] if same_modality and kind.size_tracked else None
    return LesionAssessment(
        lesion=lesion,
        kind=kind,
        change=comparison.change,
        latest=latest,
        previous=previous,
        volume_approximate=_elongated(latest.dims_mm, rules.lesions.approximate_ratio),
        axes=comparison.axes,
        volume_change_percent=comparison.volume_change_percent,
        rule=rule_text(kind, rules),
        since_baseline=_since_baseline(kind, observations, rules),
        features_compared=compared,
        features_changed=(
            () if compared is None else became_concerning(compared.features, latest.features)
        ),
    )


def _against_previous(
    kind: LesionKind,
    previous: LesionObservation | None,
    latest: LesionObservation,
    rules: RulesConfig,
) -> SizeComparison:
    if previous is None:
        return SizeComparison(change=LesionChange.SINGLE_MEASUREMENT)
    if previous.modality is not latest.modality:
        return SizeComparison(change=LesionChange.NOT_COMPARABLE)
    if previous.visualised and not latest.visualised:
        return SizeComparison(change=LesionChange.RESOLVED)
    if previous.dims_mm is None or latest.dims_mm is None:
        return SizeComparison(change=LesionChange.NO_RELIABLE_CHANGE)
    return _compare_sizes(kind, previous.dims_mm, latest.dims_mm, rules)


def _since_baseline(
    kind: LesionKind, observations: list[LesionObservation], rules: RulesConfig
) -> SinceBaseline | None:
    """docs/rules.md §7a: from three findings on, when the baseline is not the previous one.

    The baseline must come before the previous finding, so it needs three findings.
    """
    if not (kind.size_tracked or kind.is_calcification):
        return None
    latest = observations[-1]
    index = next(i for i, o in enumerate(observations) if o.modality is latest.modality)
    baseline = observations[index]
    if index >= len(observations) - 2 or baseline.dims_mm is None or latest.dims_mm is None:
        return None
    comparison = _compare_sizes(kind, baseline.dims_mm, latest.dims_mm, rules)
    return SinceBaseline(
        baseline=baseline,
        change=comparison.change,
        axes=comparison.axes,
        volume_change_percent=comparison.volume_change_percent,
    )


def _compare_sizes(
    kind: LesionKind, earlier: Dimensions, latest: Dimensions, rules: RulesConfig
) -> SizeComparison:
    if kind.is_calcification:
        return _calcification(earlier, latest, rules.calcifications)
    if kind.size_tracked:
        return _size_tracked(earlier, latest, rules.lesions)
    return SizeComparison(change=LesionChange.NO_RELIABLE_CHANGE)


def _size_tracked(earlier: Dimensions, latest: Dimensions, rules: LesionRules) -> SizeComparison:
    # Each diameter is taken at its exact decimal value once (exact() passes Decimals through).
    old_exact = tuple(exact(value) for value in earlier)
    new_exact = tuple(exact(value) for value in latest)
    at_least_mm, fraction = rules.axis_min_change_mm, rules.axis_min_change_fraction
    axes = tuple(
        _axis(old, new, old_x, new_x, _trend(old_x, new_x, at_least_mm, fraction))
        for old, new, old_x, new_x in zip(earlier, latest, old_exact, new_exact, strict=True)
    )
    old_volume = product(old_exact)
    new_volume = product(new_exact)
    volume_floor = scaled(old_volume, rules.volume_change_fraction)
    if (
        sum(axis.trend is AxisTrend.UP for axis in axes) >= rules.axes_needed
        or difference(new_volume, old_volume) >= volume_floor
    ):
        change = LesionChange.ENLARGED
    elif (
        sum(axis.trend is AxisTrend.DOWN for axis in axes) >= rules.axes_needed
        or difference(old_volume, new_volume) >= volume_floor
    ):
        change = LesionChange.REDUCED
    else:
        change = LesionChange.NO_RELIABLE_CHANGE
    return SizeComparison(
        change=change,
        axes=axes,
        volume_change_percent=percent_of(difference(new_volume, old_volume), old_volume),
    )


def _calcification(
    earlier: Dimensions, latest: Dimensions, rules: CalcificationRules
) -> SizeComparison:
    old, new = max(earlier), max(latest)
    old_x, new_x = exact(old), exact(new)
    if _trend(old_x, new_x, rules.growth_mm, rules.growth_fraction) is AxisTrend.UP:
        trend, change = AxisTrend.UP, LesionChange.ENLARGED
    elif difference(old_x, new_x) >= scaled(old_x, rules.reduction_fraction):
        trend, change = AxisTrend.DOWN, LesionChange.REDUCED
    else:
        trend, change = AxisTrend.STEADY, LesionChange.NO_RELIABLE_CHANGE
    return SizeComparison(change=change, axes=(_axis(old, new, old_x, new_x, trend),))


def _trend(old: Decimal, new: Decimal, at_least_mm: Decimal, fraction: Decimal) -> AxisTrend:
    """Up (or down) when the diameter moved by at least the mm and the fraction of ``old``."""
    floor = scaled(old, fraction)
    rise = difference(new, old)
    if rise >= at_least_mm and rise >= floor:
        return AxisTrend.UP
    fall = difference(old, new)
    if fall >= at_least_mm and fall >= floor:
        return AxisTrend.DOWN
    return AxisTrend.STEADY


def _axis(
    old: float, new: float, old_exact: Decimal, new_exact: Decimal, trend: AxisTrend
) -> AxisChange:
    """One diameter as recorded (``old``, ``new``) and its change, from their exact values."""
    change = difference(new_exact, old_exact)
    return AxisChange(
        previous_mm=old,
        latest_mm=new,
        change_mm=float(change),
        change_percent=percent_of(change, old_exact),
        trend=trend,
    )


def _elongated(dims: Dimensions | None, ratio: Decimal) -> bool | None:
    if dims is None:
        return None
    return exact(max(dims)) > scaled(min(dims), ratio)
