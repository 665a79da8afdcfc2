"""``python -m benchmarks.gui_probe app|floor ...``: one desktop start-up, seen from outside.

Run as its own process by :mod:`benchmarks.measure_start`, offscreen. An event filter on
the QApplication (installed here, not in the app) notes the first paint of any window
and the first paint of the due table showing at least ``--expect`` rows; at that paint
the process writes what it saw to ``--out`` (the instants on the system's monotonic
clock, so the parent can subtract its own launch instant, the peak resident set from
/proc/self/status, and whether a progress bar was on screen) and exits at once: the
backup on close and the teardown are not part of start-up.

``app`` starts trochtrack the way its launcher does
(:func:`benchmarks.desktop_adapter.start_desktop`).
``floor`` is the shortest honest route to the same screen: bare PySide6, the due list's
query and the patient list's rows from bare sqlite3, two plain table views in tabs in a
1280x800 window; it imports nothing of trochtrack.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMainWindow,
    QProgressBar,
    QTableView,
    QTabWidget,
)

DUE_TABLE_NAME = "Due list"
PATIENT_ROWS_SQL = (
    "SELECT family_name || ', ' || given_name, ref, date_of_birth, archived_on FROM patient"
    " WHERE archived_on IS NULL ORDER BY family_name, given_name"
)


def peak_rss_mb() -> float:
    """The process's peak resident set so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


class PaintWatcher(QObject):
    """Notes the first painted window; stops at the due table painted complete.

    Complete means at least ``expect`` rows shown and, for a database not yet
    evaluated, the app's evaluation cache holding ``evaluated`` episodes (read through
    a connection of the probe's own, so a due list still "evaluating…" does not count).
    """

    def __init__(self, out: Path, expect: int, db: Path | None, evaluated: int) -> None:
        super().__init__()
        self.out = out
        self.expect = expect
        self.evaluated = evaluated
        self.db = db
        self.first_window: float | None = None
        self.progress_shown = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Paint:
            return False
        now = time.monotonic()
        if self.first_window is None:
            self.first_window = now
            self.progress_shown = _progress_visible()
        table = watched.parent()
        if isinstance(table, QTableView) and table.accessibleName() == DUE_TABLE_NAME:
            self.progress_shown = self.progress_shown or _progress_visible()
            rows = table.model().rowCount()
            if rows >= max(1, self.expect) and self._evaluated():
                self.finish(now, due_rows=rows)
        return False

    def _evaluated(self) -> bool:
        if self.evaluated <= 0 or self.db is None:
            return True
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as connection:
            (count,) = connection.execute("SELECT count(*) FROM episode_evaluation").fetchone()
        return int(count) >= self.evaluated

    def finish(self, now: float, *, due_rows: int) -> None:
        report = {
            "first_window": self.first_window,
            "done": now,
            "due_rows": due_rows,
            "peak_rss_mb": peak_rss_mb(),
            "cpu_s": time.process_time(),
            "progress_shown": self.progress_shown,
        }
        self.out.write_text(json.dumps(report), encoding="utf-8")
        os._exit(0)


def _progress_visible() -> bool:
    return any(
        bar.isVisible()
        for widget in QApplication.topLevelWidgets()
        for bar in [widget, *widget.findChildren(QProgressBar)]
        if isinstance(bar, QProgressBar)
    )


class RowsModel(QAbstractTableModel):
    """Rows of a query, shown as text: the least a table model can do."""

    def __init__(self, rows: list[tuple[Any, ...]], columns: int) -> None:
        super().__init__()
        self.rows = rows
        self.columns = columns

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self.columns

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.rows[index.row()][index.column()]
        return "" if value is None else str(value)


def _table(rows: list[tuple[Any, ...]], columns: int, name: str) -> QTableView:
    view = QTableView()
    view.setModel(RowsModel(rows, columns))
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    return view


def run_floor(db: Path, sql: str, as_of: date, watcher: PaintWatcher) -> None:
    application = QApplication([sys.argv[0]])
    application.installEventFilter(watcher)
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    due = connection.execute(sql, {"as_of": as_of.isoformat()}).fetchall()
    patients = connection.execute(PATIENT_ROWS_SQL).fetchall()
    window = QMainWindow()
    tabs = QTabWidget(window)
    tabs.addTab(_table(due, 8, DUE_TABLE_NAME), "Due list")
    tabs.addTab(_table(patients, 4, "Patients"), "Patients")
    window.setCentralWidget(tabs)
    window.resize(1280, 800)
    window.show()
    application.exec()


def run_app(as_of: date, watcher: PaintWatcher) -> None:
    from benchmarks import desktop_adapter

    desktop_adapter.start_desktop(
        [], as_of, lambda application: application.installEventFilter(watcher)
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gui_probe")
    parser.add_argument("side", choices=["app", "floor"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("--expect", type=int, default=1)
    parser.add_argument("--evaluated", type=int, default=0, help="app: episodes to evaluate")
    parser.add_argument("--db", type=Path, help="the database file")
    parser.add_argument("--sql", type=Path, help="floor: a file holding the due list's query")
    args = parser.parse_args(argv)
    watcher = PaintWatcher(args.out, args.expect, args.db, args.evaluated)
    if args.side == "floor":
        run_floor(args.db, args.sql.read_text(encoding="utf-8"), args.as_of, watcher)
    else:
        run_app(args.as_of, watcher)
    raise SystemExit("the window closed before the due list was painted")


if __name__ == "__main__":
    main(sys.argv[1:])
