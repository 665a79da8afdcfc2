"""The status table of rules.md §4 and the response thresholds of §3."""

from collections import Counter
from datetime import date

import pytest
from factories import make_episode

from trochtrack.domain.model import Finding, Scan, Visit
from trochtrack.domain.rules import PRESETS, SECOND_LINE_OPTIONS, evaluate_episode
from trochtrack.domain.vocabulary import (
    AlertCode,
    EpisodeStatus,
    LesionKind,
    Modality,
    RedFlag,
    Severity,
    TreatmentKind,
)

S = EpisodeStatus
A = AlertCode


def _weeks(build, preset):
    rules = build.rules(preset)
    return rules.review_weeks * 7, rules.escalation_weeks * 7


def _table_alerts(evaluation):
    table = {
        A.FIRST_LINE_LIMITED_RESPONSE,
        A.CONSERVATIVE_CARE_FAILED,
        A.OUTCOME_MEASURE_DUE,
        A.ESCALATION_REVIEW_OVERDUE,
    }
    return [(a.code, a.severity, a.due) for a in evaluation.alerts if a.code in table]


def _with_exercise(build, *more_treatments, **kwargs):
    exercise = build.treatment(TreatmentKind.EXERCISE_PROGRAM, 0)
    return build.episode(treatments=[exercise, *more_treatments], **kwargs)


@pytest.mark.parametrize("preset", PRESETS)
def test_due_dates_follow_the_preset(build, preset):
    review, escalation = _weeks(build, preset)
    evaluation = build.evaluate(_with_exercise(build), 0, build.rules(preset))
    assert evaluation.review_due == build.day(review)
    assert evaluation.escalation_due == build.day(escalation)


@pytest.mark.parametrize("preset", PRESETS)
def test_review_day_ends_in_progress(build, preset):
    review, _ = _weeks(build, preset)
    rules = build.rules(preset)
    episode = _with_exercise(build, visits=[build.visit(0, 7)])
    before = build.evaluate(episode, review - 1, rules)
    assert before.status is S.IN_PROGRESS
    assert _table_alerts(before) == []
    for offset in (review, review + 1):
        on_or_after = build.evaluate(episode, offset, rules)
        assert on_or_after.status is S.AWAITING_ASSESSMENT
        assert _table_alerts(on_or_after) == [
            (A.OUTCOME_MEASURE_DUE, Severity.INFO, build.day(review))
        ]


@pytest.mark.parametrize("preset", PRESETS)
def test_escalation_day_without_assessment_is_overdue(build, preset):
    _, escalation = _weeks(build, preset)
    rules = build.rules(preset)
    episode = _with_exercise(build, visits=[build.visit(0, 7)])
    assert build.evaluate(episode, escalation - 1, rules).status is S.AWAITING_ASSESSMENT
    for offset in (escalation, escalation + 1):
        overdue = build.evaluate(episode, offset, rules)
        assert overdue.status is S.ASSESSMENT_OVERDUE
        assert _table_alerts(overdue) == [
            (A.ESCALATION_REVIEW_OVERDUE, Severity.WARNING, build.day(escalation))
        ]


@pytest.mark.parametrize("preset", PRESETS)
def test_non_responder_is_limited_then_failed_on_escalation_day(build, preset):
    review, escalation = _weeks(build, preset)
    rules = build.rules(preset)
    episode = _with_exercise(build, visits=[build.visit(0, 7), build.visit(review, 6, groc=1)])
    limited = build.evaluate(episode, escalation - 1, rules)
    assert limited.status is S.LIMITED_RESPONSE
    assert _table_alerts(limited) == [
        (A.FIRST_LINE_LIMITED_RESPONSE, Severity.INFO, build.day(escalation))
    ]
    for offset in (escalation, escalation + 1):
        failed = build.evaluate(episode, offset, rules)
        assert failed.status is S.FAILED
        assert _table_alerts(failed) == [
            (A.CONSERVATIVE_CARE_FAILED, Severity.WARNING, build.day(escalation))
        ]


@pytest.mark.parametrize("preset", PRESETS)
def test_a_visit_the_day_before_review_is_not_decisive(build, preset):
    review, _ = _weeks(build, preset)
    rules = build.rules(preset)
    before = _with_exercise(build, visits=[build.visit(0, 7), build.visit(review - 1, 2)])
    assert build.evaluate(before, review, rules).status is S.AWAITING_ASSESSMENT
    on_day = _with_exercise(build, visits=[build.visit(0, 7), build.visit(review, 2)])
    assert build.evaluate(on_day, review, rules).status is S.RESPONDING


def test_failed_lists_every_second_line_option_with_sources(build):
    episode = _with_exercise(build, visits=[build.visit(0, 7), build.visit(28, 7)])
    alert = next(
        a for a in build.evaluate(episode, 42).alerts if a.code is A.CONSERVATIVE_CARE_FAILED
    )
    assert len(alert.options) == len(SECOND_LINE_OPTIONS) == 5
    joined = " ".join(alert.options).lower()
    for word in ("corticosteroid", "shockwave", "prp", "barbotage", "surgical"):
        assert word in joined
    for tag in ("S15", "S19", "S22", "S23", "S24", "S28", "S41", "S42", "S43"):
        assert tag in alert.sources
    assert {"S6", "S7", "S11"} <= set(alert.sources)
    assert alert.summary.startswith("Consider")


def test_response_alert_evidence_shows_inputs_and_thresholds(build):
    episode = _with_exercise(
        build, visits=[build.visit(0, 7, visa=45), build.visit(28, 6, visa=50, groc=1)]
    )
    alert = build.evaluate(episode, 30).alerts[0]
    assert alert.code is A.FIRST_LINE_LIMITED_RESPONSE
    pain = alert.evidence["measures"]["pain_nrs"]
    assert pain["baseline"] == {"date": "2026-03-02", "value": 7}
    assert pain["latest"] == {"date": "2026-03-30", "value": 6}
    assert (pain["drop_points"], pain["drop_percent"], pain["meets"]) == (1, 14.3, False)
    assert alert.evidence["measures"]["visa_g"]["gain_points"] == 5
    assert alert.evidence["decisive_visit"] == "2026-03-30"
    assert "14.3 % drop" in alert.why


@pytest.mark.parametrize("preset", PRESETS)
def test_closed_is_history_and_raises_nothing(build, preset):
    review, escalation = _weeks(build, preset)
    rules = build.rules(preset)
    episode = build.episode(
        visits=[build.visit(0, 7), build.visit(review, 7, flags=[RedFlag.NEUROLOGICAL_DEFICIT])],
        treatments=[build.treatment(TreatmentKind.CORTICOSTEROID_INJECTION, 1)],
        scans=[build.scan(0, build.finding("b1", LesionKind.ADVENTITIAL_BURSA, (20, 5, 18)))],
        closed=escalation,
    )
    assert build.evaluate(episode, escalation - 1, rules).status is S.ESCALATED
    for offset in (escalation, escalation + 200):
        closed = build.evaluate(episode, offset, rules)
        assert closed.status is S.CLOSED
        assert closed.alerts == ()
        assert [lesion.lesion for lesion in closed.lesions] == ["b1"]


@pytest.mark.parametrize(
    "kind", [kind for kind in TreatmentKind if kind.second_line], ids=lambda kind: kind.value
)
def test_any_second_line_treatment_escalates(build, kind):
    episode = _with_exercise(
        build, build.treatment(kind, 50), visits=[build.visit(0, 7), build.visit(28, 7)]
    )
    assert build.evaluate(episode, 49).status is S.FAILED
    escalated = build.evaluate(episode, 50)
    assert escalated.status is S.ESCALATED
    assert _table_alerts(escalated) == []


def test_escalated_still_raises_red_flags_and_worsening(build):
    episode = _with_exercise(
        build,
        build.treatment(TreatmentKind.ESWT, 35),
        visits=[build.visit(0, 4), build.visit(40, 9, temp=38.5)],
    )
    codes = {a.code for a in build.evaluate(episode, 40).alerts}
    assert codes == {A.RED_FLAG_INFECTION, A.SYMPTOMS_WORSENING}


def test_second_line_before_review_is_escalated_not_in_progress(build):
    episode = _with_exercise(
        build, build.treatment(TreatmentKind.PRP_INJECTION, 5), visits=[build.visit(0, 7)]
    )
    evaluation = build.evaluate(episode, 5)
    assert evaluation.status is S.ESCALATED
    assert [a.code for a in evaluation.alerts] == [A.INVASIVE_BEFORE_REVIEW]


def test_the_latest_assessment_decides(build):
    responded_then_relapsed = _with_exercise(
        build, visits=[build.visit(0, 6), build.visit(28, 2), build.visit(35, 6)]
    )
    assert build.evaluate(responded_then_relapsed, 34).status is S.RESPONDING
    assert build.evaluate(responded_then_relapsed, 35).status is S.LIMITED_RESPONSE


def test_a_visit_without_a_computable_measure_is_skipped(build):
    """The only visit is after review: pain has no earlier baseline; GROC alone decides."""
    no_groc = _with_exercise(build, visits=[build.visit(28, 3)])
    assert build.evaluate(no_groc, 30).status is S.AWAITING_ASSESSMENT
    with_groc = _with_exercise(build, visits=[build.visit(28, 3, groc=2)])
    assert build.evaluate(with_groc, 30).status is S.RESPONDING


def test_a_baseline_on_the_same_day_is_not_earlier(build):
    same_day = _with_exercise(build, visits=[build.visit(28, 8), build.visit(28, 2)])
    assert build.evaluate(same_day, 30).status is S.AWAITING_ASSESSMENT


def test_visa_g_baseline_is_its_first_recording(build):
    episode = _with_exercise(
        build,
        visits=[build.visit(0, 7), build.visit(7, 7, visa=40), build.visit(28, 7, visa=50)],
    )
    evaluation = build.evaluate(episode, 28)
    assert evaluation.status is S.RESPONDING
    visa = next(m for m in evaluation.response.measures if m.measure == "visa_g")
    assert visa.baseline.date == build.day(7)


@pytest.mark.parametrize(
    ("baseline", "latest", "responder"),
    [
        (7, 5, True),  # 2 points
        (7, 6, False),  # 1 point, 14 %
        (10, 8, True),
        (10, 9, False),
        (3, 2, True),  # 1 point but 33 %
        (4, 3, False),  # 1 point, 25 %
        (0, 0, False),  # baseline 0: no relative change
        (2, 3, False),
    ],
)
def test_pain_threshold(build, baseline, latest, responder):
    episode = _with_exercise(build, visits=[build.visit(0, baseline), build.visit(28, latest)])
    status = build.evaluate(episode, 28).status
    assert status is (S.RESPONDING if responder else S.LIMITED_RESPONSE)


@pytest.mark.parametrize(("latest", "responder"), [(7, True), (8, False)])
def test_pain_thirty_percent_exactly_counts(build, latest, responder):
    """10 -> 7 is exactly 30 %; in floats 0.3 * 10 is 3.0000000000000004 and would miss."""
    rules = build.rules(response__pain_drop_points=10)
    episode = _with_exercise(build, visits=[build.visit(0, 10), build.visit(28, latest)])
    status = build.evaluate(episode, 28, rules).status
    assert status is (S.RESPONDING if responder else S.LIMITED_RESPONSE)


@pytest.mark.parametrize(("groc", "responder"), [(1, False), (2, True), (-3, False), (5, True)])
def test_groc_threshold(build, groc, responder):
    episode = _with_exercise(build, visits=[build.visit(0, 7), build.visit(28, 7, groc=groc)])
    status = build.evaluate(episode, 28).status
    assert status is (S.RESPONDING if responder else S.LIMITED_RESPONSE)


@pytest.mark.parametrize(("gain", "responder"), [(9, False), (10, True)])
def test_visa_g_threshold(build, gain, responder):
    episode = _with_exercise(
        build, visits=[build.visit(0, 7, visa=40), build.visit(28, 7, visa=40 + gain)]
    )
    status = build.evaluate(episode, 28).status
    assert status is (S.RESPONDING if responder else S.LIMITED_RESPONSE)


def test_one_measure_is_enough(build):
    episode = _with_exercise(
        build, visits=[build.visit(0, 5, visa=50), build.visit(28, 8, visa=35, groc=2)]
    )
    assert build.evaluate(episode, 28).status is S.RESPONDING


def test_only_visits_up_to_as_of_count(build):
    episode = _with_exercise(build, visits=[build.visit(0, 7), build.visit(29, 2)])
    assert build.evaluate(episode, 28).status is S.AWAITING_ASSESSMENT
    assert build.evaluate(episode, 29).status is S.RESPONDING


def test_every_alert_code_appears_once_per_episode_at_most(build):
    episode = _with_exercise(build, visits=[build.visit(0, 7), build.visit(28, 7)])
    counts = Counter(a.code for a in build.evaluate(episode, 60).alerts)
    assert max(counts.values()) == 1


def test_due_dates_past_the_end_of_the_calendar_do_not_fail(build):
    last_days = date(9999, 12, 20)
    episode = make_episode(
        first_line_start=last_days,
        visits=(Visit(date=last_days, pain_nrs=5),),
        scans=(
            Scan(
                date=last_days,
                modality=Modality.US,
                findings=(
                    Finding(lesion="b1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=(9, 9, 9)),
                ),
            ),
        ),
    )
    evaluation = evaluate_episode(build.patient, episode, date.max, build.rules())
    assert evaluation.review_due == evaluation.escalation_due == date.max
    assert evaluation.follow_up_scan_due == date.max
    assert {a.code for a in evaluation.alerts} == {
        A.ESCALATION_REVIEW_OVERDUE,
        A.PHYSIO_NOT_STARTED,
        A.FOLLOW_UP_SCAN_DUE,
    }
