"""The patient view's read: one unit of work, the same as the separate reads it replaces."""

from __future__ import annotations

from datetime import timedelta

import pytest

from trochtrack.domain.actions import AlertActionKind, DecisionKind, EscalationDecision
from trochtrack.domain.vocabulary import Severity
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.documents import list_documents
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.patient_screen import patient_screen
from trochtrack.services.records import list_patients
from trochtrack.services.workflow import (
    act_on_alert,
    decisions,
    episode_alert_views,
    record_decision,
)
from trochtrack.store.uow import SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration


def _count_units_of_work(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    opened: list[int] = []
    original = Clinic.unit_of_work

    def counting(self: Clinic) -> SqlAlchemyUnitOfWork:
        opened.append(1)
        return original(self)

    monkeypatch.setattr(Clinic, "unit_of_work", counting)
    return opened


def test_the_patient_view_reads_everything_in_one_unit_of_work(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
):
    clinic.actor = "Test Clinician"
    load_demo(clinic)
    as_of = clinic.today()
    patient_ids = [item.patient_id for item in list_patients(clinic)]
    checked_alerts = checked_decisions = 0
    for number, patient_id in enumerate(patient_ids):
        separately = evaluate_patient(clinic, patient_id, as_of)
        for episode_id, evaluation in separately.episodes.items():
            views = episode_alert_views(clinic, episode_id, evaluation)
            if views and views[0].alert.severity is not Severity.CRITICAL:
                act_on_alert(clinic, episode_id, views[0].alert, AlertActionKind.ACKNOWLEDGED)
            if number % 2 == 0:
                decision = EscalationDecision(
                    decided_on=as_of,
                    kind=DecisionKind.CONTINUE_FIRST_LINE,
                    clinician="Test Clinician",
                    reason="Improving with load management",
                    next_review=as_of + timedelta(weeks=6),
                )
                record_decision(clinic, episode_id, decision, [])

        opened = _count_units_of_work(monkeypatch)
        screen = patient_screen(clinic, patient_id, as_of)
        assert opened == [1]
        monkeypatch.undo()

        assert screen.evaluation == evaluate_patient(clinic, patient_id, as_of)
        assert screen.documents == list_documents(clinic, patient_id)
        for episode_id, evaluation in screen.evaluation.episodes.items():
            expected = episode_alert_views(clinic, episode_id, evaluation)
            assert screen.alert_views(episode_id) == expected
            assert screen.episode_decisions(episode_id) == decisions(clinic, episode_id)
            checked_alerts += sum(1 for view in expected if not view.active)
            checked_decisions += len(screen.episode_decisions(episode_id))
    # Some alerts carried an action and some episodes a decision: both were compared.
    assert checked_alerts > 0
    assert checked_decisions > 0
