"""The record printout's outcome measures: blank items said as such, no invented total."""

from datetime import date

from trochtrack.domain.measures.outcomes import CoreOutcomes
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.domain.model import Visit
from trochtrack.services.record_measures import measures_tables


def test_a_form_with_a_blank_item_lists_it_and_has_no_total():
    visa_g = Questionnaire(
        instrument="visa_g",
        answers=(
            Answer(item="1", score=6),
            Answer(item="2", score=None),
            Answer(item="8C", score=12),
        ),
    )
    visit = Visit(date=date(2026, 9, 7), pain_nrs=6, questionnaires=(visa_g,))
    (table,) = measures_tables([visit])
    ((day, measure, answers, total),) = table.rows
    assert (day, measure, total) == ("7 Sep 2026", "VISA-G", "no total")
    assert answers == "1: 6, 2: blank, 3: blank, 4: blank, 5: blank, 6: blank, 7: blank, 8C: 12"


def test_a_record_without_measures_prints_no_table_for_them():
    assert measures_tables([Visit(date=date(2026, 9, 7), pain_nrs=6)]) == ()


def test_the_core_set_row_gives_each_measure_its_unit():
    outcomes = CoreOutcomes(stance_pain_right_s=7.5, stair_pain_nrs=4, body_mass_kg=70)
    (table,) = measures_tables([Visit(date=date(2026, 9, 7), pain_nrs=6, outcomes=outcomes)])
    assert (
        table.rows[0][2]
        == "single-leg stance right 7.5 s to pain; pain on stairs 4/10; body mass 70 kg"
    )
