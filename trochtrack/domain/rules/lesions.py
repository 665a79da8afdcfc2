"""Size change of tracked lesions and the follow-up scan (rules.md §7).

A lesion's latest finding is compared with the finding just before it. Bursae and fluid
collections are compared axis by axis (in the order recorded) and by ellipsoid volume;
calcifications by their longest diameter; tendon findings carry no size rule. Every
comparison is exact (see :mod:`trochtrack.domain.rules.exact`), and the ellipsoid
volume ratio is a ratio of diameter products, since π/6 cancels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

from trochtrack.domain.model import Dimensions, Finding, Scan
from trochtrack.domain.rules.alerts import (
    Alert,
    Evidence,
    JsonValue,
    iso,
    merge_sources,
    number,
    percent_text,
)
from trochtrack.domain.rules.config import CalcificationRules, LesionRules, RulesConfig
from trochtrack.domain.rules.dates import days_after
from trochtrack.domain.rules.exact import difference, exact, percent_of, product, scaled
from trochtrack.domain.vocabulary import (
    AlertCode,
    LesionChange,
    LesionKind,
    Modality,
    Severity,
    Visibility,
)

SIZE_SOURCES: Final = ("S30", "S31", "S33", "S34", "S37", "S38")
ELONGATED_SOURCES: Final = ("S32",)
# The 2 mm noise floor is sourced [S37]; the calcification grading itself is unsourced.
CALCIFICATION_SOURCES: Final = ("S37", "DESIGN")
NOT_COMPARABLE_SOURCES: Final = ("DESIGN",)
FOLLOW_UP_SOURCES: Final = ("DESIGN",)

_SIZE_ALERTS: Final = {
    LesionChange.ENLARGED: AlertCode.LESION_ENLARGED,
    LesionChange.REDUCED: AlertCode.LESION_REDUCED,
    LesionChange.RESOLVED: AlertCode.LESION_RESOLVED,
}
_CALCIFICATION_ALERTS: Final = {
    LesionChange.ENLARGED: AlertCode.CALCIFICATION_ENLARGED,
    LesionChange.REDUCED: AlertCode.CALCIFICATION_REDUCED,
    LesionChange.RESOLVED: AlertCode.CALCIFICATION_RESOLVED,
}


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

    @property
    def visualised(self) -> bool:
        """Whether the lesion was seen (it may still have no recorded size)."""
        return self.visibility is not Visibility.NOT_VISUALISED

    @property
    def volume_mm3(self) -> float | None:
        """Ellipsoid volume π/6·a·b·c to 0.1 mm³, or ``None`` without three diameters."""
        if self.dims_mm is None:
            return None
        a, b, c = self.dims_mm
        return round(math.pi / 6 * a * b * c, 1)

    def describe(self) -> str:
        """E.g. ``US 2026-09-10: 26 × 7 × 19 mm (1810.6 mm³)``."""
        head = f"{self.modality.value} {self.date.isoformat()}"
        if self.dims_mm is None:
            return f"{head}: {'not visualised' if not self.visualised else 'no size recorded'}"
        dims = " × ".join(f"{d:g}" for d in self.dims_mm)
        return f"{head}: {dims} mm ({self.volume_mm3:g} mm³)"


@dataclass(frozen=True, slots=True, kw_only=True)
class AxisChange:
    """One diameter at the previous and the latest finding."""

    previous_mm: float
    latest_mm: float
    change_mm: float
    change_percent: float | None
    trend: AxisTrend


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionAssessment:
    """A lesion's latest change call, with what it rests on.

    Attributes:
        lesion: the lesion id within the episode.
        kind: what the lesion is.
        change: the first row of the change table that applies.
        latest: the latest finding on or before the evaluation date.
        previous: the finding just before it, if any.
        volume_approximate: whether the latest diameters are elongated (longest / shortest
            above the threshold), so the ellipsoid volume is only approximate; ``None``
            without diameters.
        axes: the diameters compared: three in recorded order for a bursa or fluid
            collection, one (the longest) for a calcification; empty when not compared.
        volume_change_percent: the change in volume, for a bursa or fluid collection.
        rule: the thresholds that decided the call, in words.
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

    @property
    def volume_mm3(self) -> float | None:
        """The latest volume to 0.1 mm³ (``None`` when not visualised or without size)."""
        return self.latest.volume_mm3

    @property
    def previous_volume_mm3(self) -> float | None:
        """The previous finding's volume to 0.1 mm³, if it had three diameters."""
        return None if self.previous is None else self.previous.volume_mm3


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
    showing = [scan for scan in scans if _shows_size_tracked(scan)]
    if not showing:
        return None
    last = showing[-1]
    if any(scan.date > last.date for scan in scans):
        return None
    return days_after(last.date, 7 * rules.follow_up_weeks)


def follow_up_alert(scans: tuple[Scan, ...], as_of: date, rules: LesionRules) -> Alert | None:
    """``follow-up-scan-due`` once the follow-up interval has passed without a new scan."""
    due = follow_up_scan_due(scans, rules)
    if due is None or as_of < due:
        return None
    last = [scan for scan in scans if _shows_size_tracked(scan)][-1]
    lesions = [f.lesion for f in last.findings if f.kind.size_tracked and f.visualised]
    return Alert(
        code=AlertCode.FOLLOW_UP_SCAN_DUE,
        severity=Severity.INFO,
        due=due,
        summary=(
            f"Consider a follow-up scan of {', '.join(lesions)}: "
            f"{rules.follow_up_weeks} weeks have passed since the last measurement."
        ),
        why=(
            f"Last seen on the {last.modality.value} scan of {last.date.isoformat()}; "
            f"a follow-up scan was due {rules.follow_up_weeks} weeks later, on "
            f"{due.isoformat()}, and none has been recorded since."
        ),
        evidence={
            "last_scan": iso(last.date),
            "modality": last.modality.value,
            "lesions": [*lesions],
            "follow_up_weeks": rules.follow_up_weeks,
        },
        sources=FOLLOW_UP_SOURCES,
    )


def lesion_alerts(
    assessments: tuple[LesionAssessment, ...], *, symptoms_worsening: bool
) -> list[Alert]:
    """At most one alert per lesion, for bursae, fluid collections and calcifications."""
    alerts: list[Alert] = []
    for assessment in assessments:
        kind = assessment.kind
        if not (kind.size_tracked or kind.is_calcification):
            continue
        if assessment.change is LesionChange.NOT_COMPARABLE:
            alerts.append(_not_comparable(assessment))
            continue
        codes = _SIZE_ALERTS if kind.size_tracked else _CALCIFICATION_ALERTS
        code = codes.get(assessment.change)
        if code is not None:
            alerts.append(_size_alert(assessment, code, symptoms_worsening=symptoms_worsening))
    return alerts


# -- assessing -------------------------------------------------------------------------


def _observe(scan: Scan, finding: Finding) -> LesionObservation:
    return LesionObservation(
        date=scan.date,
        modality=scan.modality,
        visibility=finding.visibility,
        dims_mm=finding.dims_mm,
        site=finding.site,
    )


def _shows_size_tracked(scan: Scan) -> bool:
    return any(f.kind.size_tracked and f.visualised for f in scan.findings)


def _assess(
    lesion: str, kind: LesionKind, observations: list[LesionObservation], rules: RulesConfig
) -> LesionAssessment:
    latest = observations[-1]
    previous = observations[-2] if len(observations) > 1 else None
    assessment = LesionAssessment(
        lesion=lesion,
        kind=kind,
        change=LesionChange.NO_RELIABLE_CHANGE,
        latest=latest,
        previous=previous,
        volume_approximate=_elongated(latest.dims_mm, rules.lesions.approximate_ratio),
        rule=_rule_text(kind, rules),
    )
    if previous is None:
        return replace(assessment, change=LesionChange.SINGLE_MEASUREMENT)
    if previous.modality is not latest.modality:
        return replace(assessment, change=LesionChange.NOT_COMPARABLE)
    if previous.visualised and not latest.visualised:
        return replace(assessment, change=LesionChange.RESOLVED)
    if previous.dims_mm is None or latest.dims_mm is None:
        return assessment
    if kind.is_calcification:
        return _calcification(assessment, previous.dims_mm, latest.dims_mm, rules.calcifications)
    if kind.size_tracked:
        return _size_tracked(assessment, previous.dims_mm, latest.dims_mm, rules.lesions)
    return assessment


def _size_tracked(
    assessment: LesionAssessment, previous: Dimensions, latest: Dimensions, rules: LesionRules
) -> LesionAssessment:
    axes = tuple(
        _axis(old, new, _trend(old, new, rules.axis_min_change_mm, rules.axis_min_change_fraction))
        for old, new in zip(previous, latest, strict=True)
    )
    old_volume = product(previous)
    new_volume = product(latest)
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
    return replace(
        assessment,
        change=change,
        axes=axes,
        volume_change_percent=percent_of(difference(new_volume, old_volume), old_volume),
    )


def _calcification(
    assessment: LesionAssessment,
    previous: Dimensions,
    latest: Dimensions,
    rules: CalcificationRules,
) -> LesionAssessment:
    old, new = max(previous), max(latest)
    if _trend(old, new, rules.growth_mm, rules.growth_fraction) is AxisTrend.UP:
        trend, change = AxisTrend.UP, LesionChange.ENLARGED
    elif difference(old, new) >= scaled(old, rules.reduction_fraction):
        trend, change = AxisTrend.DOWN, LesionChange.REDUCED
    else:
        trend, change = AxisTrend.STEADY, LesionChange.NO_RELIABLE_CHANGE
    return replace(assessment, change=change, axes=(_axis(old, new, trend),))


def _trend(old: float, new: float, at_least_mm: Decimal, fraction: Decimal) -> AxisTrend:
    """Up (or down) when the diameter moved by at least the mm and the fraction of ``old``."""
    floor = scaled(old, fraction)
    rise = difference(new, old)
    if rise >= at_least_mm and rise >= floor:
        return AxisTrend.UP
    fall = difference(old, new)
    if fall >= at_least_mm and fall >= floor:
        return AxisTrend.DOWN
    return AxisTrend.STEADY


def _axis(old: float, new: float, trend: AxisTrend) -> AxisChange:
    change = difference(new, old)
    return AxisChange(
        previous_mm=old,
        latest_mm=new,
        change_mm=float(change),
        change_percent=percent_of(change, old),
        trend=trend,
    )


def _elongated(dims: Dimensions | None, ratio: Decimal) -> bool | None:
    if dims is None:
        return None
    return exact(max(dims)) > scaled(min(dims), ratio)


def _rule_text(kind: LesionKind, rules: RulesConfig) -> str:
    if kind.size_tracked:
        lesion = rules.lesions
        return (
            f"an axis moves when it changes by >= {number(lesion.axis_min_change_mm):g} mm and "
            f">= {percent_text(lesion.axis_min_change_fraction)} of its previous size; "
            f"a change needs >= {lesion.axes_needed} axes moving the same way or a volume "
            f"change of >= {percent_text(lesion.volume_change_fraction)}; changes under "
            f"{number(lesion.axis_min_change_mm):g} mm are within measurement error"
        )
    if kind.is_calcification:
        calc = rules.calcifications
        return (
            f"longest diameter: enlarged when it grows by >= {number(calc.growth_mm):g} mm and "
            f">= {percent_text(calc.growth_fraction)}, reduced when it falls by "
            f">= {percent_text(calc.reduction_fraction)}"
        )
    return "tendon findings carry no size rule"


# -- alerts ----------------------------------------------------------------------------


def _lesion_evidence(assessment: LesionAssessment) -> Evidence:
    evidence: Evidence = {
        "kind": assessment.kind.value,
        "site": assessment.latest.site,
        "latest": _observation_evidence(assessment.latest),
        "previous": (
            None if assessment.previous is None else _observation_evidence(assessment.previous)
        ),
        "change": assessment.change.value,
        "rule": assessment.rule,
    }
    if assessment.axes:
        evidence["axes"] = [
            {
                "previous_mm": axis.previous_mm,
                "latest_mm": axis.latest_mm,
                "change_mm": axis.change_mm,
                "change_percent": axis.change_percent,
                "trend": axis.trend.value,
            }
            for axis in assessment.axes
        ]
    if assessment.volume_change_percent is not None:
        evidence["volume_change_percent"] = assessment.volume_change_percent
    if assessment.volume_approximate is not None:
        evidence["volume_approximate"] = assessment.volume_approximate
    return evidence


def _observation_evidence(observation: LesionObservation) -> JsonValue:
    return {
        "date": iso(observation.date),
        "modality": observation.modality.value,
        "dims_mm": None if observation.dims_mm is None else [*observation.dims_mm],
        "volume_mm3": observation.volume_mm3,
        "visualised": observation.visualised,
    }


def _why(assessment: LesionAssessment) -> str:
    steps = [assessment.latest.describe()]
    if assessment.previous is not None:
        steps.insert(0, assessment.previous.describe())
    text = ", then ".join(steps)
    if assessment.axes:
        moves = ", ".join(
            f"{axis.change_mm:+g} mm ({axis.change_percent:+g} %) {axis.trend.value}"
            for axis in assessment.axes
        )
        text += f"; {'longest diameter' if assessment.kind.is_calcification else 'axes'} {moves}"
    if assessment.volume_change_percent is not None:
        text += f"; volume {assessment.volume_change_percent:+g} %"
    return f"{text}. Rule: {assessment.rule}."


def _not_comparable(assessment: LesionAssessment) -> Alert:
    previous = assessment.previous
    before = "" if previous is None else f" with the previous {previous.modality.value} scan"
    return Alert(
        code=AlertCode.LESION_NOT_COMPARABLE,
        severity=Severity.INFO,
        due=None,
        summary=(
            f"Review the imaging of {assessment.lesion}: the latest "
            f"{assessment.latest.modality.value} scan cannot be compared{before}; the same "
            "modality is needed to judge a size change."
        ),
        why=f"{_why(assessment)} Sizes are compared only between scans of the same modality.",
        evidence=_lesion_evidence(assessment),
        sources=NOT_COMPARABLE_SOURCES,
        lesion=assessment.lesion,
    )


def _size_alert(
    assessment: LesionAssessment, code: AlertCode, *, symptoms_worsening: bool
) -> Alert:
    name = f"{assessment.kind.value.replace('_', ' ')} {assessment.lesion}"
    severity = Severity.INFO
    sources: tuple[str, ...]
    if assessment.kind.is_calcification:
        sources = CALCIFICATION_SOURCES
    else:
        sources = merge_sources(
            SIZE_SOURCES, ELONGATED_SOURCES if assessment.volume_approximate else ()
        )
    if assessment.change is LesionChange.ENLARGED:
        what = "larger than on the previous scan"
        if code is AlertCode.LESION_ENLARGED and symptoms_worsening:
            severity = Severity.WARNING
            what += " while symptoms are worse; consider a radiology or medical review"
        elif code is AlertCode.LESION_ENLARGED:
            what += "; a size change alone is not a reason to escalate"
    elif assessment.change is LesionChange.REDUCED:
        what = "smaller than on the previous scan"
    else:
        what = "no longer seen on the latest scan"
    evidence = _lesion_evidence(assessment)
    if code is AlertCode.LESION_ENLARGED:
        evidence["symptoms_worsening"] = symptoms_worsening
    return Alert(
        code=code,
        severity=severity,
        due=None,
        summary=f"Review {name}: {what}.",
        why=_why(assessment),
        evidence=evidence,
        sources=sources,
        lesion=assessment.lesion,
    )
