"""The clinical record in and out of the database: patients, episodes, visits, scans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from trochtrack.domain.model import Case, Episode, Patient, Scan, Treatment, Visit
from trochtrack.store.bulk import load_episodes
from trochtrack.store.errors import NotFoundError
from trochtrack.store.mapping import (
    apply_episode_header,
    apply_patient,
    apply_scan,
    apply_treatment,
    apply_visit,
    episode_from_row,
    patient_from_row,
    scan_from_row,
    treatment_from_row,
    visit_from_row,
)
from trochtrack.store.models import (
    EpisodeRow,
    LesionRow,
    MeasurementRow,
    PatientRow,
    ScanRow,
    TreatmentRow,
    VisitRow,
)

_ChildRow = TypeVar("_ChildRow", VisitRow, TreatmentRow, ScanRow)
PatientListRow = sa.Row[int, str, str, str, date, date | None, str]
"""Id, ref, given and family name, date of birth, archived on, search key."""


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
    selectinload(EpisodeRow.other_diagnoses),
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

    def patient_list(self, *, include_archived: bool = False) -> Sequence[PatientListRow]:
        """What the patient list shows of every patient, sorted by family then given name.

        Only those columns, with the search key as saved: no record is built, so a
        10k clinic's list is read in milliseconds rather than a second.
        """
        query = sa.select(
            PatientRow.id,
            PatientRow.ref,
            PatientRow.given_name,
            PatientRow.family_name,
            PatientRow.date_of_birth,
            PatientRow.archived_on,
            PatientRow.search_key,
        ).order_by(PatientRow.family_name, PatientRow.given_name)
        if not include_archived:
            query = query.where(PatientRow.archived_on.is_(None))
        return self._session.execute(query).all()

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

    def delete_patient(self, patient_id: int) -> None:
        self._session.delete(self._patient_row(patient_id))

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
