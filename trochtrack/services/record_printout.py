"""Printing a patient's record as one PDF (:mod:`trochtrack.reports.record`).

Every episode with its visits, treatments, scans and decisions, then the documents issued.

Printing the record discloses it, so it is in the audit trail like an export. The PDF is
not kept: it is the record as it stands when printed, and the record itself is kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from trochtrack.domain.actions import EscalationDecision
from trochtrack.domain.documents import DocumentInfo
from trochtrack.domain.model import Episode, Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.rules import RulesConfig, evaluate_episode
from trochtrack.domain.vocabulary import Visibility
from trochtrack.reports.data import RecordPrintout, RecordSection, RecordTable
from trochtrack.services.clinic import Clinic
from trochtrack.services.letter_facts import page_setup, patient_identity
from trochtrack.services.letterhead import read_logo
from trochtrack.services.record_measures import measures_tables
from trochtrack.services.records import read_patient_record, stored_id
from trochtrack.services.settings import read_settings, settings_rules
from trochtrack.store.models import AuditAction
from trochtrack.wording.dates import long_date
from trochtrack.wording.decisions import decision_details
from trochtrack.wording.diagnoses import diagnoses_heading, diagnoses_listed
from trochtrack.wording.labels import (
    DECISION_LABELS,
    DOCUMENT_KIND_NAMES,
    LESION_KIND_LABELS,
    MODALITY_LABELS,
    RED_FLAG_LABELS,
    SEX_LABELS,
    SIDE_LABELS,
    STATUS_LABELS,
    TREATMENT_LABELS,
)
from trochtrack.wording.measures import format_number, format_volume_ml

NONE = "—"
"""In a cell whose value was not recorded."""


def record_printout_pdf(clinic: Clinic, patient_id: int, *, as_of: date) -> bytes:
    """The patient's whole record as a PDF, each episode's status read on ``as_of``.

    Raises:
        NotFoundError: no patient has ``patient_id``.
    """
    with clinic.unit_of_work() as uow:
        settings = read_settings(uow)
        record = read_patient_record(uow, patient_id)
        episode_ids = [stored_id(episode.id) for episode in record.episodes]
        decisions = uow.workflow.decisions(episode_ids)
        documents = uow.documents.for_patient(patient_id)
        logo_png = read_logo(uow)
        uow.record_event(
            AuditAction.EXPORT, "patient", str(patient_id), after={"what": "record printed"}
        )
        uow.commit()
    patient = record.patient
    rules = settings_rules(settings)
    printout = RecordPrintout(
        setup=page_setup(settings, logo_png, f"Clinical record: {patient.display_name}"),
        patient=patient_identity(patient),
        printed_on=as_of,
        printed_by=settings.clinician_name,
        patient_facts=_patient_facts(patient, record.archived_on),
        sections=tuple(
            _episode_section(
                patient, episode, decisions.get(stored_id(episode.id), []), as_of, rules
            )
            for episode in record.episodes
        ),
        documents=_documents_table(documents),
    )
    # reportlab loads with the first document, not at the app's start.
    from trochtrack.reports.record import write_record

    out = io.BytesIO()
    write_record(printout, out)
    return out.getvalue()


def _patient_facts(patient: Patient, archived_on: date | None) -> tuple[tuple[str, str], ...]:
    facts = [
        ("Name", patient.display_name),
        ("Born", long_date(patient.date_of_birth)),
        ("Sex", SEX_LABELS[patient.sex].capitalize()),
        ("Ref", patient.ref),
    ]
    for label, value in (
        ("Phone", patient.phone),
        ("Email", patient.email),
        ("Address", patient.address),
    ):
        if value:
            facts.append((label, value))
    gp = patient.gp
    if gp is not None and not gp.is_empty:
        facts.append(("GP", ", ".join(part for part in (gp.name, gp.practice, gp.address) if part)))
    if archived_on is not None:
        facts.append(("Archived", long_date(archived_on)))
    return tuple(facts)


def _episode_section(
    patient: Patient,
    episode: Episode,
    decisions: Sequence[EscalationDecision],
    as_of: date,
    rules: RulesConfig,
) -> RecordSection:
    evaluation = evaluate_episode(patient, episode, as_of, rules)
    diagnoses = (episode.main_diagnosis, *episode.other_diagnoses)
    facts = [
        (diagnoses_heading(diagnoses), diagnoses_listed(diagnoses)),
        ("First-line care started", long_date(episode.first_line_start)),
    ]
    if episode.onset_date is not None:
        facts.append(("Symptoms since", long_date(episode.onset_date)))
    facts.append((f"Status on {long_date(as_of)}", STATUS_LABELS[evaluation.status].capitalize()))
    if episode.closed_date is not None:
        reason = f" ({episode.closed_reason})" if episode.closed_reason else ""
        facts.append(("Closed", f"{long_date(episode.closed_date)}{reason}"))
    if episode.next_appointment is not None:
        facts.append(("Next appointment", long_date(episode.next_appointment)))
    if episode.notes:
        facts.append(("Notes", episode.notes))
    return RecordSection(
        title=f"{SIDE_LABELS[episode.side].capitalize()} hip, episode {episode.ref}",
        facts=tuple(facts),
        tables=(
            _visits_table(episode.visits),
            *measures_tables(episode.visits),
            _treatments_table(episode.treatments),
            _scans_table(episode.scans),
            _decisions_table(decisions),
        ),
    )


def _visits_table(visits: Sequence[Visit]) -> RecordTable:
    return RecordTable(
        title="Visits",
        header=("Date", "Pain", "Night pain", "VISA-G", "GROC", "Temp. °C", "Red flags", "Notes"),
        fractions=(0.14, 0.06, 0.08, 0.08, 0.07, 0.08, 0.19, 0.30),
        rows=tuple(
            (
                long_date(visit.date),
                str(visit.pain_nrs),
                _optional(visit.night_pain_nrs),
                _optional(visit.visa_g),
                NONE if visit.groc is None else f"{visit.groc:+d}" if visit.groc else "0",
                NONE if visit.temperature_c is None else format_number(visit.temperature_c),
                ", ".join(sorted(RED_FLAG_LABELS[flag] for flag in visit.red_flags)) or "none",
                visit.notes or "",
            )
            for visit in visits
        ),
        empty="No visits recorded.",
    )


def _treatments_table(treatments: Sequence[Treatment]) -> RecordTable:
    return RecordTable(
        title="Treatments",
        header=("Treatment", "Line", "From", "To", "Detail"),
        fractions=(0.22, 0.08, 0.14, 0.14, 0.42),
        rows=tuple(
            (
                TREATMENT_LABELS[treatment.kind],
                "second" if treatment.kind.second_line else "first",
                long_date(treatment.start),
                NONE if treatment.end is None else long_date(treatment.end),
                treatment.detail or "",
            )
            for treatment in treatments
        ),
        empty="No treatments recorded.",
    )


def _scans_table(scans: Sequence[Scan]) -> RecordTable:
    return RecordTable(
        title="Scans",
        header=("Date", "Modality", "Findings", "Report"),
        fractions=(0.14, 0.12, 0.46, 0.28),
        rows=tuple(
            (
                long_date(scan.date),
                MODALITY_LABELS[scan.modality].capitalize(),
                "; ".join(_finding_text(f) for f in scan.findings) or "no findings recorded",
                scan.report or "",
            )
            for scan in scans
        ),
        empty="No scans recorded.",
    )


def _finding_text(finding: Finding) -> str:
    kind = LESION_KIND_LABELS[finding.kind]
    if finding.possible:
        kind = f"possible {kind}"
    where = f", {finding.site}" if finding.site else ""
    if finding.dims_mm is not None and finding.volume_mm3 is not None:
        size = " × ".join(format_number(d) for d in finding.dims_mm)
        measured = f"{size} mm, {format_volume_ml(finding.volume_mm3)}"
    elif finding.visibility is Visibility.NOT_VISUALISED:
        measured = "not visualised"
    else:
        measured = "seen, not measured"
    return f"{finding.lesion} ({kind}{where}): {measured}"


def _decisions_table(decisions: Sequence[EscalationDecision]) -> RecordTable:
    return RecordTable(
        title="Decisions",
        header=("Date", "Decision", "By", "Detail"),
        fractions=(0.14, 0.22, 0.16, 0.48),
        rows=tuple(
            (
                long_date(decision.decided_on),
                DECISION_LABELS[decision.kind],
                decision.clinician,
                "; ".join(decision_details(decision)),
            )
            for decision in decisions
        ),
        empty="No decisions recorded.",
    )


def _documents_table(documents: Sequence[DocumentInfo]) -> RecordTable:
    return RecordTable(
        title="Documents issued",
        header=("Date", "Document", "To", "Status"),
        fractions=(0.14, 0.36, 0.34, 0.16),
        rows=tuple(
            (
                long_date(info.document_date),
                DOCUMENT_KIND_NAMES[info.kind],
                (info.recipient or "").splitlines()[0] if info.recipient else "",
                info.status.value,
            )
            for info in sorted(documents, key=lambda d: (d.document_date, d.id))
        ),
        empty="No documents issued.",
    )


def _optional(value: int | None) -> str:
    return NONE if value is None else str(value)
