"""The C extensions we ship keep ``None`` alive: calls that return nothing must not drop it.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every Qt call that
returns nothing; after a few thousand calls Python aborted ("none_dealloc"), and the app
aborted on quit or in the middle of a long session. On 3.12 and later ``None`` is
immortal: extensions built for the stable ABI (PySide6 is) still move its count, by 89
in 300 keystrokes on 3.13 with 6.11.3, but it starts near 2**32 and is never freed, so
there only the clean exit is checked.

Each check runs in a fresh interpreter: the faulty build aborts that process at exit,
and a drop in one library must not hide behind another's references.
"""

import ast
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

CALLS = 5_000
# Unrelated code in the loop may create or drop a handful of references; the fault drops
# one per call, thousands in all.
TOLERANCE = 50
NONE_CAN_BE_FREED = sys.version_info < (3, 12)

MEASURE = """
import sys

def drop(call, calls=CALLS):
    call()
    before = sys.getrefcount(None)
    for _ in range(calls):
        call()
    return before - sys.getrefcount(None)

drops = {}
"""

REPORT = """
print(repr(drops))
"""

QT_CALLS = """
import ast
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QComboBox, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QTextEdit,
)

app = QApplication([])
label = QLabel()
line = QLineEdit()
table = QTableWidget(4, 4)
model = QStandardItemModel(4, 4)
combo = QComboBox()
text = QTextEdit()
image = QImage(64, 64, QImage.Format.Format_RGB32)
painter = QPainter(image)
drops["QLabel.setText"] = drop(lambda: label.setText("x"))
drops["QWidget.resize"] = drop(lambda: label.resize(10, 10))
drops["QLineEdit.setText"] = drop(lambda: line.setText("search"))
drops["QTableWidget.setItem"] = drop(lambda: table.setItem(1, 1, QTableWidgetItem("x")))
drops["QStandardItemModel.setItem"] = drop(lambda: model.setItem(1, 1, QStandardItem("x")))
drops["QComboBox.setCurrentIndex"] = drop(lambda: combo.setCurrentIndex(-1))
drops["QTextEdit.setPlainText"] = drop(lambda: text.setPlainText("x"))
drops["QPainter.drawRect"] = drop(lambda: painter.drawRect(QRect(1, 1, 5, 5)))
drops["QApplication.processEvents"] = drop(app.processEvents)
painter.end()
"""

# The app itself: a clinician typing in the patient search of the main window.
APP_CALLS = """
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from trochtrack.paths import AppPaths
from trochtrack.services.clinic import open_clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.settings import update_settings
from trochtrack.ui.context import AppContext
from trochtrack.ui.prompter import MessageBoxPrompter
from trochtrack.ui.views.main_window import MainWindow

app = QApplication([])
clinic = open_clinic(AppPaths.from_environment())
load_demo(clinic)
settings = update_settings(clinic, clinician_name="Refcount Check", welcome_done=True)
window = MainWindow(AppContext(clinic, settings, MessageBoxPrompter()))
window.show()
search = window.patients_view.search_edit

def type_and_clear():
    QTest.keyClicks(search, "lee")
    search.clear()

drops["typing in the patient search"] = drop(type_and_clear, calls=KEYSTROKES)
window.close()
clinic.close()
"""
KEYSTROKES = 300


# Every other compiled library the app loads, through calls that return or hand back
# None (void methods, NULL column values, None parameters).
LIBRARY_CALLS = """
import io
import sqlite3

import contourpy
import kiwisolver
import markupsafe
import numpy
import pypdfium2
import sqlalchemy as sa
import sqlcipher3
from matplotlib.figure import Figure
from PIL import Image
from psycopg import adapt, pq
from reportlab.pdfgen.canvas import Canvas

array = numpy.zeros(64)
drops["numpy ndarray.fill"] = drop(lambda: array.fill(1.0))
drops["numpy copyto"] = drop(lambda: numpy.copyto(array, 2.0))
drops["numpy object array of None"] = drop(lambda: numpy.array([None] * 8, dtype=object).tolist())
figure = Figure()
axes = figure.add_subplot()
(line,) = axes.plot([1, 2, 3], [1, 4, 9])
drops["matplotlib Line2D.set_data"] = drop(lambda: line.set_data([1, 2, 3], [3, 2, 1]))
drops["matplotlib savefig (Agg)"] = drop(
    lambda: figure.savefig(io.BytesIO(), format="png", dpi=20), calls=200
)
image = Image.new("RGB", (16, 16))
drops["Pillow putpixel"] = drop(lambda: image.putpixel((1, 1), (255, 0, 0)))
drops["Pillow paste"] = drop(lambda: image.paste((0, 0, 255), (0, 0, 4, 4)))
solver = kiwisolver.Solver()
width = kiwisolver.Variable("width")
solver.addEditVariable(width, "strong")
drops["kiwisolver suggestValue"] = drop(lambda: solver.suggestValue(width, 10.0))
drops["kiwisolver updateVariables"] = drop(solver.updateVariables)
grid = numpy.arange(16.0).reshape(4, 4)
contours = contourpy.contour_generator(z=grid)
drops["contourpy lines (none found)"] = drop(lambda: contours.lines(100.0))
drops["markupsafe escape"] = drop(lambda: markupsafe.escape(None))
for name, module in (("sqlite3", sqlite3), ("sqlcipher3", sqlcipher3)):
    connection = module.connect(":memory:")
    connection.execute("CREATE TABLE t (a, b)")
    connection.execute("INSERT INTO t VALUES (NULL, ?)", (None,))
    drops[f"{name} NULL rows"] = drop(lambda: connection.execute("SELECT * FROM t").fetchall())
    drops[f"{name} None parameters"] = drop(
        lambda: connection.execute("SELECT ?, ?", (None, None)).fetchone()
    )
    drops[f"{name} commit"] = drop(connection.commit)
engine = sa.create_engine("sqlite://")
with engine.connect() as db:
    db.exec_driver_sql("CREATE TABLE t (a INTEGER, b TEXT)")
    db.exec_driver_sql("INSERT INTO t VALUES (NULL, NULL)")
    drops["SQLAlchemy NULL rows"] = drop(
        lambda: [tuple(r) for r in db.execute(sa.text("SELECT a, b FROM t"))]
    )
assert pq.__impl__ == "binary", pq.__impl__
transformer = adapt.Transformer()
formats = [adapt.PyFormat.AUTO] * 4
drops["psycopg (binary) None parameters"] = drop(
    lambda: transformer.dump_sequence([None, 1, None, "x"], formats)
)
drops["psycopg (binary) literal None"] = drop(lambda: transformer.as_literal(None))
buffer = io.BytesIO()
canvas = Canvas(buffer)
canvas.drawString(72, 72, "trochtrack")
canvas.save()
pdf = buffer.getvalue()

def render():
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=0.2)
    finally:
        document.close()

drops["pypdfium2 render"] = drop(render, calls=300)
"""


def run_checks(script: str, tmp_path) -> dict[str, int]:
    source = (
        MEASURE.replace("CALLS", str(CALLS))
        + script.replace("KEYSTROKES", str(KEYSTROKES))
        + REPORT
    )
    result = subprocess.run(
        [sys.executable, "-c", source],
        capture_output=True,
        text=True,
        timeout=240,
        env={
            **os.environ,
            "MPLCONFIGDIR": str(tmp_path / "mpl"),
            "QT_QPA_PLATFORM": "offscreen",
            "TROCHTRACK_HOME": str(tmp_path / "home"),
        },
        cwd=tmp_path,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr[-2000:]
    drops: dict[str, int] = ast.literal_eval(lines[-1])
    if NONE_CAN_BE_FREED:
        bad = {name: drop for name, drop in drops.items() if drop > TOLERANCE}
        assert not bad, f"references to None dropped: {bad}"
    # A library that drops None's references aborts the interpreter at exit (134).
    assert result.returncode == 0, result.stderr[-2000:]
    return drops


def test_void_qt_calls_keep_none_alive(tmp_path):
    assert len(run_checks(QT_CALLS, tmp_path)) == 9


def test_typing_in_the_app_keeps_none_alive(tmp_path):
    assert run_checks(APP_CALLS, tmp_path)


def test_the_other_compiled_libraries_keep_none_alive(tmp_path):
    assert len(run_checks(LIBRARY_CALLS, tmp_path)) >= 20


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_the_check_sees_a_library_that_drops_none(tmp_path):
    faulty = """
import ctypes
drops["a call that drops None"] = drop(
    lambda: ctypes.pythonapi.Py_DecRef(ctypes.py_object(None)), calls=200
)
"""
    with pytest.raises(AssertionError, match="a call that drops None"):
        run_checks(faulty, tmp_path)
