"""README screenshots from the real app: ``python packaging/screenshots.py [--out DIR]``.

Opens the app's own main window on a throwaway TROCHTRACK_HOME with the demo patients,
offscreen at 1280x800, and saves what a clinician sees: the due list, the seed patient
(P-SEED) with its charts and alert cards, its scans, and the visit entry dialog. Then every
screen of the gallery (``trochtrack.ui.gallery``: each window, tab and dialog, filled, and
with errors shown) at 1280x800 and 1024x700 into ``gallery/``. The clock is fixed, so the
pictures only change when the app does.

Run it as a script, not with ``-m``: this folder shares its name with the PyPI library
``packaging`` (matplotlib imports it), so a ``packaging`` package here would hide it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The seed case's decision point (19 Oct 2026) has just passed: its alert is fresh.
FIXED_NOW = datetime(2026, 10, 20, 9, 30, tzinfo=UTC)
WINDOW_SIZE = (1280, 800)


def take(out: Path) -> list[Path]:
    """Save the screenshots in ``out``; returns their paths."""
    # Imported here: matplotlib reads MPLCONFIGDIR at import, and main() sets it first.
    from PySide6.QtWidgets import QApplication, QWidget

    from trochtrack.paths import AppPaths, private_umask
    from trochtrack.services.clinic import open_clinic
    from trochtrack.services.demo import load_demo
    from trochtrack.services.records import list_patients
    from trochtrack.services.settings import update_settings
    from trochtrack.ui.collector import GuiThreadCollector
    from trochtrack.ui.context import AppContext
    from trochtrack.ui.gallery import SCREEN_SIZES, SCREENS, Gallery, close_screen, show_screen
    from trochtrack.ui.prompter import MessageBoxPrompter
    from trochtrack.ui.views.main_window import MainWindow
    from trochtrack.ui.widgets.lock import IdleWatcher
    from trochtrack.ui.workers import wait_for_background_work

    private_umask()
    app = QApplication.instance()
    if app is None:  # run on its own, not from the test that imports it
        app = QApplication([sys.argv[0]])
        GuiThreadCollector(app)
    clinic = open_clinic(AppPaths.from_environment(), clock=lambda: FIXED_NOW)
    settings = update_settings(
        clinic,
        clinician_name="Alex Morgan",
        clinician_profession="Physiotherapist",
        clinician_registration="PHY0001234",
        clinic_name="Harbour Physiotherapy",
        welcome_done=True,
    )
    load_demo(clinic)
    ctx = AppContext(clinic, settings, MessageBoxPrompter())
    window = MainWindow(ctx, IdleWatcher(0))
    window.resize(*WINDOW_SIZE)
    window.show()
    saved: list[Path] = []

    def shoot(widget: QWidget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = out / name
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        saved.append(path)

    try:
        shoot(window, "due-list.png")
        seed = next(p.patient_id for p in list_patients(clinic) if p.ref == "P-SEED")
        window.open_patient(seed)
        view = window.patient_view
        view.tabs.setCurrentIndex(view.tabs.charts_index)
        shoot(window, "patient-view.png")
        view.tabs.setCurrentWidget(view.tabs.scans_tab)
        view.alerts_panel.cards[0].why_button.setChecked(True)
        shoot(window, "patient-scans.png")
        dialog = view.new_visit()
        if dialog is not None:
            dialog.pain_edit.setText("6")
            dialog.visa_g_edit.setText("1,500")
            dialog.save()
            shoot(dialog, "visit-entry.png")
            dialog.mark_saved()
            dialog.reject()
        gallery = Gallery(ctx, window)
        (out / "gallery").mkdir(exist_ok=True)
        for size in SCREEN_SIZES:
            for name in SCREENS:
                widget = show_screen(gallery, name, size)
                shoot(widget, f"gallery/{name}-{size.width()}x{size.height()}.png")
                close_screen(gallery, widget)
        window.resize(*WINDOW_SIZE)
    finally:
        window.close()
        wait_for_background_work()  # a letter preview may still be rendering
        clinic.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trochtrack-shots-") as home:
        os.environ["TROCHTRACK_HOME"] = home
        os.environ.pop("TROCHTRACK_DB", None)
        os.environ["MPLCONFIGDIR"] = str(Path(home) / "matplotlib")
        for path in take(args.out):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
