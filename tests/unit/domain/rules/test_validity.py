"""An evaluation holds, day after day, until the date valid_until gives (Hypothesis)."""

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from trochtrack.domain.rules import due_items, evaluate_episode, valid_until

# Test modules are not a package; the case strategies live beside this file.
from .test_properties import as_of_dates, cases  # noqa: TID252


def _what_the_due_list_shows(evaluation):
    return (
        evaluation.status,
        evaluation.review_due,
        evaluation.escalation_due,
        tuple((a.code, a.severity, a.due, a.lesion, a.summary) for a in evaluation.alerts),
        due_items(evaluation),
        tuple(
            (lesion.lesion, lesion.change, lesion.volume_mm3, lesion.previous_volume_mm3)
            for lesion in evaluation.lesions
        ),
    )


@settings(max_examples=150, deadline=None)
@given(case=cases(), as_of=as_of_dates, horizon=st.integers(1, 240))
def test_nothing_changes_before_valid_until(build, case, as_of, horizon):
    rules = build.rules()
    for episode in case.episodes:
        first = evaluate_episode(case.patient, episode, as_of, rules)
        until = valid_until(case.patient, episode, first, rules)
        last = as_of + timedelta(days=horizon)
        if until is not None:
            assert until > as_of
            last = min(last, until - timedelta(days=1))
        day = as_of
        while day <= last:
            later = evaluate_episode(case.patient, episode, day, rules)
            assert _what_the_due_list_shows(later) == _what_the_due_list_shows(first), day
            day += timedelta(days=1)
