"""Patient search, per keystroke: the patient list offscreen, typed into key by key.

Each keystroke is a real key event into the search field, then whatever it set off
(filtering, the count, the selection, the repaint of the table) until Qt has nothing
pending; CPU time of this process. Its floor is the shortest honest route to the same
answer: the typed text folded (NFKD, marks and punctuation dropped, casefolded) and a
raw ``LIKE`` per word over the stored search keys of the same patients, in bare sqlite3.
The goal is absolute, a frame (16 ms) for 95 % of keystrokes, also at 30k.
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from benchmarks import adapter, offscreen
from benchmarks.timing import Goal, Result, rounds

# What a receptionist types: names with apostrophes, accents and hyphens, a ref, a date.
QUERIES = ("o'brien", "müller", "smith-jones", "jean-luc", "núñez", "p-00042", "1975-", "zoe o'n")
GOAL = Goal("p95 <= 16 ms", at_most=0.016, stat="p95")
FLOOR_SQL = (
    "SELECT id, ref, given_name, family_name, date_of_birth FROM patient"
    " WHERE archived_on IS NULL{conditions} ORDER BY family_name, given_name"
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        c
        for c in decomposed
        if not unicodedata.combining(c) and not unicodedata.category(c).startswith("P")
    ).casefold()


def like_floor(connection: sqlite3.Connection, typed: str) -> int:
    words = fold(typed).split()
    conditions = "".join(" AND search_key LIKE ? ESCAPE '\\'" for _ in words)
    patterns = [
        "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words
    ]
    return len(connection.execute(FLOOR_SQL.format(conditions=conditions), patterns).fetchall())


def search(
    size: str, clinic: adapter.Clinic, db: Path, repetitions: int, budget_s: float
) -> Result:
    """Every keystroke of :data:`QUERIES`, ``repetitions`` times, floor and app in turn."""
    offscreen.application()
    ctx = adapter.app_context(clinic)
    patients = adapter.patient_list(ctx)
    offscreen.show(patients.widget)
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    result = Result("patient search, per keystroke (CPU)", size, "s", goal=GOAL)
    keystrokes = [(query, index) for query in QUERIES for index in range(1, len(query) + 1)]
    mismatches: set[str] = set()

    def type_all() -> list[tuple[float, float]]:
        pairs: list[tuple[float, float]] = []
        for query, index in keystrokes:
            if index == 1:
                patients.search_edit.clear()
                offscreen.settle()
            started = time.process_time()
            found = like_floor(connection, query[:index])
            floor = time.process_time() - started
            started = time.process_time()
            _key(patients, query[index - 1])
            app = time.process_time() - started
            if found != patients.shown():
                mismatches.add(query)
            pairs.append((floor, app))
        return pairs

    typed_rounds, note = rounds(type_all, repetitions=repetitions, budget_s=budget_s)
    for pairs in typed_rounds:
        result.floor += [floor for floor, _ in pairs]
        result.app += [app for _, app in pairs]
    counts = f"{len(keystrokes)} keystrokes x {len(typed_rounds)}"
    differ = f"app and LIKE differ on {sorted(mismatches)}" if mismatches else ""
    result.note = "; ".join(filter(None, [counts, note, differ]))
    patients.widget.close()
    connection.close()
    return result


def _key(patients: adapter.PatientList, character: str) -> None:
    # A key event carrying the character as text, as an input method delivers it
    # (QTest.keyClicks handles ASCII only).
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
        QApplication.sendEvent(patients.search_edit, event)
    offscreen.settle()
