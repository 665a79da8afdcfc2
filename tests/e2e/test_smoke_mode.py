"""``trochtrack --smoke DIR`` and what the app loads at start, each in a fresh process."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "trochtrack" / "store" / "migrations"


def package_test_module():
    """packaging/package_test.py, whose list of data files the release is held to."""
    spec = importlib.util.spec_from_file_location(
        "package_test", ROOT / "packaging" / "package_test.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_app(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trochtrack", *arguments],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_the_smoke_run_goes_through_the_whole_app_on_a_fresh_database(tmp_path):
    folder = tmp_path / "smoke"
    run = run_app("--smoke", str(folder))
    assert run.returncode == 0, run.stderr
    assert "smoke run passed (offscreen)" in run.stdout
    manifest = json.loads((folder / "smoke.json").read_text())
    assert manifest["patients"] == 7
    assert manifest["due_entries"] > 0
    assert manifest["window_icon"] is True
    versions = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    assert manifest["schema_revision"] == versions[-1].split("_")[0]
    read = set(manifest["package_files_read"])
    assert {f"store/migrations/versions/{v}" for v in versions} <= read
    release = package_test_module()
    # The release test holds the bundle to this: every data file shipped is used.
    unread = set(release.package_data_files()) - read - set(release.NOT_READ_BY_SMOKE)
    assert not unread, f"shipped but never read by the smoke run: {sorted(unread)}"
    assert {"demo/seed-case.json", "help/user-guide.md", "reports/fonts/DejaVuSans.ttf"} <= read
    assert manifest["user_guide_words"] > 500
    assert manifest["automatic_cycle_collection"] is False, "cycles collected on any thread"
    letter = PdfReader(folder / "letter.pdf")
    assert "Margaret" in letter.pages[0].extract_text()
    fonts = {
        str(font["/BaseFont"])
        for page in letter.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert any("DejaVuSans" in font for font in fonts), fonts
    for name in manifest["window"]:
        with Image.open(folder / name) as picture:
            assert picture.size == (1280, 800)
            assert len(picture.convert("RGB").getcolors(1 << 20) or ()) > 50, "not blank"
    assert (folder / "data" / "trochtrack.sqlite").stat().st_mode & 0o777 == 0o600


def test_the_smoke_run_never_touches_a_folder_in_use(tmp_path):
    database = tmp_path / "data" / "trochtrack.sqlite"
    database.parent.mkdir()
    database.write_bytes(b"a clinic's records")
    run = run_app("--smoke", str(tmp_path))
    assert run.returncode == 2
    assert "not empty" in run.stderr
    assert database.read_bytes() == b"a clinic's records"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


STARTUP_PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    from trochtrack.paths import AppPaths
    from trochtrack.services.clinic import open_clinic
    from trochtrack.services.demo import load_demo
    from trochtrack.services.letters import DocumentRequest, patient_id_for_ref, render_document
    from trochtrack.domain.documents import DocumentKind
    from trochtrack.services.settings import load_settings
    from trochtrack.ui import app as desktop
    from trochtrack.ui.context import AppContext
    from trochtrack.ui.prompter import MessageBoxPrompter
    from trochtrack.ui.views.main_window import MainWindow
    from trochtrack.ui.widgets.lock import IdleWatcher

    def loaded():
        return sorted(m for m in ("matplotlib", "reportlab") if m in sys.modules)

    qt = QApplication([])
    clinic = open_clinic(AppPaths.from_environment())
    load_demo(clinic)
    ctx = AppContext(clinic, load_settings(clinic), MessageBoxPrompter())
    window = MainWindow(ctx, IdleWatcher(0))
    window.show()
    qt.processEvents()
    print("due list:", loaded())
    seed = patient_id_for_ref(clinic, "P-SEED")
    window.open_patient(seed)
    window.patient_view.tabs.setCurrentIndex(window.patient_view.tabs.charts_index)
    qt.processEvents()
    print("charts:", loaded())
    render_document(
        clinic,
        DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=clinic.today()),
    )
    print("letter:", loaded())
    window.close()
    clinic.close()
    """
)


def test_matplotlib_and_reportlab_load_only_when_first_needed(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", STARTUP_PROBE],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TROCHTRACK_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "due list: []",
        "charts: ['matplotlib']",
        "letter: ['matplotlib', 'reportlab']",
    ]


@pytest.mark.parametrize("command", [["-m", "trochtrack"], ["-m", "trochtrack.cli.main"]])
def test_both_programs_report_the_one_version(command):
    from trochtrack import __version__

    run = subprocess.run(
        [sys.executable, *command, "--version"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0
    assert run.stdout.strip() == f"trochtrack {__version__}"


def test_the_app_collects_cycles_on_its_gui_thread_only():
    probe = (
        "import gc; from trochtrack.ui.app import make_application; "
        "app = make_application([]); print(gc.isenabled())"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
