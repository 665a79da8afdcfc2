"""A synthetic clinic: 10,000 patients, about 100,000 visits and 30,000 scans.

Rows are written with SQLAlchemy Core into the app's own tables (faster than the ORM and
the audit trail, which are not what is measured); the records are valid for the rules.
Courses follow the trials' proportions: about three in four patients improve with
first-line care (LEAP: 77 % at 8 weeks), about one in five does not, a few get worse;
red flags are rare and a few patients have had an injection.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from trochtrack.domain.vocabulary import LesionKind, RedFlag, TreatmentKind
from trochtrack.services.clinic import Clinic
from trochtrack.store.models import (
    EpisodeRow,
    LesionRow,
    MeasurementRow,
    PatientRow,
    ScanRow,
    TreatmentRow,
    VisitRedFlagRow,
    VisitRow,
)

AS_OF = date(2026, 11, 28)


def fill(clinic: Clinic, patients: int = 10_000, seed: int = 7) -> dict[str, int]:
    """Write the synthetic clinic; returns the row counts."""
    rng = random.Random(seed)
    now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    rows: dict[type, list[dict[str, object]]] = {
        table: []
        for table in (
            PatientRow,
            EpisodeRow,
            VisitRow,
            VisitRedFlagRow,
            TreatmentRow,
            ScanRow,
            LesionRow,
            MeasurementRow,
        )
    }
    visit_id = scan_id = lesion_id = 0
    for patient_id in range(1, patients + 1):
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        rows[PatientRow].append(
            {
                "id": patient_id,
                "ref": f"P-{patient_id:05d}",
                "given_name": f"Given{patient_id}",
                "family_name": f"Family{patient_id % 997}",
                "search_key": f"p-{patient_id:05d}",
                "date_of_birth": born,
                "sex": "female" if patient_id % 2 else "male",
                "has_gp": False,
                "gp_explicit_nulls": "",
                "explicit_nulls": "",
                "created_at": now,
                "updated_at": now,
            }
        )
        start = AS_OF - timedelta(days=rng.randrange(7, 200))
        closed = start + timedelta(days=150) if rng.random() < 0.1 else None
        rows[EpisodeRow].append(
            {
                "id": patient_id,
                "patient_id": patient_id,
                "ref": "E1",
                "side": rng.choice(["left", "right"]),
                "diagnosis": "gtps",
                "first_line_start": start,
                "closed_date": closed if closed and closed <= AS_OF else None,
                "explicit_nulls": "",
                "data_version": 1,
            }
        )
        baseline = rng.randrange(4, 9)
        course = rng.random()
        weekly_change = -0.5 if course < 0.75 else (0.4 if course > 0.95 else 0.0)
        for number in range(10):
            visit_id += 1
            day = start + timedelta(days=number * 7 - 7)
            pain = round(baseline + weekly_change * number + rng.uniform(-0.6, 0.6))
            groc = (
                0 if number == 0 else (3 if weekly_change < 0 else (-2 if weekly_change > 0 else 1))
            )
            rows[VisitRow].append(
                {
                    "id": visit_id,
                    "episode_id": patient_id,
                    "visit_date": min(day, AS_OF),
                    "pain_nrs": max(0, min(10, pain)),
                    "visa_g": max(0, min(100, 55 - round(weekly_change * 4 * number))),
                    "groc": groc,
                    "explicit_nulls": "",
                }
            )
            if rng.random() < 0.002:
                rows[VisitRedFlagRow].append(
                    {"visit_id": visit_id, "flag": rng.choice(list(RedFlag)).value}
                )
        if rng.random() < 0.05:
            rows[TreatmentRow].append(
                {
                    "episode_id": patient_id,
                    "kind": TreatmentKind.CORTICOSTEROID_INJECTION.value,
                    "start_date": min(start + timedelta(days=50), AS_OF),
                    "explicit_nulls": "",
                }
            )
        for kind in (TreatmentKind.EDUCATION, TreatmentKind.EXERCISE_PROGRAM):
            rows[TreatmentRow].append(
                {
                    "episode_id": patient_id,
                    "kind": kind.value,
                    "start_date": start,
                    "explicit_nulls": "",
                }
            )
        lesion_id += 1
        rows[LesionRow].append(
            {
                "id": lesion_id,
                "episode_id": patient_id,
                "lesion_key": "bursa-1",
                "kind": LesionKind.ADVENTITIAL_BURSA.value,
            }
        )
        for number in range(3):
            scan_id += 1
            rows[ScanRow].append(
                {
                    "id": scan_id,
                    "episode_id": patient_id,
                    "scan_date": min(start + timedelta(days=number * 30 - 10), AS_OF),
                    "modality": "US",
                    "explicit_nulls": "",
                }
            )
            rows[MeasurementRow].append(
                {
                    "scan_id": scan_id,
                    "lesion_id": lesion_id,
                    "visibility": "measured",
                    "dim_1_mm": rng.uniform(10, 30),
                    "dim_2_mm": rng.uniform(3, 9),
                    "dim_3_mm": rng.uniform(10, 25),
                    "explicit_nulls": "",
                }
            )
    with clinic.database.engine.begin() as connection:
        for table, values in rows.items():
            connection.execute(sa.insert(table), values)
    return {table.__tablename__: len(values) for table, values in rows.items()}
