"""Composing a letter: the app drafts it, the clinician edits it, and issuing locks it.

:func:`start_draft` keeps the app's draft of the opening, the request, the plan and the
closing in the database (so it survives a restart); :func:`save_draft` keeps the
clinician's edits and choices of optional sections; :func:`preview_draft` renders it
without storing anything; :func:`issue_draft` renders the final PDF, stores it in the
documents log with its hash and locks the draft. Issuing reads the draft and the record
in one unit of work and stores the document and the lock in another; the PDF is
rendered between the two, outside any transaction. An issued letter is never changed: a
correction (:func:`start_correction`) is a new draft, and then a new document, linked
to the one it corrects; both stay in the log, and every step is in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Final

from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.domain.errors import ValidationError
from trochtrack.reports.data import DetailSections, HandoutData, LetterText
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.letters import (
    DocumentRequest,
    LetterError,
    PreparedDocument,
    RedFlagRecipient,
    prepare_document,
    prepared_from,
    produce_pdf,
    read_document_sources,
    render_pdf,
)
from trochtrack.store.letter_drafts import DraftRecord, LetterDraftsRepository
from trochtrack.wording.dates import long_date

TEXT_FIELDS: Final = ("request", "opening", "plan", "closing")
SECTION_FIELDS: Final = ("charts", "scans", "decision_support")
MAX_FIELD_LENGTH: Final = 4000


class LetterLockedError(ServiceError):
    """The letter was issued; only a correction (a new version) can change what it says."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterDraft:
    """A letter being composed, as the clinician last left it."""

    id: int
    patient_id: int
    episode_id: int
    kind: DocumentKind
    document_date: date
    text: LetterText
    sections: DetailSections = field(default_factory=DetailSections)
    next_appointment: date | None = None
    send_to: RedFlagRecipient | None = None
    patient_preference: str | None = None
    issued_document_id: int | None = None
    corrects_document_id: int | None = None

    @property
    def request(self) -> DocumentRequest:
        """The document request that renders this draft as written."""
        return DocumentRequest(
            patient_id=self.patient_id,
            kind=self.kind,
            as_of=self.document_date,
            episode_id=self.episode_id,
            next_appointment=self.next_appointment,
            send_to=self.send_to,
            text=self.text,
            sections=self.sections,
            patient_preference=self.patient_preference,
        )


def start_draft(clinic: Clinic, request: DocumentRequest) -> LetterDraft:
    """Draft the letter from the record and keep the draft.

    Raises:
        LetterError: see :func:`trochtrack.services.letters.prepare_document`; a handout
            has no letter text to compose.
    """
    prepared = prepare_document(clinic, request)
    content = prepared.content
    if isinstance(content, HandoutData):
        raise LetterError("A handout is produced as it is; only letters are composed.")
    draft = LetterDraft(
        id=0,
        patient_id=request.patient_id,
        episode_id=prepared.episode_id,
        kind=request.kind,
        document_date=request.as_of,
        text=content.text,
        sections=request.sections,
        next_appointment=request.next_appointment,
        send_to=request.send_to,
        patient_preference=request.patient_preference,
    )
    return _add(clinic, draft, corrects_document_id=None)


def save_draft(clinic: Clinic, draft: LetterDraft) -> LetterDraft:
    """Keep the clinician's edits of an open draft.

    Raises:
        ValidationError: a text is empty or too long (the field is named).
        LetterLockedError: the draft was issued.
    """
    _check(draft.text)
    with clinic.unit_of_work() as uow:
        drafts = LetterDraftsRepository(uow.session)
        stored = drafts.get(draft.id)
        if stored.issued_document_id is not None:
            raise LetterLockedError(_locked_message(stored))
        record = drafts.update(draft.id, _to_json(draft), clinic.now())
        uow.commit()
    return _from_record(record)


def load_draft(clinic: Clinic, draft_id: int) -> LetterDraft:
    """A stored draft, open or issued."""
    with clinic.unit_of_work() as uow:
        return _from_record(LetterDraftsRepository(uow.session).get(draft_id))


def open_drafts(clinic: Clinic, patient_id: int) -> list[LetterDraft]:
    """The patient's drafts not issued yet, most recently edited first."""
    with clinic.unit_of_work() as uow:
        records = LetterDraftsRepository(uow.session).open_for_patient(patient_id)
    return [_from_record(record) for record in records]


def preview_draft(clinic: Clinic, draft: LetterDraft) -> bytes:
    """The PDF the draft would issue as, with nothing stored."""
    return render_pdf(prepare_document(clinic, draft.request))


def issue_draft(
    clinic: Clinic, draft_id: int, *, output: Path | None = None, invariant: bool = False
) -> DocumentInfo:
    """Render the draft's final PDF, keep it in the documents log and lock the draft.

    A correction's title says which document it corrects. The document and the lock
    are one transaction: either both are stored or neither is.

    Raises:
        LetterLockedError: the draft was issued already.
        DocumentGenerationError: rendering or writing failed (the attempt is logged).
    """
    with clinic.unit_of_work() as uow:
        draft = _from_record(LetterDraftsRepository(uow.session).get(draft_id))
        if draft.issued_document_id is not None:
            raise LetterLockedError(
                f"Draft {draft_id} was already issued as document {draft.issued_document_id}."
            )
        sources = read_document_sources(uow, draft.request)
        corrects = draft.corrects_document_id
        corrected = None if corrects is None else uow.documents.info(corrects)
    prepared = prepared_from(draft.request, sources)
    if corrected is not None:
        prepared = _as_correction(prepared, corrected)
    pdf = produce_pdf(clinic, prepared, invariant=invariant, output=output)
    with clinic.unit_of_work() as uow:
        info = uow.documents.add(
            patient_id=prepared.patient_id,
            episode_id=prepared.episode_id,
            kind=prepared.kind,
            document_date=prepared.document_date,
            created_at=clinic.now(),
            title=prepared.title,
            recipient=prepared.recipient,
            pdf=pdf,
            rules_version=prepared.rules_version,
            clinician=clinic.actor,
            error=None,
        )
        LetterDraftsRepository(uow.session).mark_issued(draft_id, info.id, clinic.now())
        uow.commit()
    return info


def _as_correction(prepared: PreparedDocument, corrected: DocumentInfo) -> PreparedDocument:
    """``prepared`` titled, and worded on page one, as the correction of ``corrected``."""
    replaces = f"our letter of {long_date(corrected.document_date)} (our document {corrected.id})"
    content = prepared.content
    return replace(
        prepared,
        title=f"{prepared.title} (corrects document {corrected.id})",
        content=replace(content, setup=replace(content.setup, replaces=replaces)),
    )


def start_correction(clinic: Clinic, document_id: int) -> LetterDraft:
    """A new draft holding what an issued letter said, to correct and issue as a new version.

    Raises:
        LetterError: the document was not composed here, so there is nothing to correct
            from (produce a new letter instead).
    """
    with clinic.unit_of_work() as uow:
        issued = LetterDraftsRepository(uow.session).issued_as(document_id)
    if issued is None:
        raise LetterError(
            f"Document {document_id} was not composed and issued here, so it has no "
            "draft to correct; produce a new letter instead."
        )
    return _add(
        clinic,
        replace(_from_record(issued), issued_document_id=None),
        corrects_document_id=document_id,
    )


def _add(clinic: Clinic, draft: LetterDraft, *, corrects_document_id: int | None) -> LetterDraft:
    with clinic.unit_of_work() as uow:
        record = LetterDraftsRepository(uow.session).add(
            patient_id=draft.patient_id,
            episode_id=draft.episode_id,
            kind=draft.kind,
            document_date=draft.document_date,
            content=_to_json(draft),
            now=clinic.now(),
            clinician=clinic.actor,
            corrects_document_id=corrects_document_id,
        )
        uow.commit()
    return _from_record(record)


def _check(text: LetterText) -> None:
    for name in TEXT_FIELDS:
        value: str = getattr(text, name)
        if not value.strip():
            raise ValidationError(name, "is empty; the letter needs it")
        if len(value) > MAX_FIELD_LENGTH:
            raise ValidationError(
                name, f"is {len(value)} characters long; the limit is {MAX_FIELD_LENGTH}"
            )


def _locked_message(record: DraftRecord) -> str:
    return (
        f"Draft {record.id} was issued as document {record.issued_document_id}; an issued "
        "letter cannot be changed. Start a correction instead."
    )


def _to_json(draft: LetterDraft) -> str:
    content: dict[str, Any] = {name: getattr(draft.text, name) for name in TEXT_FIELDS}
    content["sections"] = {name: getattr(draft.sections, name) for name in SECTION_FIELDS}
    content["next_appointment"] = (
        None if draft.next_appointment is None else draft.next_appointment.isoformat()
    )
    content["send_to"] = None if draft.send_to is None else draft.send_to.value
    content["patient_preference"] = draft.patient_preference
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


def _from_record(record: DraftRecord) -> LetterDraft:
    content = json.loads(record.content)
    appointment = content.get("next_appointment")
    send_to = content.get("send_to")
    return LetterDraft(
        id=record.id,
        patient_id=record.patient_id,
        episode_id=record.episode_id,
        kind=record.kind,
        document_date=record.document_date,
        text=LetterText(**{name: str(content[name]) for name in TEXT_FIELDS}),
        sections=DetailSections(
            **{name: bool(content["sections"][name]) for name in SECTION_FIELDS}
        ),
        next_appointment=None if appointment is None else date.fromisoformat(appointment),
        send_to=None if send_to is None else RedFlagRecipient(send_to),
        patient_preference=content.get("patient_preference"),
        issued_document_id=record.issued_document_id,
        corrects_document_id=record.corrects_document_id,
    )
