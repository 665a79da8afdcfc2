"""Letters and handouts: the use cases the GUI and the CLI call.

:func:`generate_document` evaluates the patient on the document date, builds what the
document prints (:mod:`trochtrack.services.letter_content`), renders the PDF and stores
it with its SHA-256 and the rules version. Every use case takes one
:class:`DocumentRequest`. Producing a document only reads the clinical record: if
rendering or writing the file fails, the attempt is logged as failed with the reason,
and the caller gets a :class:`DocumentGenerationError` that says so.

The referral never makes its own recommendation: it lists the second-line options the
clinician chose in the recorded escalation decision, or else every option the rules
list, none preferred.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trochtrack.domain.actions import AlertAction, EscalationDecision
from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.domain.model import Episode, Patient
from trochtrack.domain.rules import RulesConfig, evaluate_episode
from trochtrack.paths import write_private_file
from trochtrack.reports.data import HandoutData, LetterData, ReferralData
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import store_document
from trochtrack.services.due import due_list
from trochtrack.services.errors import ServiceError, UnknownPatientError
from trochtrack.services.letter_content import (
    RED_FLAG_CODES,
    ContentBuilder,
    DocumentRequest,
    LetterError,
    RedFlagRecipient,
    suggested_recipient,
)
from trochtrack.services.letterhead import read_logo
from trochtrack.services.records import read_patient_record, stored_id
from trochtrack.services.settings import ClinicSettings, read_settings, settings_rules
from trochtrack.services.workflow import alert_views
from trochtrack.store.errors import StoreError
from trochtrack.store.uow import SqlAlchemyUnitOfWork
from trochtrack.wording.labels import DOCUMENT_KIND_NAMES

__all__ = [
    "RED_FLAG_CODES",
    "BatchResult",
    "DocumentGenerationError",
    "DocumentRequest",
    "DocumentSources",
    "LetterError",
    "LetterTarget",
    "PreparedDocument",
    "RedFlagRecipient",
    "generate_batch",
    "generate_document",
    "letters_due",
    "patient_id_for_ref",
    "prepare_document",
    "prepared_from",
    "produce_pdf",
    "read_document_sources",
    "render_document",
    "render_pdf",
    "suggested_recipient",
]

log = logging.getLogger(__name__)


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


def prepare_document(clinic: Clinic, request: DocumentRequest) -> PreparedDocument:
    """Everything the document prints, from the record as it stood on ``request.as_of``.

    The episode is ``request.episode_id``, or else the patient's latest episode still
    open on that date (the latest of all when every one is closed). The record, the
    settings, the alert actions, the decisions and the logo are read in one unit of
    work, so they come from one moment (one snapshot on PostgreSQL).

    Raises:
        LetterError: the patient has no episode, the episode is not theirs, or a
            referral has no reason on record.
    """
    with clinic.unit_of_work() as uow:
        sources = read_document_sources(uow, request)
    return prepared_from(request, sources)


@dataclass(frozen=True, slots=True)
class DocumentSources:
    """What a document is built from, read in one unit of work."""

    settings: ClinicSettings
    rules: RulesConfig
    patient: Patient
    episode: Episode
    actions: list[AlertAction]
    """The alert actions recorded on the episode, oldest first."""
    decisions: list[EscalationDecision]
    """The episode's escalation decisions, oldest first."""
    logo_png: bytes | None


def read_document_sources(uow: SqlAlchemyUnitOfWork, request: DocumentRequest) -> DocumentSources:
    """Read what ``request``'s document is built from, in a unit of work the caller holds.

    Raises:
        UnknownPatientError: no patient has ``request.patient_id``.
        LetterError: see :func:`prepare_document`.
    """
    settings = read_settings(uow)
    rules = settings_rules(settings)
    record = read_patient_record(uow, request.patient_id)
    episode = _choose_episode(record.episodes, request.episode_id, request.as_of)
    episode_id = stored_id(episode.id)
    return DocumentSources(
        settings=settings,
        rules=rules,
        patient=record.patient,
        episode=episode,
        actions=uow.workflow.alert_actions([episode_id]),
        decisions=uow.workflow.decisions([episode_id]).get(episode_id, []),
        logo_png=read_logo(uow),
    )


def prepared_from(request: DocumentRequest, sources: DocumentSources) -> PreparedDocument:
    """The document ``request`` asks for, built from what was read (no database).

    Raises:
        LetterError: a referral has no reason on record.
    """
    as_of = request.as_of
    episode = sources.episode
    episode_id = stored_id(episode.id)
    evaluation = evaluate_episode(sources.patient, episode, as_of, sources.rules)
    builder = ContentBuilder(
        request=request,
        patient=sources.patient,
        episode=episode,
        evaluation=evaluation,
        settings=sources.settings,
        views=alert_views(episode_id, evaluation, sources.actions),
        decisions=[d for d in sources.decisions if d.decided_on <= as_of],
        pain_change_points=sources.rules.response.pain_drop_points,
        logo_png=sources.logo_png,
    )
    content = builder.build()
    recipient = (
        sources.patient.display_name
        if isinstance(content, HandoutData)
        else "\n".join(content.recipient.lines)
    )
    return PreparedDocument(
        kind=request.kind,
        patient_id=request.patient_id,
        episode_id=episode_id,
        document_date=as_of,
        title=content.setup.title,
        recipient=recipient,
        rules_version=sources.rules.version,
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


def render_document(clinic: Clinic, request: DocumentRequest, *, invariant: bool = False) -> bytes:
    """The document's PDF without keeping it in the log (a preview before producing it).

    Raises:
        LetterError: see :func:`prepare_document`.
    """
    return render_pdf(prepare_document(clinic, request), invariant=invariant)


def generate_document(
    clinic: Clinic,
    request: DocumentRequest,
    *,
    invariant: bool = False,
    output: Path | None = None,
) -> DocumentInfo:
    """Produce the document, write it to ``output`` if given, and keep it in the log.

    ``output`` is written atomically and readable by its owner only: either the whole
    PDF is there or nothing is. The clinical record is only read, in one unit of work
    (:func:`prepare_document`); the log entry is written in a second one once the PDF
    is rendered, so no transaction is held open while it renders.

    Raises:
        LetterError: see :func:`prepare_document` (nothing is logged).
        DocumentGenerationError: rendering or writing failed; a failed entry with the
            reason is in the documents log.
    """
    prepared = prepare_document(clinic, request)
    pdf = produce_pdf(clinic, prepared, invariant=invariant, output=output)
    return _store(clinic, prepared, pdf=pdf)


def produce_pdf(
    clinic: Clinic, prepared: PreparedDocument, *, invariant: bool, output: Path | None
) -> bytes:
    """Render ``prepared`` (and write it to ``output``); a failure is logged, then raised.

    Raises:
        DocumentGenerationError: rendering or writing failed.
    """
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
            f"The {DOCUMENT_KIND_NAMES[prepared.kind]} could not be produced: {reason}. "
            f"The patient's record is unchanged. {where}"
        ) from error
    return pdf


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
        request = DocumentRequest(
            patient_id=target.patient_id, kind=kind, as_of=as_of, episode_id=target.episode_id
        )
        try:
            result.documents.append(generate_document(clinic, request, invariant=invariant))
        except ServiceError as error:
            result.failures.append((target, str(error)))
        if progress is not None:
            progress(done + 1, len(targets))
    return result


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


def _reason(error: Exception) -> str:
    """Why a document failed, in words for the user and the log."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _log_failure(clinic: Clinic, prepared: PreparedDocument, reason: str) -> bool:
    """Log a failed attempt; ``False`` when even that could not be stored."""
    try:
        _store(clinic, prepared, pdf=None, error=reason)
    except StoreError as error:
        log.error("a failed document could not be logged: %s", type(error).__name__)
        return False
    return True


def _store(
    clinic: Clinic, prepared: PreparedDocument, *, pdf: bytes | None, error: str | None = None
) -> DocumentInfo:
    return store_document(
        clinic,
        patient_id=prepared.patient_id,
        episode_id=prepared.episode_id,
        kind=prepared.kind,
        document_date=prepared.document_date,
        title=prepared.title,
        recipient=prepared.recipient,
        pdf=pdf,
        rules_version=prepared.rules_version,
        error=error,
    )
