"""The due list across patients, alert actions, decisions, and the evaluation cache."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from trochtrack.domain.actions import (
    AlertActionKind,
    CriticalAction,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Visit
from trochtrack.domain.vocabulary import AlertCode, EpisodeStatus, Severity, TreatmentKind
from trochtrack.services import records
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.due import due_list, due_list_with_stats
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.settings import update_settings
from trochtrack.services.workflow import (
    AlertState,
    act_on_alert,
    alert_history,
    decisions,
    episode_alert_views,
    record_critical_action,
    record_decision,
)
from trochtrack.wording.dates import long_date

pytestmark = pytest.mark.integration
AS_OF = date(2026, 11, 10)


# The examples these tests were written around (later examples add other patients).
DUE_EXAMPLES = ("bursa-enlarging", "red-flag-fever", "responding-resolving", "seed-case")


@pytest.fixture
def examples(clinic: Clinic, example_cases) -> Clinic:
    for name in DUE_EXAMPLES:
        save_case(clinic, load_case_json(example_cases[name].read_text(encoding="utf-8")))
    return clinic


def _what(entries):
    return [(e.due.isoformat(), e.patient_ref, e.what, e.severity) for e in entries]


def test_due_list_puts_critical_alerts_first_then_soonest_first(examples: Clinic):
    entries = due_list(examples, AS_OF)
    assert _what(entries) == [
        ("2026-11-10", "P-0207", "red-flag-infection", Severity.CRITICAL),
        ("2026-07-13", "P-0102", "conservative-care-failed", Severity.WARNING),
        ("2026-10-19", "P-SEED", "conservative-care-failed", Severity.WARNING),
        ("2026-11-10", "P-0102", "lesion-enlarged", Severity.WARNING),
        ("2026-11-10", "P-0102", "symptoms-worsening", Severity.WARNING),
        ("2026-11-10", "P-0207", "symptoms-worsening", Severity.WARNING),
        ("2026-11-30", "P-0311", "follow_up_scan", None),
        ("2026-11-30", "P-0207", "review", None),
    ]
    assert [e.overdue for e in entries] == [False, True, True] + [False] * 5
    assert [e.pinned for e in entries] == [True] + [False] * 7
    assert entries[0].red_flag
    assert entries[0].patient_name == "Test, Lena"
    assert entries[0].response == "No action recorded yet"


def test_a_critical_alert_dated_after_an_overdue_warning_still_comes_first(examples: Clinic):
    """A possible infection on the day sorts above a warning overdue for months."""
    later = due_list(examples, date(2026, 11, 20))
    assert [(e.patient_ref, e.what) for e in later[:2]] == [
        ("P-0207", "red-flag-infection"),
        ("P-0102", "conservative-care-failed"),
    ]
    assert later[1].due < later[0].due


def test_within_keeps_what_falls_due_by_then_and_everything_standing(examples: Clinic):
    assert [e.what for e in due_list(examples, AS_OF, within_days=0)][-1] == "symptoms-worsening"
    assert "review" in [e.what for e in due_list(examples, AS_OF, within_days=20)]


def test_the_cache_reevaluates_only_what_changed(examples: Clinic):
    _, first = due_list_with_stats(examples, AS_OF)
    assert (first.episodes, first.evaluated) == (4, 4)
    _, again = due_list_with_stats(examples, AS_OF)
    assert again.evaluated == 0
    _, next_day = due_list_with_stats(examples, AS_OF + timedelta(days=1))
    assert next_day.evaluated == 0  # nothing changes for anyone on 11 November

    seed = records.list_patients(examples)
    seed_id = next(p.patient_id for p in seed if p.ref == "P-SEED")
    episode = records.patient_record(examples, seed_id).episodes[0]
    assert episode.id is not None
    records.add_visit(examples, episode.id, Visit(date=date(2026, 11, 2), pain_nrs=3))
    entries, after_visit = due_list_with_stats(examples, AS_OF + timedelta(days=1))
    assert after_visit.evaluated == 1
    assert "P-SEED" not in {e.patient_ref for e in entries if e.what == "conservative-care-failed"}

    update_settings(examples, rules_preset="uk-pathway")
    _, after_rules = due_list_with_stats(examples, AS_OF + timedelta(days=1))
    assert after_rules.evaluated == 4


def test_looking_back_does_not_reuse_a_later_evaluation(examples: Clinic):
    due_list(examples, AS_OF)
    earlier = due_list(examples, date(2026, 9, 20))
    assert ("P-0102", "conservative-care-failed") in {(e.patient_ref, e.what) for e in earlier}
    assert "P-0207" not in {e.patient_ref for e in earlier}  # first seen in November


def _alert(clinic: Clinic, ref: str, code: AlertCode):
    patient_id = next(p.patient_id for p in records.list_patients(clinic) if p.ref == ref)
    evaluation = evaluate_patient(clinic, patient_id, AS_OF)
    episode_id, episode_evaluation = next(iter(evaluation.episodes.items()))
    alert = next(a for a in episode_evaluation.alerts if a.code is code)
    return episode_id, episode_evaluation, alert


def test_an_acknowledged_alert_leaves_the_due_list_and_stays_in_the_record(examples: Clinic):
    episode_id, evaluation, alert = _alert(examples, "P-0102", AlertCode.SYMPTOMS_WORSENING)
    act_on_alert(examples, episode_id, alert, AlertActionKind.ACKNOWLEDGED)
    assert ("P-0102", "symptoms-worsening") not in {
        (e.patient_ref, e.what) for e in due_list(examples, AS_OF)
    }
    views = episode_alert_views(examples, episode_id, evaluation)
    acknowledged = next(v for v in views if v.alert.code is AlertCode.SYMPTOMS_WORSENING)
    assert acknowledged.state is AlertState.ACKNOWLEDGED
    assert acknowledged.last_action is not None
    assert acknowledged.last_action.clinician == "Test Clinician"


def _infection(entries):
    (entry,) = [e for e in entries if e.what == "red-flag-infection"]
    return entry


def test_a_seen_critical_alert_stays_pinned_until_an_action_is_recorded(examples: Clinic):
    episode_id, evaluation, alert = _alert(examples, "P-0207", AlertCode.RED_FLAG_INFECTION)
    act_on_alert(examples, episode_id, alert, AlertActionKind.ACKNOWLEDGED)
    seen = due_list(examples, AS_OF)
    assert seen[0] == _infection(seen)
    assert seen[0].pinned
    assert seen[0].response.startswith("Seen by Test Clinician on 28 Nov 2026 at ")
    assert seen[0].response.endswith("; no action recorded yet")
    (view,) = [
        v
        for v in episode_alert_views(examples, episode_id, evaluation)
        if v.alert.code is AlertCode.RED_FLAG_INFECTION
    ]
    assert (view.state, view.awaiting_action) == (AlertState.ACKNOWLEDGED, True)

    done_at = datetime(2026, 11, 28, 11, 40, tzinfo=UTC)
    record_critical_action(
        examples,
        episode_id,
        alert,
        CriticalAction.EMERGENCY_DEPARTMENT,
        note="Ambulance called; hospital told of the fever",
        taken_at=done_at,
    )
    acted = due_list(examples, AS_OF)
    entry = _infection(acted)
    assert not entry.pinned
    assert acted.index(entry) == 2  # back in date order, first of its day
    local = done_at.astimezone()
    assert entry.response == (
        f"Sent to the emergency department on {long_date(local.date())} at {local:%H:%M}: "
        "Ambulance called; hospital told of the fever (recorded by Test Clinician)"
    )
    (view,) = [
        v
        for v in episode_alert_views(examples, episode_id, evaluation)
        if v.alert.code is AlertCode.RED_FLAG_INFECTION
    ]
    assert (view.state, view.awaiting_action) == (AlertState.ACTED, False)


@pytest.mark.parametrize("action", [AlertActionKind.OVERRIDDEN, AlertActionKind.SNOOZED])
def test_a_critical_alert_cannot_be_overridden_or_snoozed(examples: Clinic, action):
    episode_id, _, alert = _alert(examples, "P-0207", AlertCode.RED_FLAG_INFECTION)
    with pytest.raises(ValidationError, match=r"^action: a critical alert is not overridden"):
        act_on_alert(
            examples,
            episode_id,
            alert,
            action,
            reason="looks fine to me",
            snooze_until=date(2026, 12, 30),
        )
    assert _infection(due_list(examples, AS_OF)).pinned


@pytest.mark.parametrize(
    ("taken", "note", "message"),
    [
        (CriticalAction.NOT_APPLICABLE, None, "reason: say why it does not apply"),
        (CriticalAction.OTHER, "   ", "reason: must not be empty"),
        (CriticalAction.OTHER, None, "reason: say what was done"),
    ],
)
def test_not_applicable_and_other_need_words(examples: Clinic, taken, note, message):
    episode_id, _, alert = _alert(examples, "P-0207", AlertCode.RED_FLAG_INFECTION)
    with pytest.raises(ValidationError, match=rf"^{message}"):
        record_critical_action(examples, episode_id, alert, taken, note=note)
    assert _infection(due_list(examples, AS_OF)).pinned


@pytest.mark.parametrize(
    ("taken_at", "message"),
    [
        (datetime(2026, 11, 28, 12, 30, tzinfo=UTC), "taken_at: is later than now"),
        (
            datetime(2026, 11, 8, 10, 0, tzinfo=UTC),
            "taken_at: is before the visit of 2026-11-09 at which the alert was raised",
        ),
        (datetime(2026, 11, 28, 11, 0), "taken_at: needs its time zone"),  # noqa: DTZ001
    ],
)
def test_the_time_of_an_action_must_be_possible(examples: Clinic, taken_at, message):
    episode_id, _, alert = _alert(examples, "P-0207", AlertCode.RED_FLAG_INFECTION)
    with pytest.raises(ValidationError, match=rf"^{message}"):
        record_critical_action(
            examples, episode_id, alert, CriticalAction.SAME_DAY_MEDICAL, taken_at=taken_at
        )


def test_only_a_critical_alert_is_answered_by_an_action(examples: Clinic):
    episode_id, _, alert = _alert(examples, "P-0102", AlertCode.SYMPTOMS_WORSENING)
    with pytest.raises(ValidationError, match=r"^alert: only a critical alert"):
        record_critical_action(examples, episode_id, alert, CriticalAction.SAME_DAY_MEDICAL)


def test_a_recorded_action_is_in_the_audit_trail(examples: Clinic):
    episode_id, evaluation, alert = _alert(examples, "P-0207", AlertCode.RED_FLAG_INFECTION)
    record_critical_action(
        examples, episode_id, alert, CriticalAction.NOT_APPLICABLE, note="thermometer faulty"
    )
    (view,) = [
        v
        for v in episode_alert_views(examples, episode_id, evaluation)
        if v.alert.code is AlertCode.RED_FLAG_INFECTION
    ]
    (event,) = alert_history(examples, view)
    assert event.actor == "Test Clinician"
    assert event.after["action"] == "acted"
    assert event.after["taken"] == "not_applicable"
    assert event.after["reason"] == "thermometer faulty"


def test_an_override_needs_a_reason(examples: Clinic):
    episode_id, _, alert = _alert(examples, "P-0102", AlertCode.LESION_ENLARGED)
    with pytest.raises(ValidationError, match=r"^reason: an override needs a reason"):
        act_on_alert(examples, episode_id, alert, AlertActionKind.OVERRIDDEN)
    act_on_alert(
        examples,
        episode_id,
        alert,
        AlertActionKind.OVERRIDDEN,
        reason="known, stable, radiology aware",
    )
    assert "lesion-enlarged" not in [e.what for e in due_list(examples, AS_OF)]


def test_a_snoozed_alert_comes_back_on_its_date(examples: Clinic):
    episode_id, _, alert = _alert(examples, "P-0102", AlertCode.SYMPTOMS_WORSENING)
    with pytest.raises(ValidationError, match=r"^snooze_until: a snooze needs a date"):
        act_on_alert(examples, episode_id, alert, AlertActionKind.SNOOZED)
    act_on_alert(
        examples, episode_id, alert, AlertActionKind.SNOOZED, snooze_until=date(2026, 12, 1)
    )
    quiet = due_list(examples, date(2026, 11, 30))
    back = due_list(examples, date(2026, 12, 1))
    assert ("P-0102", "symptoms-worsening") not in {(e.patient_ref, e.what) for e in quiet}
    assert ("P-0102", "symptoms-worsening") in {(e.patient_ref, e.what) for e in back}


def test_a_decision_to_continue_closes_the_decision_and_sets_the_next_review(examples: Clinic):
    episode_id, evaluation, _ = _alert(examples, "P-SEED", AlertCode.CONSERVATIVE_CARE_FAILED)
    decision = EscalationDecision(
        decided_on=date(2026, 11, 2),
        kind=DecisionKind.CONTINUE_FIRST_LINE,
        clinician="Test Clinician",
        reason="Improving sleep; patient prefers to continue loading for 4 more weeks.",
        next_review=date(2026, 11, 30),
    )
    record_decision(examples, episode_id, decision, evaluation.alerts)
    seed_entries = [e for e in due_list(examples, AS_OF) if e.patient_ref == "P-SEED"]
    assert [(e.due.isoformat(), e.what) for e in seed_entries] == [
        ("2026-11-24", "follow_up_scan"),
        ("2026-11-30", "review_after_decision"),
    ]
    assert decisions(examples, episode_id)[0].reason == decision.reason


def test_a_second_line_decision_starts_the_treatment_and_escalates(examples: Clinic):
    episode_id, evaluation, _ = _alert(examples, "P-SEED", AlertCode.CONSERVATIVE_CARE_FAILED)
    decision = EscalationDecision(
        decided_on=date(2026, 11, 2),
        kind=DecisionKind.SECOND_LINE,
        clinician="Test Clinician",
        second_line=(TreatmentKind.ESWT,),
    )
    record_decision(examples, episode_id, decision, evaluation.alerts)
    seed_id = next(p.patient_id for p in records.list_patients(examples) if p.ref == "P-SEED")
    after = evaluate_patient(examples, seed_id, AS_OF).episodes[episode_id]
    assert after.status is EpisodeStatus.ESCALATED
    seed_entries = [e.what for e in due_list(examples, AS_OF) if e.patient_ref == "P-SEED"]
    assert seed_entries == ["follow_up_scan"]


def test_a_decision_cannot_be_dated_after_today(examples: Clinic):
    episode_id, evaluation, _ = _alert(examples, "P-SEED", AlertCode.CONSERVATIVE_CARE_FAILED)
    decision = EscalationDecision(
        decided_on=date(2026, 12, 24),
        kind=DecisionKind.REFER,
        clinician="Test Clinician",
        referred_to="orthopaedic hip clinic",
    )
    with pytest.raises(ValidationError, match=r"^decided_on: 2026-12-24 is after today"):
        record_decision(examples, episode_id, decision, evaluation.alerts)
    assert decisions(examples, episode_id) == []


def test_archived_patients_and_closed_episodes_are_not_due(examples: Clinic):
    seed_id = next(p.patient_id for p in records.list_patients(examples) if p.ref == "P-SEED")
    records.set_patient_archived(examples, seed_id, archived=True)
    assert "P-SEED" not in {e.patient_ref for e in due_list(examples, AS_OF)}
    fever_id = next(p.patient_id for p in records.list_patients(examples) if p.ref == "P-0207")
    episode = records.patient_record(examples, fever_id).episodes[0]
    assert episode.id is not None
    records.update_episode(
        examples,
        episode.id,
        replace(
            episode, closed_date=date(2026, 11, 10), closed_reason="referred to emergency care"
        ),
    )
    assert "P-0207" not in {e.patient_ref for e in due_list(examples, AS_OF)}


def test_importing_a_case_again_keeps_the_episodes_decisions(examples: Clinic, example_cases):
    episode_id, evaluation, _ = _alert(examples, "P-SEED", AlertCode.CONSERVATIVE_CARE_FAILED)
    record_decision(
        examples,
        episode_id,
        EscalationDecision(
            decided_on=date(2026, 11, 2),
            kind=DecisionKind.REFER,
            clinician="Test Clinician",
            referred_to="sports medicine clinic",
        ),
        evaluation.alerts,
    )
    save_case(examples, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    assert [d.referred_to for d in decisions(examples, episode_id)] == ["sports medicine clinic"]


def test_settings_refuse_an_unknown_rules_override_naming_the_key(clinic: Clinic):
    with pytest.raises(ValidationError) as caught:
        update_settings(clinic, rules_overrides={"lesions.axis_min_chnage_mm": 3.0})
    assert caught.value.path == "lesions.axis_min_chnage_mm"
    update_settings(clinic, rules_overrides={"lesions.axis_min_change_mm": 3.0})
    with pytest.raises(ValidationError, match=r"^preset: unknown preset"):
        update_settings(clinic, rules_preset="fast-track")


def test_items_due_the_same_day_with_the_same_urgency_go_by_name(clinic: Clinic, example_cases):
    """The seed case three times under three names, saved out of alphabetical order."""
    seed = load_case_json(example_cases["seed-case"].read_text(encoding="utf-8"))
    for ref, family in (("P-Z", "Young"), ("P-A", "Adams"), ("P-M", "Moss")):
        patient = replace(seed.patient, ref=ref, family_name=family)
        save_case(clinic, replace(seed, patient=patient))
    entries = due_list(clinic, date(2026, 10, 20))
    by_day: dict[tuple[date, object], list[str]] = {}
    for entry in entries:
        by_day.setdefault((entry.due, entry.severity, entry.what), []).append(entry.patient_ref)
    ties = [refs for refs in by_day.values() if len(refs) == 3]
    assert ties, "the three copies fall due together"
    for refs in ties:
        assert refs == ["P-A", "P-M", "P-Z"]
