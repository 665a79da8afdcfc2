"""Response to first-line care (docs/rules.md §3) and worsening symptoms (docs/rules.md §6).

A measure's baseline is its value at the earliest visit that records it. Pain NRS and
VISA-G are judged against that baseline, and only when the baseline visit is dated
before the visit being judged; GROC is itself a change score and is judged as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from trochtrack.domain.model import Visit
from trochtrack.domain.rules.config import ResponseRules, WorseningRules
from trochtrack.domain.rules.exact import percent_of, scaled


class Measure(StrEnum):
    """The outcome measures the rules read (field names of a visit)."""

    PAIN = "pain_nrs"
    VISA_G = "visa_g"
    GROC = "groc"

    @property
    def label(self) -> str:
        """How the measure is written in alerts and letters."""
        return _LABELS[self]

    def on(self, visit: Visit) -> int | None:
        """The visit's score for this measure, if it records one."""
        score: int | None = getattr(visit, self.value)
        return score


_LABELS = {Measure.PAIN: "pain NRS", Measure.VISA_G: "VISA-G", Measure.GROC: "GROC"}
# In declaration order; iterating the enum class itself costs more, once per visit.
_MEASURES = tuple(Measure)


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedScore:
    """A score and the date of the visit that recorded it."""

    date: date
    value: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasureChange:
    """One measure at a visit, against its baseline, and whether it met the threshold.

    ``baseline`` is ``None`` for GROC, which already rates the change.
    """

    measure: Measure
    baseline: DatedScore | None
    latest: DatedScore
    meets: bool

    @property
    def change(self) -> int:
        """Latest minus baseline (for GROC, the rating itself)."""
        return self.latest.value - (0 if self.baseline is None else self.baseline.value)

    @property
    def drop_percent(self) -> float | None:
        """The fall from baseline in percent of the baseline (to 0.1), where there is one."""
        if self.baseline is None:
            return None
        return percent_of(-self.change, self.baseline.value)

    def describe(self) -> str:
        """The change in words, e.g. ``pain NRS 7 on 2026-09-07, now 6 (-1, a 14.3 % drop)``."""
        if self.baseline is None:
            return f"{self.measure.label} {self.latest.value:+d}"
        change = f"{self.change:+d}" if self.change else "no change"
        drop = self.drop_percent
        if self.measure is Measure.PAIN and drop is not None and drop > 0:
            change += f", a {drop:g} % drop"
        return (
            f"{self.measure.label} {self.baseline.value} on {self.baseline.date.isoformat()}, "
            f"now {self.latest.value} ({change})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseAssessment:
    """The decisive assessment of first-line care: every measure computable at that visit.

    ``measures`` holds only computable measures, in the order pain, VISA-G, GROC; there
    is always at least one.
    """

    visit_date: date
    measures: tuple[MeasureChange, ...]

    @property
    def responder(self) -> bool:
        """Whether any measure met its threshold (one is enough)."""
        return any(change.meets for change in self.measures)


@dataclass(frozen=True, slots=True, kw_only=True)
class WorseningAssessment:
    """The measures at the latest visit and whether each is worse than the threshold."""

    visit_date: date
    measures: tuple[MeasureChange, ...]

    @property
    def worse(self) -> bool:
        """Whether any measure crossed its worsening threshold."""
        return any(change.meets for change in self.measures)


def assess_response(
    visits: tuple[Visit, ...], review_due: date, rules: ResponseRules
) -> ResponseAssessment | None:
    """The latest visit from ``review_due`` on with a computable measure, judged.

    ``visits`` are those on record on the evaluation date, in date order. ``None`` when
    no visit on or after ``review_due`` has a computable measure.
    """
    for index in range(len(visits) - 1, -1, -1):
        visit = visits[index]
        if visit.date < review_due:
            return None
        pairs = _comparable(visits, index)
        if pairs:
            return ResponseAssessment(
                visit_date=visit.date,
                measures=tuple(
                    MeasureChange(
                        measure=measure,
                        baseline=baseline,
                        latest=latest,
                        meets=_responds(measure, baseline, latest, rules),
                    )
                    for measure, baseline, latest in pairs
                ),
            )
    return None


def assess_worsening(
    visits: tuple[Visit, ...], rules: WorseningRules
) -> WorseningAssessment | None:
    """The latest visit's measures against their worsening thresholds.

    ``None`` when there is no visit or no measure at the latest visit can be compared.
    """
    if not visits:
        return None
    pairs = _comparable(visits, len(visits) - 1)
    if not pairs:
        return None
    return WorseningAssessment(
        visit_date=visits[-1].date,
        measures=tuple(
            MeasureChange(
                measure=measure,
                baseline=baseline,
                latest=latest,
                meets=_worse(measure, baseline, latest, rules),
            )
            for measure, baseline, latest in pairs
        ),
    )


def baseline_of(visits: tuple[Visit, ...], measure: Measure) -> DatedScore | None:
    """The measure at the earliest visit that records it."""
    for visit in visits:
        score = measure.on(visit)
        if score is not None:
            return DatedScore(date=visit.date, value=score)
    return None


_Pair = tuple[Measure, DatedScore | None, DatedScore]


def _comparable(visits: tuple[Visit, ...], index: int) -> list[_Pair]:
    """The computable measures of ``visits[index]`` with their baselines."""
    visit = visits[index]
    pairs: list[_Pair] = []
    for measure in _MEASURES:
        score = measure.on(visit)
        if score is None:
            continue
        latest = DatedScore(date=visit.date, value=score)
        if measure is Measure.GROC:
            pairs.append((measure, None, latest))
            continue
        baseline = baseline_of(visits[:index], measure)
        if baseline is not None and baseline.date < visit.date:
            pairs.append((measure, baseline, latest))
    return pairs


def _responds(
    measure: Measure, baseline: DatedScore | None, latest: DatedScore, rules: ResponseRules
) -> bool:
    if baseline is None:
        return latest.value >= rules.groc_min
    if measure is Measure.VISA_G:
        return latest.value - baseline.value >= rules.visa_g_gain_points
    drop = baseline.value - latest.value
    if drop >= rules.pain_drop_points:
        return True
    return baseline.value > 0 and drop >= scaled(baseline.value, rules.pain_drop_fraction)


def _worse(
    measure: Measure, baseline: DatedScore | None, latest: DatedScore, rules: WorseningRules
) -> bool:
    if baseline is None:
        return latest.value <= rules.groc_max
    if measure is Measure.VISA_G:
        return baseline.value - latest.value >= rules.visa_g_fall_points
    return latest.value - baseline.value >= rules.pain_rise_points
