"""Alerts about tracked lesions (docs/rules.md §7, §7a, §7b) and the follow-up scan.

At most one alert per lesion and code. A size change alone is never an escalation: the
alerts ask for a review and say what the numbers are; a lesion that grew while symptoms
are worse, or whose characteristics turned concerning alongside worse symptoms or signs
of infection, is raised to a warning.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from trochtrack.domain.features import feature_json
from trochtrack.domain.model import Scan
from trochtrack.domain.rules.alerts import Alert, Evidence, JsonValue, iso, merge_sources
from trochtrack.domain.rules.characteristics import (
    CHARACTERISTICS_SOURCES,
    CONCERNING,
    concerning_words,
)
from trochtrack.domain.rules.config import LesionRules
from trochtrack.domain.rules.lesions import (
    AxisChange,
    LesionAssessment,
    LesionObservation,
    SinceBaseline,
    axes_json,
    follow_up_scan_due,
    last_scan_showing_a_collection,
)
from trochtrack.domain.vocabulary import AlertCode, LesionChange, Severity

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
_ESCALATION_NOTE: Final = "; a size change alone is not a reason to escalate"
_WORSE_NOTE: Final = " while symptoms are worse; consider a radiology or medical review"


def lesion_alerts(
    assessments: tuple[LesionAssessment, ...], *, symptoms_worsening: bool, infection: bool
) -> list[Alert]:
    """The alerts of bursae, fluid collections and calcifications.

    ``infection`` says whether ``red-flag-infection`` is raised for the episode, which
    makes a change in a collection's characteristics a warning.
    """
    alerts: list[Alert] = []
    for assessment in assessments:
        kind = assessment.kind
        if not (kind.size_tracked or kind.is_calcification):
            continue
        if assessment.change is LesionChange.NOT_COMPARABLE:
            alerts.append(_not_comparable(assessment))
        else:
            codes = _SIZE_ALERTS if kind.size_tracked else _CALCIFICATION_ALERTS
            code = codes.get(assessment.change)
            if code is not None:
                alerts.append(_size_alert(assessment, code, symptoms_worsening=symptoms_worsening))
        since = assessment.since_baseline
        if (
            since is not None
            and since.change is LesionChange.ENLARGED
            and assessment.change is not LesionChange.ENLARGED
        ):
            alerts.append(_since_baseline_alert(assessment, since, symptoms_worsening))
        if assessment.features_changed:
            alerts.append(_features_alert(assessment, symptoms_worsening, infection))
    return alerts


def follow_up_alert(scans: tuple[Scan, ...], as_of: date, rules: LesionRules) -> Alert | None:
    """``follow-up-scan-due`` once the follow-up interval has passed without a new scan."""
    due = follow_up_scan_due(scans, rules)
    last = last_scan_showing_a_collection(scans)
    if due is None or last is None or as_of < due:
        return None
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


# -- evidence --------------------------------------------------------------------------


def observation_evidence(observation: LesionObservation) -> JsonValue:
    """A finding for an alert's evidence: date, modality, size and characteristics."""
    evidence: dict[str, JsonValue] = {
        "date": iso(observation.date),
        "modality": observation.modality.value,
        "dims_mm": None if observation.dims_mm is None else [*observation.dims_mm],
        "volume_mm3": observation.volume_mm3,
        "visualised": observation.visualised,
    }
    if observation.features is not None:
        evidence["features"] = {
            name: feature_json(value) for name, value in observation.features.recorded()
        }
    return evidence


def _lesion_evidence(assessment: LesionAssessment) -> Evidence:
    evidence: Evidence = {
        "kind": assessment.kind.value,
        "site": assessment.latest.site,
        "latest": observation_evidence(assessment.latest),
        "previous": (
            None if assessment.previous is None else observation_evidence(assessment.previous)
        ),
        "change": assessment.change.value,
        "rule": assessment.rule,
    }
    if assessment.axes:
        evidence["axes"] = axes_json(assessment.axes)
    if assessment.volume_change_percent is not None:
        evidence["volume_change_percent"] = assessment.volume_change_percent
    if assessment.volume_approximate is not None:
        evidence["volume_approximate"] = assessment.volume_approximate
    return evidence


def _moves(axes: tuple[AxisChange, ...], *, calcification: bool) -> str:
    moves = ", ".join(
        f"{axis.change_mm:+g} mm ({axis.change_percent:+g} %) {axis.trend.value}" for axis in axes
    )
    return f"{'longest diameter' if calcification else 'axes'} {moves}"


def _why(assessment: LesionAssessment) -> str:
    steps = [assessment.latest.describe()]
    if assessment.previous is not None:
        steps.insert(0, assessment.previous.describe())
    text = ", then ".join(steps)
    if assessment.axes:
        text += f"; {_moves(assessment.axes, calcification=assessment.kind.is_calcification)}"
    if assessment.volume_change_percent is not None:
        text += f"; volume {assessment.volume_change_percent:+g} %"
    return f"{text}. Rule: {assessment.rule}."


def _name(assessment: LesionAssessment) -> str:
    """``the adventitial bursa (bursa-1)``: what it is, then the id the scans give it."""
    return f"the {assessment.kind.value.replace('_', ' ')} ({assessment.lesion})"


def _size_sources(assessment: LesionAssessment) -> tuple[str, ...]:
    if assessment.kind.is_calcification:
        return CALCIFICATION_SOURCES
    return merge_sources(SIZE_SOURCES, ELONGATED_SOURCES if assessment.volume_approximate else ())


# -- alerts ----------------------------------------------------------------------------


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
    severity = Severity.INFO
    if assessment.change is LesionChange.ENLARGED:
        what = "larger than on the previous scan"
        if code is AlertCode.LESION_ENLARGED and symptoms_worsening:
            severity = Severity.WARNING
            what += _WORSE_NOTE
        elif code is AlertCode.LESION_ENLARGED:
            what += _ESCALATION_NOTE
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
        summary=f"Review {_name(assessment)}: {what}.",
        why=_why(assessment),
        evidence=evidence,
        sources=_size_sources(assessment),
        lesion=assessment.lesion,
    )


_AGAINST_PREVIOUS: Final = {
    LesionChange.NOT_COMPARABLE: "the previous scan was on another modality, so this is "
    "the only size comparison",
    LesionChange.NO_RELIABLE_CHANGE: "against the previous scan the change is within "
    "measurement error, but the steps add up",
    LesionChange.REDUCED: "it is smaller than on the previous scan, yet still larger than "
    "at baseline",
}


def _since_baseline_alert(
    assessment: LesionAssessment, since: SinceBaseline, symptoms_worsening: bool
) -> Alert:
    """docs/rules.md §7a: grown since the baseline scan, though not since the previous one."""
    calcification = assessment.kind.is_calcification
    code = (
        AlertCode.CALCIFICATION_ENLARGED_SINCE_BASELINE
        if calcification
        else AlertCode.LESION_ENLARGED_SINCE_BASELINE
    )
    warning = symptoms_worsening and not calcification
    note = "" if calcification else (_WORSE_NOTE if warning else _ESCALATION_NOTE)
    baseline = since.baseline
    growth = (
        f"volume {since.volume_change_percent:+g} %"
        if since.volume_change_percent is not None
        else f"longest diameter {since.axes[0].change_mm:+g} mm"
    )
    against = _AGAINST_PREVIOUS[assessment.change]
    why = (
        f"Baseline {baseline.describe()}, latest {assessment.latest.describe()}; "
        f"{_moves(since.axes, calcification=calcification)}"
        + (
            f"; volume {since.volume_change_percent:+g} %"
            if since.volume_change_percent is not None
            else ""
        )
        + f". {against[:1].upper()}{against[1:]}. Rule: {assessment.rule}."
    )
    evidence: Evidence = {
        "kind": assessment.kind.value,
        "site": assessment.latest.site,
        "baseline": observation_evidence(baseline),
        "latest": observation_evidence(assessment.latest),
        "previous": (
            None if assessment.previous is None else observation_evidence(assessment.previous)
        ),
        "change_since_previous": assessment.change.value,
        "change_since_baseline": since.change.value,
        "axes_since_baseline": axes_json(since.axes),
        "rule": assessment.rule,
    }
    if since.volume_change_percent is not None:
        evidence["volume_change_since_baseline_percent"] = since.volume_change_percent
    if not calcification:
        evidence["symptoms_worsening"] = symptoms_worsening
    return Alert(
        code=code,
        severity=Severity.WARNING if warning else Severity.INFO,
        due=None,
        summary=(
            f"Review {_name(assessment)}: larger than on its baseline "
            f"{baseline.modality.value} scan of {baseline.date.isoformat()} ({growth}){note}."
        ),
        why=why,
        evidence=evidence,
        sources=_size_sources(assessment),
        lesion=assessment.lesion,
    )


def _features_alert(
    assessment: LesionAssessment, symptoms_worsening: bool, infection: bool
) -> Alert:
    """docs/rules.md §7b: characteristics that became concerning since the previous scan."""
    earlier = assessment.features_compared
    if earlier is None:
        raise ValueError("a characteristics change needs the finding it was compared with")
    latest = assessment.latest
    changes = "; ".join(change.describe() for change in assessment.features_changed)
    warning = symptoms_worsening or infection
    reason = ""
    if warning:
        reason = (
            " (symptoms are worse)" if symptoms_worsening else " (an infection red flag stands)"
        )
    return Alert(
        code=AlertCode.LESION_FEATURES_CHANGED,
        severity=Severity.WARNING if warning else Severity.INFO,
        due=None,
        summary=(
            f"Consider a review of the imaging of {_name(assessment)} with the radiologist, "
            f"or a medical review{reason}: its characteristics changed ({changes})."
        ),
        why=(
            f"{earlier.modality.value} {earlier.date.isoformat()}: "
            f"{earlier.features.describe() if earlier.features else 'none recorded'}; "
            f"{latest.modality.value} {latest.date.isoformat()}: "
            f"{latest.features.describe() if latest.features else 'none recorded'}. "
            f"Concerning values: {concerning_words()}; a simple bursa is anechoic, "
            "thin-walled, without Doppler flow and compressible. This is a prompt to look "
            "again, not a diagnosis."
        ),
        evidence={
            "kind": assessment.kind.value,
            "site": latest.site,
            "previous": observation_evidence(earlier),
            "latest": observation_evidence(latest),
            "features": [
                {
                    "feature": change.name,
                    "previous": feature_json(change.previous),
                    "latest": feature_json(change.latest),
                }
                for change in assessment.features_changed
            ],
            "concerning": {name: feature_json(value) for name, value in CONCERNING.items()},
            "symptoms_worsening": symptoms_worsening,
            "red_flag_infection": infection,
        },
        sources=CHARACTERISTICS_SOURCES,
        lesion=assessment.lesion,
    )
