"""Letters and handouts: gather the record, render the PDF, keep it in the documents log.

:func:`generate_document` is what the GUI and the CLI call. It evaluates the patient on
the document date, assembles what the document prints (:mod:`trochtrack.reports.data`),
renders the PDF and stores it with its SHA-256 and the rules version. Producing a
document only reads the clinical record: if rendering or writing the file fails, the
attempt is logged as failed with the reason, and the caller gets a
:class:`DocumentGenerationError` that says so.

The referral never makes its own recommendation: it lists the second-line options the
clinician chose in the recorded escalation decision, or else every option the rules
list, none preferred.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Final

from trochtrack.charts.labels import (
    DIAGNOSIS_LABELS,
    SIDE_LABELS,
    STATUS_LABELS,
    TREATMENT_LABELS,
    long_date,
)
from trochtrack.charts.lesions import lesion_chart_data
from trochtrack.charts.symptoms import pain_only, symptom_chart_data
from trochtrack.domain.actions import (
    AlertActionKind,
    CriticalAction,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.domain.model import Episode, Patient, Scan, Visit
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.domain.vocabulary import (
    AlertCode,
    Diagnosis,
    Severity,
    TreatmentKind,
)
from trochtrack.paths import write_private_file
from trochtrack.reports.data import (
    AlertItem,
    Correspondent,
    DatedScore,
    EpisodeSummary,
    HandoutData,
    LesionRow,
    LetterData,
    Letterhead,
    PageSetup,
    Paper,
    PatientIdentity,
    ReferralData,
    ScoreRow,
    Signatory,
    TreatmentLine,
    Urgency,
)
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import store_document
from trochtrack.services.due import due_list
from trochtrack.services.errors import ServiceError, UnknownPatientError
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.letter_lesions import lesion_rows
from trochtrack.services.records import stored_id
from trochtrack.services.settings import ClinicSettings, load_settings
from trochtrack.services.workflow import (
    AlertView,
    critical_response,
    decisions,
    episode_alert_views,
)
from trochtrack.store.errors import StoreError

log = logging.getLogger(__name__)

KIND_NAMES: Final = {
    DocumentKind.GP_FOLLOWUP: "GP follow-up letter",
    DocumentKind.REFERRAL: "referral letter",
    DocumentKind.HANDOUT: "patient handout",
}
RED_FLAG_CODES: Final = frozenset(code for code in AlertCode if code.is_red_flag)
# (visit field, measure, scale, lower is better); GROC rates the change itself.
SCORE_MEASURES: Final = (
    ("pain_nrs", "Pain, past week", "NRS 0–10, lower is better", True),
    ("night_pain_nrs", "Night pain", "NRS 0–10, lower is better", True),
    ("visa_g", "VISA-G", "0–100, higher is better", False),
    ("groc", "Global rating of change", "−5 to +5, against the start of care", False),
)
RESPONSE_WORDS: Final = {
    AlertActionKind.ACKNOWLEDGED: "acknowledged",
    AlertActionKind.OVERRIDDEN: "overridden",
    AlertActionKind.SNOOZED: "snoozed",
    AlertActionKind.DECIDED: "answered by an escalation decision",
    AlertActionKind.ACTED: "acted on",
}


class RedFlagRecipient(StrEnum):
    """Whom a red-flag referral goes to, chosen when the letter is written."""

    GP = "gp"
    EMERGENCY_DEPARTMENT = "emergency_department"


EMERGENCY_DEPARTMENT: Final = Correspondent(
    lines=("The duty doctor", "Emergency Department"), salutation="Dear colleague,"
)


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


class LetterError(ServiceError):
    """The record does not allow this document (no episode, no reason to refer)."""


class DocumentGenerationError(ServiceError):
    """Rendering or writing the PDF failed; the attempt is in the documents log."""


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document ready to render: what it prints and how the log will list it."""

    kind: DocumentKind
    patient_id: int
    episode_id: int
    document_date: date
    title: str
    recipient: str | None
    rules_version: str
    content: LetterData | ReferralData | HandoutData


@dataclass(frozen=True, slots=True)
class LetterTarget:
    """A patient whose episode has something due, for a batch of letters."""

    patient_id: int
    patient_ref: str
    patient_name: str
    episode_id: int
    due: date
    what: str


@dataclass(slots=True)
class BatchResult:
    """What a batch produced, what failed (with the reason), and whether it was stopped."""

    documents: list[DocumentInfo] = field(default_factory=list)
    failures: list[tuple[LetterTarget, str]] = field(default_factory=list)
    cancelled: bool = False


def patient_id_for_ref(clinic: Clinic, ref: str) -> int:
    """The database id of the patient with ``ref``.

    Raises:
        UnknownPatientError: no patient has that ref.
    """
    with clinic.unit_of_work() as uow:
        patient_id = uow.records.patient_id_for_ref(ref)
    if patient_id is None:
        raise UnknownPatientError(ref)
    return patient_id


def prepare_document(
    clinic: Clinic,
    patient_id: int,
    kind: DocumentKind,
    *,
    as_of: date,
    episode_id: int | None = None,
    plan: str | None = None,
    next_appointment: date | None = None,
    send_to: RedFlagRecipient | None = None,
) -> PreparedDocument:
    """Everything the document prints, from the record as it stood on ``as_of``.

    The episode is ``episode_id``, or else the patient's latest episode still open on
    ``as_of`` (the latest of all when every one is closed). ``send_to`` addresses a
    red-flag referral; by default it goes where the recorded action sent the patient
    (the emergency department), else to the GP.

    Raises:
        LetterError: the patient has no episode, ``episode_id`` is not theirs, or a
            referral has no reason on record.
    """
    evaluation = evaluate_patient(clinic, patient_id, as_of)
    record = evaluation.record
    episode = _choose_episode(record.episodes, episode_id, as_of)
    chosen_id = stored_id(episode.id)
    episode_eval = evaluation.episodes[chosen_id]
    settings = load_settings(clinic)
    gather = _Gatherer(
        patient=record.patient,
        episode=episode,
        evaluation=episode_eval,
        settings=settings,
        views=episode_alert_views(clinic, chosen_id, episode_eval),
        decisions=[d for d in decisions(clinic, chosen_id) if d.decided_on <= as_of],
        send_to=send_to,
    )
    if kind is DocumentKind.GP_FOLLOWUP:
        content: LetterData | ReferralData | HandoutData = gather.gp_letter(plan, next_appointment)
    elif kind is DocumentKind.REFERRAL:
        content = gather.referral()
    else:
        content = gather.handout(next_appointment)
    recipient = (
        record.patient.display_name
        if isinstance(content, HandoutData)
        else "\n".join(content.recipient.lines)
    )
    return PreparedDocument(
        kind=kind,
        patient_id=patient_id,
        episode_id=chosen_id,
        document_date=as_of,
        title=content.setup.title,
        recipient=recipient,
        rules_version=evaluation.rules.version,
        content=content,
    )


def render_pdf(prepared: PreparedDocument, *, invariant: bool = False) -> bytes:
    """The PDF of a prepared document (nothing is stored).

    ``invariant`` gives byte-identical output for identical input (for tests).
    """
    # reportlab and matplotlib load with the first document, not at the app's start.
    from trochtrack.reports.gp_letter import write_gp_letter
    from trochtrack.reports.handout import write_handout
    from trochtrack.reports.referral import write_referral

    out = io.BytesIO()
    content = prepared.content
    if isinstance(content, LetterData):
        write_gp_letter(content, out, invariant=invariant)
    elif isinstance(content, ReferralData):
        write_referral(content, out, invariant=invariant)
    else:
        write_handout(content, out, invariant=invariant)
    return out.getvalue()


def render_document(
    clinic: Clinic,
    patient_id: int,
    kind: DocumentKind,
    *,
    as_of: date,
    episode_id: int | None = None,
    plan: str | None = None,
    next_appointment: date | None = None,
    send_to: RedFlagRecipient | None = None,
    invariant: bool = False,
) -> bytes:
    """The document's PDF without keeping it in the log (a preview before producing it).

    Raises:
        LetterError: see :func:`prepare_document`.
    """
    prepared = prepare_document(
        clinic,
        patient_id,
        kind,
        as_of=as_of,
        episode_id=episode_id,
        plan=plan,
        next_appointment=next_appointment,
        send_to=send_to,
    )
    return render_pdf(prepared, invariant=invariant)


def generate_document(
    clinic: Clinic,
    patient_id: int,
    kind: DocumentKind,
    *,
    as_of: date,
    episode_id: int | None = None,
    plan: str | None = None,
    next_appointment: date | None = None,
    send_to: RedFlagRecipient | None = None,
    invariant: bool = False,
    output: Path | None = None,
) -> DocumentInfo:
    """Produce the document, write it to ``output`` if given, and keep it in the log.

    ``output`` is written atomically and readable by its owner only: either the whole
    PDF is there or nothing is. The clinical record is only read.

    Raises:
        LetterError: see :func:`prepare_document` (nothing is logged).
        DocumentGenerationError: rendering or writing failed; a failed entry with the
            reason is in the documents log.
    """
    prepared = prepare_document(
        clinic,
        patient_id,
        kind,
        as_of=as_of,
        episode_id=episode_id,
        plan=plan,
        next_appointment=next_appointment,
        send_to=send_to,
    )
    try:
        pdf = render_pdf(prepared, invariant=invariant)
        if output is not None:
            write_private_file(output, pdf)
    except Exception as error:
        reason = _reason(error)
        logged = _log_failure(clinic, prepared, reason)
        where = (
            "The attempt is listed in the patient's documents."
            if logged
            else "The attempt could not be listed in the patient's documents either."
        )
        raise DocumentGenerationError(
            f"The {KIND_NAMES[kind]} could not be produced: {reason}. The patient's record "
            f"is unchanged. {where}"
        ) from error
    return store_document(
        clinic,
        patient_id=patient_id,
        episode_id=prepared.episode_id,
        kind=kind,
        document_date=prepared.document_date,
        title=prepared.title,
        recipient=prepared.recipient,
        pdf=pdf,
        rules_version=prepared.rules_version,
    )


def letters_due(clinic: Clinic, as_of: date, *, within_days: int = 7) -> list[LetterTarget]:
    """One entry per episode with something due by ``as_of`` + ``within_days``, soonest first.

    Overdue items and standing critical or warning alerts are included (see
    :func:`trochtrack.services.due.due_list`).
    """
    targets: dict[int, LetterTarget] = {}
    for entry in due_list(clinic, as_of, within_days=within_days):
        targets.setdefault(
            entry.episode_id,
            LetterTarget(
                patient_id=entry.patient_id,
                patient_ref=entry.patient_ref,
                patient_name=entry.patient_name,
                episode_id=entry.episode_id,
                due=entry.due,
                what=entry.label,
            ),
        )
    return list(targets.values())


def generate_batch(
    clinic: Clinic,
    targets: Sequence[LetterTarget],
    kind: DocumentKind,
    *,
    as_of: date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    invariant: bool = False,
) -> BatchResult:
    """Produce one document per target, for a background worker.

    A target that fails is noted with the reason and the batch goes on; a database
    error stops it. ``progress`` is called with (done, total) after each target;
    ``cancelled`` is asked before each one, and a true answer stops the batch there
    (what was produced is kept).
    """
    result = BatchResult()
    for done, target in enumerate(targets):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        try:
            result.documents.append(
                generate_document(
                    clinic,
                    target.patient_id,
                    kind,
                    as_of=as_of,
                    episode_id=target.episode_id,
                    invariant=invariant,
                )
            )
        except ServiceError as error:
            result.failures.append((target, str(error)))
        if progress is not None:
            progress(done + 1, len(targets))
    return result


# -- gathering -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Gatherer:
    """Builds the documents' data for one episode evaluated on one date."""

    patient: Patient
    episode: Episode
    evaluation: EpisodeEvaluation
    settings: ClinicSettings
    views: list[AlertView]
    decisions: list[EscalationDecision]
    send_to: RedFlagRecipient | None = None

    @property
    def as_of(self) -> date:
        return self.evaluation.as_of

    @property
    def visits(self) -> list[Visit]:
        return sorted((v for v in self.episode.visits if v.date <= self.as_of), key=_visit_day)

    def gp_letter(self, plan: str | None, next_appointment: date | None) -> LetterData:
        recipient = self._gp()
        chart_data = lesion_chart_data(self.episode, self.evaluation)
        return LetterData(
            setup=self._setup(f"Follow-up letter to {recipient.lines[0]}"),
            day=self.as_of,
            recipient=recipient,
            patient=self._identity(),
            episode=self._summary(),
            scores=self._scores(),
            lesions=self._lesions(),
            alerts=tuple(self._alert_item(view) for view in self.views),
            plan=plan or self._default_plan(),
            next_appointment=next_appointment,
            symptom_chart=symptom_chart_data(self.episode, self.evaluation),
            # Single findings are already in the table; a chart needs a course to show.
            lesion_chart=(
                chart_data if any(len(s.points) > 1 for s in chart_data.series) else None
            ),
        )

    def referral(self) -> ReferralData:
        by_code = {view.alert.code: view for view in self.views}
        red_flags = [view for view in self.views if view.alert.code in RED_FLAG_CODES]
        failed = by_code.get(AlertCode.CONSERVATIVE_CARE_FAILED)
        decision = next(
            (
                d
                for d in reversed(self.decisions)
                if d.kind in (DecisionKind.SECOND_LINE, DecisionKind.REFER)
            ),
            None,
        )
        if not red_flags and failed is None and decision is None:
            raise LetterError(
                f"There is no reason on record on {long_date(self.as_of)} for a referral "
                "letter: it needs a red flag, first-line care that has not worked by the "
                "decision point, or an escalation decision to refer or start second-line care."
            )
        if any(view.alert.severity is Severity.CRITICAL for view in red_flags):
            urgency = Urgency.SAME_DAY
        elif red_flags:
            urgency = Urgency.URGENT
        else:
            urgency = Urgency.ROUTINE
        chosen = decision.second_line if decision is not None else ()
        options = (
            tuple(TREATMENT_LABELS[kind] for kind in chosen)
            if chosen
            else (failed.alert.options if failed is not None else ())
        )
        recipient = self._referral_recipient(red_flags, decision)
        prefix = {
            Urgency.SAME_DAY: "Same-day referral",
            Urgency.URGENT: "Urgent referral",
            Urgency.ROUTINE: "Referral",
        }[urgency]
        response = self.evaluation.response
        return ReferralData(
            setup=self._setup(f"{prefix} letter to {recipient.lines[0]}"),
            day=self.as_of,
            recipient=recipient,
            patient=self._identity(),
            episode=self._summary(),
            urgency=urgency,
            red_flags=tuple(self._alert_item(view) for view in red_flags),
            care_failed=(None if failed is None else replace(self._alert_item(failed), options=())),
            response_summary=(
                None
                if response is None
                else f"at the visit of {response.visit_date.isoformat()}: "
                + ", ".join(change.describe() for change in response.measures)
                + "."
            ),
            weeks_of_care=max((self.as_of - self.episode.first_line_start).days // 7, 0),
            scores=self._scores(),
            options=options,
            options_chosen=bool(chosen),
            decision=None if decision is None else _decision_text(decision),
            lesions=self._lesions(),
            symptom_chart=symptom_chart_data(self.episode, self.evaluation),
            referred=decision is not None and decision.kind is DecisionKind.REFER,
            to_emergency_department=recipient is EMERGENCY_DEPARTMENT,
        )

    def _referral_recipient(
        self, red_flags: list[AlertView], decision: EscalationDecision | None
    ) -> Correspondent:
        """For red flags, the GP or the emergency department chosen now; else as decided.

        A red-flag referral never goes to a recipient named earlier for a routine
        referral (an injection clinic, say): it asks for medical assessment now.
        """
        if red_flags:
            send_to = self.send_to or suggested_recipient(red_flags)
            if send_to is RedFlagRecipient.EMERGENCY_DEPARTMENT:
                return EMERGENCY_DEPARTMENT
            return self._gp()
        if decision is not None and decision.referred_to:
            return Correspondent(lines=(decision.referred_to,), salutation="Dear colleague,")
        return self._gp()

    def handout(self, next_appointment: date | None) -> HandoutData:
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
            if day >= self.as_of
        ]
        calcium_seen = any(
            lesion.kind.is_calcification and lesion.latest.visualised
            for lesion in self.evaluation.lesions
        )
        return HandoutData(
            setup=self._setup("Patient handout: your hip"),
            day=self.as_of,
            patient_name=self.patient.display_name,
            side=SIDE_LABELS[self.episode.side],
            calcific=calcium_seen or self.episode.diagnosis is Diagnosis.CALCIFIC_TENDINOPATHY,
            exercises=tuple(exercises),
            next_appointment=next_appointment,
            review_date=min(upcoming, default=None),
            pain_chart=pain_only(symptom_chart_data(self.episode, self.evaluation)),
        )

    # -- shared pieces -----------------------------------------------------------------

    def _setup(self, title: str) -> PageSetup:
        settings = self.settings
        return PageSetup(
            paper=Paper(settings.paper_size.value),
            letterhead=Letterhead(
                clinic_name=settings.clinic_name,
                address=settings.clinic_address,
                phone=settings.clinic_phone,
                email=settings.clinic_email,
            ),
            signatory=Signatory(
                name=settings.clinician_name,
                profession=settings.clinician_profession,
                registration=settings.clinician_registration,
            ),
            title=title,
            author=settings.clinician_name or settings.clinic_name or "trochtrack",
        )

    def _gp(self) -> Correspondent:
        gp = self.patient.gp
        if gp is None or gp.is_empty:
            return Correspondent(
                lines=("The patient's general practitioner",), salutation="Dear Doctor,"
            )
        lines = [part for part in (gp.name, gp.practice) if part]
        lines += [line for line in (gp.address or "").splitlines() if line.strip()]
        return Correspondent(
            lines=tuple(lines), salutation=f"Dear {gp.name}," if gp.name else "Dear Doctor,"
        )

    def _identity(self) -> PatientIdentity:
        return PatientIdentity(
            name=self.patient.display_name,
            date_of_birth=self.patient.date_of_birth,
            ref=self.patient.ref,
            address=self.patient.address,
        )

    def _summary(self) -> EpisodeSummary:
        visits = self.visits
        treatments = sorted(
            (t for t in self.episode.treatments if t.start <= self.as_of),
            key=lambda t: (t.start, t.kind),
        )
        return EpisodeSummary(
            ref=self.episode.ref,
            side=SIDE_LABELS[self.episode.side],
            diagnosis=DIAGNOSIS_LABELS[self.episode.diagnosis],
            onset=self.episode.onset_date,
            first_line_start=self.episode.first_line_start,
            sessions=len(visits),
            first_visit=visits[0].date if visits else None,
            latest_visit=visits[-1].date if visits else None,
            status=STATUS_LABELS[self.evaluation.status],
            review_due=self.evaluation.review_due,
            escalation_due=self.evaluation.escalation_due,
            treatments=tuple(
                TreatmentLine(
                    label=TREATMENT_LABELS[t.kind],
                    start=t.start,
                    # An end after the document date was a plan then, not a fact.
                    end=t.end if t.end is not None and t.end <= self.as_of else None,
                    detail=t.detail,
                    second_line=t.kind.second_line,
                )
                for t in treatments
            ),
        )

    def _scores(self) -> tuple[ScoreRow, ...]:
        rows: list[ScoreRow] = []
        visits = self.visits
        for name, measure, scale, lower_is_better in SCORE_MEASURES:
            recorded = [
                DatedScore(day=v.date, value=value)
                for v in visits
                if (value := getattr(v, name)) is not None
            ]
            if not recorded:
                continue
            rows.append(
                ScoreRow(
                    measure=measure,
                    scale=scale,
                    baseline=None if name == "groc" else recorded[0],
                    latest=recorded[-1],
                    lower_is_better=lower_is_better,
                )
            )
        return tuple(rows)

    def _lesions(self) -> tuple[LesionRow, ...]:
        return lesion_rows(self.episode, self.evaluation)

    def _alert_item(self, view: AlertView) -> AlertItem:
        alert = view.alert
        response = None
        action = view.last_action
        if alert.severity is Severity.CRITICAL:
            # Whoever reads the letter must see what was done, or that nothing is known.
            response = critical_response(action)
        elif not view.active and action is not None:
            response = (
                f"{RESPONSE_WORDS[action.action]} by {action.clinician} on "
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

    def _default_plan(self) -> str:
        if self.decisions:
            return _decision_text(self.decisions[-1])
        return (
            "First-line care (advice on load and the home exercise programme) continues, "
            "and I will review progress at the next appointment."
        )


def _decision_text(decision: EscalationDecision) -> str:
    """The recorded escalation decision in a sentence or two."""
    head = f"On {long_date(decision.decided_on)} {decision.clinician} recorded the decision"
    if decision.kind is DecisionKind.CONTINUE_FIRST_LINE:
        text = f"{head} to continue first-line care"
    elif decision.kind is DecisionKind.SECOND_LINE:
        chosen = ", ".join(TREATMENT_LABELS[kind].lower() for kind in decision.second_line)
        text = f"{head} to start second-line care: {chosen}"
    else:
        text = f"{head} to refer to {decision.referred_to}"
    text += "."
    if decision.reason:
        text += f" Reason: {decision.reason}"
        text += "" if decision.reason.endswith(".") else "."
    if decision.next_review is not None:
        text += f" Next review: {long_date(decision.next_review)}."
    return text


def _choose_episode(episodes: Sequence[Episode], episode_id: int | None, as_of: date) -> Episode:
    if episode_id is not None:
        for episode in episodes:
            if episode.id == episode_id:
                return episode
        raise LetterError(f"Episode {episode_id} is not one of this patient's episodes.")
    if not episodes:
        raise LetterError("This patient has no episode to write about yet.")
    ordered = sorted(episodes, key=lambda e: (e.first_line_start, stored_id(e.id)))
    open_then = [e for e in ordered if e.closed_date is None or e.closed_date > as_of]
    return (open_then or ordered)[-1]


def _visit_day(visit: Visit) -> date:
    return visit.date


def _scan_day(scan: Scan) -> date:
    return scan.date


def _reason(error: Exception) -> str:
    """Why a document failed, in words for the user and the log."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _log_failure(clinic: Clinic, prepared: PreparedDocument, reason: str) -> bool:
    """Log a failed attempt; ``False`` when even that could not be stored."""
    try:
        store_document(
            clinic,
            patient_id=prepared.patient_id,
            episode_id=prepared.episode_id,
            kind=prepared.kind,
            document_date=prepared.document_date,
            title=prepared.title,
            recipient=prepared.recipient,
            pdf=None,
            rules_version=prepared.rules_version,
            error=reason,
        )
    except StoreError as error:
        log.error("a failed document could not be logged: %s", type(error).__name__)
        return False
    return True
