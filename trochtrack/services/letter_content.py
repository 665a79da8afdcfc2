"""What a letter or handout prints, built from one episode evaluated on one date.

:class:`DocumentRequest` is the one description of a document the use cases in
:mod:`trochtrack.services.letters` take; :class:`ContentBuilder` turns the record into
the plain values of :mod:`trochtrack.reports.data`. The prose drafts come from
:mod:`trochtrack.services.letter_wording`; a request may carry the clinician's edited
text instead, which is printed as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Final

from trochtrack.charts.lesions import lesion_chart_data
from trochtrack.charts.symptoms import SymptomChartData, pain_only, symptom_chart_data
from trochtrack.domain.actions import (
    AlertActionKind,
    CriticalAction,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.diagnoses import diagnoses_as_of
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.model import Episode, Patient
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.domain.vocabulary import AlertCode, Diagnosis, Severity, TreatmentKind
from trochtrack.reports.data import (
    AlertItem,
    Correspondent,
    DetailSections,
    EpisodeSummary,
    HandoutData,
    LetterData,
    LetterText,
    ReferralData,
    Urgency,
)
from trochtrack.services import letter_wording as wording
from trochtrack.services.errors import ServiceError
from trochtrack.services.letter_facts import RecordFacts
from trochtrack.services.settings import ClinicSettings
from trochtrack.services.workflow import AlertView, critical_response
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import ALERT_ACTION_WORDS, SIDE_LABELS, TREATMENT_LABELS

RED_FLAG_CODES: Final = frozenset(code for code in AlertCode if code.is_red_flag)
REFERRAL_PREFIXES: Final = {
    Urgency.SAME_DAY: "Same-day referral",
    Urgency.URGENT: "Urgent referral",
    Urgency.ROUTINE: "Referral",
}


class RedFlagRecipient(StrEnum):
    """Whom a red-flag referral goes to, chosen when the letter is written."""

    GP = "gp"
    EMERGENCY_DEPARTMENT = "emergency_department"


EMERGENCY_DEPARTMENT: Final = Correspondent(
    lines=("The duty doctor", "Emergency Department"), salutation="Dear colleague,"
)


class LetterError(ServiceError):
    """The record does not allow this document (no episode, no reason to refer)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRequest:
    """One document to prepare: for whom, which kind, on which date, with what choices.

    ``episode_id`` picks the episode (default: the latest still open on ``as_of``).
    ``plan`` replaces the drafted plan; ``text`` replaces all the drafted prose (the
    compose step's edits) and wins over ``plan``. ``send_to`` addresses a red-flag
    referral (default: where the recorded action sent the patient). ``sections`` are
    the optional parts of the clinical detail; ``patient_preference`` is what the
    patient said they would prefer, for a referral.
    """

    patient_id: int
    kind: DocumentKind
    as_of: date
    episode_id: int | None = None
    plan: str | None = None
    next_appointment: date | None = None
    send_to: RedFlagRecipient | None = None
    text: LetterText | None = None
    sections: DetailSections = field(default_factory=DetailSections)
    patient_preference: str | None = None


def suggested_recipient(red_flags: Sequence[AlertView]) -> RedFlagRecipient:
    """The emergency department when that is where the patient was sent, else the GP."""
    sent = [
        view
        for view in red_flags
        if view.last_action is not None
        and view.last_action.action is AlertActionKind.ACTED
        and view.last_action.taken is CriticalAction.EMERGENCY_DEPARTMENT
    ]
    return RedFlagRecipient.EMERGENCY_DEPARTMENT if sent else RedFlagRecipient.GP


@dataclass(frozen=True, slots=True)
class ContentBuilder:
    """Builds the documents' data for one episode evaluated on one date."""

    request: DocumentRequest
    patient: Patient
    episode: Episode
    evaluation: EpisodeEvaluation
    settings: ClinicSettings
    views: list[AlertView]
    decisions: list[EscalationDecision]
    pain_change_points: int
    """The clinic's rules' pain change that counts: the band the charts shade."""
    logo_png: bytes | None = None

    @property
    def as_of(self) -> date:
        """The evaluation (and document) date."""
        return self.evaluation.as_of

    @property
    def next_appointment(self) -> date | None:
        """The appointment the document gives: the draft's own, else the episode's.

        Only one still ahead of the document date is given; a past one is history.
        """
        booked = self.request.next_appointment or self.episode.next_appointment
        return booked if booked is not None and booked >= self.as_of else None

    @property
    def facts(self) -> RecordFacts:
        """The record's facts on the document date."""
        return RecordFacts(
            self.patient, self.episode, self.evaluation, self.settings, self.logo_png
        )

    def build(self) -> LetterData | ReferralData | HandoutData:
        """The content of the requested kind."""
        if self.request.kind is DocumentKind.GP_FOLLOWUP:
            return self.gp_letter()
        if self.request.kind is DocumentKind.REFERRAL:
            return self.referral()
        return self.handout()

    def gp_letter(self) -> LetterData:
        """The GP follow-up letter: urgent points boxed first, then the request."""
        facts = self.facts
        recipient = facts.gp()
        summary = facts.summary()
        alerts = tuple(self._alert_item(view) for view in self.views)
        urgent = tuple(
            item
            for view, item in zip(self.views, alerts, strict=True)
            if view.active
            and (view.alert.severity is Severity.CRITICAL or view.alert.code in RED_FLAG_CODES)
        )
        second_line_due = any(
            view.active and view.alert.code is AlertCode.CONSERVATIVE_CARE_FAILED
            for view in self.views
        )
        drafted = LetterText(
            request=wording.gp_request(urgent, second_line_due=second_line_due),
            opening=wording.gp_opening(self.patient.display_name, summary),
            plan=self.request.plan
            or wording.default_plan(
                self.decisions, critical=any(item.severity == "critical" for item in urgent)
            ),
            closing=wording.GP_CLOSING,
        )
        chart_data = lesion_chart_data(self.episode, self.evaluation)
        return LetterData(
            setup=facts.setup(f"Follow-up letter to {recipient.lines[0]}"),
            day=self.as_of,
            recipient=recipient,
            patient=facts.identity(),
            episode=summary,
            scores=facts.scores(),
            lesions=facts.lesions(),
            alerts=alerts,
            urgent=urgent,
            text=self.request.text or drafted,
            next_appointment=self.next_appointment,
            symptom_chart=self._symptom_chart(),
            # Single findings are already in the table; a chart needs a course to show.
            lesion_chart=(
                chart_data if any(len(s.points) > 1 for s in chart_data.series) else None
            ),
            sections=self.request.sections,
        )

    def referral(self) -> ReferralData:
        """The referral for red flags, failed first-line care or a decision to refer.

        Raises:
            LetterError: none of those is on record.
        """
        by_code = {view.alert.code: view for view in self.views}
        red_flags = [view for view in self.views if view.alert.code in RED_FLAG_CODES]
        failed = by_code.get(AlertCode.CONSERVATIVE_CARE_FAILED)
        decision = self._referral_decision()
        if not red_flags and failed is None and decision is None:
            raise LetterError(
                f"There is no reason on record on {long_date(self.as_of)} for a referral "
                "letter: it needs a red flag, first-line care that has not worked by the "
                "decision point, or an escalation decision to refer or start second-line care."
            )
        urgency = _urgency(red_flags)
        chosen = decision.second_line if decision is not None else ()
        options = (
            tuple(TREATMENT_LABELS[kind] for kind in chosen)
            if chosen
            else (failed.alert.options if failed is not None else ())
        )
        facts = self.facts
        recipient = self._referral_recipient(red_flags, decision)
        to_emergency = recipient is EMERGENCY_DEPARTMENT
        summary = facts.summary()
        weeks = max((self.as_of - self.episode.first_line_start).days // 7, 0)
        text = self.request.text or self._referral_draft(
            urgency,
            summary,
            weeks,
            options_asked=options if chosen else (),
            options_listed=bool(options) and not chosen,
            to_emergency_department=to_emergency,
        )
        return ReferralData(
            setup=facts.setup(f"{REFERRAL_PREFIXES[urgency]} letter to {recipient.lines[0]}"),
            day=self.as_of,
            recipient=recipient,
            patient=facts.identity(),
            episode=summary,
            urgency=urgency,
            text=text,
            facts=facts.referral_facts(text.request, self.request.patient_preference),
            red_flags=tuple(self._alert_item(view) for view in red_flags),
            care_failed=(None if failed is None else replace(self._alert_item(failed), options=())),
            response_summary=self._response_summary(),
            weeks_of_care=weeks,
            scores=facts.scores(),
            options=options,
            options_chosen=bool(chosen),
            decision=None if decision is None else wording.decision_text(decision),
            lesions=facts.lesions(),
            symptom_chart=self._symptom_chart(),
            referred=decision is not None and decision.kind is DecisionKind.REFER,
            to_emergency_department=to_emergency,
            next_appointment=self.next_appointment,
            sections=self.request.sections,
        )

    def _symptom_chart(self) -> SymptomChartData:
        return symptom_chart_data(
            self.episode, self.evaluation, pain_change_points=self.pain_change_points
        )

    def _referral_decision(self) -> EscalationDecision | None:
        """The latest escalation decision to refer or to start second-line care."""
        return next(
            (
                d
                for d in reversed(self.decisions)
                if d.kind in (DecisionKind.SECOND_LINE, DecisionKind.REFER)
            ),
            None,
        )

    def _referral_draft(
        self,
        urgency: Urgency,
        summary: EpisodeSummary,
        weeks: int,
        *,
        options_asked: tuple[str, ...],
        options_listed: bool,
        to_emergency_department: bool,
    ) -> LetterText:
        """The app's draft of the referral's prose (the request leads)."""
        return LetterText(
            request=wording.referral_request(
                urgency,
                options_asked,
                options_listed=options_listed,
                to_emergency_department=to_emergency_department,
            ),
            opening=wording.referral_opening(
                self.patient.display_name, summary, urgency, wording.weeks_text(weeks)
            ),
            plan=self.request.plan
            or wording.referral_plan(urgency, to_emergency_department=to_emergency_department),
            closing=wording.REFERRAL_CLOSING,
        )

    def _response_summary(self) -> str | None:
        """How the measures changed at the visit the response was judged on."""
        response = self.evaluation.response
        if response is None:
            return None
        changes = ", ".join(change.describe() for change in response.measures)
        return f"at the visit of {response.visit_date.isoformat()}: {changes}."

    def _referral_recipient(
        self, red_flags: list[AlertView], decision: EscalationDecision | None
    ) -> Correspondent:
        """For red flags, the GP or the emergency department chosen now; else as decided.

        A red-flag referral never goes to a recipient named earlier for a routine
        referral (an injection clinic, say): it asks for medical assessment now.
        """
        if red_flags:
            send_to = self.request.send_to or suggested_recipient(red_flags)
            if send_to is RedFlagRecipient.EMERGENCY_DEPARTMENT:
                return EMERGENCY_DEPARTMENT
            return self.facts.gp()
        if decision is not None and decision.referred_to:
            return Correspondent(lines=(decision.referred_to,), salutation="Dear colleague,")
        return self.facts.gp()

    def handout(self) -> HandoutData:
        """The patient's handout: their exercises as written and the next dates."""
        exercises = [
            line.strip()
            for t in self.episode.treatments
            if t.kind is TreatmentKind.EXERCISE_PROGRAM
            and t.start <= self.as_of
            and (t.end is None or t.end > self.as_of)
            and t.detail
            for line in t.detail.splitlines()
            if line.strip()
        ]
        upcoming = [
            day
            for day in (
                self.evaluation.review_due,
                self.evaluation.escalation_due,
                *(d.next_review for d in self.decisions if d.next_review is not None),
            )
            if day > self.as_of  # "check by" the day it is printed says nothing
        ]
        calcium_seen = any(
            lesion.kind.is_calcification and lesion.latest.visualised
            for lesion in self.evaluation.lesions
        )
        # A calcific tendinopathy only thought possible does not bring the handout's
        # section on calcium deposits; one held as main or likely does.
        calcific_diagnosed = any(
            working.diagnosis is Diagnosis.CALCIFIC_TENDINOPATHY and not working.possible
            for working in diagnoses_as_of(
                self.episode.main_diagnosis, self.episode.other_diagnoses, self.as_of
            )
        )
        return HandoutData(
            setup=self.facts.setup("Patient handout: your hip"),
            day=self.as_of,
            patient_name=self.patient.display_name,
            side=SIDE_LABELS[self.episode.side],
            calcific=calcium_seen or calcific_diagnosed,
            exercises=tuple(exercises),
            next_appointment=self.next_appointment,
            review_date=min(upcoming, default=None),
            pain_chart=pain_only(self._symptom_chart()),
        )

    def _alert_item(self, view: AlertView) -> AlertItem:
        alert = view.alert
        response = None
        action = view.last_action
        if alert.severity is Severity.CRITICAL:
            # Whoever reads the letter must see what was done, or that nothing is known.
            response = critical_response(action)
        elif not view.active and action is not None:
            response = (
                f"{ALERT_ACTION_WORDS[action.action]} by {action.clinician} on "
                f"{long_date(action.recorded_at.astimezone().date())}"
            )
            if action.snooze_until is not None:
                response += f", until {long_date(action.snooze_until)}"
            if action.reason:
                response += f": {action.reason}"
        return AlertItem(
            severity=alert.severity.value,
            code=alert.code.value,
            summary=alert.summary,
            why=alert.why,
            options=alert.options,
            sources=alert.sources,
            response=response,
        )


def _urgency(red_flags: Sequence[AlertView]) -> Urgency:
    if any(view.alert.severity is Severity.CRITICAL for view in red_flags):
        return Urgency.SAME_DAY
    return Urgency.URGENT if red_flags else Urgency.ROUTINE
