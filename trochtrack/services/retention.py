"""Keeping records for their retention period, and a patient's full record on request.

Archived patients are kept, never deleted by the app: the retention period runs from the
last visit (8 years by default, as in England; 7 in Australia) and, for someone treated
as a child, at least until their 25th birthday. The report lists archived records whose
period has ended, for the clinic to review under its own policy.

A subject-access request gets everything held about one patient in one zip file: the
case file, every letter and handout exactly as produced, the escalation decisions and
alert actions, and the history of every change from the audit trail. The export itself
is recorded in the audit trail.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from trochtrack.domain.case_format import dump_case_json
from trochtrack.paths import check_output_path, write_private_file
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import UnknownPatientError
from trochtrack.services.records import stored_id
from trochtrack.store.models import AuditAction

DEFAULT_RETENTION_YEARS: Final = 8
CHILD_RETENTION_AGE: Final = 25
ADULT_AGE: Final = 18


@dataclass(frozen=True, slots=True)
class RetentionItem:
    """An archived patient and how long their record must be kept."""

    patient_id: int
    ref: str
    archived_on: date
    last_visit: date | None
    keep_until: date

    def expired(self, as_of: date) -> bool:
        """Whether the retention period has ended on ``as_of``."""
        return self.keep_until <= as_of


def keep_until(
    date_of_birth: date,
    last_contact: date,
    *,
    years: int = DEFAULT_RETENTION_YEARS,
    child_age: int = CHILD_RETENTION_AGE,
) -> date:
    """The end of the retention period of a record whose last contact was ``last_contact``."""
    end = _add_years(last_contact, years)
    age_at_contact = _add_years(date_of_birth, ADULT_AGE)
    if last_contact < age_at_contact:
        end = max(end, _add_years(date_of_birth, child_age))
    return end


def retention_report(
    clinic: Clinic, *, years: int = DEFAULT_RETENTION_YEARS
) -> list[RetentionItem]:
    """Every archived patient with the date their record may be reviewed for disposal."""
    items: list[RetentionItem] = []
    with clinic.unit_of_work() as uow:
        for patient, archived_on in uow.records.patients(include_archived=True):
            if archived_on is None:
                continue
            patient_id = stored_id(patient.id)
            episodes = uow.records.episodes_of(patient_id)
            visits = [visit.date for episode in episodes for visit in episode.visits]
            last = max(visits, default=None)
            items.append(
                RetentionItem(
                    patient_id=patient_id,
                    ref=patient.ref,
                    archived_on=archived_on,
                    last_visit=last,
                    keep_until=keep_until(patient.date_of_birth, last or archived_on, years=years),
                )
            )
    return sorted(items, key=lambda item: item.keep_until)


def export_patient_record(clinic: Clinic, ref: str, destination: Path) -> Path:
    """Write everything held about the patient ``ref`` to a zip file (0600).

    The file is written under a temporary name and renamed when complete.

    Raises:
        OutputPathError: ``destination`` is not a new name or a regular file (checked
            before anything is read or recorded).
    """
    check_output_path(destination)
    with clinic.unit_of_work() as uow:
        patient_id = uow.records.patient_id_for_ref(ref)
        if patient_id is None:
            raise UnknownPatientError(ref)
        case = uow.records.case(patient_id)
        episode_ids = [stored_id(episode.id) for episode in case.episodes]
        documents = [
            uow.documents.pdf(info.id)
            for info in uow.documents.for_patient(patient_id)
            if info.sha256 is not None
        ]
        decisions = uow.workflow.decisions(episode_ids)
        actions = uow.workflow.alert_actions(episode_ids)
        history = _patient_history(uow.audit_events(), patient_id, episode_ids)
        uow.record_event(
            AuditAction.EXPORT,
            "patient",
            str(patient_id),
            after={"what": "subject-access export", "file": destination.name},
        )
        uow.commit()

    # Built in memory (one patient's letters: a few megabytes), written like every
    # other export: a private temporary file renamed into place.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(ref))
        archive.writestr("case.json", dump_case_json(case))
        for info, pdf in documents:
            name = f"documents/{info.document_date.isoformat()}-{info.kind}-{info.id}.pdf"
            archive.writestr(name, pdf)
        archive.writestr(
            "decisions-and-alert-actions.json",
            _json(
                {
                    "decisions": [
                        {"episode_id": episode, **_plain(decision)}
                        for episode, items in decisions.items()
                        for decision in items
                    ],
                    "alert_actions": [_plain(action) for action in actions],
                }
            ),
        )
        archive.writestr("history.json", _json({"events": history}))
    write_private_file(destination, buffer.getvalue())
    return destination


def _patient_history(
    events: list[dict[str, Any]], patient_id: int, episode_ids: list[int]
) -> list[dict[str, Any]]:
    """The audit events about this patient's rows, including rows since deleted.

    A row belongs to the patient when an event of it names the patient or one of their
    episodes, or (for red flags and measurements) one of their visits, scans or lesions;
    every event of such a row is theirs, updates included.
    """
    episodes = set(episode_ids)
    owned = {("patient", str(patient_id))} | {("episode", str(e)) for e in episodes}

    def values(event: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = event["after"] or event["before"] or {}
        return found

    for event in events:
        found = values(event)
        if found.get("patient_id") == patient_id or found.get("episode_id") in episodes:
            owned.add((event["table"], event["row"]))
    parents = {
        f"{table}_id": {int(row) for kind, row in owned if kind == table}
        for table in ("visit", "scan", "lesion")
    }
    for event in events:
        found = values(event)
        if any(found.get(column) in ids for column, ids in parents.items()):
            owned.add((event["table"], event["row"]))
    return [event for event in events if (event["table"], event["row"]) in owned]


def _plain(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in record.__dataclass_fields__:
        value = getattr(record, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [str(item) for item in value]
        elif value is not None and not isinstance(value, int | str | bool | float):
            value = str(value)
        out[name] = value
    return out


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _readme(ref: str) -> str:
    return (
        f"Everything trochtrack holds about patient {ref}.\n\n"
        "case.json        the clinical record (trochtrack-case/1)\n"
        "documents/       every letter and handout, exactly as produced\n"
        "decisions-and-alert-actions.json\n"
        "                 escalation decisions and what clinicians did with alerts\n"
        "history.json     every recorded change: who, when, before and after\n"
    )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return date(day.year + years, 3, 1)
