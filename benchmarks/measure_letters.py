"""GP letters in this process: one letter, and a batch of letters kept as a user makes them.

The floor writes the same page with the bare libraries: the app's letter is read back
once (pypdf) for its text lines, then bare reportlab draws those lines and the same two
charts (pain and VISA-G, lesion size; bare matplotlib from bare sqlite3 rows, a PNG at
the app's chart resolution), page after page. The batch's floor is that floor letter
for each patient of the batch. CPU time of this process.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from matplotlib.figure import Figure
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from benchmarks import adapter
from benchmarks.clinic import AS_OF
from benchmarks.measure_patient import LESIONS_SQL, VISITS_SQL
from benchmarks.timing import Goal, Result, cpu_seconds, interleaved

LETTER_GOAL = Goal("<= 1.5x", ratio=1.5)
BATCH_GOAL = Goal("<= 1.5x, with progress", ratio=1.5)
MARGIN = 56.0
LINE = 13.0
CHART_SIZE_IN = (6.3, 2.6)


def _png(figure: Figure) -> ImageReader:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=adapter.CHART_DPI)
    buffer.seek(0)
    return ImageReader(buffer)


def floor_charts(connection: sqlite3.Connection, patient_id: int) -> list[ImageReader]:
    visits = connection.execute(VISITS_SQL, (patient_id,)).fetchall()
    lesions = connection.execute(LESIONS_SQL, (patient_id,)).fetchall()
    symptoms = Figure(figsize=CHART_SIZE_IN)
    axes = symptoms.add_subplot()
    days = [date.fromisoformat(row[0]).toordinal() for row in visits]
    axes.plot(days, [row[1] for row in visits], marker="o")
    axes.twinx().plot(days, [row[2] for row in visits], marker="s")
    sizes = Figure(figsize=CHART_SIZE_IN)
    axes = sizes.add_subplot()
    for lesion in sorted({row[0] for row in lesions}):
        mine = [row for row in lesions if row[0] == lesion]
        axes.plot(
            [date.fromisoformat(row[1]).toordinal() for row in mine], [row[2] for row in mine]
        )
    return [_png(symptoms), _png(sizes)]


def floor_letter(connection: sqlite3.Connection, patient_id: int, lines: Sequence[str]) -> bytes:
    """The letter's text lines and its two charts, drawn with bare reportlab."""
    out = io.BytesIO()
    page = Canvas(out, pagesize=A4)
    width, height = A4
    y = height - MARGIN
    charts = floor_charts(connection, patient_id)
    chart_height = (width - 2 * MARGIN) * CHART_SIZE_IN[1] / CHART_SIZE_IN[0]
    # The charts go where the letter has them: after the first third and two thirds.
    chart_at = {len(lines) // 3: charts[0], 2 * len(lines) // 3: charts[1]}
    for number, line in enumerate(lines):
        image = chart_at.get(number)
        needed = LINE + (chart_height if image else 0)
        if y - needed < MARGIN:
            page.showPage()
            y = height - MARGIN
        page.setFont("Helvetica", 10)
        page.drawString(MARGIN, y, line)
        y -= LINE
        if image is not None:
            y -= chart_height
            page.drawImage(image, MARGIN, y, width - 2 * MARGIN, chart_height)
    page.save()
    return out.getvalue()


def one_letter(
    size: str,
    clinic: adapter.Clinic,
    db: Path,
    patients: Sequence[int],
    repetitions: int,
    budget_s: float,
) -> Result:
    """One GP letter rendered in this process (not kept), patient after patient."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    lines = {
        patient: adapter.pdf_text_lines(adapter.gp_letter_pdf(clinic, patient, AS_OF))
        for patient in patients
    }
    turns = iter(range(1_000_000))

    def next_patient() -> int:
        return patients[(next(turns) // 2) % len(patients)]

    def floor() -> float:
        patient = next_patient()
        return cpu_seconds(lambda: floor_letter(connection, patient, lines[patient]))

    def app() -> float:
        patient = next_patient()
        return cpu_seconds(lambda: adapter.gp_letter_pdf(clinic, patient, AS_OF))

    result = interleaved(
        Result("one GP letter PDF, in-process (CPU)", size, "s", goal=LETTER_GOAL),
        floor,
        app,
        repetitions=repetitions,
        budget_s=budget_s,
    )
    connection.close()
    return result


def letter_batch(
    size: str,
    clinic: adapter.Clinic,
    db: Path,
    letters: int,
    repetitions: int,
    budget_s: float,
) -> Result:
    """A batch of ``letters`` GP letters produced and kept, against as many floor letters."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    targets = adapter.letter_targets(clinic, AS_OF, letters * max(1, repetitions))
    batches = [targets[start : start + letters] for start in range(0, len(targets), letters)]
    batches = [batch for batch in batches if len(batch) == letters]
    if not batches:
        connection.close()
        return Result(
            f"{letters} letters in a batch (CPU)",
            size,
            "s",
            goal=BATCH_GOAL,
            skipped=f"fewer than {letters} letters due",
        )
    sample = adapter.target_patient_id(batches[0][0])
    lines = adapter.pdf_text_lines(adapter.gp_letter_pdf(clinic, sample, AS_OF))
    turns = iter(range(1_000_000))
    progress_seen: list[tuple[int, int]] = []

    def floor() -> float:
        batch = batches[(next(turns) // 2) % len(batches)]
        ids = [adapter.target_patient_id(target) for target in batch]
        return cpu_seconds(lambda: [floor_letter(connection, pid, lines) for pid in ids])

    def app() -> float:
        batch = batches[(next(turns) // 2) % len(batches)]

        def run() -> None:
            failures = adapter.letter_batch(
                clinic, batch, AS_OF, lambda done, total: progress_seen.append((done, total))
            )
            if failures:
                raise RuntimeError(f"{failures} letters of the batch failed")

        return cpu_seconds(run)

    result = interleaved(
        Result(f"{letters} letters in a batch (CPU)", size, "s", goal=BATCH_GOAL),
        floor,
        app,
        repetitions=min(repetitions, len(batches)),
        budget_s=budget_s,
    )
    if not progress_seen:
        result.note = "; ".join(filter(None, [result.note, "no progress reported"]))
    connection.close()
    return result
