"""The visits table and the timeline show the questionnaires and the core set's measures."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_episode
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from trochtrack.domain.measures.outcomes import CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.domain.model import Visit
from trochtrack.ui.models.timeline import TimelineKind, timeline_entries
from trochtrack.ui.models.visit_table import VisitTableModel

pytestmark = pytest.mark.ui

PLAIN_COLUMNS = [
    "Date",
    "Pain",
    "Night pain",
    "VISA-G",
    "GROC",
    "Temp. °C",
    "Red flags",
    "Notes",
    "Clinician",
]


def lefs(*scores: int | None) -> Questionnaire:
    return Questionnaire(
        instrument="lefs",
        answers=tuple(
            Answer(item=str(n), score=s) for n, s in enumerate(scores, start=1) if s is not None
        ),
    )


def psfs(*rated: tuple[str, int | None]) -> Questionnaire:
    return Questionnaire(
        instrument="psfs",
        answers=tuple(
            Answer(item=str(n), score=score, activity=activity)
            for n, (activity, score) in enumerate(rated, start=1)
        ),
    )


def visa_g_without_question(blank: str) -> Questionnaire:
    answers = [Answer(item=str(n), score=5) for n in range(2, 7)]
    answers += [Answer(item="1", score=6), Answer(item="7", score=4), Answer(item="8B", score=10)]
    return Questionnaire(
        instrument="visa_g", answers=tuple(a for a in answers if a.item.rstrip("AB") != blank)
    )


MEASURED = Visit(
    date=date(2026, 10, 5),
    pain_nrs=5,
    outcomes=CoreOutcomes(
        stance_pain_left_s=12.5,
        stance_pain_right_s=30,
        stair_pain_nrs=4,
        abduction_left=14.5,
        abduction_right=16,
        abduction_unit=StrengthUnit.KILOGRAM,
        body_mass_kg=72,
    ),
    questionnaires=(
        visa_g_without_question("6"),
        lefs(*[3] * 18, 2, 1),
        psfs(("Stairs at work", 4), ("Walking the dog", 8), ("Kneeling", 7)),
    ),
)
INCOMPLETE = Visit(
    date=date(2026, 10, 19),
    pain_nrs=4,
    outcomes=CoreOutcomes(abduction_left=150, abduction_unit=StrengthUnit.NEWTON),
    questionnaires=(lefs(*[3] * 17, None, 2, 1),),
)


def headers(model: VisitTableModel) -> list[str]:
    return [
        model.headerData(number, Qt.Orientation.Horizontal) for number in range(model.columnCount())
    ]


def cell(model: VisitTableModel, row: int, title: str, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, headers(model).index(title)).data(role)


def test_a_measure_gets_a_column_only_once_a_visit_records_it(qtmodeltester: ModelTester):
    model = VisitTableModel()
    model.set_rows([Visit(date=date(2026, 9, 7), pain_nrs=7)])
    assert headers(model) == PLAIN_COLUMNS
    model.set_rows([Visit(date=date(2026, 9, 7), pain_nrs=7), MEASURED, INCOMPLETE])
    assert headers(model) == [
        *PLAIN_COLUMNS[:5],
        "LEFS",
        "PSFS",
        "Stance L",
        "Stance R",
        "Stairs",
        "Abduction L",
        "Abduction R",
        *PLAIN_COLUMNS[5:],
    ]  # no PSEQ-2: no visit records one
    qtmodeltester.check(model)


def test_the_measures_show_with_their_units_and_meaning():
    model = VisitTableModel()
    model.set_rows([MEASURED, INCOMPLETE])
    assert cell(model, 0, "LEFS") == "57"
    assert cell(model, 0, "PSFS") == "6.3"
    assert "1. Stairs at work: 4" in cell(model, 0, "PSFS", Qt.ItemDataRole.ToolTipRole)
    assert (cell(model, 0, "Stance L"), cell(model, 0, "Stance R")) == ("12.5 s", "30 s")
    assert "30 s means no pain came within 30 s" in cell(
        model, 0, "Stance R", Qt.ItemDataRole.ToolTipRole
    )
    assert cell(model, 0, "Stairs") == "4"
    assert (cell(model, 0, "Abduction L"), cell(model, 1, "Abduction L")) == ("14.5 kg", "150 N")
    assert "14.5 kg = 1.97 N/kg (body mass 72 kg)" in cell(
        model, 0, "Abduction L", Qt.ItemDataRole.ToolTipRole
    )
    assert "no body mass recorded, so no N/kg" in cell(
        model, 1, "Abduction L", Qt.ItemDataRole.ToolTipRole
    )


def test_a_total_with_blank_items_shows_a_dash_and_says_why():
    model = VisitTableModel()
    model.set_rows([MEASURED, INCOMPLETE])
    assert cell(model, 0, "VISA-G") == "–"
    assert "Item 6 not answered" in cell(model, 0, "VISA-G", Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 1, "LEFS") == "–"
    assert "Item 18 not answered" in cell(model, 1, "LEFS", Qt.ItemDataRole.ToolTipRole)
    # Sorted by LEFS, the form without a total goes last, with the visits that have none.
    model.set_rows([INCOMPLETE, MEASURED])
    model.sort(headers(model).index("LEFS"), Qt.SortOrder.AscendingOrder)
    assert [v.date for v in model.rows()] == [MEASURED.date, INCOMPLETE.date]


def test_the_timeline_tells_the_measures_of_a_visit():
    episode = make_episode(first_line_start=date(2026, 9, 7), visits=(MEASURED, INCOMPLETE))
    entries = [
        e.text
        for e in timeline_entries(episode, [], [], date(2026, 11, 28))
        if e.kind is TimelineKind.VISIT
    ]
    assert entries == [
        "Pain 5/10, VISA-G without a total (item 6 not answered), LEFS 57, PSFS 6.3, "
        "stance to pain 12.5 s left and 30 s right, stair pain 4/10, "
        "abduction 14.5 kg left and 16 kg right",
        "Pain 4/10, LEFS without a total (item 18 not answered), abduction 150 N left",
    ]
