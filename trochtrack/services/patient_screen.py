"""Everything the patient view shows, read in one unit of work.

The view shows a patient's record evaluated on a date, each episode's alerts with what
was done about them, the escalation decisions and the documents produced (and which of
them were composed here, so can be corrected). Read in separate transactions these
could come from different moments (on PostgreSQL, five snapshots): an alert
acknowledged between two reads would show as both active and acknowledged. One unit
of work reads them all from one snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trochtrack.domain.actions import AlertAction, EscalationDecision
from trochtrack.domain.documents import DocumentInfo
from trochtrack.services.clinic import Clinic
from trochtrack.services.evaluation import PatientEvaluation, evaluate_record
from trochtrack.services.records import read_patient_record, stored_id
from trochtrack.services.settings import read_settings, settings_rules
from trochtrack.services.workflow import AlertView, alert_views
from trochtrack.store.letter_drafts import LetterDraftsRepository


@dataclass(frozen=True, slots=True)
class PatientScreen:
    """A patient's record on ``evaluation.as_of``, with the workflow around it."""

    evaluation: PatientEvaluation
    actions: tuple[AlertAction, ...]
    """Every alert action recorded on the patient's episodes, oldest first."""
    decisions: dict[int, list[EscalationDecision]]
    """Escalation decisions by episode id, oldest first."""
    documents: list[DocumentInfo]
    """The patient's documents, newest first (without the PDF bytes)."""
    composed: frozenset[int]
    """The ids of the documents composed and issued here (the ones a correction can start from)."""

    def alert_views(self, episode_id: int) -> list[AlertView]:
        """The episode's alerts and their state."""
        return alert_views(episode_id, self.evaluation.episodes[episode_id], self.actions)

    def episode_decisions(self, episode_id: int) -> list[EscalationDecision]:
        """The episode's escalation decisions, oldest first."""
        return self.decisions.get(episode_id, [])


def patient_screen(clinic: Clinic, patient_id: int, as_of: date) -> PatientScreen:
    """The patient's record evaluated on ``as_of`` under the clinic's rules, and its workflow."""
    with clinic.unit_of_work() as uow:
        rules = settings_rules(read_settings(uow))
        record = read_patient_record(uow, patient_id)
        episode_ids = [stored_id(episode.id) for episode in record.episodes]
        actions = tuple(uow.workflow.alert_actions(episode_ids))
        decided = uow.workflow.decisions(episode_ids)
        documents = uow.documents.for_patient(patient_id)
        composed = LetterDraftsRepository(uow.session).issued_documents(patient_id)
    return PatientScreen(
        evaluation=evaluate_record(record, as_of, rules),
        actions=actions,
        decisions=decided,
        documents=documents,
        composed=composed,
    )
