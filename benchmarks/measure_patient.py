"""Opening a patient with the charts tab showing, offscreen: a typical one and a large one.

The app's patient view is made once (as the window makes it once) and shown; each run
opens another patient and waits until Qt has nothing pending and both chart canvases
have drawn. Its floor is the shortest honest route to the same two charts: bare sqlite3
reads the patient's visits and lesion measurements, bare matplotlib plots pain and
VISA-G, and lesion size, on two Qt canvases made once, drawn in the same way. CPU time
of this process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QVBoxLayout, QWidget

from benchmarks import adapter, offscreen
from benchmarks.timing import Goal, Result, cpu_seconds, interleaved

TYPICAL_GOAL = Goal("<= 150 ms", at_most=0.150)
LARGE_GOAL = Goal("<= 300 ms", at_most=0.300)
VISITS_SQL = (
    "SELECT v.visit_date, v.pain_nrs, v.visa_g FROM visit v JOIN episode e ON e.id = v.episode_id"
    " WHERE e.patient_id = ? ORDER BY v.visit_date"
)
LESIONS_SQL = (
    "SELECT m.lesion_id, s.scan_date, m.dim_1_mm * m.dim_2_mm * m.dim_3_mm FROM measurement m"
    " JOIN scan s ON s.id = m.scan_id JOIN episode e ON e.id = s.episode_id"
    " WHERE e.patient_id = ? ORDER BY s.scan_date"
)


class FloorCharts:
    """Two bare matplotlib canvases in a plain widget, redrawn per patient."""

    def __init__(self, db: Path) -> None:
        self.connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        self.canvases = [FigureCanvasQTAgg(Figure()) for _ in range(2)]  # type: ignore[no-untyped-call]
        for canvas in self.canvases:
            layout.addWidget(canvas)
        offscreen.show(self.widget)

    def open(self, patient_id: int) -> None:
        visits = self.connection.execute(VISITS_SQL, (patient_id,)).fetchall()
        lesions = self.connection.execute(LESIONS_SQL, (patient_id,)).fetchall()
        symptoms, sizes = (canvas.figure for canvas in self.canvases)
        symptoms.clear()
        axes = symptoms.add_subplot()
        # Dates as numbers, as the app plots them (ISO strings would make a category axis).
        days = [date.fromisoformat(row[0]).toordinal() for row in visits]
        axes.plot(days, [row[1] for row in visits], marker="o", label="pain")
        axes.twinx().plot(days, [row[2] for row in visits], marker="s", label="VISA-G")
        sizes.clear()
        axes = sizes.add_subplot()
        for lesion in sorted({row[0] for row in lesions}):
            mine = [row for row in lesions if row[0] == lesion]
            scanned = [date.fromisoformat(row[1]).toordinal() for row in mine]
            axes.plot(scanned, [row[2] for row in mine], marker="o")
        for canvas in self.canvases:
            canvas.draw_idle()  # type: ignore[no-untyped-call]
        offscreen.settle()

    def close(self) -> None:
        self.widget.close()
        self.connection.close()


def patient_views(
    size: str,
    ctx: Any,
    db: Path,
    typical: Sequence[int],
    large: Sequence[int],
    repetitions: int,
    budget_s: float,
) -> list[Result]:
    """A typical patient (10 visits, 3 scans) and a large one (200 visits, 40 scans)."""
    offscreen.application()
    screen = adapter.patient_screen(ctx)
    offscreen.show(screen.widget)
    floor = FloorCharts(db)

    def app_open(patient_id: int) -> None:
        screen.open(patient_id)
        offscreen.settle()

    results = []
    for name, patients, goal in (
        ("open a typical patient with charts (CPU)", typical, TYPICAL_GOAL),
        ("open a patient with 200 visits, 40 scans (CPU)", large, LARGE_GOAL),
    ):
        turns = iter(range(1_000_000))
        # Warm both sides once (imports, fonts, first layout) on a patient not timed next.
        app_open(patients[-1])
        floor.open(patients[-1])
        if not all(canvas.figure.axes for canvas in screen.canvases()):
            raise RuntimeError("the patient view showed no charts")

        def next_patient(patients: Sequence[int] = patients, turns: Iterator[int] = turns) -> int:
            return patients[(next(turns) // 2) % len(patients)]

        results.append(
            interleaved(
                Result(name, size, "s", goal=goal),
                lambda: cpu_seconds(lambda: floor.open(next_patient())),
                lambda: cpu_seconds(lambda: app_open(next_patient())),
                repetitions=repetitions,
                budget_s=budget_s,
            )
        )
    floor.close()
    screen.widget.close()
    return results
