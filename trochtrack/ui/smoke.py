"""``trochtrack --smoke DIR``: the whole app once, end to end, on a fresh database in DIR.

For a built bundle or an installed package, where no test suite runs: it creates the
database in DIR (running every migration), loads the demo patients, evaluates them for
the due list, writes a GP letter for the seed patient, shows the main window with the
due list and then the seed patient's charts, grabs both to PNG and exits 0. Anything
that fails ends it with the error and a non-zero status.

``DIR/smoke.json`` says what the run did, including every file of the trochtrack package
it read (seen through Python's audit hook on ``open``), so a packaging test can check
that the bundle's data files (migrations, fonts, rules, demo data, icon) were not only
copied but used. DIR must be new or empty: the run never touches an existing database.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from PySide6.QtWidgets import QApplication, QWidget

import trochtrack
from trochtrack import __version__
from trochtrack.domain.documents import DocumentKind
from trochtrack.logging_setup import configure_logging
from trochtrack.paths import HOME_VARIABLE, AppPaths, ensure_private_dir
from trochtrack.services.clinic import open_clinic, schema_revision
from trochtrack.services.demo import load_demo
from trochtrack.services.due import due_list
from trochtrack.services.letters import DocumentRequest, generate_document, patient_id_for_ref
from trochtrack.services.records import list_patients
from trochtrack.services.settings import load_settings
from trochtrack.services.workflow import AlertView
from trochtrack.ui.app import make_application
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.help import HelpDialog
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.lock import IdleWatcher

MANIFEST: Final = "smoke.json"
LETTER: Final = "letter.pdf"
WINDOW_PNG: Final = "main-window.png"
CHARTS_PNG: Final = "patient-charts.png"
SEED_REF: Final = "P-SEED"
WINDOW_SIZE: Final = (1280, 800)
EXIT_NOT_EMPTY: Final = 2


class SmokeError(RuntimeError):
    """The app asked the user something: in a smoke run that is a failure."""


class FailingPrompter:
    """Any question or warning ends the smoke run: nobody is there to answer."""

    def confirm(self, parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
        raise SmokeError(f"{title}: {text}")

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        raise SmokeError(f"{title}: {text}")

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        raise SmokeError(f"{title}: {text}")

    def answer_critical(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        patient_id: int,
        view: AlertView,
        patient: str,
    ) -> bool:
        # Nobody is there to answer: the alert stays unanswered, and nothing is recorded.
        return False

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, name_filter: str
    ) -> Path | None:
        raise SmokeError(f"{title}: asked where to save")


@dataclass
class PackageFilesRead:
    """Files under the trochtrack package opened by this process (an audit hook)."""

    root: Path = field(default_factory=lambda: Path(trochtrack.__file__).resolve().parent)
    seen: set[str] = field(default_factory=set)

    def start(self) -> None:
        prefix = str(self.root) + "/"

        def hook(event: str, args: tuple[Any, ...]) -> None:
            if event == "open" and isinstance(args[0], str) and args[0].startswith(prefix):
                self.seen.add(args[0][len(prefix) :])

        sys.addaudithook(hook)

    def data_files(self) -> list[str]:
        """The files read (an open is audited before it succeeds: keep those that exist)."""
        return sorted(p for p in self.seen if "__pycache__" not in p and (self.root / p).is_file())


def smoke_main(directory: Path, qt_arguments: Sequence[str]) -> int:
    """The smoke run with its own QApplication; every file it writes is under ``directory``."""
    if directory.exists() and any(directory.iterdir()):
        print(f"{directory}: not empty; the smoke run needs a new or empty folder", file=sys.stderr)
        return EXIT_NOT_EMPTY
    read = PackageFilesRead()
    read.start()
    ensure_private_dir(directory)
    paths = AppPaths.from_environment({HOME_VARIABLE: str(directory)})
    configure_logging(paths)
    app = make_application(qt_arguments)
    return run_smoke(app, paths, read)


def run_smoke(app: QApplication, paths: AppPaths, read: PackageFilesRead) -> int:
    directory = paths.data.parent
    clinic = open_clinic(paths)
    try:
        clinic.actor = "smoke test"
        load_demo(clinic)
        today = clinic.today()
        patients = list_patients(clinic)
        due = due_list(clinic, today)
        seed = patient_id_for_ref(clinic, SEED_REF)
        letter = directory / LETTER
        document = generate_document(
            clinic,
            DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=today),
            output=letter,
        )
        ctx = AppContext(clinic, load_settings(clinic), FailingPrompter())
        window = MainWindow(ctx, IdleWatcher(0))
        try:
            window.resize(*WINDOW_SIZE)
            window.show()
            _grab(app, window, directory / WINDOW_PNG)
            window.open_patient(seed)
            window.patient_view.tabs.setCurrentIndex(window.patient_view.tabs.charts_index)
            _grab(app, window, directory / CHARTS_PNG)
            guide_words = _open_user_guide(app, window)
            icon_ok = not window.windowIcon().isNull()
        finally:
            window.close()
    finally:
        clinic.close()
    manifest = {
        "version": __version__,
        "platform": app.platformName(),
        "schema_revision": schema_revision(),
        "patients": len(patients),
        "due_entries": len(due),
        "letter": {"path": LETTER, "bytes": letter.stat().st_size, "title": document.title},
        "window": [WINDOW_PNG, CHARTS_PNG],
        "window_icon": icon_ok,
        "user_guide_words": guide_words,
        "automatic_cycle_collection": gc.isenabled(),
        "package_files_read": read.data_files(),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(
        f"smoke run passed ({app.platformName()}): {len(patients)} patients, "
        f"{len(due)} due-list entries, {LETTER} {letter.stat().st_size} bytes, "
        f"{WINDOW_PNG} and {CHARTS_PNG} in {directory}"
    )
    return 0


def _open_user_guide(app: QApplication, window: MainWindow) -> int:
    """Help > User guide (F1), as a user opens it; the number of words it shows."""
    window.help_actions[0].trigger()
    app.processEvents()
    shown = window.findChild(HelpDialog)
    if shown is None:
        raise SmokeError("Help > User guide opened nothing")
    words = len(shown.guide.toPlainText().split())
    shown.close()
    if words == 0:
        raise SmokeError("the user guide is empty")
    return words


def _grab(app: QApplication, widget: QWidget, path: Path) -> None:
    for _ in range(3):
        app.processEvents()
    if not widget.grab().save(str(path)):
        raise SmokeError(f"could not write {path}")
