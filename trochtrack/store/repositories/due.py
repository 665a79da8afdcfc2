"""The due list's one query and the cache of episode evaluations it reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from trochtrack.store.bulk import BATCH
from trochtrack.store.models import (
    EpisodeEvaluationRow,
)


class DueListRow(NamedTuple):
    """One episode under way, with its cached evaluation if any.

    Dates are ISO text: the due list compares them as text and turns into dates only
    the few it shows, which keeps it fast for a large clinic.
    """

    episode_id: int
    patient_id: int
    patient_ref: str
    given_name: str
    family_name: str
    date_of_birth: str
    episode_ref: str
    side: str
    data_version: int
    cached_as_of: str | None
    valid_until: str | None
    cached_data_version: int | None
    cache_version: str | None
    status: str | None
    next_due: str | None
    next_kind: str | None
    next_label: str | None
    next_alert: str | None
    then_due: str | None
    then_kind: str | None
    then_label: str | None
    alerts: str | None
    measures: str | None


@dataclass(frozen=True, slots=True)
class CachedEvaluation:
    """What the due list keeps of an episode's evaluation."""

    as_of: date
    valid_until: date | None
    data_version: int
    cache_version: str
    status: str
    next_due: date | None
    next_kind: str | None
    next_label: str | None
    next_alert: str | None
    then_due: date | None
    then_kind: str | None
    then_label: str | None
    alerts: str | None
    measures: str | None

    def columns(self) -> dict[str, object]:
        """The values by column name (shallow: ``asdict`` deep-copies every value)."""
        return {name: getattr(self, name) for name in _CACHED_COLUMNS}


_CACHED_COLUMNS = tuple(field.name for field in fields(CachedEvaluation))


# The due list's one query. Plain SQL on purpose: it runs on every refresh of the home
# screen over every episode, and reading ISO text skips per-row type conversion.
DUE_LIST_QUERY = sa.text(
    """
    SELECT e.id AS episode_id, p.id AS patient_id, p.ref AS patient_ref,
           p.given_name, p.family_name, CAST(p.date_of_birth AS TEXT) AS date_of_birth,
           e.ref AS episode_ref, e.side, e.data_version,
           CAST(c.as_of AS TEXT) AS cached_as_of,
           CAST(c.valid_until AS TEXT) AS valid_until,
           c.data_version AS cached_data_version, c.cache_version, c.status,
           CAST(c.next_due AS TEXT) AS next_due, c.next_kind, c.next_label, c.next_alert,
           CAST(c.then_due AS TEXT) AS then_due, c.then_kind, c.then_label, c.alerts,
           c.measures
    FROM episode e
    JOIN patient p ON e.patient_id = p.id
    LEFT JOIN episode_evaluation c ON c.episode_id = e.id
    WHERE p.archived_on IS NULL
      AND e.first_line_start <= :as_of
      AND (e.closed_date IS NULL OR e.closed_date > :as_of)
    ORDER BY e.id
    """
).bindparams(sa.bindparam("as_of", type_=sa.Date()))


class EvaluationCacheRepository:
    """Evaluations kept for the due list, with the versions they were computed from."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def due_list_rows(self, as_of: date) -> list[DueListRow]:
        """Every episode under way on ``as_of`` (begun, not closed) of every active patient."""
        result = self._session.connection().execute(DUE_LIST_QUERY, {"as_of": as_of})
        # Named tuples: the due list reads each row's fields several times, and a
        # tuple's attribute is much cheaper to read than a result row's.
        return list(map(DueListRow._make, result.all()))

    def store_many(self, evaluations: dict[int, CachedEvaluation]) -> None:
        """Replace the cached evaluations of these episodes (two statements per batch)."""
        connection = self._session.connection()
        ids = list(evaluations)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            connection.execute(
                sa.delete(EpisodeEvaluationRow).where(EpisodeEvaluationRow.episode_id.in_(batch))
            )
            connection.execute(
                sa.insert(EpisodeEvaluationRow),
                [{"episode_id": key, **evaluations[key].columns()} for key in batch],
            )
