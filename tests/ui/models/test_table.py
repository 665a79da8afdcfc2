"""Every row table of an episode passes Qt's model tester, sorted both ways, and shows its rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.services.audit import record_history
from trochtrack.services.demo import seed_case
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.records import list_patients
from trochtrack.services.workflow import decisions, episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.document_table import DocumentTableModel
from trochtrack.ui.models.history_table import HistoryTableModel
from trochtrack.ui.models.lesion_table import LesionTableModel, lesion_measurements
from trochtrack.ui.models.scan_table import ScanTableModel
from trochtrack.ui.models.timeline import TimelineKind, TimelineModel, timeline_entries
from trochtrack.ui.models.treatment_table import TreatmentTableModel
from trochtrack.ui.models.visit_table import VisitTableModel

pytestmark = pytest.mark.ui


def test_episode_tables_pass_the_model_tester(qtmodeltester: ModelTester, demo_ctx: AppContext):
    seed_id = next(p.patient_id for p in list_patients(demo_ctx.clinic) if p.ref == "P-SEED")
    as_of = demo_ctx.clinic.today()
    evaluation = evaluate_patient(demo_ctx.clinic, seed_id, as_of)
    episode = evaluation.record.episodes[0]
    episode_id = episode.id or 0
    episode_eval = evaluation.episodes[episode_id]
    views = episode_alert_views(demo_ctx.clinic, episode_id, episode_eval)

    visits = VisitTableModel()
    visits.set_rows(list(episode.visits))
    treatments = TreatmentTableModel()
    treatments.set_rows(list(episode.treatments))
    scans = ScanTableModel()
    scans.set_rows(list(episode.scans))
    lesions = LesionTableModel()
    lesions.set_rows(lesion_measurements(episode, episode_eval, 2.0))
    timeline = TimelineModel()
    timeline.set_rows(
        timeline_entries(episode, views, decisions(demo_ctx.clinic, episode_id), as_of)
    )
    history = HistoryTableModel()
    history.set_rows(record_history(demo_ctx.clinic, "visit", [v.id or 0 for v in episode.visits]))
    documents = DocumentTableModel()
    documents.set_rows(
        [
            DocumentInfo(
                id=number,
                patient_id=seed_id,
                episode_id=episode_id,
                kind=kind,
                status=status,
                document_date=as_of,
                created_at=datetime(2026, 11, 28, 12, number, tzinfo=UTC),
                recipient="Dr R Patel",
                title=f"{kind.value} <b>draft</b>",
                sha256=None,
                size_bytes=None,
                rules_version="1",
                clinician="Test Clinician",
                error=None if status is DocumentStatus.GENERATED else "disk full",
            )
            for number, (kind, status) in enumerate(
                [
                    (DocumentKind.GP_FOLLOWUP, DocumentStatus.GENERATED),
                    (DocumentKind.HANDOUT, DocumentStatus.FAILED),
                ]
            )
        ]
    )
    for model in (visits, treatments, scans, lesions, timeline, history, documents):
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)

    assert visits.rowCount() == len(seed_case().episodes[0].visits)
    failed = next(row for row, d in enumerate(documents.rows()) if d.error)
    assert documents.index(failed, 4).data() == "Failed"
    assert "disk full" in documents.index(failed, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert history.rowCount() == len(episode.visits)
    kinds = {entry.kind for entry in timeline.rows()}
    assert {
        TimelineKind.VISIT,
        TimelineKind.SCAN,
        TimelineKind.TREATMENT,
        TimelineKind.ALERT,
    } <= kinds
    days = [entry.day for entry in sorted(timeline.rows(), key=lambda e: e.day)]
    assert days[0] == date(2026, 9, 1)
