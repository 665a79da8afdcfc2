"""Patients, episodes, visits, treatments and scans: one transaction per change.

Every change is checked by building the patient's whole record with the change applied,
so the same rules hold for a form and for a case file (a visit before birth, a lesion
whose kind changes between scans, a second episode with the same ref are all refused),
and dates after today are refused as they are on import.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import Features
from trochtrack.domain.model import Case, Episode, Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.search import fold
from trochtrack.domain.vocabulary import LesionKind
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.store.repositories import RecordsRepository
from trochtrack.store.uow import SqlAlchemyUnitOfWork

_T = TypeVar("_T")
_Item = TypeVar("_Item", Visit, Treatment, Scan)


@dataclass(frozen=True, slots=True)
class PatientListItem:
    """One row of the patient list."""

    patient_id: int
    ref: str
    given_name: str
    family_name: str
    date_of_birth: date
    archived_on: date | None
    search_key: str

    @property
    def display_name(self) -> str:
        """Family name, given name: how lists sort and show people."""
        return f"{self.family_name}, {self.given_name}"


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """A patient with every episode (each with its visits, treatments and scans)."""

    patient: Patient
    archived_on: date | None
    episodes: tuple[Episode, ...]

    @property
    def patient_id(self) -> int:
        """The patient's database id."""
        return stored_id(self.patient.id)

    def episode(self, episode_id: int) -> Episode:
        """The episode with ``episode_id``."""
        for episode in self.episodes:
            if episode.id == episode_id:
                return episode
        raise KeyError(episode_id)


@dataclass(frozen=True, slots=True)
class TrackedLesion:
    """A lesion followed across an episode's scans."""

    key: str
    kind: LesionKind
    site: str | None
    last_seen: date | None = None
    last_finding: Finding | None = None
    """What its latest scan (``last_seen``) recorded: its size, or that it was not seen."""

    @property
    def last_features(self) -> Features | None:
        """The characteristics of its latest scan, which a new scan may offer to confirm."""
        return None if self.last_finding is None else self.last_finding.features


def list_patients(clinic: Clinic, *, include_archived: bool = False) -> list[PatientListItem]:
    """Every patient (archived ones too if asked), sorted by family then given name."""
    with clinic.unit_of_work() as uow:
        rows = uow.records.patient_list(include_archived=include_archived)
    return [PatientListItem(*row) for row in rows]


def possible_duplicates(clinic: Clinic, patient: Patient) -> list[PatientListItem]:
    """Registered patients who may be this person, to warn before registering them twice.

    Same date of birth, and the same family name or the same names in another order,
    ignoring accents, case and spacing (``José Núñez`` / ``NUNEZ Jose``).
    """
    family = fold(patient.family_name)
    names = sorted(fold(f"{patient.given_name} {patient.family_name}").split())
    return [
        item
        for item in list_patients(clinic, include_archived=True)
        if item.date_of_birth == patient.date_of_birth
        and item.ref != patient.ref
        and (
            fold(item.family_name) == family
            or sorted(fold(f"{item.given_name} {item.family_name}").split()) == names
        )
    ]


def patient_record(clinic: Clinic, patient_id: int) -> PatientRecord:
    """The patient's whole record."""
    with clinic.unit_of_work() as uow:
        return read_patient_record(uow, patient_id)


def read_patient_record(uow: SqlAlchemyUnitOfWork, patient_id: int) -> PatientRecord:
    """:func:`patient_record` inside a unit of work the caller holds."""
    case = uow.records.case(patient_id)
    archived_on = uow.records.archived_on(patient_id)
    return PatientRecord(patient=case.patient, archived_on=archived_on, episodes=case.episodes)


def create_patient(clinic: Clinic, patient: Patient) -> int:
    """Register a new patient; the ref must not be in use.

    Raises:
        ValidationError: ``ref`` already used, or a date after today.
    """
    _check_not_future(patient.date_of_birth, "date_of_birth", clinic.today())
    with clinic.unit_of_work() as uow:
        if uow.records.patient_id_for_ref(patient.ref) is not None:
            raise ValidationError("ref", f"{patient.ref!r} is already used by another patient")
        patient_id = uow.records.add_patient(patient, now=clinic.now())
        uow.commit()
    return patient_id


def update_patient(clinic: Clinic, patient_id: int, patient: Patient) -> None:
    """Change a patient's details; every recorded date must still follow the new birth date."""
    _check_not_future(patient.date_of_birth, "date_of_birth", clinic.today())
    with clinic.unit_of_work() as uow:
        other = uow.records.patient_id_for_ref(patient.ref)
        if other is not None and other != patient_id:
            raise ValidationError("ref", f"{patient.ref!r} is already used by another patient")
        case = uow.records.case(patient_id)
        _validated(lambda: Case(patient=patient, episodes=case.episodes))
        uow.records.update_patient(patient_id, patient, now=clinic.now())
        uow.commit()


def set_patient_archived(clinic: Clinic, patient_id: int, *, archived: bool) -> None:
    """Archive a patient (kept, hidden from lists and the due list), or bring them back."""
    with clinic.unit_of_work() as uow:
        uow.records.set_archived(patient_id, clinic.today() if archived else None, now=clinic.now())
        uow.commit()


def care_recorded(clinic: Clinic, patient_id: int) -> bool:
    """Whether the patient has an episode or a document: then the record is never deleted."""
    with clinic.unit_of_work() as uow:
        return _care_recorded(uow, patient_id)


def _care_recorded(uow: SqlAlchemyUnitOfWork, patient_id: int) -> bool:
    return bool(uow.records.case(patient_id).episodes or uow.documents.for_patient(patient_id))


def delete_patient(clinic: Clinic, patient_id: int) -> Patient:
    """Delete a patient registered by mistake; returns what was deleted (for an undo).

    Only while nothing clinical is recorded: once the patient has an episode or a document,
    the record is kept (archive it instead). The deletion is in the audit trail.
    """
    with clinic.unit_of_work() as uow:
        case = uow.records.case(patient_id)
        if _care_recorded(uow, patient_id):
            raise ServiceError(
                f"{case.patient.display_name} has care recorded (an episode or a letter), "
                "so the record is kept: archive the patient instead."
            )
        uow.records.delete_patient(patient_id)
        uow.commit()
    return replace(case.patient, id=None)


def create_episode(clinic: Clinic, patient_id: int, episode: Episode) -> int:
    """Open a new episode (its visits, treatments and scans come with it, if any)."""
    with clinic.unit_of_work() as uow:
        case = uow.records.case(patient_id)
        _check_case(case.patient, (*case.episodes, episode), len(case.episodes), clinic.today())
        episode_id = uow.records.add_episode(patient_id, episode)
        uow.commit()
    return episode_id


def update_episode(clinic: Clinic, episode_id: int, episode: Episode) -> None:
    """Change an episode's own fields (side, diagnosis, dates, closure)."""

    def change(stored: Episode) -> Episode:
        return replace(
            episode, visits=stored.visits, treatments=stored.treatments, scans=stored.scans
        )

    with clinic.unit_of_work() as uow:
        check_episode_change(uow, episode_id, change, clinic.today())
        uow.records.update_episode(episode_id, episode)
        uow.commit()


def add_visit(clinic: Clinic, episode_id: int, visit: Visit) -> int:
    """Record a visit in the episode."""
    return _add_record(
        clinic, episode_id, visit, lambda records: records.add_visit(episode_id, visit)
    )


def update_visit(clinic: Clinic, visit_id: int, visit: Visit) -> None:
    """Correct a recorded visit."""
    _update_record(
        clinic,
        visit,
        lambda records: records.visit(visit_id)[0],
        lambda records: records.update_visit(visit_id, visit),
        visit_id,
    )


def delete_visit(clinic: Clinic, visit_id: int) -> Visit:
    """Remove a visit; returns it, so the user can undo by adding it again."""
    return _delete_record(clinic, lambda records: records.delete_visit(visit_id))


def add_treatment(clinic: Clinic, episode_id: int, treatment: Treatment) -> int:
    """Record a treatment in the episode."""
    return _add_record(
        clinic, episode_id, treatment, lambda records: records.add_treatment(episode_id, treatment)
    )


def update_treatment(clinic: Clinic, treatment_id: int, treatment: Treatment) -> None:
    """Correct a recorded treatment (for example, give it an end date)."""
    _update_record(
        clinic,
        treatment,
        lambda records: records.treatment(treatment_id)[0],
        lambda records: records.update_treatment(treatment_id, treatment),
        treatment_id,
    )


def delete_treatment(clinic: Clinic, treatment_id: int) -> Treatment:
    """Remove a treatment; returns it for undo."""
    return _delete_record(clinic, lambda records: records.delete_treatment(treatment_id))


def add_scan(clinic: Clinic, episode_id: int, scan: Scan) -> int:
    """Record a scan with its findings; new lesion keys start new tracked lesions."""
    return _add_record(clinic, episode_id, scan, lambda records: records.add_scan(episode_id, scan))


def update_scan(clinic: Clinic, scan_id: int, scan: Scan) -> None:
    """Correct a recorded scan and its findings."""
    _update_record(
        clinic,
        scan,
        lambda records: records.scan(scan_id)[0],
        lambda records: records.update_scan(scan_id, scan),
        scan_id,
    )


def delete_scan(clinic: Clinic, scan_id: int) -> Scan:
    """Remove a scan and its findings; returns it for undo."""
    return _delete_record(clinic, lambda records: records.delete_scan(scan_id))


def tracked_lesions(clinic: Clinic, episode_id: int) -> list[TrackedLesion]:
    """The lesions already followed in the episode, in the order they were first seen."""
    with clinic.unit_of_work() as uow:
        episode = uow.records.episode(episode_id)
    lesions: dict[str, TrackedLesion] = {}
    for scan in episode.scans:
        for finding in scan.findings:
            known = lesions.get(finding.lesion)
            if known is None or (known.site is None and finding.site is not None):
                lesions[finding.lesion] = TrackedLesion(finding.lesion, finding.kind, finding.site)
    latest: dict[str, tuple[date, Finding]] = {}
    for scan in sorted(episode.scans, key=lambda s: s.date):
        for finding in scan.findings:
            latest[finding.lesion] = (scan.date, finding)
    return [
        replace(
            lesion,
            last_seen=latest[lesion.key][0],
            last_finding=latest[lesion.key][1],
        )
        for lesion in lesions.values()
    ]


# -- helpers ---------------------------------------------------------------------------


def next_episode_ref(taken: Collection[str]) -> str:
    """The first free ``E<n>`` after as many as there are refs taken."""
    number = len(taken) + 1
    while f"E{number}" in taken:
        number += 1
    return f"E{number}"


def stored_id(value: int | None) -> int:
    """The id of a record read from the database (always set there)."""
    if value is None:
        raise ValueError("a stored record has no id")
    return value


def _collection(item: Visit | Treatment | Scan) -> str:
    """The episode field that holds records like ``item``."""
    if isinstance(item, Visit):
        return "visits"
    return "treatments" if isinstance(item, Treatment) else "scans"


def _with(episode: Episode, field: str, records: tuple[Any, ...]) -> Episode:
    """``episode`` with its visits, treatments or scans (``field``) replaced."""
    changes: dict[str, Any] = {field: records}
    return replace(episode, **changes)


def _add_record(
    clinic: Clinic,
    episode_id: int,
    item: _Item,
    save: Callable[[RecordsRepository], int],
) -> int:
    """Check the episode with ``item`` added, then store it (one transaction)."""
    field: str = _collection(item)
    with clinic.unit_of_work() as uow:
        check_episode_change(
            uow, episode_id, lambda e: _with(e, field, (*getattr(e, field), item)), clinic.today()
        )
        new_id = save(uow.records)
        uow.commit()
    return new_id


def _update_record(
    clinic: Clinic,
    item: _Item,
    episode_of: Callable[[RecordsRepository], int],
    save: Callable[[RecordsRepository], None],
    item_id: int,
) -> None:
    """Check the episode with the stored record ``item_id`` replaced, then store it."""
    field: str = _collection(item)
    with clinic.unit_of_work() as uow:
        check_episode_change(
            uow,
            episode_of(uow.records),
            lambda e: _with(
                e, field, tuple(item if old.id == item_id else old for old in getattr(e, field))
            ),
            clinic.today(),
        )
        save(uow.records)
        uow.commit()


def _delete_record(clinic: Clinic, delete: Callable[[RecordsRepository], _Item]) -> _Item:
    """Delete a record (one transaction) and return it, so it can be added back."""
    with clinic.unit_of_work() as uow:
        removed = delete(uow.records)
        uow.commit()
    return removed


def _check_not_future(day: date, field: str, today: date) -> None:
    if day > today:
        raise ValidationError(field, f"{day.isoformat()} is after today ({today.isoformat()})")


def check_episode_change(
    uow: SqlAlchemyUnitOfWork,
    episode_id: int,
    change: Callable[[Episode], Episode],
    today: date,
) -> None:
    """Apply ``change`` to the stored episode in memory and check the whole record.

    Raises:
        ValidationError: naming the changed item's own field where the problem is in it.
    """
    patient_id = uow.records.episode_owner(episode_id)
    case = uow.records.case(patient_id)
    index = next(i for i, e in enumerate(case.episodes) if e.id == episode_id)
    changed = _validated(lambda: change(case.episodes[index]))
    episodes = (*case.episodes[:index], changed, *case.episodes[index + 1 :])
    _check_case(case.patient, episodes, index, today)


def _check_case(patient: Patient, episodes: tuple[Episode, ...], index: int, today: date) -> None:
    case = _validated(lambda: Case(patient=patient, episodes=episodes), episode=index)
    _validated(lambda: case.check_not_after(today), episode=index)


def _validated(build: Callable[[], _T], *, episode: int | None = None) -> _T:
    """Run ``build``; re-raise its ValidationError with a path relative to the form.

    Paths inside the changed item (``episodes[0].visits[3].pain_nrs``) become the
    form's own field (``pain_nrs``).
    """
    try:
        return build()
    except ValidationError as error:
        raise ValidationError(_relative(error.path, episode), error.problem) from None


def _relative(path: str, episode: int | None) -> str:
    if episode is not None:
        head = f"episodes[{episode}]."
        if not path.startswith(head):
            return path
        path = path[len(head) :]
    for collection in ("visits", "treatments", "scans"):
        if path.startswith(f"{collection}["):
            _, _, rest = path.partition("].")
            return rest or path
    return path
