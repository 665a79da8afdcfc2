"""The due list: what an open episode waits for, and when."""

import pytest

from trochtrack.domain.rules import PRESETS, DueKind, due_items
from trochtrack.domain.vocabulary import AlertCode, LesionKind, TreatmentKind

A = AlertCode


def _items(build, episode, offset, preset=None):
    return [
        (item.kind, item.due, item.alert_code)
        for item in due_items(build.evaluate(episode, offset, build.rules(preset)))
    ]


def _episode(build, *visits, scans=(), treatments=(), closed=None):
    exercise = build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)
    return build.episode(
        visits=[build.visit(0, 7), *visits],
        treatments=[exercise, *treatments],
        scans=scans,
        closed=closed,
    )


@pytest.mark.parametrize("preset", PRESETS)
def test_each_open_status_waits_for_its_date(build, preset):
    rules = build.rules(preset)
    review, escalation = rules.review_weeks * 7, rules.escalation_weeks * 7
    quiet = _episode(build)
    assert _items(build, quiet, review - 1, preset) == [(DueKind.REVIEW, build.day(review), None)]
    assert _items(build, quiet, review, preset) == [
        (DueKind.OUTCOME_MEASURES, build.day(review), A.OUTCOME_MEASURE_DUE)
    ]
    assert _items(build, quiet, escalation, preset) == [
        (DueKind.OVERDUE_ASSESSMENT, build.day(escalation), A.ESCALATION_REVIEW_OVERDUE)
    ]
    unchanged = _episode(build, build.visit(review, 7))
    assert _items(build, unchanged, review, preset) == [
        (DueKind.ESCALATION_DECISION, build.day(escalation), A.FIRST_LINE_LIMITED_RESPONSE)
    ]
    assert _items(build, unchanged, escalation + 5, preset) == [
        (DueKind.ESCALATION_DECISION, build.day(escalation), A.CONSERVATIVE_CARE_FAILED)
    ]


def test_responding_closed_and_escalated_wait_for_no_review(build):
    assert _items(build, _episode(build, build.visit(28, 2)), 30) == []
    assert _items(build, _episode(build, closed=10), 30) == []
    injected = _episode(build, treatments=[build.treatment(TreatmentKind.ESWT, 5)])
    assert _items(build, injected, 30) == []


def test_follow_up_scan_is_listed_before_it_falls_due_and_sorted_by_date(build):
    bursa = build.scan(-20, build.finding("b1", LesionKind.ADVENTITIAL_BURSA, (24, 4, 23)))
    episode = _episode(build, scans=[bursa])
    assert _items(build, episode, 10) == [
        (DueKind.REVIEW, build.day(28), None),
        (DueKind.FOLLOW_UP_SCAN, build.day(64), None),
    ]
    assert _items(build, episode, 70) == [
        (DueKind.OVERDUE_ASSESSMENT, build.day(42), A.ESCALATION_REVIEW_OVERDUE),
        (DueKind.FOLLOW_UP_SCAN, build.day(64), A.FOLLOW_UP_SCAN_DUE),
    ]
    escalated = _episode(build, scans=[bursa], treatments=[build.treatment(TreatmentKind.ESWT, 5)])
    assert _items(build, escalated, 10) == [(DueKind.FOLLOW_UP_SCAN, build.day(64), None)]
    assert _items(build, _episode(build, scans=[bursa], closed=10), 70) == []


def test_due_items_have_short_labels(build):
    items = due_items(build.evaluate(_episode(build), 10))
    assert all(item.label and len(item.label) < 60 for item in items)
