"""Repositories: the clinical record in and out of the database, as domain objects.

One module per aggregate; a unit of work (:mod:`trochtrack.store.uow`) holds one of
each on its session. The names are re-exported here for the unit of work and the
services.
"""

from trochtrack.store.repositories.clinicians import ClinicianRecord, CliniciansRepository
from trochtrack.store.repositories.documents import DocumentsRepository
from trochtrack.store.repositories.due import (
    DUE_LIST_QUERY,
    CachedEvaluation,
    DueListRow,
    EvaluationCacheRepository,
)
from trochtrack.store.repositories.merges import MergesRepository, MovedRecords, StoredMerge
from trochtrack.store.repositories.records import CaseSaveResult, RecordsRepository
from trochtrack.store.repositories.settings import SettingsRepository
from trochtrack.store.repositories.workflow import WorkflowRepository

__all__ = [
    "DUE_LIST_QUERY",
    "CachedEvaluation",
    "CaseSaveResult",
    "ClinicianRecord",
    "CliniciansRepository",
    "DocumentsRepository",
    "DueListRow",
    "EvaluationCacheRepository",
    "MergesRepository",
    "MovedRecords",
    "RecordsRepository",
    "SettingsRepository",
    "StoredMerge",
    "WorkflowRepository",
]
