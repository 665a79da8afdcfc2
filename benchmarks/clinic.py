"""A synthetic clinic of any size: by default 10,000 patients, 100,000 visits, 30,000 scans.

Rows are written straight into the app's tables (faster than the ORM and the audit trail,
which are not what is measured); the records are valid for the rules. Courses follow the
trials' proportions: about three in four patients improve with first-line care (LEAP:
77 % at 8 weeks), about one in five does not, a few get worse; red flags are rare, a few
patients have had an injection, and about one in fifty is archived.

Names mix the spellings a clinic meets (accents, apostrophes, hyphens, particles), so a
search for "o'brien" or "muller" is measured on realistic keys. One patient in 2,000 (at
least three) is followed for two years: 200 visits and 40 scans of two lesions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from benchmarks import adapter

AS_OF = date(2026, 11, 28)
# Part of the cache key: change it whenever the generator writes different rows.
GENERATOR_VERSION = 3  # 3: search keys without punctuation (revision 0010)
TYPICAL_VISITS = 10
TYPICAL_SCANS = 3
LARGE_VISITS = 200
LARGE_SCANS = 40
PATIENTS_PER_LARGE = 2000
MIN_LARGE = 3
# The typical patients whose refs are kept (the measures open these in turn).
NAMED_TYPICAL = 50

GIVEN_NAMES = (
    "Margaret", "John", "Zoë", "José", "Siobhán", "Łukasz", "Søren", "Chloé", "Björn",
    "Aoife", "Ana-María", "Jean-Luc", "Mohammed", "Fatima", "Priya", "Wei", "Olga",
    "Dolores", "Ngozi", "Kwame", "Anne-Marie", "Mary", "David", "Sarah", "Peter",
    "Élodie", "François", "Inés", "Núria", "Grainne", "Seán", "Agnieszka", "Jürgen",
    "Renée", "Hélène", "Ioana", "Yusuf", "Aarav", "Mei", "Hannah", "Thomas", "Emily",
    "Oluwaseun", "Dagný", "Ærin", "Bartholomew", "Eilidh", "Iñigo", "Zofia", "Mārtiņš",
)  # fmt: skip
FAMILY_NAMES = (
    "O'Brien", "O'Neill", "D'Angelo", "McDonald", "MacGregor", "Smith", "Jones",
    "Smith-Jones", "García", "García López", "Müller", "Núñez", "Łukasiewicz",
    "Øvergaard", "van der Berg", "De la Cruz", "Šimić", "Dvořák", "Ferreira", "Nakamura",
    "Kowalska", "Brontë", "Le Bihan", "Ní Bhriain", "Williams", "Brown", "Taylor",
    "Patel", "Khan", "Nguyen", "Okafor", "Mensah", "Rossi", "Bianchi", "Lefèvre",
    "Dubois", "Schäfer", "Johansson", "Ødegård", "Papadopoulos", "Yılmaz", "Çelik",
    "Ó Súilleabháin", "Fitzgerald", "Wójcik", "Håkansson", "Andersen", "Evans",
    "Thomas", "Hughes", "Murphy", "Kelly", "Chen", "Wang", "Singh", "Silva", "Santos",
    "Kim", "Park", "Ahmed", "Ali", "Hassan", "Costa", "Moreau", "Fournier", "Novak",
)  # fmt: skip
PRACTICES = ("Riverside Medical Centre", "Hillview Surgery", "Old Mill Practice", "St Anne's")


@dataclass
class ClinicFacts:
    """What the generator made, for the measures to pick their patients from."""

    patients: int
    rows: dict[str, int] = field(default_factory=dict)
    typical: list[int] = field(default_factory=list)
    """Patients with one open episode of 10 visits and 3 scans, no red flag, not archived."""
    large: list[int] = field(default_factory=list)
    """Patients with 200 visits and 40 scans (no red flag, not archived)."""
    refs: dict[int, str] = field(default_factory=dict)
    """The ref of every typical and large patient."""


@dataclass
class _Builder:
    rng: random.Random
    now: datetime
    rows: dict[str, list[dict[str, object]]] = field(
        default_factory=lambda: {table: [] for table in adapter.TABLES}
    )
    visit_id: int = 0
    scan_id: int = 0
    lesion_id: int = 0
    treatment_id: int = 0

    def patient(self, patient_id: int, archived: bool) -> None:
        rng = self.rng
        given = rng.choice(GIVEN_NAMES)
        family = rng.choice(FAMILY_NAMES)
        if rng.random() < 0.08:
            family = f"{family}-{rng.choice(FAMILY_NAMES)}"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        ref = f"P-{patient_id:05d}"
        sex = "female" if rng.random() < 0.7 else "male"
        key = adapter.search_key(
            ref=ref, given_name=given, family_name=family, date_of_birth=born, sex=sex
        )
        self.rows["patient"].append(
            {
                "id": patient_id,
                "ref": ref,
                "given_name": given,
                "family_name": family,
                "search_key": key,
                "date_of_birth": born,
                "sex": sex,
                "gp_name": f"Dr {rng.choice(GIVEN_NAMES)[0]}. {rng.choice(FAMILY_NAMES)}",
                "gp_practice": rng.choice(PRACTICES),
                "gp_address": f"{rng.randrange(1, 200)} High Street\nNorthtown NT{patient_id % 9}",
                "has_gp": True,
                "gp_explicit_nulls": "",
                "explicit_nulls": "",
                "archived_on": AS_OF - timedelta(days=30) if archived else None,
                "created_at": self.now,
                "updated_at": self.now,
            }
        )

    def episode(self, patient_id: int, start: date, closed: date | None) -> None:
        self.rows["episode"].append(
            {
                "id": patient_id,
                "patient_id": patient_id,
                "ref": "E1",
                "side": self.rng.choice(["left", "right"]),
                "diagnosis": "gtps",
                "first_line_start": start,
                "closed_date": closed,
                "explicit_nulls": "",
                "data_version": 1,
            }
        )

    def visits(self, episode_id: int, start: date, count: int, every_days: int) -> bool:
        """The episode's visits; whether any of them recorded a red flag."""
        rng = self.rng
        baseline = rng.randrange(4, 9)
        course = rng.random()
        weekly_change = -0.5 if course < 0.75 else (0.4 if course > 0.95 else 0.0)
        red_flag = False
        for number in range(count):
            self.visit_id += 1
            weeks = number * every_days / 7
            day = min(start + timedelta(days=number * every_days - 7), AS_OF)
            pain = round(baseline + weekly_change * min(weeks, 12) + rng.uniform(-0.6, 0.6))
            groc = 0 if number == 0 else (3 if weekly_change < 0 else (-2 if weekly_change else 1))
            self.rows["visit"].append(
                {
                    "id": self.visit_id,
                    "episode_id": episode_id,
                    "visit_date": day,
                    "pain_nrs": max(0, min(10, pain)),
                    "night_pain_nrs": max(0, min(10, pain - rng.randrange(0, 3))),
                    "visa_g": max(0, min(100, 55 - round(weekly_change * 4 * min(weeks, 12)))),
                    "groc": groc,
                    "explicit_nulls": "",
                }
            )
            if count == TYPICAL_VISITS and rng.random() < 0.002:
                red_flag = True
                self.rows["visit_red_flag"].append(
                    {"visit_id": self.visit_id, "flag": rng.choice(list(adapter.RedFlag)).value}
                )
        return red_flag

    def treatments(self, episode_id: int, start: date) -> None:
        kinds = [adapter.TreatmentKind.EDUCATION, adapter.TreatmentKind.EXERCISE_PROGRAM]
        for kind in kinds:
            self._treatment(episode_id, kind, start)
        if self.rng.random() < 0.05:
            injection = min(start + timedelta(days=50), AS_OF)
            self._treatment(episode_id, adapter.TreatmentKind.CORTICOSTEROID_INJECTION, injection)

    def _treatment(self, episode_id: int, kind: adapter.TreatmentKind, start: date) -> None:
        self.treatment_id += 1
        self.rows["treatment"].append(
            {
                "id": self.treatment_id,
                "episode_id": episode_id,
                "kind": kind.value,
                "start_date": start,
                "explicit_nulls": "",
            }
        )

    def scans(self, episode_id: int, start: date, count: int, lesions: int) -> None:
        rng = self.rng
        lesion_ids = []
        for number in range(lesions):
            self.lesion_id += 1
            lesion_ids.append(self.lesion_id)
            self.rows["lesion"].append(
                {
                    "id": self.lesion_id,
                    "episode_id": episode_id,
                    "lesion_key": f"bursa-{number + 1}",
                    "kind": adapter.LesionKind.ADVENTITIAL_BURSA.value,
                }
            )
        every_days = 30 if count == TYPICAL_SCANS else 15
        for number in range(count):
            self.scan_id += 1
            self.rows["scan"].append(
                {
                    "id": self.scan_id,
                    "episode_id": episode_id,
                    "scan_date": min(start + timedelta(days=number * every_days - 10), AS_OF),
                    "modality": "US",
                    "explicit_nulls": "",
                }
            )
            for lesion_id in lesion_ids:
                self.rows["measurement"].append(
                    {
                        "scan_id": self.scan_id,
                        "lesion_id": lesion_id,
                        "visibility": "measured",
                        "dim_1_mm": rng.uniform(10, 30),
                        "dim_2_mm": rng.uniform(3, 9),
                        "dim_3_mm": rng.uniform(10, 25),
                        "explicit_nulls": "",
                    }
                )


def large_patient_ids(patients: int) -> list[int]:
    """Which patients get the long follow-up (spread over the clinic)."""
    count = max(MIN_LARGE, patients // PATIENTS_PER_LARGE)
    step = patients // count
    return [step * number + step // 2 for number in range(count)]


def fill(clinic: adapter.Clinic, patients: int = 10_000, seed: int = 7) -> ClinicFacts:
    """Write the synthetic clinic into ``clinic``; says what it made."""
    builder = _Builder(random.Random(seed), datetime.combine(AS_OF, datetime.min.time(), UTC))
    rng = builder.rng
    facts = ClinicFacts(patients=patients)
    large = set(large_patient_ids(patients))
    for patient_id in range(1, patients + 1):
        archived = patient_id not in large and rng.random() < 0.02
        builder.patient(patient_id, archived)
        if patient_id in large:
            start = AS_OF - timedelta(days=LARGE_VISITS * 3 + 7)
            builder.episode(patient_id, start, None)
            builder.visits(patient_id, start, LARGE_VISITS, every_days=3)
            builder.scans(patient_id, start, LARGE_SCANS, lesions=2)
            facts.large.append(patient_id)
        else:
            start = AS_OF - timedelta(days=rng.randrange(7, 200))
            closed = start + timedelta(days=150) if rng.random() < 0.1 else None
            closed = closed if closed and closed <= AS_OF else None
            builder.episode(patient_id, start, closed)
            red_flag = builder.visits(patient_id, start, TYPICAL_VISITS, every_days=7)
            builder.scans(patient_id, start, TYPICAL_SCANS, lesions=1)
            if not (red_flag or archived or closed):
                facts.typical.append(patient_id)
        builder.treatments(patient_id, start)
    adapter.insert_rows(clinic, builder.rows)
    facts.rows = {table: len(values) for table, values in builder.rows.items()}
    named = large | set(facts.typical[:NAMED_TYPICAL])
    facts.refs = {
        int(str(row["id"])): str(row["ref"])
        for row in builder.rows["patient"]
        if row["id"] in named
    }
    return facts
