"""Questionnaires scored item by item: totals on boundary answer sets, blank items,
refused forms, and the rule that no answer outside an item's scores is ever kept."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import instrument, instruments, parse_instruments
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.domain.model import Visit


def _form(code: str, answers: dict[str, int | None]) -> Questionnaire:
    return Questionnaire(
        instrument=code,
        answers=tuple(Answer(item=item, score=score) for item, score in answers.items()),
    )


def _visa_g(q8: str = "8C", q8_score: int = 30, **overrides: int | None) -> dict[str, int | None]:
    answers: dict[str, int | None] = {"1": 10, "2": 10, "3": 10, "4": 10, "5": 10, "6": 10}
    answers["7"] = 10
    answers[q8] = q8_score
    answers.update({key.removeprefix("q"): value for key, value in overrides.items()})
    return answers


def _psfs(*scores: int | None) -> Questionnaire:
    return Questionnaire(
        instrument="psfs",
        answers=tuple(
            Answer(item=str(n), score=score, activity=f"Activity {n}")
            for n, score in enumerate(scores, start=1)
        ),
    )


def test_visa_g_all_best_answers_score_100_and_all_worst_score_0():
    assert _form("visa_g", _visa_g()).score().total == 100
    worst = {str(n): 0 for n in range(1, 8)} | {"8A": 0}
    assert _form("visa_g", worst).score().total == 0


def test_visa_g_question_8_caps_by_the_part_answered():
    # Pain that stops weight-bearing activity caps question 8 at 10, pain that limits
    # it at 20; only pain-free activity reaches 30.
    assert _form("visa_g", _visa_g("8A", 10)).score().total == 80
    assert _form("visa_g", _visa_g("8B", 20)).score().total == 90
    assert _form("visa_g", _visa_g("8C", 6)).score().total == 76


def test_visa_g_worked_example_adds_each_item():
    answers = {"1": 5, "2": 5, "3": 7, "4": 2, "5": 5, "6": 5, "7": 4, "8B": 10}
    assert _form("visa_g", answers).score().total == 43


def test_visa_g_answered_in_two_parts_of_question_8_is_refused():
    answers = _visa_g("8B", 10) | {"8C": 12}
    with pytest.raises(ValidationError) as refused:
        _form("visa_g", answers)
    assert refused.value.path == "answers.8C"
    assert "exactly one part" in refused.value.problem


def test_visa_g_with_one_item_blank_has_no_total_and_names_the_item():
    for blank in ({"q3": None}, {}):
        answers = _visa_g(**blank)
        if not blank:
            del answers["3"]
        scored = _form("visa_g", answers).score()
        assert scored.total is None
        assert scored.missing == ("3",)
        assert scored.problem is not None
        assert scored.problem.startswith("Item 3 not answered")


def test_a_score_the_item_does_not_offer_is_refused_naming_the_item():
    with pytest.raises(ValidationError) as refused:
        _form("visa_g", _visa_g(q2=3))
    assert refused.value.path == "answers.2"
    assert "0, 2, 5, 7, 10" in refused.value.problem
    with pytest.raises(ValidationError, match=r"answers\.21: LEFS has no item 21"):
        _form("lefs", {"21": 2})


def test_lefs_boundaries_and_a_blank_item():
    assert _form("lefs", {str(n): 4 for n in range(1, 21)}).score().total == 80
    assert _form("lefs", {str(n): 0 for n in range(1, 21)}).score().total == 0
    one_blank = {str(n): 3 for n in range(1, 21)} | {"20": None}
    scored = _form("lefs", one_blank).score()
    assert (scored.total, scored.missing) == (None, ("20",))


def test_psfs_scores_the_mean_of_three_to_five_activities():
    assert _psfs(4, 5, 6).score().total == 5.0
    assert _psfs(0, 0, 0, 0, 0).score().total == 0
    assert _psfs(10, 10, 10, 10, 10).score().total == 10
    assert _psfs(3, 4, 4).score().total == 3.7


def test_psfs_with_an_unrated_activity_or_too_few_has_no_score():
    unrated = _psfs(4, None, 6).score()
    assert unrated.total is None
    assert unrated.missing == ("2",)
    too_few = _psfs(4, 6).score()
    assert too_few.total is None
    assert "3 to 5 activities; 2 named" in (too_few.problem or "")
    with pytest.raises(ValidationError, match="at most 5 activities"):
        _psfs(1, 2, 3, 4, 5, 6)


def test_psfs_activity_must_be_named():
    with pytest.raises(ValidationError) as refused:
        Questionnaire(instrument="psfs", answers=(Answer(item="1", score=4),))
    assert refused.value.path == "answers.1.activity"


def test_an_unknown_instrument_such_as_the_oxford_hip_score_is_refused():
    # The Oxford Hip Score is licensed: the app does not ship it.
    with pytest.raises(ValidationError, match="'ohs' is not one of visa_g, lefs, psfs, pseq2"):
        _form("ohs", {})


def test_the_visit_total_comes_from_its_items_and_a_differing_typed_total_is_refused():
    form = _form("visa_g", {"1": 5, "2": 5, "3": 7, "4": 2, "5": 5, "6": 5, "7": 4, "8B": 10})
    assert Visit(date=date(2026, 9, 7), pain_nrs=6, questionnaires=(form,)).visa_g == 43
    with pytest.raises(ValidationError, match="visa_g: 50 is not the total of its items"):
        Visit(date=date(2026, 9, 7), pain_nrs=6, visa_g=50, questionnaires=(form,))
    blank = _form("visa_g", {"1": 5})
    with pytest.raises(ValidationError, match="visa_g: 40 cannot be kept beside items"):
        Visit(date=date(2026, 9, 7), pain_nrs=6, visa_g=40, questionnaires=(blank,))
    # A total entered without items stays a total.
    assert Visit(date=date(2026, 9, 7), pain_nrs=6, visa_g=62).visa_g == 62


def test_one_visit_records_each_instrument_once():
    form = _form("pseq2", {"1": 4, "2": 5})
    with pytest.raises(ValidationError, match=r"questionnaires\[1\].instrument: PSEQ-2 is"):
        Visit(date=date(2026, 9, 7), pain_nrs=6, questionnaires=(form, form))


def test_every_shipped_instrument_spans_its_published_range():
    spans = {each.code: (each.low, each.high) for each in instruments()}
    assert spans == {"visa_g": (0, 100), "lefs": (0, 80), "psfs": (0, 10), "pseq2": (0, 12)}
    lefs = instrument("lefs")
    assert lefs is not None
    assert lefs.change is not None
    assert lefs.change.points == 9


def test_a_definition_whose_items_do_not_add_up_to_its_range_is_refused():
    text = """{"format": "trochtrack-instruments/1", "instruments": [{"code": "x",
        "name": "X", "full_name": "X", "source": "s", "scoring": "sum", "range": [0, 10],
        "higher_is_better": true, "missing": "refuse", "missing_note": "n", "change": null,
        "items": [{"id": "1", "label": "one", "scores": [0, 1, 2]}]}]}"""
    with pytest.raises(ValueError, match="x items span 0-2"):
        parse_instruments(text)


_ITEM_KEYS = st.sampled_from(["1", "2", "3", "7", "8A", "8B", "8C", "9", "20", "21", "x"])
_SCORES = st.one_of(st.none(), st.integers(min_value=-3, max_value=40))


@given(
    code=st.sampled_from(["visa_g", "lefs", "pseq2"]),
    answers=st.dictionaries(_ITEM_KEYS, _SCORES, max_size=12),
)
def test_no_answer_set_outside_the_items_scores_is_ever_kept(code, answers):
    definition = instrument(code)
    assert definition is not None
    try:
        form = _form(code, answers)
    except ValidationError:
        return
    for answer in form.answers:
        item = definition.item_of_answer(answer.item)
        assert item is not None
        assert answer.score is None or answer.score in item.scores_for(answer.item)
    total = form.score().total
    assert total is None or definition.low <= total <= definition.high


@given(scores=st.lists(_SCORES, max_size=7))
def test_no_psfs_rating_outside_0_to_10_is_kept(scores):
    try:
        form = _psfs(*scores)
    except ValidationError:
        return
    assert len(form.answers) <= 5
    assert all(a.score is None or 0 <= a.score <= 10 for a in form.answers)


def test_a_definition_the_database_cannot_store_is_refused():
    text = """{"format": "trochtrack-instruments/1", "instruments": [{"code": "ohs",
        "name": "OHS", "full_name": "Oxford Hip Score", "source": "s", "scoring": "sum",
        "range": [0, 4], "higher_is_better": true, "missing": "refuse", "missing_note": "n",
        "change": null, "items": [{"id": "1", "label": "one", "scores": [0, 4]}]}]}"""
    with pytest.raises(ValueError, match="a code the database does not accept"):
        parse_instruments(text)
