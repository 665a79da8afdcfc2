"""Reading many episodes at once for evaluation, with plain SQL queries.

The due list evaluates every episode of a clinic when the rules change or on first use.
Loading them through the ORM (identity map, relationship loaders) cost several times the
evaluation itself; here seven queries per batch read the same rows and the records are
built directly, with the same conversions as the ORM path (:mod:`.mapping`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.model import Episode, Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.values import reading_stored_records
from trochtrack.store.mapping import (
    episode_from_values,
    finding_from_values,
    other_diagnosis_from_row,
    patient_from_row,
    scan_from_values,
    treatment_from_row,
    visit_from_values,
)
from trochtrack.store.measures_mapping import FormValues
from trochtrack.store.models import (
    EpisodeRow,
    LesionRow,
    MeasurementRow,
    OtherDiagnosisRow,
    PatientRow,
    QuestionnaireAnswerRow,
    QuestionnaireRow,
    ScanRow,
    TreatmentRow,
    VisitRedFlagRow,
    VisitRow,
)

# Rows per IN (...) list: well under SQLite's limit on bound parameters.
BATCH = 2_000


def load_episodes(
    connection: sa.Connection, episode_ids: Sequence[int]
) -> dict[int, tuple[Patient, Episode]]:
    """Episodes by id, each with its patient and everything recorded in it."""
    loaded: dict[int, tuple[Patient, Episode]] = {}
    with reading_stored_records():
        for start in range(0, len(episode_ids), BATCH):
            loaded.update(_load_batch(connection, list(episode_ids[start : start + BATCH])))
    return loaded


def _load_batch(
    connection: sa.Connection, episode_ids: list[int]
) -> dict[int, tuple[Patient, Episode]]:
    episode_rows = connection.execute(
        sa.select(EpisodeRow.__table__).where(EpisodeRow.id.in_(episode_ids))
    ).all()
    patients = _patients_by_id(connection, sorted({row.patient_id for row in episode_rows}))
    visits = _visits_by_episode(connection, episode_ids)
    treatments = _treatments_by_episode(connection, episode_ids)
    scans = _scans_by_episode(connection, episode_ids)
    others = _other_diagnoses_by_episode(connection, episode_ids)
    return {
        row.id: (
            patients[row.patient_id],
            episode_from_values(
                row,
                visits=tuple(visits.get(row.id, ())),
                treatments=tuple(treatments.get(row.id, ())),
                scans=tuple(scans.get(row.id, ())),
                other_diagnoses=tuple(others.get(row.id, ())),
            ),
        )
        for row in episode_rows
    }


def _patients_by_id(connection: sa.Connection, patient_ids: list[int]) -> dict[int, Patient]:
    return {
        row.id: patient_from_row(row)
        for row in connection.execute(
            sa.select(PatientRow.__table__).where(PatientRow.id.in_(patient_ids))
        )
    }


def _visits_by_episode(connection: sa.Connection, episode_ids: list[int]) -> dict[int, list[Visit]]:
    """Each episode's visits in date order, with their red flags."""
    flags: dict[int, list[str]] = defaultdict(list)
    for visit_id, flag in connection.execute(
        sa.select(VisitRedFlagRow.visit_id, VisitRedFlagRow.flag)
        .join(VisitRow, VisitRow.id == VisitRedFlagRow.visit_id)
        .where(VisitRow.episode_id.in_(episode_ids))
    ):
        flags[visit_id].append(flag)
    forms = _forms_by_visit(connection, episode_ids)
    visits: dict[int, list[Visit]] = defaultdict(list)
    for row in connection.execute(
        sa.select(VisitRow.__table__)
        .where(VisitRow.episode_id.in_(episode_ids))
        .order_by(VisitRow.visit_date, VisitRow.id)
    ):
        visits[row.episode_id].append(
            visit_from_values(row, flags.get(row.id, ()), forms.get(row.id, ()))
        )
    return visits


def _forms_by_visit(
    connection: sa.Connection, episode_ids: list[int]
) -> dict[int, list[FormValues]]:
    """Each visit's questionnaires with their answers in item order."""
    answers: dict[int, list[tuple[str, int | None, str | None]]] = defaultdict(list)
    codes: dict[int, tuple[int, str]] = {}
    for form_id, visit_id, code, item, score, activity in connection.execute(
        sa.select(
            QuestionnaireRow.id,
            QuestionnaireRow.visit_id,
            QuestionnaireRow.instrument,
            QuestionnaireAnswerRow.item,
            QuestionnaireAnswerRow.score,
            QuestionnaireAnswerRow.activity,
        )
        .join(VisitRow, VisitRow.id == QuestionnaireRow.visit_id)
        .outerjoin(
            QuestionnaireAnswerRow, QuestionnaireAnswerRow.questionnaire_id == QuestionnaireRow.id
        )
        .where(VisitRow.episode_id.in_(episode_ids))
        .order_by(QuestionnaireRow.id, QuestionnaireAnswerRow.position)
    ):
        codes[form_id] = (visit_id, code)
        if item is not None:
            answers[form_id].append((item, score, activity))
    forms: dict[int, list[FormValues]] = defaultdict(list)
    for form_id, (visit_id, code) in codes.items():
        forms[visit_id].append((code, answers.get(form_id, [])))
    return forms


def _other_diagnoses_by_episode(
    connection: sa.Connection, episode_ids: list[int]
) -> dict[int, list[WorkingDiagnosis]]:
    others: dict[int, list[WorkingDiagnosis]] = defaultdict(list)
    for row in connection.execute(
        sa.select(OtherDiagnosisRow.__table__)
        .where(OtherDiagnosisRow.episode_id.in_(episode_ids))
        .order_by(OtherDiagnosisRow.episode_id, OtherDiagnosisRow.position)
    ):
        others[row.episode_id].append(other_diagnosis_from_row(row))
    return others


def _treatments_by_episode(
    connection: sa.Connection, episode_ids: list[int]
) -> dict[int, list[Treatment]]:
    treatments: dict[int, list[Treatment]] = defaultdict(list)
    for row in connection.execute(
        sa.select(TreatmentRow.__table__)
        .where(TreatmentRow.episode_id.in_(episode_ids))
        .order_by(TreatmentRow.start_date, TreatmentRow.id)
    ):
        treatments[row.episode_id].append(treatment_from_row(row))
    return treatments


def _scans_by_episode(connection: sa.Connection, episode_ids: list[int]) -> dict[int, list[Scan]]:
    """Each episode's scans in date order, with the findings measured on them."""
    findings: dict[int, list[Finding]] = defaultdict(list)
    for row in connection.execute(
        sa.select(
            MeasurementRow.__table__,
            LesionRow.lesion_key,
            LesionRow.kind.label("lesion_kind"),
        )
        .join(LesionRow, LesionRow.id == MeasurementRow.lesion_id)
        .where(LesionRow.episode_id.in_(episode_ids))
        .order_by(MeasurementRow.id)
    ):
        findings[row.scan_id].append(finding_from_values(row, row.lesion_key, row.lesion_kind))
    scans: dict[int, list[Scan]] = defaultdict(list)
    for row in connection.execute(
        sa.select(ScanRow.__table__)
        .where(ScanRow.episode_id.in_(episode_ids))
        .order_by(ScanRow.scan_date, ScanRow.id)
    ):
        scans[row.episode_id].append(scan_from_values(row, tuple(findings.get(row.id, ()))))
    return scans
