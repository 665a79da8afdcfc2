"""Merging two records of one person, and parting them again until the next backup.

A person registered twice (a new ref at a second clinic, a typing slip in the name) has
care split over two records. A merge moves every episode (with its visits, treatments,
scans, decisions and alert actions, which hang on the episode), every document and every
letter draft of one record to the other, and removes the emptied record. An episode ref
already used by the kept record is renumbered, and the confirmation says so. The
removed record's details are kept with the merge, so it can be taken back: while no
backup has been made since (a backup taken after the merge holds it as done).

Each step is one transaction, and every row it changes is in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from trochtrack.domain.case_format import CASE_FORMAT, case_from_json, case_to_json
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Case, Episode, Patient
from trochtrack.services.backups import list_backups
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.records import next_episode_ref, stored_id
from trochtrack.store.repositories import StoredMerge
from trochtrack.store.uow import SqlAlchemyUnitOfWork
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import SEX_LABELS


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What a merge of ``absorbed`` into ``kept`` would do, for the clinician to confirm."""

    kept: Patient
    absorbed: Patient
    renamed: tuple[tuple[str, str], ...]
    """Episode refs of ``absorbed`` already used by ``kept``: (ref now, ref once merged)."""
    episodes: int
    documents: int
    differences: tuple[str, ...]
    """Where the two records disagree about who the person is, in words."""


@dataclass(frozen=True, slots=True)
class StandingMerge:
    """The newest merge into a record, and whether it can still be taken back."""

    id: int
    absorbed_ref: str
    absorbed_name: str
    merged_at: datetime
    blocked_by: str | None
    """Why it can no longer be taken back, or ``None`` when it can."""


def plan_merge(clinic: Clinic, kept_id: int, absorbed_id: int) -> MergePlan:
    """What merging ``absorbed_id`` into ``kept_id`` would do (nothing is changed).

    Raises:
        ServiceError: the same record twice, or the merged record would not hold together
            (an episode dated before the kept record's date of birth).
    """
    with clinic.unit_of_work() as uow:
        return _plan(uow, kept_id, absorbed_id)[0]


def merge_patients(clinic: Clinic, kept_id: int, absorbed_id: int) -> int:
    """Move everything of ``absorbed_id`` to ``kept_id`` and remove it; the merge's id.

    Raises:
        ServiceError: see :func:`plan_merge` (checked again inside the transaction).
    """
    with clinic.unit_of_work() as uow:
        plan, new_refs = _plan(uow, kept_id, absorbed_id)
        moved = uow.merges.move_records(absorbed_id, kept_id, new_refs)
        uow.records.delete_patient(absorbed_id)
        merge_id = uow.merges.add(
            kept_patient_id=kept_id,
            absorbed_ref=plan.absorbed.ref,
            absorbed_patient=json.dumps(case_to_json(Case(patient=plan.absorbed))["patient"]),
            moved=moved,
            merged_at=clinic.now(),
        )
        uow.commit()
    return merge_id


def standing_merge(clinic: Clinic, patient_id: int) -> StandingMerge | None:
    """The newest merge into the patient not taken back, if any."""
    with clinic.unit_of_work() as uow:
        stored = uow.merges.latest_standing(patient_id)
        if stored is None:
            return None
        blocked_by = _blocked_by(clinic, uow, stored)
    return StandingMerge(
        id=stored.id,
        absorbed_ref=stored.absorbed_ref,
        absorbed_name=_absorbed(stored).display_name,
        merged_at=stored.merged_at,
        blocked_by=blocked_by,
    )


def undo_merge(clinic: Clinic, patient_id: int) -> int:
    """Part the patient's newest merge: the removed record comes back, with what it had.

    Returns the id of the record registered again. What was recorded in a moved episode
    since the merge goes back with it.

    Raises:
        ServiceError: no merge to take back, or a backup made since, or its ref reused.
    """
    with clinic.unit_of_work() as uow:
        stored = uow.merges.latest_standing(patient_id)
        if stored is None:
            raise ServiceError("No merge into this record is left to take back.")
        blocked_by = _blocked_by(clinic, uow, stored)
        if blocked_by is not None:
            raise ServiceError(blocked_by)
        restored_id = uow.records.add_patient(_absorbed(stored), now=clinic.now())
        uow.merges.move_back(stored.moved, restored_id)
        uow.merges.mark_undone(stored.id, clinic.now())
        uow.commit()
    return restored_id


def _plan(
    uow: SqlAlchemyUnitOfWork, kept_id: int, absorbed_id: int
) -> tuple[MergePlan, dict[int, str]]:
    """The plan, and the new ref of each renumbered episode by its id."""
    if kept_id == absorbed_id:
        raise ServiceError("A record cannot be merged with itself.")
    kept = uow.records.case(kept_id)
    absorbed = uow.records.case(absorbed_id)
    taken = {episode.ref for episode in (*kept.episodes, *absorbed.episodes)}
    renamed: list[tuple[str, str]] = []
    new_refs: dict[int, str] = {}
    merged_episodes: list[Episode] = list(kept.episodes)
    for episode in absorbed.episodes:
        ref = episode.ref
        if any(ref == other.ref for other in kept.episodes):
            ref = next_episode_ref(taken)
            taken.add(ref)
            renamed.append((episode.ref, ref))
            new_refs[stored_id(episode.id)] = ref
        merged_episodes.append(replace(episode, ref=ref))
    try:
        Case(patient=kept.patient, episodes=tuple(merged_episodes))
    except ValidationError as error:
        raise ServiceError(
            f"Not merged: {absorbed.patient.display_name}'s record does not fit "
            f"{kept.patient.display_name}'s ({error.problem})."
        ) from error
    plan = MergePlan(
        kept=kept.patient,
        absorbed=absorbed.patient,
        renamed=tuple(renamed),
        episodes=len(absorbed.episodes),
        documents=len(uow.documents.for_patient(absorbed_id)),
        differences=_differences(kept.patient, absorbed.patient),
    )
    return plan, new_refs


def _differences(kept: Patient, absorbed: Patient) -> tuple[str, ...]:
    pairs = (
        ("name", kept.display_name, absorbed.display_name),
        ("date of birth", long_date(kept.date_of_birth), long_date(absorbed.date_of_birth)),
        ("sex", SEX_LABELS[kept.sex], SEX_LABELS[absorbed.sex]),
    )
    return tuple(
        f"{what}: {mine} in {kept.ref}, {theirs} in {absorbed.ref}"
        for what, mine, theirs in pairs
        if mine != theirs
    )


def _blocked_by(clinic: Clinic, uow: SqlAlchemyUnitOfWork, stored: StoredMerge) -> str | None:
    if clinic.database.is_sqlite and any(
        backup.taken_at >= stored.merged_at.replace(microsecond=0)
        for backup in list_backups(clinic.paths)
    ):
        return (
            f"A backup has been made since {stored.absorbed_ref} was merged into this record, "
            "so the merge stands."
        )
    if uow.records.patient_id_for_ref(stored.absorbed_ref) is not None:
        return (
            f"The ref {stored.absorbed_ref} has been given to another patient since the merge, "
            "so the merged record cannot be registered again."
        )
    return None


def _absorbed(stored: StoredMerge) -> Patient:
    patient = json.loads(stored.absorbed_patient)
    return case_from_json({"format": CASE_FORMAT, "patient": patient, "episodes": []}).patient
