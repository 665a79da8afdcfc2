"""Why a goal is missed and what would close the gap, printed under the results table.

Issue 12 asks for every goal met, or the miss stated with its size, its cause and a plan.
The causes come from profiles of the measured code on the synthetic clinics (2 December
2026, 2-core AMD EPYC, idle); ``docs/performance.md`` has the figures behind them. Every
measure with a goal has an entry, so a row that starts missing is never printed bare
(``tests/e2e/test_bench_tiny.py`` checks that).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.timing import Result


@dataclass(frozen=True)
class Explanation:
    """Why ``measure`` (a measure's name, or part of it) misses, and the plan."""

    measure: str
    why: str
    plan: str


EXPLANATIONS = (
    Explanation(
        "cold evaluation of every episode",
        "At 10k: reading the 10k episodes back into validated domain records takes about"
        " 2.1 s (every visit, scan and finding is checked on the way in as when it was"
        " saved), the rules engine 1.5 s, writing the cache 0.3 s; the floor only fetches"
        " the rows (0.3 s).",
        "Build stored records without re-checking what the schema's CHECK constraints"
        " already guarantee (a trusted-read constructor; a decision for the lead, as it"
        " gives up a second line of defence against a file edited outside the app), and"
        " split the engine's decisions from their wording so the due list's evaluation"
        " skips the summaries and reasons of every alert.",
    ),
    Explanation(
        "rules engine alone",
        "What remains is spread thin: lesion comparisons and their alert texts about half,"
        " the other alerts' summaries and evidence a quarter, response, worsening,"
        " validity and due items the rest.",
        "Decisions first, wording on demand (as for the cold evaluation); no single"
        " hot spot is left to shave.",
    ),
    Explanation(
        "warm due list (nothing changed)",
        "The floor returns the query's rows; the app also reads the alert actions and"
        " decisions, checks each cached evaluation is current, builds a line per item"
        " (about 10k named tuples at 10k) and sorts them: 80-105 ms against 43 ms.",
        "Keep the rows as read and build a line only when the table asks for it (the"
        " visible rows), sorting on the cached due dates; or move the freshness test"
        " into the query.",
    ),
    Explanation(
        "due list, date moved one day",
        "As for the warm due list, with the episodes whose evaluation lapsed evaluated again.",
        "As for the warm due list.",
    ),
    Explanation(
        "due list after a visit was saved",
        "The saved episode is read, evaluated and its cache written (about 5 ms); on the"
        " 1k clinic the floor takes 2.5 ms in all, so that fixed cost alone is twice it."
        " Met at 10k.",
        "Evaluate the episode in the save's own transaction, where its record is already"
        " in memory, so the refresh after a save only reads.",
    ),
    Explanation(
        "trochtrack-cli due",
        "A fixed cost of the process: importing SQLAlchemy (130-170 ms) and the app's"
        " store and services (about 250 ms more) before the query runs. On the 1k"
        " clinic the floor (bare python and sqlite3, 56 ms) has nothing to hide it"
        " behind; at 10k it is met (1.8x).",
        "Import the ORM models only for the commands that write (the due list itself is"
        " one SQL query): about 100 ms. Meeting 3x at 1k (170 ms) would need a second"
        " data layer without SQLAlchemy, which we would rather not keep; we propose"
        " judging the CLI at 10k, or by an absolute 0.5 s.",
    ),
    Explanation(
        "patient search, per keystroke",
        "Two thirds of a keystroke is Qt painting the table and the visible cells' text;"
        " the search itself is under 2 ms.",
        "Fewer repaints per keystroke (the count label and the table in one update).",
    ),
    Explanation(
        "open a typical patient with charts",
        "About 70% is matplotlib: building the two charts (25 ms) and drawing them"
        " (about 90 ms, of which constrained layout about 40 ms: 187 -> 146 ms with the"
        " layout engine switched off); reading and evaluating the record 13 ms, filling"
        " the tabs 30 ms. The floor draws two bare line plots without layout.",
        "Replace constrained layout by margins measured from the charts' own texts (the"
        " score axes are fixed scales; the treatment labels and the legend are measured"
        " once with the renderer), and reuse the axes from one patient to the next"
        " instead of clearing the figure.",
    ),
    Explanation(
        "open a patient with 200 visits",
        "As for a typical patient, with 200-row tables filled and sized to their text.",
        "As for a typical patient, and fill each record tab when it is first shown.",
    ),
    Explanation(
        "one GP letter PDF",
        "The two charts are about 60% of a letter and are richer than the floor's"
        " (treatment strip, review and escalation markers, legend): the symptom chart"
        " takes about 120 ms at 200 dpi, 36 ms of it constrained layout.",
        "The measured-margin layout (as for the patient view) takes about 30 ms off each"
        " letter, about 1.5x.",
    ),
    Explanation(
        "letters in a batch",
        "Each letter costs what one letter does (above); the batch adds the documents log.",
        "As for one letter.",
    ),
    Explanation(
        "import of a large case",
        "The ORM unit of work flushes the 326 rows with its identity map and relationship"
        " bookkeeping (two thirds of an import), the audit hook's values a quarter of"
        " that, and making the ORM rows from the records a fifth; the floor's raw"
        " executemany takes 2 ms.",
        "A Core bulk path for a new patient's case: one INSERT per table with the ids"
        " returned, the audit rows made from the same values in one statement. The audit"
        " hook lives on ORM flushes, so the path must build the same events itself and a"
        " test must compare them with the ORM path's.",
    ),
    Explanation(
        "warm start to a painted due list",
        "Importing the app costs about 0.7 s (SQLAlchemy 166 ms; the store, services and"
        " views the rest) where the floor imports only PySide6 and sqlite3; building the"
        " window (both lists, the patient view's six tabs, menus) about 0.35 s.",
        "Import the patient view, the dialogs and the letters on first use (about"
        " 150 ms) and read the due list before the ORM is loaded (it is one SQL query)."
        " Within 2x of a bare PySide6 window (0.4 s) is out of reach while the app imports"
        " SQLAlchemy and builds its window: we propose an absolute goal, 1 s at 10k.",
    ),
    Explanation(
        "GUI peak memory",
        "The app holds the patient list, the due list and its evaluation cache rows.",
        "Keep only the visible rows' text (see the warm due list).",
    ),
    Explanation(
        "first start (not yet evaluated): a window",
        "The splash is shown before the database layers are imported; a miss means"
        " something now runs or is imported ahead of it.",
        "Move that work behind the splash (tests/ui/test_splash.py holds what may load before it).",
    ),
    Explanation(
        "bundle start-up",
        "The frozen bundle unpacks and imports from its archive.",
        "Exclude what the app never imports from the bundle.",
    ),
)


def explanation(result: Result) -> Explanation | None:
    """The entry for ``result``'s measure, if there is one."""
    return next((e for e in EXPLANATIONS if e.measure in result.measure), None)


def shortfall(result: Result) -> str:
    """By how much ``result`` misses its goal, in the goal's own terms."""
    goal = result.goal
    assert goal is not None
    if goal.ratio is not None:
        return (
            f"{result.ratio:.1f}x the floor against {goal.ratio:g}x"
            f" ({result.ratio / goal.ratio:.2f} times the goal)"
        )
    assert goal.at_most is not None
    value = result.app_stat(goal.stat)
    unit = "MB" if result.unit == "MB" else "s"
    return (
        f"{value:.3g} {unit} against {goal.at_most:.3g} {unit}"
        f" ({value / goal.at_most:.2f} times the goal)"
    )


def missed_report(results: Sequence[Result]) -> list[str]:
    """One paragraph per missed goal: the measure, by how much, why, and the plan."""
    lines: list[str] = []
    for result in results:
        if result.verdict != "MISSED":
            continue
        entry = explanation(result)
        lines.append(f"- {result.measure} ({result.size}): {shortfall(result)}.")
        if entry is None:
            lines.append("  Why: not yet explained (add it to benchmarks/misses.py).")
        else:
            lines.append(f"  Why: {entry.why}")
            lines.append(f"  Plan: {entry.plan}")
    return lines
