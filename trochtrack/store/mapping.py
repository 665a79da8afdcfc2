"""Row <-> domain conversion for the clinical record. Only the store sees rows."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.features import FEATURE_NAMES, Features, feature_json
from trochtrack.domain.model import (
    Episode,
    Finding,
    GeneralPractitioner,
    Patient,
    Scan,
    Treatment,
    Visit,
)
from trochtrack.domain.search import search_key
from trochtrack.domain.values import is_reading_stored_records, reading_stored_records
from trochtrack.domain.vocabulary import (
    Diagnosis,
    LesionKind,
    Modality,
    RedFlag,
    Sex,
    Side,
    TreatmentKind,
    Visibility,
)
from trochtrack.store.measures_mapping import (
    FormValues,
    apply_outcomes,
    apply_questionnaires,
    forms_of_row,
    outcomes_from_values,
    questionnaires_from_values,
)
from trochtrack.store.models import (
    EpisodeRow,
    LesionRow,
    MeasurementRow,
    OtherDiagnosisRow,
    PatientRow,
    ScanRow,
    TreatmentRow,
    VisitRedFlagRow,
    VisitRow,
)

# A characteristic a case file wrote as null is kept among the finding's explicit nulls.
_FEATURE_NULL = "features."

_F = TypeVar("_F", bound=Callable[..., Any])


def as_stored(build: _F) -> _F:
    """Build domain objects from rows as stored records (see reading_stored_records)."""

    @functools.wraps(build)
    def reading(*args: Any, **kwargs: Any) -> Any:
        if is_reading_stored_records():  # a bulk read opened it once for every row
            return build(*args, **kwargs)
        with reading_stored_records():
            return build(*args, **kwargs)

    return cast(_F, reading)


def encode_keys(keys: frozenset[str]) -> str:
    return ",".join(sorted(keys))


def decode_keys(text: str) -> frozenset[str]:
    if not text:  # most rows: no key, and no generator made for it
        return _NO_KEYS
    return frozenset(key for key in text.split(",") if key)


_NO_KEYS: frozenset[str] = frozenset()


@as_stored
def patient_from_row(row: Any) -> Patient:
    """A patient from an ORM or Core row of the patient table."""
    gp = None
    if row.has_gp:
        gp = GeneralPractitioner(
            name=row.gp_name,
            practice=row.gp_practice,
            address=row.gp_address,
            explicit_nulls=decode_keys(row.gp_explicit_nulls),
        )
    return Patient(
        id=row.id,
        ref=row.ref,
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        sex=Sex(row.sex),
        gp=gp,
        phone=row.phone,
        email=row.email,
        address=row.address,
        explicit_nulls=decode_keys(row.explicit_nulls),
    )


def apply_patient(patient: Patient, row: PatientRow) -> None:
    row.ref = patient.ref
    row.given_name = patient.given_name
    row.family_name = patient.family_name
    row.date_of_birth = patient.date_of_birth
    row.sex = patient.sex.value
    row.phone = patient.phone
    row.email = patient.email
    row.address = patient.address
    row.has_gp = patient.gp is not None
    gp = patient.gp or GeneralPractitioner()
    row.gp_name = gp.name
    row.gp_practice = gp.practice
    row.gp_address = gp.address
    row.gp_explicit_nulls = encode_keys(gp.explicit_nulls)
    row.explicit_nulls = encode_keys(patient.explicit_nulls)
    row.search_key = search_key(patient)


@as_stored
def episode_from_row(row: EpisodeRow) -> Episode:
    return episode_from_values(
        row,
        visits=tuple(visit_from_row(v) for v in row.visits),
        treatments=tuple(treatment_from_row(t) for t in row.treatments),
        scans=tuple(scan_from_row(s) for s in row.scans),
        other_diagnoses=tuple(other_diagnosis_from_row(d) for d in row.other_diagnoses),
    )


@as_stored
def other_diagnosis_from_row(row: Any) -> WorkingDiagnosis:
    """A working diagnosis from an ORM or Core row of the other_diagnosis table."""
    return WorkingDiagnosis(
        diagnosis=Diagnosis(row.diagnosis),
        since=row.since,
        possible=row.possible,
        explicit_nulls=decode_keys(row.explicit_nulls),
    )


@as_stored
def episode_from_values(
    row: Any,
    *,
    visits: tuple[Visit, ...],
    treatments: tuple[Treatment, ...],
    scans: tuple[Scan, ...],
    other_diagnoses: tuple[WorkingDiagnosis, ...],
) -> Episode:
    """An episode from an ORM row or a Core row of the episode table, with its records."""
    return Episode(
        id=row.id,
        ref=row.ref,
        side=Side(row.side),
        diagnosis=Diagnosis(row.diagnosis),
        diagnosis_since=row.diagnosis_since,
        other_diagnoses=other_diagnoses,
        onset_date=row.onset_date,
        first_line_start=row.first_line_start,
        closed_date=row.closed_date,
        closed_reason=row.closed_reason,
        notes=row.notes,
        next_appointment=row.next_appointment,
        visits=visits,
        treatments=treatments,
        scans=scans,
        explicit_nulls=decode_keys(row.explicit_nulls),
    )


def apply_episode_header(episode: Episode, row: EpisodeRow) -> None:
    """Copy the episode's own fields (not its visits, treatments or scans)."""
    row.ref = episode.ref
    row.side = episode.side.value
    row.diagnosis = episode.diagnosis.value
    row.diagnosis_since = episode.diagnosis_since
    _apply_other_diagnoses(episode.other_diagnoses, row)
    row.onset_date = episode.onset_date
    row.first_line_start = episode.first_line_start
    row.closed_date = episode.closed_date
    row.closed_reason = episode.closed_reason
    row.notes = episode.notes
    row.next_appointment = episode.next_appointment
    row.explicit_nulls = encode_keys(episode.explicit_nulls)


def _apply_other_diagnoses(others: tuple[WorkingDiagnosis, ...], row: EpisodeRow) -> None:
    """Rewrite the rows in place by position, adding or dropping the difference."""
    rows = row.other_diagnoses
    del rows[len(others) :]
    for position, other in enumerate(others):
        if position == len(rows):
            rows.append(OtherDiagnosisRow(position=position))
        rows[position].diagnosis = other.diagnosis.value
        rows[position].since = other.since
        rows[position].possible = other.possible
        rows[position].explicit_nulls = encode_keys(other.explicit_nulls)


@as_stored
def visit_from_row(row: VisitRow) -> Visit:
    return visit_from_values(row, [flag.flag for flag in row.red_flags], forms_of_row(row))


@as_stored
def visit_from_values(row: Any, flags: Iterable[str], forms: Iterable[FormValues] = ()) -> Visit:
    """A visit from an ORM or Core row of the visit table, its red flags and its forms."""
    return Visit(
        id=row.id,
        date=row.visit_date,
        pain_nrs=row.pain_nrs,
        night_pain_nrs=row.night_pain_nrs,
        visa_g=row.visa_g,
        groc=row.groc,
        temperature_c=row.temperature_c,
        red_flags=frozenset(map(RedFlag, flags)),
        notes=row.notes,
        clinician=row.clinician,
        outcomes=outcomes_from_values(row),
        questionnaires=questionnaires_from_values(forms),
        explicit_nulls=decode_keys(row.explicit_nulls),
    )


def apply_visit(visit: Visit, row: VisitRow) -> None:
    row.visit_date = visit.date
    row.pain_nrs = visit.pain_nrs
    row.night_pain_nrs = visit.night_pain_nrs
    row.visa_g = visit.visa_g
    row.groc = visit.groc
    row.temperature_c = visit.temperature_c
    row.notes = visit.notes
    row.clinician = visit.clinician
    apply_outcomes(visit.outcomes, row)
    apply_questionnaires(visit.questionnaires, row)
    row.explicit_nulls = encode_keys(visit.explicit_nulls)
    wanted = {flag.value for flag in visit.red_flags}
    row.red_flags = [flag for flag in row.red_flags if flag.flag in wanted]
    present = {flag.flag for flag in row.red_flags}
    row.red_flags.extend(VisitRedFlagRow(flag=value) for value in sorted(wanted - present))


@as_stored
def treatment_from_row(row: Any) -> Treatment:
    """A treatment from an ORM or Core row of the treatment table."""
    return Treatment(
        id=row.id,
        kind=TreatmentKind(row.kind),
        start=row.start_date,
        end=row.end_date,
        detail=row.detail,
        explicit_nulls=decode_keys(row.explicit_nulls),
    )


def apply_treatment(treatment: Treatment, row: TreatmentRow) -> None:
    row.kind = treatment.kind.value
    row.start_date = treatment.start
    row.end_date = treatment.end
    row.detail = treatment.detail
    row.explicit_nulls = encode_keys(treatment.explicit_nulls)


@as_stored
def scan_from_row(row: ScanRow) -> Scan:
    return scan_from_values(row, tuple(finding_from_row(m) for m in row.measurements))


@as_stored
def scan_from_values(row: Any, findings: tuple[Finding, ...]) -> Scan:
    """A scan from an ORM or Core row of the scan table and its findings."""
    return Scan(
        id=row.id,
        date=row.scan_date,
        modality=Modality(row.modality),
        report=row.report,
        findings=findings,
        explicit_nulls=decode_keys(row.explicit_nulls),
    )


@as_stored
def finding_from_row(row: MeasurementRow) -> Finding:
    return finding_from_values(row, row.lesion.lesion_key, row.lesion.kind)


@as_stored
def finding_from_values(row: Any, lesion_key: str, lesion_kind: str) -> Finding:
    """A finding from an ORM or Core row of the measurement table and its lesion."""
    dims = None
    if row.dim_1_mm is not None and row.dim_2_mm is not None and row.dim_3_mm is not None:
        dims = (row.dim_1_mm, row.dim_2_mm, row.dim_3_mm)
    nulls = decode_keys(row.explicit_nulls)
    features = None
    if row.has_features:
        features = Features.from_values(
            {
                name: getattr(row, f"feature_{name}")
                for name in FEATURE_NAMES
                if getattr(row, f"feature_{name}") is not None
            },
            frozenset(
                key.removeprefix(_FEATURE_NULL) for key in nulls if key.startswith(_FEATURE_NULL)
            ),
        )
    return Finding(
        lesion=lesion_key,
        kind=LesionKind(lesion_kind),
        site=row.site,
        visibility=Visibility(row.visibility),
        dims_mm=dims,
        features=features,
        possible=None if row.possible is None else bool(row.possible),
        explicit_nulls=frozenset(key for key in nulls if not key.startswith(_FEATURE_NULL)),
    )


def apply_features(features: Features | None, row: MeasurementRow) -> None:
    """Copy a finding's characteristics into its measurement row."""
    row.has_features = features is not None
    for name in FEATURE_NAMES:
        value = None if features is None else features.value(name)
        setattr(row, f"feature_{name}", None if value is None else feature_json(value))


def apply_scan(scan: Scan, row: ScanRow, lesions: dict[str, LesionRow]) -> None:
    """Copy a scan and its findings; ``lesions`` maps the episode's lesion keys to rows.

    A finding for a lesion not yet in ``lesions`` creates it (and adds it to the map).
    """
    row.scan_date = scan.date
    row.modality = scan.modality.value
    row.report = scan.report
    row.explicit_nulls = encode_keys(scan.explicit_nulls)
    existing = {m.lesion.lesion_key: m for m in row.measurements}
    measurements: list[MeasurementRow] = []
    for finding in scan.findings:
        lesion = lesions.get(finding.lesion)
        if lesion is None:
            lesion = LesionRow(
                lesion_key=finding.lesion, kind=finding.kind.value, site=finding.site
            )
            lesions[finding.lesion] = lesion
        elif lesion.site is None and finding.site is not None:
            lesion.site = finding.site
        measurement = existing.get(finding.lesion) or MeasurementRow(lesion=lesion)
        measurement.visibility = finding.visibility.value
        dims = finding.dims_mm or (None, None, None)
        measurement.dim_1_mm, measurement.dim_2_mm, measurement.dim_3_mm = dims
        measurement.site = finding.site
        apply_features(finding.features, measurement)
        measurement.possible = finding.possible
        feature_nulls = frozenset() if finding.features is None else finding.features.explicit_nulls
        measurement.explicit_nulls = encode_keys(
            finding.explicit_nulls | {f"{_FEATURE_NULL}{key}" for key in feature_nulls}
        )
        measurements.append(measurement)
    row.measurements = measurements
