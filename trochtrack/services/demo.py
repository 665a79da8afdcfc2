"""Demo patients for a first look at the app: the seed case and a few others.

The seed case keeps its own dates (it is the case the project started from). The other
patients are placed relative to the day they are loaded, so the due list shows a review
due this week, an overdue decision, a red flag and a resolving calcification whatever
the date. They are case files in the package (``trochtrack/demo/demo-NN.json``) in the
case format, except that a date may be written ``"today-24"``: 24 days before the day
they are loaded. The file is read through the case format once those dates are placed,
so a demo patient is checked like any imported case.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources
from typing import Final

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.model import Case
from trochtrack.services.cases import ImportSummary, save_cases
from trochtrack.services.clinic import Clinic

DEMO_PACKAGE: Final = "trochtrack.demo"
SEED_CASE_RESOURCE: Final = (DEMO_PACKAGE, "seed-case.json")
DEMO_FILE: Final = re.compile(r"demo-\d+\.json")
# A JSON string that is a whole relative date; dates of birth are written in full.
RELATIVE_DATE: Final = re.compile(r'"today([+-]\d+)"')


def seed_case() -> Case:
    """The seed case (P-SEED), from the package's own copy."""
    package, name = SEED_CASE_RESOURCE
    return load_case_json(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def demo_cases(today: date) -> list[Case]:
    """Every demo patient, with dates placed relative to ``today``."""
    package = resources.files(DEMO_PACKAGE)
    files = sorted(
        (entry for entry in package.iterdir() if DEMO_FILE.fullmatch(entry.name)),
        key=lambda entry: entry.name,
    )
    placed = [
        load_case_json(_place_dates(entry.read_text(encoding="utf-8"), today), not_after=today)
        for entry in files
    ]
    return [seed_case(), *placed]


def load_demo(clinic: Clinic) -> list[ImportSummary]:
    """Add (or refresh) the demo patients in the clinic database."""
    return save_cases(clinic, demo_cases(clinic.today()))


def _place_dates(text: str, today: date) -> str:
    """The case file with each ``"today-N"`` (or ``"today+N"``) as the ISO date it names."""

    def iso(match: re.Match[str]) -> str:
        return f'"{(today + timedelta(days=int(match[1]))).isoformat()}"'

    return RELATIVE_DATE.sub(iso, text)
