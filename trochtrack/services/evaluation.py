"""Running the rules: the clinic's rules in force, and evaluations of cases and patients."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.rules import (
    Alert,
    EpisodeEvaluation,
    RulesConfig,
    evaluate_case,
    evaluate_episode,
    evaluation_to_json,
)
from trochtrack.domain.vocabulary import AlertCode
from trochtrack.services.clinic import Clinic
from trochtrack.services.records import PatientRecord, read_patient_record, stored_id
from trochtrack.services.settings import load_settings, read_settings, settings_rules


def clinic_rules(clinic: Clinic) -> RulesConfig:
    """The rules in force for this clinic (from its settings)."""
    return settings_rules(load_settings(clinic))


def evaluate_case_text(text: str, *, as_of: date, rules: RulesConfig) -> dict[str, Any]:
    """Evaluate a case file (no database): the ``trochtrack-evaluation/1`` document.

    Raises:
        ValidationError: naming the case field at fault.
    """
    case = load_case_json(text)
    return evaluation_to_json(evaluate_case(case, as_of, rules))


@dataclass(frozen=True, slots=True)
class PatientEvaluation:
    """A patient's record with each episode evaluated on ``as_of``."""

    record: PatientRecord
    as_of: date
    rules: RulesConfig
    episodes: dict[int, EpisodeEvaluation]
    """Evaluations by episode id."""


def evaluate_patient(
    clinic: Clinic, patient_id: int, as_of: date, rules: RulesConfig | None = None
) -> PatientEvaluation:
    """Evaluate every episode of the patient on ``as_of`` under the clinic's rules.

    The rules and the record are read in one unit of work.
    """
    with clinic.unit_of_work() as uow:
        rules = rules or settings_rules(read_settings(uow))
        record = read_patient_record(uow, patient_id)
    return evaluate_record(record, as_of, rules)


def evaluate_record(record: PatientRecord, as_of: date, rules: RulesConfig) -> PatientEvaluation:
    """Evaluate every episode of a record already read (no database)."""
    evaluations = {
        stored_id(episode.id): evaluate_episode(record.patient, episode, as_of, rules)
        for episode in record.episodes
    }
    return PatientEvaluation(record=record, as_of=as_of, rules=rules, episodes=evaluations)


def alert_key(alert: Alert) -> str:
    """A stable name for one occurrence of an alert, for acknowledging or snoozing it.

    The same alert on a later day keeps its key; a new occurrence gets a new one: a red
    flag or worsening at a later visit, a lesion change on a later scan, a new due date.
    """
    trigger = ""
    # A red flag or a worsening is raised by one visit: a later visit raises it anew.
    if alert.code.is_red_flag or alert.code is AlertCode.SYMPTOMS_WORSENING:
        trigger = json.dumps(alert.evidence.get("visit"), sort_keys=True)
    elif alert.lesion is not None:
        latest = alert.evidence.get("latest")
        trigger = json.dumps(latest.get("date") if isinstance(latest, dict) else latest)
    due = alert.due.isoformat() if alert.due else ""
    return "|".join((alert.code.value, alert.lesion or "", due, trigger))
