"""Evaluating an episode or a whole case on a given date.

The evaluation reads only what was on record on ``as_of`` and the rules passed in; it
never reads the clock, so a past date shows what the rules said then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trochtrack.domain.model import Case, Episode, Patient
from trochtrack.domain.rules.alerts import Alert, sorted_alerts
from trochtrack.domain.rules.config import RulesConfig
from trochtrack.domain.rules.known import known_on
from trochtrack.domain.rules.lesion_alerts import follow_up_alert, lesion_alerts
from trochtrack.domain.rules.lesions import LesionAssessment, assess_lesions, follow_up_scan_due
from trochtrack.domain.rules.red_flags import red_flag_alerts, worsening_alert
from trochtrack.domain.rules.response import (
    ResponseAssessment,
    WorseningAssessment,
    assess_response,
    assess_worsening,
)
from trochtrack.domain.rules.status import decide_status, status_alerts
from trochtrack.domain.rules.treatments import treatment_alerts
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class EpisodeEvaluation:
    """Where one episode stands on ``as_of`` under the rules of ``rules_version``.

    Attributes:
        episode_ref: the episode's ref.
        as_of: the evaluation date.
        rules_version: :attr:`RulesConfig.version` of the rules applied.
        status: the status table's call.
        review_due: first-line start plus the preset's review weeks.
        escalation_due: first-line start plus the preset's escalation weeks.
        alerts: most severe first, then by code, then by lesion; none when closed.
        lesions: every lesion on record, by lesion id.
        response: the decisive assessment of first-line care, if there is one.
        worsening: the latest visit's measures against the worsening thresholds.
        follow_up_scan_due: when the next scan of a bursa or fluid collection is due,
            while one is awaited (also before that date).
    """

    episode_ref: str
    as_of: date
    rules_version: str
    status: EpisodeStatus
    review_due: date
    escalation_due: date
    alerts: tuple[Alert, ...]
    lesions: tuple[LesionAssessment, ...]
    response: ResponseAssessment | None
    worsening: WorseningAssessment | None
    follow_up_scan_due: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseEvaluation:
    """Every episode of one patient evaluated on ``as_of``, in the case's order."""

    patient_ref: str
    as_of: date
    preset: str
    rules_version: str
    episodes: tuple[EpisodeEvaluation, ...]


def evaluate_episode(
    patient: Patient, episode: Episode, as_of: date, rules: RulesConfig
) -> EpisodeEvaluation:
    """Apply the rules to ``episode`` as it was on record on ``as_of``."""
    known = known_on(episode, as_of)
    review_due = rules.review_due(episode.first_line_start)
    escalation_due = rules.escalation_due(episode.first_line_start)
    response = assess_response(known.visits, review_due, rules.response)
    worsening = assess_worsening(known.visits, rules.worsening)
    lesions = assess_lesions(known.scans, rules)
    status = decide_status(known, review_due, escalation_due, response)

    alerts: list[Alert] = []
    if status is not EpisodeStatus.CLOSED:
        alerts += status_alerts(status, known, rules, response)
        alerts += treatment_alerts(known, patient, rules)
        red_flags = red_flag_alerts(known.latest_visit, rules.red_flags)
        alerts += red_flags
        worse = worsening_alert(worsening, rules.worsening)
        if worse is not None:
            alerts.append(worse)
        alerts += lesion_alerts(
            lesions,
            symptoms_worsening=worse is not None,
            infection=any(alert.code is AlertCode.RED_FLAG_INFECTION for alert in red_flags),
        )
        follow_up = follow_up_alert(known.scans, as_of, rules.lesions)
        if follow_up is not None:
            alerts.append(follow_up)

    return EpisodeEvaluation(
        episode_ref=episode.ref,
        as_of=as_of,
        rules_version=rules.version,
        status=status,
        review_due=review_due,
        escalation_due=escalation_due,
        alerts=sorted_alerts(alerts),
        lesions=lesions,
        response=response,
        worsening=worsening,
        follow_up_scan_due=follow_up_scan_due(known.scans, rules.lesions),
    )


def evaluate_case(case: Case, as_of: date, rules: RulesConfig) -> CaseEvaluation:
    """Evaluate every episode of ``case`` on ``as_of``."""
    return CaseEvaluation(
        patient_ref=case.patient.ref,
        as_of=as_of,
        preset=rules.preset,
        rules_version=rules.version,
        episodes=tuple(
            evaluate_episode(case.patient, episode, as_of, rules) for episode in case.episodes
        ),
    )
