"""When the outcome measures are due: the clinic's schedule, its windows, what is due on a day.

The default is LEAP's time points (Mellor et al., BMJ 2018;361:k1662): baseline, 4, 8,
12, 26 and 52 weeks after the episode's first-line start, for VISA-G, LEFS, PSFS,
PSEQ-2 and the core set's visit measures (time to pain in single-leg stance, pain on
stairs, abduction strength), counted as one. Every scheduled measure shares the same
time points, so a patient has at most one time point open at once and the due list one
line for it.

A time point's *window* runs from a week before it to two weeks after (baseline too: a
questionnaire filled in at the assessment a few days before first-line care began is
the baseline). Where two time points are closer than that allows, the earlier window
ends the day before the later time point and the later one opens the day after, so a
visit counts for one time point only. A measure is *recorded* for a time point when a
visit dated in its window, on or before the evaluation date, carries it: a total of the
questionnaire (a VISA-G total typed without items counts; a form whose items give no
total does not), or for the core set any one of its measures. Unrecorded, a time point
is *due* while its window is open and *missed* once it has closed.

These are due items, not alerts: the rules never read them. No clock is read here; the
evaluation date is a parameter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import instrument, instrument_codes
from trochtrack.domain.measures.questionnaires import find_form
from trochtrack.domain.model import Episode, Visit

CORE_SET: Final = "core_set"
CORE_SET_NAME: Final = "core set"
CORE_SET_FIELDS: Final = (
    "stance_pain_left_s",
    "stance_pain_right_s",
    "stair_pain_nrs",
    "abduction_left",
    "abduction_right",
)
"""The core set's measures a visit records; body mass alone is not one of them."""
VISA_G: Final = "visa_g"
DEFAULT_MEASURES: Final = ("visa_g", "lefs", "psfs", "pseq2", CORE_SET)
DEFAULT_WEEKS: Final = (0, 4, 8, 12, 26, 52)
MAX_WEEK: Final = 104
OPENS_DAYS_BEFORE: Final = 7
CLOSES_DAYS_AFTER: Final = 14
_WEEKS_SEPARATOR: Final = re.compile(r"[\s,;]+")


def measure_codes() -> tuple[str, ...]:
    """The measures a schedule may name: each shipped questionnaire, then the core set."""
    return (*instrument_codes(), CORE_SET)


def measure_name(code: str) -> str:
    """How a measure is named on screen: ``VISA-G``, ``PSEQ-2``, ``core set``."""
    if code == CORE_SET:
        return CORE_SET_NAME
    found = instrument(code)
    return code if found is None else found.name


def check_weeks(value: object, field: str) -> tuple[int, ...]:
    """Time points in whole weeks from 0 to 104, rising; raise naming ``field``."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(field, "expected a list of weeks")
    weeks: list[int] = []
    for index, week in enumerate(value):
        if isinstance(week, bool) or not isinstance(week, int):
            raise ValidationError(f"{field}[{index}]", f"{week!r} is not a whole number of weeks")
        if not 0 <= week <= MAX_WEEK:
            raise ValidationError(
                f"{field}[{index}]", f"week {week} is outside 0 to {MAX_WEEK} weeks"
            )
        if week in weeks:
            raise ValidationError(f"{field}[{index}]", f"week {week} is listed twice")
        if weeks and week < weeks[-1]:
            raise ValidationError(
                f"{field}[{index}]", f"weeks go in rising order: {week} comes after {weeks[-1]}"
            )
        weeks.append(week)
    return tuple(weeks)


def check_measures(value: object, field: str) -> tuple[str, ...]:
    """Measure codes the app can schedule, each once; raise naming ``field``."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(field, "expected a list of measures")
    known = measure_codes()
    measures: list[str] = []
    for index, code in enumerate(value):
        if code not in known:
            raise ValidationError(
                f"{field}[{index}]", f"{code!r} is not one of the measures ({', '.join(known)})"
            )
        if code in measures:
            raise ValidationError(f"{field}[{index}]", f"{measure_name(code)} is listed twice")
        measures.append(code)
    return tuple(measures)


def parse_weeks(text: str, field: str) -> tuple[int, ...]:
    """Weeks as typed, ``"0, 4, 8, 12"``: whole numbers apart by commas or spaces."""
    words = [word for word in _WEEKS_SEPARATOR.split(text.strip()) if word]
    weeks: list[int] = []
    for word in words:
        if not word.isdecimal() or not word.isascii():
            raise ValidationError(field, f"{word!r} is not a whole number of weeks")
        weeks.append(int(word))
    return check_weeks(weeks, field)


def weeks_text(weeks: Sequence[int]) -> str:
    """Weeks as :func:`parse_weeks` reads them back."""
    return ", ".join(str(week) for week in weeks)


@dataclass(frozen=True, slots=True)
class TimePoint:
    """One time point of an episode: its week, due date and window (both ends included)."""

    week: int
    due: date
    opens: date
    closes: date

    @property
    def name(self) -> str:
        """``baseline``, ``1 week``, ``8 weeks``."""
        if self.week == 0:
            return "baseline"
        return "1 week" if self.week == 1 else f"{self.week} weeks"

    def holds(self, day: date) -> bool:
        """Whether ``day`` falls within the window."""
        return self.opens <= day <= self.closes


@dataclass(frozen=True, slots=True)
class MeasureSchedule:
    """Which measures are due, and at which weeks after the first-line start."""

    measures: tuple[str, ...] = DEFAULT_MEASURES
    weeks: tuple[int, ...] = DEFAULT_WEEKS
    version: str = field(init=False, repr=False, compare=False, default="")
    """A short digest of the schedule, for caches made under it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", check_measures(self.measures, "measures"))
        object.__setattr__(self, "weeks", check_weeks(self.weeks, "weeks"))
        canonical = f"{','.join(self.measures)}|{','.join(map(str, self.weeks))}"
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
        object.__setattr__(self, "version", digest)

    def time_points(self, first_line_start: date) -> tuple[TimePoint, ...]:
        """The episode's time points with their windows, which never overlap."""
        return _time_points(self.weeks, first_line_start) if self.measures else ()


@lru_cache(maxsize=4096)
def _time_points(weeks: tuple[int, ...], first_line_start: date) -> tuple[TimePoint, ...]:
    # Cached: a clinic's episodes share their start days, and every evaluation asks.
    dues = [_days_after(first_line_start, 7 * week) for week in weeks]
    points: list[TimePoint] = []
    for index, (week, due) in enumerate(zip(weeks, dues, strict=True)):
        opens = due - timedelta(days=OPENS_DAYS_BEFORE)
        if points:
            opens = max(opens, points[-1].closes + timedelta(days=1))
        closes = _days_after(due, CLOSES_DAYS_AFTER)
        if index + 1 < len(dues):
            closes = min(closes, dues[index + 1] - timedelta(days=1))
        points.append(TimePoint(week=week, due=due, opens=opens, closes=closes))
    return tuple(points)


@dataclass(frozen=True, slots=True)
class MeasureDue:
    """One measure not recorded for one time point: due while its window is open, then missed."""

    measure: str
    time_point: TimePoint
    overdue: bool
    """The evaluation date is after the time point's due date."""

    @property
    def name(self) -> str:
        """The measure's name (``VISA-G``)."""
        return measure_name(self.measure)

    @property
    def due(self) -> date:
        """The first-line start plus the time point's weeks."""
        return self.time_point.due

    @property
    def label(self) -> str:
        """``VISA-G due at 8 weeks``, ``Core set due at baseline``."""
        return due_label((self.measure,), self.time_point)


@dataclass(frozen=True, slots=True)
class TimePointDue:
    """The measures one time point still waits for, in the schedule's order."""

    time_point: TimePoint
    measures: tuple[str, ...]

    @property
    def label(self) -> str:
        """``VISA-G and LEFS due at 8 weeks``."""
        return due_label(self.measures, self.time_point)


def due_label(measures: Sequence[str], time_point: TimePoint) -> str:
    """``VISA-G due at 8 weeks``; several: ``VISA-G, LEFS and core set due at 8 weeks``."""
    return _due_label(tuple(measures), time_point.name)


@lru_cache(maxsize=1024)
def _due_label(measures: tuple[str, ...], when: str) -> str:
    # Cached: the cache writes one per episode, from a handful of different ones.
    return _capitalised(f"{measures_listed(measures)} due at {when}")


def measures_listed(measures: Sequence[str]) -> str:
    """The measures' names in a list as written: ``VISA-G, LEFS and core set``."""
    names = [measure_name(code) for code in measures]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def recorded(visit: Visit, measure: str) -> bool:
    """Whether ``visit`` records ``measure``: a questionnaire's total, any core-set measure."""
    if measure == CORE_SET:
        outcomes = visit.outcomes
        return any(getattr(outcomes, name) is not None for name in CORE_SET_FIELDS)
    if measure == VISA_G and visit.visa_g is not None:
        return True
    form = find_form(visit.questionnaires, measure)
    return form is not None and form.score().total is not None


def measures_due(
    episode: Episode, schedule: MeasureSchedule, as_of: date
) -> tuple[MeasureDue, ...]:
    """The measures due on ``as_of``: not recorded for a time point whose window is open.

    A closed episode has nothing due.
    """
    if _closed(episode, as_of):
        return ()
    return tuple(
        MeasureDue(measure=measure, time_point=point, overdue=as_of > point.due)
        for point in schedule.time_points(episode.first_line_start)
        if point.holds(as_of)
        for measure in _unrecorded(episode, schedule, point, as_of)
    )


def measures_missed(
    episode: Episode, schedule: MeasureSchedule, as_of: date
) -> tuple[MeasureDue, ...]:
    """The measures not recorded for a time point whose window closed before ``as_of``.

    For an episode closed by then, the time points due by its closing date that were not
    recorded (it waits for nothing more).
    """
    closed_on = episode.closed_date if _closed(episode, as_of) else None
    return tuple(
        MeasureDue(measure=measure, time_point=point, overdue=True)
        for point in schedule.time_points(episode.first_line_start)
        if (point.closes < as_of if closed_on is None else point.due <= closed_on)
        for measure in _unrecorded(episode, schedule, point, as_of)
    )


def time_points_waiting(
    episode: Episode, schedule: MeasureSchedule, as_of: date
) -> tuple[TimePointDue, ...]:
    """The time points whose window has not closed by ``as_of`` and that wait for a measure.

    The first may be open already; the rest open later. With no visit recorded after
    ``as_of``, what is due on a later day is the one of these whose window holds it, so
    the due list can keep them and decide from the date alone. A closed episode waits for
    nothing.
    """
    if _closed(episode, as_of):
        return ()
    waiting: list[TimePointDue] = []
    for point in schedule.time_points(episode.first_line_start):
        if point.closes < as_of:
            continue
        # Only a window open on as_of can hold a visit yet; later ones wait for everything.
        measures = (
            _unrecorded(episode, schedule, point, as_of)
            if point.opens <= as_of
            else schedule.measures
        )
        if measures:
            waiting.append(TimePointDue(time_point=point, measures=measures))
    return tuple(waiting)


def by_time_point(items: Iterable[MeasureDue]) -> tuple[TimePointDue, ...]:
    """Measures due or missed, gathered by time point in the order given."""
    gathered: dict[TimePoint, list[str]] = {}
    for item in items:
        gathered.setdefault(item.time_point, []).append(item.measure)
    return tuple(
        TimePointDue(time_point=point, measures=tuple(measures))
        for point, measures in gathered.items()
    )


def _unrecorded(
    episode: Episode, schedule: MeasureSchedule, point: TimePoint, as_of: date
) -> tuple[str, ...]:
    visits = [v for v in episode.visits if v.date <= as_of and point.holds(v.date)]
    return tuple(m for m in schedule.measures if not any(recorded(v, m) for v in visits))


def _closed(episode: Episode, as_of: date) -> bool:
    return episode.closed_date is not None and episode.closed_date <= as_of


def _days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, staying on the calendar's last day past its end."""
    if (date.max - day).days < days:
        return date.max
    return day + timedelta(days=days)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
