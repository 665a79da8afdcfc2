"""Repositories: the clinical record in and out of the database, as domain objects."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from trochtrack.domain.actions import (
    AlertAction,
    AlertActionKind,
    CriticalAction,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.domain.model import Case, Episode, Patient, Scan, Treatment, Visit
from trochtrack.domain.vocabulary import AlertCode, TreatmentKind
from trochtrack.store.bulk import BATCH, load_episodes
from trochtrack.store.errors import NotFoundError
from trochtrack.store.mapping import (
    apply_episode_header,
    apply_patient,
    apply_scan,
    apply_treatment,
    apply_visit,
    as_stored,
    episode_from_row,
    patient_from_row,
    scan_from_row,
    treatment_from_row,
    visit_from_row,
)
from trochtrack.store.models import (
    AlertActionRow,
    ClinicianRow,
    DecisionRow,
    DocumentRow,
    EpisodeEvaluationRow,
    EpisodeRow,
    LesionRow,
    MeasurementRow,
    PatientRow,
    ScanRow,
    SettingRow,
    TreatmentRow,
    VisitRow,
)

_ChildRow = TypeVar("_ChildRow", VisitRow, TreatmentRow, ScanRow)


@dataclass(frozen=True, slots=True)
class CaseSaveResult:
    """What saving a case file did to the database."""

    patient_id: int
    created: bool
    episodes_added: int
    episodes_replaced: int
    episodes_kept: int


_FULL_EPISODE = (
    selectinload(EpisodeRow.visits).selectinload(VisitRow.red_flags),
    selectinload(EpisodeRow.treatments),
    selectinload(EpisodeRow.scans)
    .selectinload(ScanRow.measurements)
    .selectinload(MeasurementRow.lesion),
    selectinload(EpisodeRow.lesions),
)


class RecordsRepository:
    """Patients and everything recorded in their episodes."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- patients ----------------------------------------------------------------------

    def patient_id_for_ref(self, ref: str) -> int | None:
        return self._session.scalar(sa.select(PatientRow.id).where(PatientRow.ref == ref))

    def patient(self, patient_id: int) -> Patient:
        return patient_from_row(self._patient_row(patient_id))

    def patients(self, *, include_archived: bool = False) -> list[tuple[Patient, date | None]]:
        """Every patient with the date they were archived (``None`` while active)."""
        query = sa.select(PatientRow).order_by(PatientRow.family_name, PatientRow.given_name)
        if not include_archived:
            query = query.where(PatientRow.archived_on.is_(None))
        return [(patient_from_row(row), row.archived_on) for row in self._session.scalars(query)]

    def add_patient(self, patient: Patient, *, now: datetime) -> int:
        row = PatientRow(created_at=now, updated_at=now)
        apply_patient(patient, row)
        self._session.add(row)
        self._session.flush()
        return row.id

    def update_patient(self, patient_id: int, patient: Patient, *, now: datetime) -> None:
        row = self._patient_row(patient_id)
        if row.date_of_birth != patient.date_of_birth:
            # Age feeds the NSAID rule: every episode's evaluation may change.
            for episode in row.episodes:
                episode.data_version += 1
        apply_patient(patient, row)
        row.updated_at = now

    def set_archived(self, patient_id: int, archived_on: date | None, *, now: datetime) -> None:
        row = self._patient_row(patient_id)
        row.archived_on = archived_on
        row.updated_at = now

    def archived_on(self, patient_id: int) -> date | None:
        return self._patient_row(patient_id).archived_on

    def case(self, patient_id: int) -> Case:
        row = self._session.scalar(
            sa.select(PatientRow)
            .where(PatientRow.id == patient_id)
            .options(selectinload(PatientRow.episodes).options(*_FULL_EPISODE))
        )
        if row is None:
            raise NotFoundError(f"patient {patient_id} does not exist")
        return Case(
            patient=patient_from_row(row),
            episodes=tuple(episode_from_row(e) for e in row.episodes),
        )

    def save_case(self, case: Case, *, now: datetime) -> CaseSaveResult:
        """Add the patient, or update the one with the same ref.

        Episodes in the file replace the stored episode with the same ref (the file is
        that episode's record); stored episodes the file does not mention are kept.
        """
        row = self._session.scalar(
            sa.select(PatientRow)
            .where(PatientRow.ref == case.patient.ref)
            .options(selectinload(PatientRow.episodes).options(*_FULL_EPISODE))
        )
        created = row is None
        if row is None:
            row = PatientRow(created_at=now, updated_at=now)
            self._session.add(row)
        apply_patient(case.patient, row)
        row.updated_at = now
        by_ref = {episode.ref: episode for episode in row.episodes}
        added = replaced = 0
        for episode in case.episodes:
            old = by_ref.pop(episode.ref, None)
            if old is None:
                added += 1
                row.episodes.append(self._new_episode_row(episode))
                continue
            # The episode keeps its id (its decisions, alert actions and letters refer
            # to it); what the file records in it replaces what was stored.
            replaced += 1
            old.visits.clear()
            old.treatments.clear()
            old.scans.clear()
            old.lesions.clear()
            self._session.flush()
            self._fill_episode_row(episode, old)
            old.data_version += 1
        for kept in by_ref.values():
            kept.data_version += 1
        self._session.flush()
        return CaseSaveResult(row.id, created, added, replaced, len(by_ref))

    # -- episodes ----------------------------------------------------------------------

    def episodes_of(self, patient_id: int) -> list[Episode]:
        rows = self._session.scalars(
            sa.select(EpisodeRow)
            .where(EpisodeRow.patient_id == patient_id)
            .order_by(EpisodeRow.id)
            .options(*_FULL_EPISODE)
        )
        return [episode_from_row(row) for row in rows]

    def episode(self, episode_id: int) -> Episode:
        return episode_from_row(self._episode_row(episode_id, full=True))

    def episode_owner(self, episode_id: int) -> int:
        return self._episode_row(episode_id).patient_id

    def add_episode(self, patient_id: int, episode: Episode) -> int:
        patient = self._patient_row(patient_id)
        row = self._new_episode_row(episode)
        patient.episodes.append(row)
        self._session.flush()
        return row.id

    def update_episode(self, episode_id: int, episode: Episode) -> None:
        """Change the episode's own fields; its visits, treatments and scans stay."""
        row = self._episode_row(episode_id)
        apply_episode_header(episode, row)
        row.data_version += 1

    def episodes_with_patients(
        self, episode_ids: Sequence[int]
    ) -> dict[int, tuple[Patient, Episode]]:
        """Load many episodes with their patients: id -> (patient, episode)."""
        return load_episodes(self._session.connection(), episode_ids)

    # -- visits, treatments, scans -----------------------------------------------------

    def add_visit(self, episode_id: int, visit: Visit) -> int:
        episode = self._episode_row(episode_id)
        row = VisitRow()
        apply_visit(visit, row)
        episode.visits.append(row)
        episode.data_version += 1
        self._session.flush()
        return row.id

    def update_visit(self, visit_id: int, visit: Visit) -> None:
        row = self._child(VisitRow, visit_id)
        apply_visit(visit, row)
        row.episode.data_version += 1

    def delete_visit(self, visit_id: int) -> Visit:
        row = self._child(VisitRow, visit_id)
        visit = visit_from_row(row)
        row.episode.data_version += 1
        self._session.delete(row)
        return visit

    def visit(self, visit_id: int) -> tuple[int, Visit]:
        row = self._child(VisitRow, visit_id)
        return row.episode_id, visit_from_row(row)

    def add_treatment(self, episode_id: int, treatment: Treatment) -> int:
        episode = self._episode_row(episode_id)
        row = TreatmentRow()
        apply_treatment(treatment, row)
        episode.treatments.append(row)
        episode.data_version += 1
        self._session.flush()
        return row.id

    def update_treatment(self, treatment_id: int, treatment: Treatment) -> None:
        row = self._child(TreatmentRow, treatment_id)
        apply_treatment(treatment, row)
        row.episode.data_version += 1

    def delete_treatment(self, treatment_id: int) -> Treatment:
        row = self._child(TreatmentRow, treatment_id)
        treatment = treatment_from_row(row)
        row.episode.data_version += 1
        self._session.delete(row)
        return treatment

    def treatment(self, treatment_id: int) -> tuple[int, Treatment]:
        row = self._child(TreatmentRow, treatment_id)
        return row.episode_id, treatment_from_row(row)

    def add_scan(self, episode_id: int, scan: Scan) -> int:
        episode = self._episode_row(episode_id, full=True)
        lesions = {lesion.lesion_key: lesion for lesion in episode.lesions}
        row = ScanRow()
        apply_scan(scan, row, lesions)
        self._attach_new_lesions(episode, lesions)
        episode.scans.append(row)
        episode.data_version += 1
        self._session.flush()
        return row.id

    def update_scan(self, scan_id: int, scan: Scan) -> None:
        row = self._child(ScanRow, scan_id)
        episode = row.episode
        lesions = {lesion.lesion_key: lesion for lesion in episode.lesions}
        apply_scan(scan, row, lesions)
        self._attach_new_lesions(episode, lesions)
        episode.data_version += 1

    def delete_scan(self, scan_id: int) -> Scan:
        row = self._child(ScanRow, scan_id)
        scan = scan_from_row(row)
        row.episode.data_version += 1
        self._session.delete(row)
        return scan

    def scan(self, scan_id: int) -> tuple[int, Scan]:
        row = self._child(ScanRow, scan_id)
        return row.episode_id, scan_from_row(row)

    # -- helpers -----------------------------------------------------------------------

    def _new_episode_row(self, episode: Episode) -> EpisodeRow:
        row = EpisodeRow()
        self._fill_episode_row(episode, row)
        return row

    @staticmethod
    def _fill_episode_row(episode: Episode, row: EpisodeRow) -> None:
        """Copy the episode and everything recorded in it into an empty episode row."""
        apply_episode_header(episode, row)
        for visit in episode.visits:
            visit_row = VisitRow()
            apply_visit(visit, visit_row)
            row.visits.append(visit_row)
        for treatment in episode.treatments:
            treatment_row = TreatmentRow()
            apply_treatment(treatment, treatment_row)
            row.treatments.append(treatment_row)
        lesions: dict[str, LesionRow] = {}
        for scan in episode.scans:
            scan_row = ScanRow()
            apply_scan(scan, scan_row, lesions)
            row.scans.append(scan_row)
        row.lesions = list(lesions.values())

    @staticmethod
    def _attach_new_lesions(episode: EpisodeRow, lesions: dict[str, LesionRow]) -> None:
        known = set(map(id, episode.lesions))
        episode.lesions.extend(lesion for lesion in lesions.values() if id(lesion) not in known)

    def _patient_row(self, patient_id: int) -> PatientRow:
        row = self._session.get(PatientRow, patient_id)
        if row is None:
            raise NotFoundError(f"patient {patient_id} does not exist")
        return row

    def _episode_row(self, episode_id: int, *, full: bool = False) -> EpisodeRow:
        row = self._session.get(EpisodeRow, episode_id, options=_FULL_EPISODE if full else ())
        if row is None:
            raise NotFoundError(f"episode {episode_id} does not exist")
        return row

    def _child(self, kind: type[_ChildRow], row_id: int) -> _ChildRow:
        row = self._session.get(kind, row_id)
        if row is None:
            raise NotFoundError(f"{kind.__tablename__} {row_id} does not exist")
        return row


class SettingsRepository:
    """Clinic-wide settings as JSON values under text keys."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> Any:
        row = self._session.get(SettingRow, key)
        return None if row is None else json.loads(row.value)

    def put(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        row = self._session.get(SettingRow, key)
        if row is None:
            self._session.add(SettingRow(key=key, value=text))
        else:
            row.value = text


@dataclass(frozen=True, slots=True)
class ClinicianRecord:
    """A clinician who has signed the clinic's records and letters."""

    name: str
    profession: str | None
    registration: str | None
    active: bool


class CliniciansRepository:
    """Everyone who has been the signing clinician, kept for the records they signed."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def register(self, name: str, profession: str | None, registration: str | None) -> None:
        """Add the clinician, or update their profession and registration."""
        row = self._session.scalar(sa.select(ClinicianRow).where(ClinicianRow.name == name))
        if row is None:
            self._session.add(
                ClinicianRow(name=name, profession=profession, registration=registration)
            )
        elif (row.profession, row.registration, row.active) != (profession, registration, True):
            row.profession = profession
            row.registration = registration
            row.active = True

    def all(self) -> list[ClinicianRecord]:
        rows = self._session.scalars(sa.select(ClinicianRow).order_by(ClinicianRow.name))
        return [
            ClinicianRecord(row.name, row.profession, row.registration, row.active) for row in rows
        ]


class WorkflowRepository:
    """What clinicians did with alerts, and the escalation decisions."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add_alert_action(self, action: AlertAction) -> None:
        self._session.add(
            AlertActionRow(
                episode_id=action.episode_id,
                alert_key=action.alert_key,
                alert_code=action.alert_code.value,
                action=action.action.value,
                reason=action.reason,
                snooze_until=action.snooze_until,
                clinician=action.clinician,
                recorded_at=action.recorded_at,
                taken=None if action.taken is None else action.taken.value,
                taken_at=action.taken_at,
            )
        )
        self._session.flush()

    @as_stored
    def alert_actions(self, episode_ids: Sequence[int] | None = None) -> list[AlertAction]:
        """Every recorded alert action (of some episodes), oldest first."""
        query = sa.select(AlertActionRow).order_by(AlertActionRow.id)
        if episode_ids is not None:
            query = query.where(AlertActionRow.episode_id.in_(episode_ids))
        return [
            AlertAction(
                episode_id=row.episode_id,
                alert_key=row.alert_key,
                alert_code=AlertCode(row.alert_code),
                action=AlertActionKind(row.action),
                clinician=row.clinician,
                recorded_at=row.recorded_at,
                reason=row.reason,
                snooze_until=row.snooze_until,
                taken=None if row.taken is None else CriticalAction(row.taken),
                taken_at=row.taken_at,
                id=row.id,
            )
            for row in self._session.scalars(query)
        ]

    def add_decision(self, episode_id: int, decision: EscalationDecision, *, now: datetime) -> int:
        row = DecisionRow(
            episode_id=episode_id,
            decided_on=decision.decided_on,
            kind=decision.kind.value,
            reason=decision.reason,
            options=json.dumps(
                {
                    "second_line": [kind.value for kind in decision.second_line],
                    "referred_to": decision.referred_to,
                }
            ),
            next_review=decision.next_review,
            clinician=decision.clinician,
            recorded_at=now,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    @as_stored
    def decisions(
        self, episode_ids: Sequence[int] | None = None
    ) -> dict[int, list[EscalationDecision]]:
        """Decisions by episode, in the order they were taken."""
        query = sa.select(DecisionRow).order_by(DecisionRow.decided_on, DecisionRow.id)
        if episode_ids is not None:
            query = query.where(DecisionRow.episode_id.in_(episode_ids))
        found: dict[int, list[EscalationDecision]] = {}
        for row in self._session.scalars(query):
            options = json.loads(row.options)
            found.setdefault(row.episode_id, []).append(
                EscalationDecision(
                    id=row.id,
                    decided_on=row.decided_on,
                    kind=DecisionKind(row.kind),
                    clinician=row.clinician,
                    reason=row.reason,
                    second_line=tuple(TreatmentKind(k) for k in options.get("second_line", [])),
                    referred_to=options.get("referred_to"),
                    next_review=row.next_review,
                )
            )
        return found


class DueListRow(NamedTuple):
    """One episode under way, with its cached evaluation if any.

    Dates are ISO text: the due list compares them as text and turns into dates only
    the few it shows, which keeps it fast for a large clinic.
    """

    episode_id: int
    patient_id: int
    patient_ref: str
    given_name: str
    family_name: str
    date_of_birth: str
    episode_ref: str
    side: str
    data_version: int
    cached_as_of: str | None
    valid_until: str | None
    cached_data_version: int | None
    cache_version: str | None
    status: str | None
    next_due: str | None
    next_kind: str | None
    next_label: str | None
    next_alert: str | None
    then_due: str | None
    then_kind: str | None
    then_label: str | None
    alerts: str | None


@dataclass(frozen=True, slots=True)
class CachedEvaluation:
    """What the due list keeps of an episode's evaluation."""

    as_of: date
    valid_until: date | None
    data_version: int
    cache_version: str
    status: str
    next_due: date | None
    next_kind: str | None
    next_label: str | None
    next_alert: str | None
    then_due: date | None
    then_kind: str | None
    then_label: str | None
    alerts: str | None


# The due list's one query. Plain SQL on purpose: it runs on every refresh of the home
# screen over every episode, and reading ISO text skips per-row type conversion.
DUE_LIST_QUERY = sa.text(
    """
    SELECT e.id AS episode_id, p.id AS patient_id, p.ref AS patient_ref,
           p.given_name, p.family_name, CAST(p.date_of_birth AS TEXT) AS date_of_birth,
           e.ref AS episode_ref, e.side, e.data_version,
           CAST(c.as_of AS TEXT) AS cached_as_of,
           CAST(c.valid_until AS TEXT) AS valid_until,
           c.data_version AS cached_data_version, c.cache_version, c.status,
           CAST(c.next_due AS TEXT) AS next_due, c.next_kind, c.next_label, c.next_alert,
           CAST(c.then_due AS TEXT) AS then_due, c.then_kind, c.then_label, c.alerts
    FROM episode e
    JOIN patient p ON e.patient_id = p.id
    LEFT JOIN episode_evaluation c ON c.episode_id = e.id
    WHERE p.archived_on IS NULL
      AND e.first_line_start <= :as_of
      AND (e.closed_date IS NULL OR e.closed_date > :as_of)
    ORDER BY e.id
    """
).bindparams(sa.bindparam("as_of", type_=sa.Date()))


class EvaluationCacheRepository:
    """Evaluations kept for the due list, with the versions they were computed from."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def due_list_rows(self, as_of: date) -> list[DueListRow]:
        """Every episode under way on ``as_of`` (begun, not closed) of every active patient."""
        result = self._session.connection().execute(DUE_LIST_QUERY, {"as_of": as_of})
        # Named tuples: the due list reads each row's fields several times, and a
        # tuple's attribute is much cheaper to read than a result row's.
        return list(map(DueListRow._make, result.all()))

    def store_many(self, evaluations: dict[int, CachedEvaluation]) -> None:
        """Replace the cached evaluations of these episodes (two statements per batch)."""
        connection = self._session.connection()
        ids = list(evaluations)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            connection.execute(
                sa.delete(EpisodeEvaluationRow).where(EpisodeEvaluationRow.episode_id.in_(batch))
            )
            connection.execute(
                sa.insert(EpisodeEvaluationRow),
                [{"episode_id": key, **asdict(evaluations[key])} for key in batch],
            )


class DocumentsRepository:
    """Generated letters and handouts, kept byte for byte."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        *,
        patient_id: int,
        episode_id: int | None,
        kind: DocumentKind,
        document_date: date,
        created_at: datetime,
        title: str,
        recipient: str | None,
        pdf: bytes | None,
        rules_version: str | None,
        clinician: str | None,
        error: str | None,
    ) -> DocumentInfo:
        row = DocumentRow(
            patient_id=patient_id,
            episode_id=episode_id,
            kind=kind.value,
            status=(DocumentStatus.GENERATED if pdf is not None else DocumentStatus.FAILED).value,
            document_date=document_date,
            created_at=created_at,
            title=title,
            recipient=recipient,
            pdf=pdf,
            sha256=None if pdf is None else hashlib.sha256(pdf).hexdigest(),
            rules_version=rules_version,
            clinician=clinician,
            error=error,
        )
        self._session.add(row)
        self._session.flush()
        return self._info(row, None if pdf is None else len(pdf))

    def for_patient(self, patient_id: int) -> list[DocumentInfo]:
        """The patient's documents, newest first, without their PDFs."""
        columns = [c for c in DocumentRow.__table__.columns if c.key != "pdf"]
        query = (
            sa.select(*columns, sa.func.length(DocumentRow.pdf).label("size"))
            .where(DocumentRow.patient_id == patient_id)
            .order_by(DocumentRow.created_at.desc(), DocumentRow.id.desc())
        )
        return [self._info(row, row.size) for row in self._session.execute(query)]

    def pdf(self, document_id: int) -> tuple[DocumentInfo, bytes]:
        row = self._session.get(DocumentRow, document_id)
        if row is None or row.pdf is None:
            raise NotFoundError(f"document {document_id} has no stored PDF")
        return self._info(row, len(row.pdf)), row.pdf

    @staticmethod
    def _info(row: Any, size: int | None) -> DocumentInfo:
        return DocumentInfo(
            id=row.id,
            patient_id=row.patient_id,
            episode_id=row.episode_id,
            kind=DocumentKind(row.kind),
            status=DocumentStatus(row.status),
            document_date=row.document_date,
            created_at=row.created_at,
            recipient=row.recipient,
            title=row.title,
            sha256=row.sha256,
            size_bytes=size,
            rules_version=row.rules_version,
            clinician=row.clinician,
            error=row.error,
        )
