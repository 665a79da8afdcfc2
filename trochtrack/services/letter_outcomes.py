"""The letters' rows for the outcome measures beyond a visit's scores.

Each measure recorded in the episode gets a row: its first value as the baseline and
its latest. A questionnaire with blank items has no total, so it gives no value.
"""

from __future__ import annotations

from collections.abc import Sequence

from trochtrack.domain.measures.instruments import instrument
from trochtrack.domain.model import Visit
from trochtrack.reports.data import DatedScore, ScoreRow
from trochtrack.wording.outcome_measures import (
    OUTCOME_READINGS,
    STRENGTH_SIDES,
    strength_readings,
)


def outcome_rows(visits: Sequence[Visit]) -> tuple[ScoreRow, ...]:
    """A row for each outcome measure recorded at any of ``visits`` (in date order)."""
    rows: list[ScoreRow] = []
    for measure in OUTCOME_READINGS:
        recorded = [
            DatedScore(day=v.date, value=value)
            for v in visits
            if (value := measure.read(v)) is not None
        ]
        if recorded:
            rows.append(
                ScoreRow(
                    measure=measure.words.name,
                    scale=measure.words.scale,
                    baseline=recorded[0],
                    latest=recorded[-1],
                    lower_is_better=measure.words.lower_is_better,
                    unit=measure.unit,
                    threshold=_threshold(measure.instrument),
                )
            )
    for words in STRENGTH_SIDES:
        strength = strength_readings(visits, words)
        if strength is None:
            continue
        first, last = strength.readings[0], strength.readings[-1]
        rows.append(
            ScoreRow(
                measure=strength.name,
                scale=strength.scale,
                baseline=DatedScore(day=first[0].date, value=round(first[1], 1)),
                latest=DatedScore(day=last[0].date, value=round(last[1], 1)),
                lower_is_better=False,
                unit=strength.unit,
            )
        )
    return tuple(rows)


def _threshold(code: str | None) -> str | None:
    """``MCID 9``: the instrument's published change threshold, if it has one."""
    definition = None if code is None else instrument(code)
    if definition is None or definition.change is None:
        return None
    return f"{definition.change.kind} {definition.change.points:g}"
