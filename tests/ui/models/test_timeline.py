"""The episode timeline: visits, scans, treatments, alerts and decisions in date order."""

from __future__ import annotations

import pytest

from trochtrack.domain.vocabulary import Severity
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.records import list_patients
from trochtrack.services.workflow import episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.timeline import TimelineKind, timeline_entries

pytestmark = pytest.mark.ui


def test_timeline_puts_visits_scans_treatments_alerts_and_decisions_in_date_order(
    demo_ctx: AppContext,
):
    patient = next(p for p in list_patients(demo_ctx.clinic) if p.ref == "P-DEMO-04")
    as_of = demo_ctx.clinic.today()
    evaluation = evaluate_patient(demo_ctx.clinic, patient.patient_id, as_of)
    episode = evaluation.record.episodes[0]
    views = episode_alert_views(
        demo_ctx.clinic, episode.id or 0, evaluation.episodes[episode.id or 0]
    )
    entries = timeline_entries(episode, views, [], as_of)
    assert [e.day for e in entries] == sorted(e.day for e in entries)
    alert_lines = [e for e in entries if e.kind is TimelineKind.ALERT]
    assert {e.severity for e in alert_lines} >= {Severity.WARNING}
    assert any("(active)" in e.text for e in alert_lines)
    assert entries[0].kind is TimelineKind.SCAN
