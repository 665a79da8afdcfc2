"""Red flags at the latest visit and worsening symptoms (docs/rules.md §6).

Red-flag alerts route to medical assessment; they never name a diagnosis. Only the
latest visit on or before the evaluation date is read: a flag ticked at an earlier
visit and cleared since no longer applies.
"""

from __future__ import annotations

from typing import Final

from trochtrack.domain.model import Visit
from trochtrack.domain.rules.alerts import Alert, Evidence, JsonValue, iso, number
from trochtrack.domain.rules.config import RedFlagRules, WorseningRules
from trochtrack.domain.rules.exact import exact
from trochtrack.domain.rules.response import WorseningAssessment
from trochtrack.domain.vocabulary import AlertCode, RedFlag, Severity

INFECTION_SOURCES: Final = ("S44b", "S45b", "S46b")
FRACTURE_SOURCES: Final = ("S27", "S44d", "S44e")
MALIGNANCY_SOURCES: Final = ("S44d", "S44e", "S44f")
NEUROLOGICAL_SOURCES: Final = ("S44d", "S44e")
# Mirrors of the improvement thresholds [S6][S11]; the worsening values are unsourced.
WORSENING_SOURCES: Final = ("S6", "S11", "DESIGN")

_SAME_DAY: Final = "Consider same-day medical assessment"
_URGENT: Final = "Consider an urgent medical review"


def red_flag_alerts(latest: Visit | None, rules: RedFlagRules) -> list[Alert]:
    """The red-flag alerts of the latest visit."""
    if latest is None:
        return []
    alerts = [
        _infection(latest, rules),
        _fracture(latest),
        _malignancy(latest),
        _neurological(latest),
    ]
    return [alert for alert in alerts if alert is not None]


def worsening_alert(worsening: WorseningAssessment | None, rules: WorseningRules) -> Alert | None:
    """``symptoms-worsening`` when any measure at the latest visit crossed its threshold."""
    if worsening is None or not worsening.worse:
        return None
    worse = [change for change in worsening.measures if change.meets]
    measures: dict[str, JsonValue] = {}
    for change in worsening.measures:
        entry: dict[str, JsonValue] = {
            "latest": {"date": iso(change.latest.date), "value": change.latest.value},
            "worse": change.meets,
        }
        if change.baseline is not None:
            entry["baseline"] = {"date": iso(change.baseline.date), "value": change.baseline.value}
            entry["change"] = change.change
        measures[change.measure.value] = entry
    rule = (
        f"pain NRS >= {rules.pain_rise_points} above baseline, or VISA-G "
        f">= {rules.visa_g_fall_points} below baseline, or GROC <= {rules.groc_max}"
    )
    return Alert(
        code=AlertCode.SYMPTOMS_WORSENING,
        severity=Severity.WARNING,
        due=None,
        summary=(
            f"Review the episode: {' and '.join(change.measure.label for change in worse)} "
            "worse than at baseline at the latest visit."
        ),
        why=(
            f"At the visit of {worsening.visit_date.isoformat()}: "
            f"{', '.join(change.describe() for change in worse)}; threshold: {rule}."
        ),
        evidence={
            "visit": iso(worsening.visit_date),
            "measures": measures,
            "thresholds": {
                "pain_rise_points": rules.pain_rise_points,
                "visa_g_fall_points": rules.visa_g_fall_points,
                "groc_max": rules.groc_max,
            },
            "rule": rule,
        },
        sources=WORSENING_SOURCES,
    )


def _red_flag(
    code: AlertCode,
    severity: Severity,
    visit: Visit,
    criteria: list[str],
    *,
    summary: str,
    rule: str,
    sources: tuple[str, ...],
    details: Evidence | None = None,
) -> Alert:
    evidence: Evidence = {
        "visit": iso(visit.date),
        "red_flags": [flag.value for flag in RedFlag if flag in visit.red_flags],
        "criteria_met": [*criteria],
        "rule": rule,
    }
    return Alert(
        code=code,
        severity=severity,
        due=None,
        summary=summary,
        why=f"At the visit of {visit.date.isoformat()}: {'; '.join(criteria)}.",
        evidence=evidence | (details or {}),
        sources=sources,
    )


def _words(flag: RedFlag) -> str:
    return flag.value.replace("_", " ")


def _infection(visit: Visit, rules: RedFlagRules) -> Alert | None:
    flags = visit.red_flags
    fever = visit.temperature_c is not None and exact(visit.temperature_c) >= rules.fever_c
    acute = RedFlag.ACUTE_SEVERE_PAIN in flags
    severe = acute or visit.pain_nrs >= rules.severe_pain_nrs
    fever_c = number(rules.fever_c)
    criteria: list[str] = []
    if fever and severe:
        pain = "acute severe pain" if acute else f"pain NRS {visit.pain_nrs}"
        criteria.append(f"temperature {visit.temperature_c:g} °C with {pain}")
    criteria.extend(
        _words(flag)
        for flag in (RedFlag.HOT_SWOLLEN_JOINT, RedFlag.SYSTEMICALLY_UNWELL)
        if flag in flags
    )
    if not criteria:
        return None
    return _red_flag(
        AlertCode.RED_FLAG_INFECTION,
        Severity.CRITICAL,
        visit,
        criteria,
        summary=(
            f"{_SAME_DAY} for possible infection; a calcific trochanteric bursitis can look "
            "like septic arthritis and only aspiration can separate the two."
        ),
        rule=(
            f"temperature >= {fever_c} °C with acute severe pain or pain NRS "
            f">= {rules.severe_pain_nrs}; or a hot swollen joint; or systemically unwell"
        ),
        sources=INFECTION_SOURCES,
        details={
            "temperature_c": visit.temperature_c,
            "pain_nrs": visit.pain_nrs,
            "fever_threshold_c": fever_c,
            "severe_pain_nrs": rules.severe_pain_nrs,
        },
    )


def _fracture(visit: Visit) -> Alert | None:
    needed = (RedFlag.FALL_OR_TRAUMA, RedFlag.UNABLE_TO_WEIGHT_BEAR)
    if not all(flag in visit.red_flags for flag in needed):
        return None
    return _red_flag(
        AlertCode.RED_FLAG_FRACTURE,
        Severity.CRITICAL,
        visit,
        [_words(flag) for flag in needed],
        summary=(
            f"{_SAME_DAY}: unable to bear weight after a fall or injury, so a fracture "
            "needs to be ruled out."
        ),
        rule="a fall or trauma together with inability to bear weight",
        sources=FRACTURE_SOURCES,
    )


def _malignancy(visit: Visit) -> Alert | None:
    flags = visit.red_flags
    night = RedFlag.CONSTANT_NIGHT_PAIN in flags
    cancer = RedFlag.CANCER_HISTORY in flags
    weight = RedFlag.UNEXPLAINED_WEIGHT_LOSS in flags
    if not ((night and (cancer or weight)) or (cancer and weight)):
        return None
    features = (
        RedFlag.CONSTANT_NIGHT_PAIN,
        RedFlag.CANCER_HISTORY,
        RedFlag.UNEXPLAINED_WEIGHT_LOSS,
    )
    return _red_flag(
        AlertCode.RED_FLAG_MALIGNANCY,
        Severity.WARNING,
        visit,
        [_words(flag) for flag in features if flag in flags],
        summary=f"{_URGENT}: this combination of features needs a serious cause ruled out.",
        rule=(
            "constant night pain with a cancer history or unexplained weight loss; or a "
            "cancer history with unexplained weight loss"
        ),
        sources=MALIGNANCY_SOURCES,
    )


def _neurological(visit: Visit) -> Alert | None:
    if RedFlag.NEUROLOGICAL_DEFICIT not in visit.red_flags:
        return None
    return _red_flag(
        AlertCode.RED_FLAG_NEUROLOGICAL,
        Severity.WARNING,
        visit,
        [_words(RedFlag.NEUROLOGICAL_DEFICIT)],
        summary=f"{_URGENT} of the neurological signs, including a spinal source.",
        rule="a neurological deficit",
        sources=NEUROLOGICAL_SOURCES,
    )
