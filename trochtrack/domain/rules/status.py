"""Episode status and the alerts of the status table (docs/rules.md §4)."""

from __future__ import annotations

from datetime import date
from typing import Final

from trochtrack.domain.rules.alerts import (
    Alert,
    Evidence,
    JsonValue,
    iso,
    merge_sources,
    number,
    percent_text,
)
from trochtrack.domain.rules.config import ResponseRules, RulesConfig
from trochtrack.domain.rules.known import KnownEpisode
from trochtrack.domain.rules.response import Measure, ResponseAssessment
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus, Severity

RESPONSE_SOURCES: Final = ("S6", "S7", "S11")
PRESET_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "protocol": (),
    "leap": ("S15",),
    "uk-pathway": ("S11", "S27"),
}
# The core outcome set asks for pain, GROC and VISA-G at every visit.
OUTCOME_SET_SOURCES: Final = ("S4",)

SECOND_LINE_OPTIONS: Final = (
    (
        "corticosteroid injection, for short-term relief so that rehabilitation can continue",
        ("S15", "S19", "S28"),
    ),
    ("radial shockwave therapy (ESWT)", ("S19",)),
    ("platelet-rich plasma (PRP) injection", ("S22", "S23")),
    (
        "ultrasound-guided barbotage of a calcific deposit, where imaging shows no tendon tear",
        ("S41", "S42", "S43"),
    ),
    (
        "a surgical opinion, only after more than 6 months of failed care with a tendon tear "
        "confirmed on imaging",
        ("S24",),
    ),
)


def decide_status(
    known: KnownEpisode,
    review_due: date,
    escalation_due: date,
    response: ResponseAssessment | None,
) -> EpisodeStatus:
    """The first row of the status table that applies on ``known.as_of``."""
    if known.closed:
        return EpisodeStatus.CLOSED
    if any(treatment.kind.second_line for treatment in known.treatments):
        return EpisodeStatus.ESCALATED
    if known.as_of < review_due:
        return EpisodeStatus.IN_PROGRESS
    before_escalation = known.as_of < escalation_due
    if response is not None:
        if response.responder:
            return EpisodeStatus.RESPONDING
        return EpisodeStatus.LIMITED_RESPONSE if before_escalation else EpisodeStatus.FAILED
    if before_escalation:
        return EpisodeStatus.AWAITING_ASSESSMENT
    return EpisodeStatus.ASSESSMENT_OVERDUE


def status_alerts(
    status: EpisodeStatus,
    known: KnownEpisode,
    rules: RulesConfig,
    response: ResponseAssessment | None,
) -> list[Alert]:
    """The alert the status table gives ``status``, if any."""
    table = _Table(known, rules)
    if response is not None and status is EpisodeStatus.LIMITED_RESPONSE:
        return [table.limited_response(response)]
    if response is not None and status is EpisodeStatus.FAILED:
        return [table.care_failed(response)]
    if status is EpisodeStatus.AWAITING_ASSESSMENT:
        return [table.outcome_measure_due()]
    if status is EpisodeStatus.ASSESSMENT_OVERDUE:
        return [table.review_overdue()]
    return []


def _option_texts() -> tuple[str, ...]:
    """Every second-line option with its sources, as a failed first-line course lists them."""
    return tuple(f"{text} [{', '.join(tags)}]" for text, tags in SECOND_LINE_OPTIONS)


def _needed_text(measure: Measure, rules: ResponseRules) -> str:
    """The response threshold of ``measure`` in words."""
    if measure is Measure.PAIN:
        return (
            f"drop >= {rules.pain_drop_points} points or >= "
            f"{percent_text(rules.pain_drop_fraction)} from baseline"
        )
    if measure is Measure.VISA_G:
        return f"gain >= {rules.visa_g_gain_points} points from baseline (provisional)"
    return f"rating >= +{rules.groc_min}"


class _Table:
    """Builds the status-table alerts of one episode."""

    def __init__(self, known: KnownEpisode, rules: RulesConfig) -> None:
        start = known.episode.first_line_start
        self.known = known
        self.rules = rules
        self.review_due = rules.review_due(start)
        self.escalation_due = rules.escalation_due(start)
        self.preset_sources = PRESET_SOURCES.get(rules.preset, ())
        self.timing: Evidence = {
            "preset": rules.preset,
            "first_line_start": iso(start),
            "review_due": iso(self.review_due),
            "review_weeks": rules.review_weeks,
            "escalation_due": iso(self.escalation_due),
            "escalation_weeks": rules.escalation_weeks,
        }

    def limited_response(self, response: ResponseAssessment) -> Alert:
        return Alert(
            code=AlertCode.FIRST_LINE_LIMITED_RESPONSE,
            severity=Severity.INFO,
            due=self.escalation_due,
            summary=(
                "Review the first-line plan: no clinically important change yet; check "
                "adherence, loading and the working diagnosis before the escalation decision "
                f"on {self.escalation_due.isoformat()}."
            ),
            why=_response_why(response, self.rules.response),
            evidence=self.timing | _response_evidence(response, self.rules.response),
            sources=merge_sources(RESPONSE_SOURCES, self.preset_sources),
        )

    def care_failed(self, response: ResponseAssessment) -> Alert:
        return Alert(
            code=AlertCode.CONSERVATIVE_CARE_FAILED,
            severity=Severity.WARNING,
            due=self.escalation_due,
            summary=(
                "Consider second-line options with the patient: first-line care has not "
                "brought a clinically important improvement after "
                f"{self.rules.escalation_weeks} weeks (all options listed; none is preferred)."
            ),
            why=_response_why(response, self.rules.response),
            evidence=self.timing | _response_evidence(response, self.rules.response),
            sources=merge_sources(
                RESPONSE_SOURCES, self.preset_sources, *(tags for _, tags in SECOND_LINE_OPTIONS)
            ),
            options=_option_texts(),
        )

    def outcome_measure_due(self) -> Alert:
        return Alert(
            code=AlertCode.OUTCOME_MEASURE_DUE,
            severity=Severity.INFO,
            due=self.review_due,
            summary=(
                "Review the response to first-line care: record pain NRS, VISA-G and GROC at "
                "the next visit."
            ),
            why=(
                f"The review point was {self.review_due.isoformat()} "
                f"({self.rules.review_weeks} weeks after first-line care began) and no visit "
                "since then allows the response to be judged."
            ),
            evidence=self.timing | self._visits_since_review(),
            sources=merge_sources(OUTCOME_SET_SOURCES, RESPONSE_SOURCES, self.preset_sources),
        )

    def review_overdue(self) -> Alert:
        return Alert(
            code=AlertCode.ESCALATION_REVIEW_OVERDUE,
            severity=Severity.WARNING,
            due=self.escalation_due,
            summary=(
                "Review the episode: the escalation decision is due and the response to "
                "first-line care has not been assessed."
            ),
            why=(
                f"The escalation decision was due on {self.escalation_due.isoformat()} "
                f"({self.rules.escalation_weeks} weeks after first-line care began); no visit "
                f"since the review point on {self.review_due.isoformat()} allows the response "
                "to be judged."
            ),
            evidence=self.timing | self._visits_since_review(),
            sources=merge_sources(RESPONSE_SOURCES, self.preset_sources),
        )

    def _visits_since_review(self) -> Evidence:
        return {
            "visits_since_review_point": [
                iso(visit.date) for visit in self.known.visits if visit.date >= self.review_due
            ],
            "needed": (
                "a visit on or after the review point with GROC, or with pain NRS or VISA-G "
                "and a baseline from an earlier visit"
            ),
        }


def _response_evidence(response: ResponseAssessment, rules: ResponseRules) -> Evidence:
    measures: dict[str, JsonValue] = {}
    for change in response.measures:
        entry: dict[str, JsonValue] = {}
        if change.baseline is not None:
            entry["baseline"] = {"date": iso(change.baseline.date), "value": change.baseline.value}
        entry["latest"] = {"date": iso(change.latest.date), "value": change.latest.value}
        if change.measure is Measure.PAIN:
            entry["drop_points"] = -change.change
            entry["drop_percent"] = change.drop_percent
        elif change.measure is Measure.VISA_G:
            entry["gain_points"] = change.change
        entry["meets"] = change.meets
        entry["needed"] = _needed_text(change.measure, rules)
        measures[change.measure.value] = entry
    return {
        "decisive_visit": iso(response.visit_date),
        "measures": measures,
        "responder": response.responder,
        "rule": "a responder when any one measure meets its threshold",
        "thresholds": {
            "pain_drop_points": rules.pain_drop_points,
            "pain_drop_fraction": number(rules.pain_drop_fraction),
            "groc_min": rules.groc_min,
            "visa_g_gain_points": rules.visa_g_gain_points,
        },
    }


def _response_why(response: ResponseAssessment, rules: ResponseRules) -> str:
    changes = ", ".join(change.describe() for change in response.measures)
    needed = "; ".join(_needed_text(change.measure, rules) for change in response.measures)
    verdict = "met" if response.responder else "met by none"
    return (
        f"At the visit of {response.visit_date.isoformat()}: {changes}. "
        f"Needed (any one): {needed}; {verdict}."
    )
