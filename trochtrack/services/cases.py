"""Case files in and out: import (add or update by ref), export, and the demo patients."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trochtrack.domain.case_format import dump_case_json, load_case_json
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Case, Episode
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import UnknownPatientError


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did, for the message shown to the user."""

    ref: str
    created: bool
    episodes_added: int
    episodes_replaced: int
    episodes_kept: int

    def describe(self) -> str:
        """One line for the user (no names or clinical values: it may be logged)."""
        action = "added" if self.created else "updated"
        parts = [f"{self.episodes_added} episode(s) added"]
        if not self.created:
            parts.append(f"{self.episodes_replaced} replaced from the file")
            if self.episodes_kept:
                parts.append(f"{self.episodes_kept} kept (not in the file)")
        return f"patient {self.ref} {action}: {', '.join(parts)}"


def import_case_text(clinic: Clinic, text: str) -> ImportSummary:
    """Validate a case file and save it in one transaction (all or nothing).

    The record as it will be stored is checked, not only the file: episodes a re-import
    leaves out stay, and must fit the file's patient details.

    Raises:
        ValidationError: naming the field at fault; nothing is written.
    """
    case = load_case_json(text, not_after=clinic.today())
    return save_case(clinic, case)


def save_case(clinic: Clinic, case: Case) -> ImportSummary:
    """Add the case's patient, or update the stored patient with the same ref."""
    return save_cases(clinic, [case])[0]


def save_cases(clinic: Clinic, cases: Sequence[Case]) -> list[ImportSummary]:
    """Save several cases in one transaction: all of them, or none."""
    summaries: list[ImportSummary] = []
    with clinic.unit_of_work() as uow:
        for case in cases:
            stored_id = uow.records.patient_id_for_ref(case.patient.ref)
            if stored_id is not None:
                _check_kept_episodes(case, uow.records.case(stored_id).episodes)
            result = uow.records.save_case(case, now=clinic.now())
            summaries.append(
                ImportSummary(
                    ref=case.patient.ref,
                    created=result.created,
                    episodes_added=result.episodes_added,
                    episodes_replaced=result.episodes_replaced,
                    episodes_kept=result.episodes_kept,
                )
            )
        uow.commit()
    return summaries


def _check_kept_episodes(case: Case, stored: tuple[Episode, ...]) -> None:
    """Refuse a file whose patient details do not fit the episodes it leaves stored.

    A re-import replaces only the episodes the file names; the others stay, and must
    still follow the (possibly new) date of birth.
    """
    in_file = {episode.ref for episode in case.episodes}
    for episode in stored:
        if episode.ref in in_file:
            continue
        try:
            Case(patient=case.patient, episodes=(episode,))
        except ValidationError as error:
            _, _, field = error.path.partition("].")
            problem = error.problem.split(" is before", 1)[0]
            raise ValidationError(
                "patient.date_of_birth",
                f"{case.patient.date_of_birth.isoformat()} is after {field} {problem} of "
                f"episode {episode.ref!r}, kept from the database (the file leaves that "
                "episode out); correct the date of birth, or include the episode in the file",
            ) from None


def load_case(clinic: Clinic, ref: str) -> Case:
    """The whole stored record of the patient with ``ref``."""
    with clinic.unit_of_work() as uow:
        patient_id = uow.records.patient_id_for_ref(ref)
        if patient_id is None:
            raise UnknownPatientError(ref)
        return uow.records.case(patient_id)


def export_case_text(clinic: Clinic, ref: str) -> str:
    """The patient with ``ref`` as ``trochtrack-case/1`` text."""
    return dump_case_json(load_case(clinic, ref))
