"""Opening a patient with the charts tab showing, offscreen: a typical one and a large one.

The app's patient view is made once (as the window makes it once) and shown; each run
opens another patient, turns to its charts tab (opening a patient shows the timeline,
where the charts are not drawn) and waits until Qt has nothing pending and both chart
canvases have drawn. Its floor is the shortest honest route to the same two charts: bare
sqlite3 reads the patient's visits and lesion measurements, bare matplotlib plots pain
and VISA-G, and lesion size, on two Qt canvases made once, drawn in the same way and at
the pixel sizes of the app's canvases. Each side must have drawn both of its canvases,
on view, at every run, or the measure fails. CPU time of this process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
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

    def match(self, sizes: Sequence[tuple[int, int]]) -> None:
        """Give the canvases these pixel sizes (the app's), so both draw as many pixels."""
        for canvas, (width, height) in zip(self.canvases, sizes, strict=True):
            canvas.setFixedSize(width, height)
        offscreen.settle()

    def close(self) -> None:
        self.widget.close()
        self.connection.close()


def canvas_sizes(canvases: Sequence[Any]) -> list[tuple[int, int]]:
    return [(int(canvas.width()), int(canvas.height())) for canvas in canvases]


def draw_counter(canvases: Sequence[Any]) -> Callable[[], list[int]]:
    """How many times each canvas has drawn since now (matplotlib's draw_event)."""
    counts = [0] * len(canvases)

    def drawn(index: int) -> Callable[[object], None]:
        def count(_event: object) -> None:
            counts[index] += 1

        return count

    for index, canvas in enumerate(canvases):
        canvas.mpl_connect("draw_event", drawn(index))
    return lambda: list(counts)


def check_drawn(
    side: str, canvases: Sequence[Any], before: Sequence[int], after: Sequence[int], runs: int
) -> None:
    """Both canvases on view and drawn at every one of ``runs`` openings, or an error."""
    if not all(canvas.isVisible() for canvas in canvases):
        raise RuntimeError(f"{side}: a chart canvas was not on view")
    if any(done - began < runs for began, done in zip(before, after, strict=True)):
        drew = [done - began for began, done in zip(before, after, strict=True)]
        raise RuntimeError(f"{side}: the charts drew {drew} times in {runs} openings")


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
    floor_drawn = draw_counter(floor.canvases)
    app_drawn: Callable[[], list[int]] | None = None

    def app_open(patient_id: int) -> None:
        screen.open(patient_id)
        offscreen.settle()

    results = []
    for name, patients, goal in (
        ("open a typical patient with charts (CPU)", typical, TYPICAL_GOAL),
        ("open a patient with 200 visits, 40 scans (CPU)", large, LARGE_GOAL),
    ):
        turns = iter(range(1_000_000))
        # Warm both sides once (imports, fonts, first layout) on a patient not timed next;
        # the floor's canvases then take the sizes the app's have in its layout.
        app_open(patients[-1])
        if not all(canvas.figure.axes for canvas in screen.canvases()):
            raise RuntimeError("the patient view showed no charts")
        if app_drawn is None:  # the app makes its canvases when it first draws a chart
            app_drawn = draw_counter(screen.canvases())
        sizes = canvas_sizes(screen.canvases())
        floor.match(sizes)
        floor.open(patients[-1])
        app_before, floor_before = app_drawn(), floor_drawn()

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
        runs = len(results[-1].app)
        check_drawn("the app", screen.canvases(), app_before, app_drawn(), runs)
        check_drawn("the floor", floor.canvases, floor_before, floor_drawn(), runs)
        if canvas_sizes(screen.canvases()) != canvas_sizes(floor.canvases):
            raise RuntimeError(
                f"the app's charts are {canvas_sizes(screen.canvases())} pixels,"
                f" the floor's {canvas_sizes(floor.canvases)}"
            )
    floor.close()
    screen.widget.close()
    return results
