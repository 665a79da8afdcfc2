"""Domain records for tests: a valid default for every required field, overridable by name.

A test names only the fields it is about (``make_patient(ref="P-9")``); everything else
is a plausible patient or episode, the same in every test that does not care.
"""

from __future__ import annotations

from datetime import date

from trochtrack.domain.model import Episode, Patient, Scan, Treatment, Visit
from trochtrack.domain.vocabulary import Diagnosis, Sex, Side


def make_patient(
    *,
    ref: str = "P-1",
    given_name: str = "Ann",
    family_name: str = "Lee",
    date_of_birth: date = date(1960, 1, 1),
    sex: Sex = Sex.FEMALE,
) -> Patient:
    """A patient with nothing optional recorded (no GP, no contact details)."""
    return Patient(
        ref=ref,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
    )


def make_episode(
    *,
    first_line_start: date,
    ref: str = "E1",
    side: Side = Side.LEFT,
    diagnosis: Diagnosis = Diagnosis.GTPS,
    closed_date: date | None = None,
    visits: tuple[Visit, ...] = (),
    treatments: tuple[Treatment, ...] = (),
    scans: tuple[Scan, ...] = (),
) -> Episode:
    """An episode; unless told otherwise, of GTPS on the left, open, with no records yet."""
    return Episode(
        ref=ref,
        side=side,
        diagnosis=diagnosis,
        first_line_start=first_line_start,
        closed_date=closed_date,
        visits=visits,
        treatments=treatments,
        scans=scans,
    )
