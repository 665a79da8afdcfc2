"""Every call the benchmarks make into trochtrack, in one place.

The benchmarks drive the real app: its services, its widgets (offscreen), its CLI and
its desktop start-up. When the app's modules are renamed or reshaped, this is the one
file to adapt (with :mod:`benchmarks.desktop_adapter` for the desktop start-up); the
measures and the floors never import ``trochtrack`` themselves.
Qt is imported only by the functions that need it, so the CLI and service measures
run without it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.desktop_adapter import fixed_clock
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.model import GeneralPractitioner, Patient, Visit
from trochtrack.domain.search import search_key as _search_key
from trochtrack.domain.vocabulary import LesionKind, RedFlag, Sex, TreatmentKind
from trochtrack.paths import HOME_VARIABLE, AppPaths
from trochtrack.reports.common import CHART_DPI
from trochtrack.services import records
from trochtrack.services.cases import export_case_text, import_case_text
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.due import due_list_with_stats
from trochtrack.services.evaluation import clinic_rules
from trochtrack.services.letters import (
    DocumentRequest,
    generate_batch,
    letters_due,
    render_document,
)
from trochtrack.services.settings import update_settings
from trochtrack.store import models
from trochtrack.store.db import head_revision
from trochtrack.store.repositories import DUE_LIST_QUERY

__all__ = [
    "CHART_DPI",
    "DUE_LIST_SQL",
    "TABLES",
    "Clinic",
    "LesionKind",
    "RedFlag",
    "TreatmentKind",
    "due_entries",
    "schema_head",
]

# The due list's own query text, for the floors' bare sqlite3 connections.
DUE_LIST_SQL = str(DUE_LIST_QUERY)
# The app's tables by name, for the synthetic clinic's bulk rows (Core inserts, no ORM,
# no audit: how the rows get there is not what is measured).
TABLES: Mapping[str, Any] = {
    row.__tablename__: row
    for row in (
        models.PatientRow,
        models.EpisodeRow,
        models.VisitRow,
        models.VisitRedFlagRow,
        models.TreatmentRow,
        models.ScanRow,
        models.LesionRow,
        models.MeasurementRow,
    )
}
# The console script pip installed beside this interpreter (what a user runs).
CLI_SCRIPT = Path(sys.executable).with_name("trochtrack-cli")


def schema_head() -> str:
    """The schema revision this version of the app creates and expects."""
    return head_revision()


def paths_at(home: Path) -> AppPaths:
    return AppPaths.from_environment({HOME_VARIABLE: str(home)})


def database_file(home: Path) -> Path:
    return paths_at(home).database


def open_at(home: Path, as_of: date, actor: str = "benchmark") -> Clinic:
    """The clinic kept under ``home`` (created and migrated if new), its clock on ``as_of``."""
    clinic = open_clinic(paths_at(home), clock=fixed_clock(as_of))
    clinic.actor = actor
    return clinic


def insert_rows(clinic: Clinic, rows: Mapping[str, Sequence[dict[str, object]]]) -> None:
    """Write rows straight into the app's tables, in one transaction."""
    with clinic.database.engine.begin() as connection:
        for table, values in rows.items():
            if values:
                connection.execute(sa.insert(TABLES[table]), list(values))


def search_key(
    *, ref: str, given_name: str, family_name: str, date_of_birth: date, sex: str
) -> str:
    """The folded search key the app stores for a patient (validates the names too)."""
    patient = Patient(
        ref=ref,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=Sex(sex),
        gp=GeneralPractitioner(name="Dr A. Example"),
    )
    return _search_key(patient)


def welcome_done(clinic: Clinic, clinic_name: str, clinician: str) -> None:
    """Settings as after the first-start welcome, so start-up goes straight to the window."""
    update_settings(clinic, welcome_done=True, clinic_name=clinic_name, clinician_name=clinician)


def due_entries(clinic: Clinic, as_of: date) -> tuple[int, int, int]:
    """The due list on ``as_of``: (entries, episodes, episodes evaluated for it)."""
    entries, stats = due_list_with_stats(clinic, as_of, rules=clinic_rules(clinic))
    return len(entries), stats.episodes, stats.evaluated


def due_list_action(clinic: Clinic, as_of: date) -> Callable[[], int]:
    """The due list computation the window and the CLI run (rules read once, up front)."""
    rules = clinic_rules(clinic)

    def compute() -> int:
        return due_list_with_stats(clinic, as_of, rules=rules)[1].evaluated

    return compute


def rules_engine_action(clinic: Clinic, as_of: date) -> tuple[Callable[[], int], int]:
    """The pure rules engine over every episode, loaded up front; and how many there are.

    What the cold due list does per episode, without the database: evaluate, how long
    the evaluation holds, the due items.
    """
    from trochtrack.domain.rules import due_items, evaluate_episode
    from trochtrack.domain.rules.validity import valid_until

    rules = clinic_rules(clinic)
    with clinic.database.engine.connect() as connection:
        ids = [int(row[0]) for row in connection.execute(sa.text("SELECT id FROM episode"))]
    with clinic.unit_of_work() as uow:
        loaded = list(uow.records.episodes_with_patients(ids).values())

    def evaluate_all() -> int:
        for patient, episode in loaded:
            evaluation = evaluate_episode(patient, episode, as_of, rules)
            valid_until(patient, episode, evaluation, rules)
            due_items(evaluation)
        return len(loaded)

    return evaluate_all, len(loaded)


def first_episode_id(clinic: Clinic, patient_id: int) -> int:
    episode_id = records.patient_record(clinic, patient_id).episodes[0].id
    assert episode_id is not None
    return episode_id


def add_visit(clinic: Clinic, episode_id: int, day: date, pain: int) -> None:
    records.add_visit(clinic, episode_id, Visit(date=day, pain_nrs=pain))


def export_case(clinic: Clinic, ref: str) -> str:
    return export_case_text(clinic, ref)


def import_case(clinic: Clinic, text: str) -> None:
    import_case_text(clinic, text)


def gp_letter_pdf(clinic: Clinic, patient_id: int, as_of: date) -> bytes:
    """One GP follow-up letter, rendered in this process and not kept."""
    request = DocumentRequest(patient_id=patient_id, kind=DocumentKind.GP_FOLLOWUP, as_of=as_of)
    return render_document(clinic, request)


def letter_targets(clinic: Clinic, as_of: date, count: int) -> list[Any]:
    """The first ``count`` patients the batch of letters due this week would go to."""
    return letters_due(clinic, as_of)[:count]


def target_patient_id(target: Any) -> int:
    return int(target.patient_id)


def letter_batch(
    clinic: Clinic, targets: Sequence[Any], as_of: date, progress: Callable[[int, int], None]
) -> int:
    """Produce and keep one GP letter per target; returns how many failed."""
    result = generate_batch(
        clinic, targets, DocumentKind.GP_FOLLOWUP, as_of=as_of, progress=progress
    )
    return len(result.failures)


def pdf_text_lines(pdf: bytes) -> list[str]:
    """The text lines of a PDF, page after page (pypdf, a test dependency)."""
    from pypdf import PdfReader

    lines: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines += [line for line in page.extract_text().splitlines() if line.strip()]
    return lines


def cli_due(home: Path, as_of: date) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of ``trochtrack-cli due`` on the clinic at ``home``."""
    command = [
        str(CLI_SCRIPT),
        "due",
        "--db",
        str(database_file(home)),
        "--as-of",
        as_of.isoformat(),
    ]
    return command, {HOME_VARIABLE: str(home)}


# -- the desktop app, offscreen ---------------------------------------------------------


@dataclass
class QuietPrompter:
    """Answers nothing: a benchmark that makes the app ask something has gone wrong."""

    def confirm(self, parent: object, title: str, text: str, *, action: str) -> bool:
        raise RuntimeError(f"the app asked: {title}: {text}")

    def inform(self, parent: object, title: str, text: str) -> None:
        raise RuntimeError(f"the app said: {title}: {text}")

    def warn(self, parent: object, title: str, text: str) -> None:
        raise RuntimeError(f"the app warned: {title}: {text}")

    def answer_critical(
        self, parent: object, ctx: object, patient_id: int, view: object, patient: str
    ) -> bool:
        raise RuntimeError("the app interrupted with a critical alert")

    def save_path(self, parent: object, title: str, suggested: Path, name_filter: str) -> None:
        raise RuntimeError(f"the app asked where to save: {title}")


def app_context(clinic: Clinic) -> Any:
    """The context every view and dialog of the window shares, over ``clinic``."""
    from trochtrack.services.settings import load_settings
    from trochtrack.ui.context import AppContext

    return AppContext(clinic, load_settings(clinic), QuietPrompter())


@dataclass
class PatientList:
    """The patient list with its search field, as the window's Patients tab shows it."""

    widget: Any
    search_edit: Any
    table: Any

    def shown(self) -> int:
        return int(self.table.model().rowCount())


def patient_list(ctx: Any) -> PatientList:
    from trochtrack.ui.views.patient_list import PatientListView

    view = PatientListView(ctx)
    view.refresh()
    return PatientList(view, view.search_edit, view.table)


@dataclass
class PatientScreen:
    """The patient view showing its charts tab, as a user opens a patient to see them."""

    widget: Any
    open: Callable[[int], None]
    canvases: Callable[[], list[Any]]


def patient_screen(ctx: Any) -> PatientScreen:
    from trochtrack.ui.views.patient_view import PatientView

    view = PatientView(ctx)
    view.tabs.setCurrentIndex(view.tabs.charts_index)

    def open_on_charts(patient_id: int) -> None:
        # Opening another patient turns the view to its first tab (the timeline), where
        # the charts are not drawn; the user then picks the charts tab, which draws them.
        view.show_patient(patient_id)
        view.tabs.setCurrentIndex(view.tabs.charts_index)

    def canvases() -> list[Any]:
        return [chart.canvas for chart in (view.tabs.symptom_chart, view.tabs.lesion_chart)]

    return PatientScreen(view, open_on_charts, canvases)


def replace_ref(case_text: str, ref: str) -> str:
    """The case file with its patient under another ref (so importing it adds a patient)."""
    import json

    document = json.loads(case_text)
    document["patient"] = {**document["patient"], "ref": ref}
    return json.dumps(document)
