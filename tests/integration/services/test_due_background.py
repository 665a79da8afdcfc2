"""The due list with a bound on what one call evaluates, and the background evaluation."""

from datetime import date

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.model import Visit
from trochtrack.services import due, records
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.due import EntryKind, due_list_with_stats, evaluate_waiting

pytestmark = pytest.mark.integration
AS_OF = date(2026, 11, 10)
CASES = ("bursa-enlarging", "red-flag-fever", "responding-resolving", "seed-case")


@pytest.fixture
def four_episodes(clinic: Clinic, example_cases) -> Clinic:
    """Four patients with one episode each, none evaluated yet."""
    for name in CASES:
        save_case(clinic, load_case_json(example_cases[name].read_text(encoding="utf-8")))
    return clinic


def _seed_episode(clinic: Clinic) -> int:
    seed = next(p for p in records.list_patients(clinic) if p.ref == "P-SEED")
    episode_id = records.patient_record(clinic, seed.patient_id).episodes[0].id
    assert episode_id is not None
    return episode_id


def test_more_stale_than_allowed_are_listed_as_evaluating_and_left_alone(
    four_episodes: Clinic,
):
    entries, stats = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=3)
    assert [e.kind for e in entries] == [EntryKind.EVALUATING] * 4
    assert [e.patient_name for e in entries] == sorted(e.patient_name for e in entries)
    assert all(e.status is None and not e.overdue and e.due == AS_OF for e in entries)
    assert (stats.episodes, stats.evaluated, len(stats.waiting)) == (4, 0, 4)
    _, again = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=3)
    assert len(again.waiting) == 4  # nothing was cached behind the user's back


def test_up_to_the_limit_a_call_evaluates_them_itself(four_episodes: Clinic):
    entries, stats = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=4)
    assert (stats.evaluated, stats.waiting) == (4, ())
    assert EntryKind.EVALUATING not in {e.kind for e in entries}


def test_the_background_evaluation_gives_the_list_an_inline_one_gives(
    four_episodes: Clinic, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(due, "EVALUATION_BATCH", 3)
    _, stats = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)
    reported: list[tuple[int, int]] = []
    done = evaluate_waiting(
        four_episodes, AS_OF, stats.waiting, progress=lambda *step: reported.append(step)
    )
    assert (done, reported) == (4, [(3, 4), (4, 4)])
    from_background, after = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)
    assert (after.evaluated, after.waiting) == (0, ())
    assert {e.severity for e in from_background if e.kind is EntryKind.ALERT} != set()

    monkeypatch.setattr(due, "CACHE_FORMAT", "another-format")  # every cache is stale now
    inline, again = due_list_with_stats(four_episodes, AS_OF)
    assert again.evaluated == 4
    assert from_background == inline


def test_cancelled_between_batches_the_finished_ones_stay_done(
    four_episodes: Clinic, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(due, "EVALUATION_BATCH", 3)
    _, stats = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)
    reported: list[int] = []
    done = evaluate_waiting(
        four_episodes,
        AS_OF,
        stats.waiting,
        progress=lambda finished, _total: reported.append(finished),
        cancelled=lambda: bool(reported),
    )
    assert done == 3
    entries, left = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)
    assert len(left.waiting) == 1
    assert [e.kind for e in entries].count(EntryKind.EVALUATING) == 1


def test_a_record_saved_during_the_evaluation_is_evaluated_again(
    four_episodes: Clinic, monkeypatch: pytest.MonkeyPatch
):
    """The cache never claims to hold the records as saved after the rules read them."""
    monkeypatch.setattr(due, "EVALUATION_BATCH", 1)
    episode_id = _seed_episode(four_episodes)
    _, stats = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)

    def save_a_visit_once(done: int, _total: int) -> None:
        if done == 1:
            records.add_visit(four_episodes, episode_id, Visit(date=date(2026, 11, 2), pain_nrs=3))

    assert evaluate_waiting(four_episodes, AS_OF, stats.waiting, progress=save_a_visit_once) == 4
    entries, after = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)
    assert len(after.waiting) == 1
    assert {e.episode_id for e in entries if e.kind is EntryKind.EVALUATING} == {episode_id}


def test_only_the_episodes_asked_for_and_still_stale_are_evaluated(four_episodes: Clinic):
    _, stats = due_list_with_stats(four_episodes, AS_OF, evaluate_at_most=0)
    first, *others = stats.waiting
    assert evaluate_waiting(four_episodes, AS_OF, [first]) == 1
    assert evaluate_waiting(four_episodes, AS_OF, stats.waiting) == len(others)
    assert evaluate_waiting(four_episodes, AS_OF, stats.waiting) == 0
