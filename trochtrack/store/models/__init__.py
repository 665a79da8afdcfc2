"""Database tables (SQLAlchemy 2 typed declarative). Rows never leave the store.

One module per group of tables; importing the package registers every table on
``Base.metadata``, which the migrations compare against (``migrations/env.py``).
"""

from trochtrack.store.models.audit import AuditAction, AuditEventRow, AuditHeadRow
from trochtrack.store.models.base import Base
from trochtrack.store.models.clinic import ClinicianRow, LetterheadLogoRow, SettingRow
from trochtrack.store.models.documents import DocumentRow, LetterDraftRow
from trochtrack.store.models.measures import QuestionnaireAnswerRow, QuestionnaireRow
from trochtrack.store.models.patients import (
    EpisodeRow,
    OtherDiagnosisRow,
    PatientMergeRow,
    PatientRow,
)
from trochtrack.store.models.records import (
    LesionRow,
    MeasurementRow,
    ScanRow,
    TreatmentRow,
    VisitRedFlagRow,
    VisitRow,
)
from trochtrack.store.models.workflow import AlertActionRow, DecisionRow, EpisodeEvaluationRow

__all__ = [
    "AlertActionRow",
    "AuditAction",
    "AuditEventRow",
    "AuditHeadRow",
    "Base",
    "ClinicianRow",
    "DecisionRow",
    "DocumentRow",
    "EpisodeEvaluationRow",
    "EpisodeRow",
    "LesionRow",
    "LetterDraftRow",
    "LetterheadLogoRow",
    "MeasurementRow",
    "OtherDiagnosisRow",
    "PatientMergeRow",
    "PatientRow",
    "QuestionnaireAnswerRow",
    "QuestionnaireRow",
    "ScanRow",
    "SettingRow",
    "TreatmentRow",
    "VisitRedFlagRow",
    "VisitRow",
]
