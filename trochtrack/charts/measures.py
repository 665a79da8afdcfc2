"""One chart per outcome measure of an episode: which measures, and the data each shows.

The measures are the questionnaires (VISA-G, LEFS, PSFS, PSEQ-2) and the core set's
visit measures (pain on stairs, time to pain in single-leg stance and hip abduction
strength, each side a line of its own), read from the visits by :mod:`.measure_values`
and drawn by :mod:`.measure_figure`. Each chart shades the change that counts around the
measure's baseline where a threshold is published, and says in its legend where none is.

The baseline is the first value on or after the start of first-line care (the first
value when all came before it). A measure of two sides has no band: one side's baseline
would say nothing of the other's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from trochtrack.charts.change import ChangeBand, baseline_index
from trochtrack.charts.marks import (
    DateMarker,
    TreatmentBar,
    decision_markers,
    due_markers,
    treatment_bars,
)
from trochtrack.charts.measure_values import (
    MeasurePoint,
    MeasureSeries,
    Readings,
    UnscoredForm,
    questionnaire_readings,
    stair_readings,
    stance_readings,
    strength_readings,
)
from trochtrack.charts.symptoms import PAIN_CHANGE_POINTS
from trochtrack.domain.actions import EscalationDecision
from trochtrack.domain.model import Episode, Visit
from trochtrack.domain.rules import EpisodeEvaluation

NO_THRESHOLD_NOTE: Final = "No published MCID or MDC: no band"
OPEN_SCALE_HEADROOM: Final = 1.15


@dataclass(frozen=True, slots=True)
class ChartMeasure:
    """A measure that has a chart: its code and its name in the selector."""

    code: str
    name: str


VISA_G: Final = ChartMeasure("visa_g", "VISA-G")
LEFS: Final = ChartMeasure("lefs", "LEFS")
PSFS: Final = ChartMeasure("psfs", "PSFS")
PSEQ_2: Final = ChartMeasure("pseq2", "PSEQ-2")
STAIR_PAIN: Final = ChartMeasure("stair_pain", "Pain on stairs")
STANCE: Final = ChartMeasure("stance", "Single-leg stance")
STRENGTH: Final = ChartMeasure("abduction", "Hip abduction strength")
CHART_MEASURES: Final = (VISA_G, LEFS, PSFS, PSEQ_2, STAIR_PAIN, STANCE, STRENGTH)
"""In the order the selector lists them."""
QUESTIONNAIRES: Final = frozenset({VISA_G.code, LEFS.code, PSFS.code, PSEQ_2.code})


@dataclass(frozen=True, slots=True)
class MeasureChartData:
    """Everything one measure's chart shows, up to ``as_of``.

    ``name`` is the measure's short name, ``title`` its chart's heading. ``baseline`` is
    the day the band (or, without one, the first line) starts from;
    ``notes`` are written in the legend: the absence of a threshold, the unit shown.
    """

    code: str
    name: str
    title: str
    axis_label: str
    scale: tuple[float, float]
    as_of: date
    series: tuple[MeasureSeries, ...]
    band: ChangeBand | None
    baseline: date | None
    notes: tuple[str, ...]
    unscored: tuple[UnscoredForm, ...]
    markers: tuple[DateMarker, ...]
    treatments: tuple[TreatmentBar, ...]

    @property
    def has_values(self) -> bool:
        """Whether any point is plotted."""
        return any(series.points for series in self.series)

    def details(self, gid: str, index: int) -> str | None:
        """What point ``index`` of the figure's clickable artist ``gid`` stands for."""
        if gid == UNSCORED_GID:
            return self.unscored[index].details if 0 <= index < len(self.unscored) else None
        for series in self.series:
            if gid == points_gid(series.key) and 0 <= index < len(series.points):
                return series.points[index].details
        return None


UNSCORED_GID: Final = "points:unscored"


def points_gid(series: str) -> str:
    """The id of the figure's artist that holds a series' clickable points."""
    return f"points:{series}"


def recorded_measures(episode: Episode, as_of: date) -> tuple[ChartMeasure, ...]:
    """The measures with a value or a form recorded by ``as_of``, in the selector's order."""
    visits = _visits(episode, as_of)
    found = []
    for measure in CHART_MEASURES:
        readings = _readings(measure.code, visits, episode, PAIN_CHANGE_POINTS)
        if readings.unscored or any(series.points for series in readings.series):
            found.append(measure)
    return tuple(found)


def measure_chart_data(
    episode: Episode,
    evaluation: EpisodeEvaluation,
    code: str,
    *,
    decisions: Iterable[EscalationDecision] = (),
    pain_change_points: int = PAIN_CHANGE_POINTS,
) -> MeasureChartData:
    """The chart of measure ``code`` for ``episode`` as it stood on the evaluation date.

    ``decisions`` are the clinician's recorded escalation decisions. Pain on stairs is
    banded by ``pain_change_points``: pass the clinic's rules' ``pain_drop_points``.
    """
    as_of = evaluation.as_of
    readings = _readings(code, _visits(episode, as_of), episode, pain_change_points)
    baseline = _baseline(readings.series, episode.first_line_start)
    band = None
    notes = readings.notes
    if readings.change is None:
        notes = (NO_THRESHOLD_NOTE, *notes)
    elif baseline is not None:
        points, label = readings.change
        band = ChangeBand(day=baseline.day, value=baseline.value, points=points, label=label)
    return MeasureChartData(
        code=code,
        name=readings.name,
        title=readings.title,
        axis_label=readings.axis_label,
        scale=_scale(readings),
        as_of=as_of,
        series=readings.series,
        band=band,
        baseline=None if baseline is None else baseline.day,
        notes=notes,
        unscored=readings.unscored,
        markers=(*due_markers(evaluation), *decision_markers(decisions, as_of)),
        treatments=treatment_bars(episode, as_of),
    )


def _visits(episode: Episode, as_of: date) -> list[Visit]:
    return sorted((v for v in episode.visits if v.date <= as_of), key=lambda v: v.date)


def _readings(code: str, visits: list[Visit], episode: Episode, pain_points: int) -> Readings:
    if code in QUESTIONNAIRES:
        return questionnaire_readings(code, visits)
    if code == STAIR_PAIN.code:
        return stair_readings(visits, pain_points)
    if code == STANCE.code:
        return stance_readings(visits, episode.side)
    if code == STRENGTH.code:
        return strength_readings(visits, episode.side)
    known = ", ".join(m.code for m in CHART_MEASURES)
    raise ValueError(f"{code!r} is not a charted measure ({known})")


def _baseline(series: Sequence[MeasureSeries], start: date) -> MeasurePoint | None:
    """The baseline point of the line; of two sides', the earlier (they have no band)."""
    found = []
    for line in series:
        index = baseline_index([p.day for p in line.points], start)
        if index is not None:
            found.append(line.points[index])
    return min(found, key=lambda p: p.day, default=None)


def _scale(readings: Readings) -> tuple[float, float]:
    """The measure's range; an open-ended one (strength) from zero to above the values."""
    low, high = readings.scale
    if high is None:
        values = [p.value for s in readings.series for p in s.points]
        high = max(values, default=1.0) * OPEN_SCALE_HEADROOM
    return low, high
