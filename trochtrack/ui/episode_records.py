"""Visits, scans and treatments are saved, corrected and deleted alike, each undoable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from trochtrack.domain.model import Episode, Scan, Treatment, Visit
from trochtrack.services.clinic import Clinic
from trochtrack.services.records import (
    add_scan,
    add_treatment,
    add_visit,
    delete_scan,
    delete_treatment,
    delete_visit,
    patient_record,
    stored_id,
    update_scan,
    update_treatment,
    update_visit,
)
from trochtrack.ui.context import UndoableChange
from trochtrack.ui.operations import Change
from trochtrack.ui.text import show_date, treatment_label

_Record = TypeVar("_Record", Visit, Scan, Treatment)


def recorded_episode(clinic: Clinic, patient_id: int, episode_id: int) -> Episode:
    """The episode as stored now, with its visits, scans and treatments."""
    return patient_record(clinic, patient_id).episode(episode_id)


@dataclass(frozen=True, slots=True)
class RecordKind(Generic[_Record]):
    """The services of one kind of episode record, and how the user calls one."""

    add: Callable[[Clinic, int, _Record], int]
    update: Callable[[Clinic, int, _Record], None]
    delete: Callable[[Clinic, int], _Record]
    describe: Callable[[_Record], str]
    """E.g. "the visit of 28 Nov 2026"."""
    table: str
    """The audit trail's table, for the record's history."""

    def save(
        self,
        clinic: Clinic,
        patient_id: int,
        episode_id: int,
        stored: _Record | None,
        entered: _Record,
    ) -> Change:
        """Add ``entered``, or correct ``stored`` with it; either can be undone."""
        if stored is None or stored.id is None:
            new_id = self.add(clinic, episode_id, entered)

            def remove_again() -> None:
                self.delete(clinic, new_id)

            undo = UndoableChange(
                f"Remove {self.describe(entered)} just added", patient_id, remove_again
            )
        else:
            old_id = stored.id
            self.update(clinic, old_id, entered)

            def put_back() -> None:
                self.update(clinic, old_id, stored)

            undo = UndoableChange(
                f"Put back {self.describe(stored)} as it was before the correction",
                patient_id,
                put_back,
            )
        return Change(patient_id=patient_id, undo=undo)

    def remove(self, clinic: Clinic, patient_id: int, episode_id: int, stored: _Record) -> Change:
        """Delete ``stored``; undoing adds it back."""
        removed = self.delete(clinic, stored_id(stored.id))

        def add_back() -> None:
            self.add(clinic, episode_id, removed)

        return Change(
            patient_id=patient_id,
            undo=UndoableChange(
                f"Put back {self.describe(stored)} just deleted", patient_id, add_back
            ),
        )


VISITS: RecordKind[Visit] = RecordKind(
    add_visit, update_visit, delete_visit, lambda v: f"the visit of {show_date(v.date)}", "visit"
)
SCANS: RecordKind[Scan] = RecordKind(
    add_scan, update_scan, delete_scan, lambda s: f"the scan of {show_date(s.date)}", "scan"
)
TREATMENTS: RecordKind[Treatment] = RecordKind(
    add_treatment,
    update_treatment,
    delete_treatment,
    lambda t: f"the treatment {treatment_label(t.kind)} from {show_date(t.start)}",
    "treatment",
)
