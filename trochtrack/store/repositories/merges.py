"""Moving one patient's records to another, and keeping what it takes to move them back."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.store.errors import NotFoundError
from trochtrack.store.models import DocumentRow, EpisodeRow, LetterDraftRow, PatientMergeRow


@dataclass(frozen=True, slots=True)
class MovedRecords:
    """What went from one patient to another: episodes with the refs they had before."""

    episode_refs: dict[int, str]
    document_ids: tuple[int, ...]
    draft_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StoredMerge:
    """A merge as recorded."""

    id: int
    kept_patient_id: int
    absorbed_ref: str
    absorbed_patient: str
    """The merged-away patient's details, as a case file's ``patient`` object (JSON)."""
    moved: MovedRecords
    merged_at: datetime
    undone_at: datetime | None


class MergesRepository:
    """Patient merges: the records moved, and the record of the move."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def move_records(
        self, from_patient: int, to_patient: int, new_refs: Mapping[int, str]
    ) -> MovedRecords:
        """Move every episode, document and letter draft of ``from_patient``.

        ``new_refs`` renames episodes by id (to keep refs unique under ``to_patient``).
        """
        episodes = self._session.scalars(
            sa.select(EpisodeRow).where(EpisodeRow.patient_id == from_patient)
        ).all()
        refs = {row.id: row.ref for row in episodes}
        for row in episodes:
            row.patient_id = to_patient
            row.ref = new_refs.get(row.id, row.ref)
            row.data_version += 1
        return MovedRecords(
            episode_refs=refs,
            document_ids=_reassign(self._documents_of(from_patient), to_patient),
            draft_ids=_reassign(self._drafts_of(from_patient), to_patient),
        )

    def move_back(self, moved: MovedRecords, to_patient: int) -> None:
        """Return what a merge moved to the patient ``to_patient``, with their old refs.

        What was deleted since the merge stays deleted.
        """
        for row in self._session.scalars(
            sa.select(EpisodeRow).where(EpisodeRow.id.in_(moved.episode_refs))
        ):
            row.patient_id = to_patient
            row.ref = moved.episode_refs[row.id]
            row.data_version += 1
        documents = self._session.scalars(
            sa.select(DocumentRow).where(DocumentRow.id.in_(moved.document_ids))
        ).all()
        drafts = self._session.scalars(
            sa.select(LetterDraftRow).where(LetterDraftRow.id.in_(moved.draft_ids))
        ).all()
        _reassign(documents, to_patient)
        _reassign(drafts, to_patient)

    def add(
        self,
        *,
        kept_patient_id: int,
        absorbed_ref: str,
        absorbed_patient: str,
        moved: MovedRecords,
        merged_at: datetime,
    ) -> int:
        row = PatientMergeRow(
            kept_patient_id=kept_patient_id,
            absorbed_ref=absorbed_ref,
            absorbed_patient=absorbed_patient,
            moved=json.dumps(
                {
                    "episodes": [[key, ref] for key, ref in moved.episode_refs.items()],
                    "documents": list(moved.document_ids),
                    "drafts": list(moved.draft_ids),
                }
            ),
            merged_at=merged_at,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def latest_standing(self, patient_id: int) -> StoredMerge | None:
        """The patient's newest merge not yet undone, if any."""
        row = self._session.scalar(
            sa.select(PatientMergeRow)
            .where(
                PatientMergeRow.kept_patient_id == patient_id,
                PatientMergeRow.undone_at.is_(None),
            )
            .order_by(PatientMergeRow.id.desc())
            .limit(1)
        )
        return None if row is None else _stored(row)

    def mark_undone(self, merge_id: int, when: datetime) -> None:
        row = self._session.get(PatientMergeRow, merge_id)
        if row is None:
            raise NotFoundError(f"merge {merge_id} does not exist")
        row.undone_at = when

    def _documents_of(self, patient_id: int) -> Sequence[DocumentRow]:
        return self._session.scalars(
            sa.select(DocumentRow).where(DocumentRow.patient_id == patient_id)
        ).all()

    def _drafts_of(self, patient_id: int) -> Sequence[LetterDraftRow]:
        return self._session.scalars(
            sa.select(LetterDraftRow).where(LetterDraftRow.patient_id == patient_id)
        ).all()


def _reassign(
    rows: Sequence[DocumentRow] | Sequence[LetterDraftRow], to_patient: int
) -> tuple[int, ...]:
    for row in rows:
        row.patient_id = to_patient
    return tuple(row.id for row in rows)


def _stored(row: PatientMergeRow) -> StoredMerge:
    moved = json.loads(row.moved)
    return StoredMerge(
        id=row.id,
        kept_patient_id=row.kept_patient_id,
        absorbed_ref=row.absorbed_ref,
        absorbed_patient=row.absorbed_patient,
        moved=MovedRecords(
            episode_refs={int(key): ref for key, ref in moved["episodes"]},
            document_ids=tuple(moved["documents"]),
            draft_ids=tuple(moved["drafts"]),
        ),
        merged_at=row.merged_at,
        undone_at=row.undone_at,
    )
