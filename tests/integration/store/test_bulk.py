"""The due list's batch loader reads every record as the one-at-a-time path does."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from trochtrack.domain.case_format import case_to_json, load_case_json
from trochtrack.domain.model import Case, Episode, Patient
from trochtrack.store.bulk import load_episodes
from trochtrack.store.db import Database
from trochtrack.store.uow import SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_the_batch_loader_reads_every_example_field_for_field(
    database: Database, example_cases: dict[str, Path]
):
    cases = [load_case_json(path.read_text(encoding="utf-8")) for path in example_cases.values()]
    saved: dict[int, tuple[int, int]] = {}
    with SqlAlchemyUnitOfWork(database.session_factory) as uow:
        for case_index, case in enumerate(cases):
            patient_id = uow.records.add_patient(case.patient, now=NOW)
            for episode_index, episode in enumerate(case.episodes):
                episode_id = uow.records.add_episode(patient_id, episode)
                saved[episode_id] = (case_index, episode_index)
        uow.commit()

    with SqlAlchemyUnitOfWork(database.session_factory) as uow:
        loaded = load_episodes(uow.session.connection(), sorted(saved))
        one_at_a_time = {
            episode_id: (
                uow.records.patient(uow.records.episode_owner(episode_id)),
                uow.records.episode(episode_id),
            )
            for episode_id in saved
        }

    assert loaded == one_at_a_time
    # Against the files too (as JSON: the loaded records carry their database ids).
    for episode_id, (case_index, episode_index) in saved.items():
        case = cases[case_index]
        expected = (case.patient, case.episodes[episode_index])
        assert _as_json(*loaded[episode_id]) == _as_json(*expected)
    # The examples record red flags, treatments and findings, so none of them is read
    # by accident as empty.
    episodes = [episode for _, episode in loaded.values()]
    assert any(visit.red_flags for episode in episodes for visit in episode.visits)
    assert any(episode.treatments for episode in episodes)
    assert any(scan.findings for episode in episodes for scan in episode.scans)


def _as_json(patient: Patient, episode: Episode) -> dict[str, object]:
    return case_to_json(Case(patient=patient, episodes=(episode,)))
