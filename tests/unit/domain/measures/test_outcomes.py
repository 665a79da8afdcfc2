"""The core outcome set's visit measures: ranges, the 30-second cap and strength units."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.outcomes import STRENGTH_RANGES, CoreOutcomes, StrengthUnit
from trochtrack.domain.rules.engine import evaluate_case
from trochtrack.services.demo import seed_case
from trochtrack.services.rules_config import rules_from


def test_stance_time_is_capped_at_30_seconds_with_a_message_saying_what_to_enter():
    assert CoreOutcomes(stance_pain_left_s=30).stance_pain_left_s == 30
    with pytest.raises(ValidationError) as refused:
        CoreOutcomes(stance_pain_right_s=31)
    assert refused.value.path == "stance_pain_right_s"
    assert "enter 30 when no pain came within 30 s" in refused.value.problem
    with pytest.raises(ValidationError, match="stance_pain_left_s: -1 is outside 0–30"):
        CoreOutcomes(stance_pain_left_s=-1)


def test_pain_on_stairs_is_a_0_to_10_score():
    with pytest.raises(ValidationError, match="stair_pain_nrs: 11 is outside 0–10"):
        CoreOutcomes(stair_pain_nrs=11)


def test_strength_needs_its_unit_and_is_normalised_to_body_mass():
    with pytest.raises(ValidationError, match="abduction_unit: say whether"):
        CoreOutcomes(abduction_left=120)
    newtons = CoreOutcomes(abduction_left=144, abduction_unit=StrengthUnit.NEWTON, body_mass_kg=72)
    assert newtons.abduction_per_kg(newtons.abduction_left) == pytest.approx(2.0)
    kilograms = CoreOutcomes(abduction_right=10, abduction_unit="kg", body_mass_kg=49.0333)
    assert kilograms.abduction_per_kg(kilograms.abduction_right) == pytest.approx(2.0, abs=1e-3)
    assert CoreOutcomes(abduction_left=144, abduction_unit="N").abduction_per_kg(144) is None


def test_strength_ranges_depend_on_the_unit():
    CoreOutcomes(abduction_left=900, abduction_unit="N")
    with pytest.raises(ValidationError, match=r"abduction_left: 900 is outside 0\.1–200"):
        CoreOutcomes(abduction_left=900, abduction_unit="kg")
    with pytest.raises(ValidationError, match="abduction_unit"):
        CoreOutcomes(abduction_left=10, abduction_unit="lb")


def test_body_mass_range():
    with pytest.raises(ValidationError, match="body_mass_kg: 400 is outside 20–300"):
        CoreOutcomes(body_mass_kg=400)


_OUTCOME_VALUES = st.one_of(
    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-50, 3000)
)


@given(
    stance=_OUTCOME_VALUES,
    stairs=st.one_of(st.none(), st.integers(-5, 15)),
    strength=_OUTCOME_VALUES,
    unit=st.sampled_from([None, "N", "kg"]),
    mass=_OUTCOME_VALUES,
)
def test_no_core_set_measure_outside_its_range_is_kept(stance, stairs, strength, unit, mass):
    try:
        outcomes = CoreOutcomes(
            stance_pain_left_s=stance,
            stair_pain_nrs=stairs,
            abduction_right=strength,
            abduction_unit=unit,
            body_mass_kg=mass,
        )
    except ValidationError:
        return
    assert outcomes.stance_pain_left_s is None or 0 <= outcomes.stance_pain_left_s <= 30
    assert outcomes.stair_pain_nrs is None or 0 <= outcomes.stair_pain_nrs <= 10
    if outcomes.abduction_right is not None:
        assert outcomes.abduction_unit is not None
        low, high = STRENGTH_RANGES[outcomes.abduction_unit]
        assert low <= outcomes.abduction_right <= high
    assert outcomes.body_mass_kg is None or 20 <= outcomes.body_mass_kg <= 300


def test_the_rules_call_the_seed_case_the_same_with_or_without_the_measures():
    case = seed_case()
    bare = replace(
        case,
        episodes=tuple(
            replace(
                episode,
                visits=tuple(
                    replace(visit, questionnaires=(), outcomes=CoreOutcomes())
                    for visit in episode.visits
                ),
            )
            for episode in case.episodes
        ),
    )
    assert any(visit.questionnaires for visit in case.episodes[0].visits)
    for day in (date(2026, 10, 10), date(2026, 10, 20)):
        assert evaluate_case(case, day, rules_from()) == evaluate_case(bare, day, rules_from())
