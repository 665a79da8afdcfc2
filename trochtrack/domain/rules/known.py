"""What was on record for an episode on the evaluation date.

Rules never look past ``as_of``: visits and scans dated later, treatments that start
later and a closure dated later do not exist yet. A treatment that ends after ``as_of``
is still running on ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trochtrack.domain.model import Episode, Scan, Treatment, Visit
from trochtrack.domain.vocabulary import TreatmentKind


@dataclass(frozen=True, slots=True)
class KnownEpisode:
    """An episode as known on ``as_of``; visits and scans in date order.

    Records on the same date keep their order in the episode, so the later one in the
    record counts as the later one.
    """

    episode: Episode
    as_of: date
    visits: tuple[Visit, ...]
    treatments: tuple[Treatment, ...]
    scans: tuple[Scan, ...]

    @property
    def closed(self) -> bool:
        """Whether the episode was closed on or before ``as_of``."""
        closed_date = self.episode.closed_date
        return closed_date is not None and closed_date <= self.as_of

    @property
    def latest_visit(self) -> Visit | None:
        """The last visit on or before ``as_of``."""
        return self.visits[-1] if self.visits else None

    def end_on_record(self, treatment: Treatment) -> date | None:
        """The treatment's end if it had ended by ``as_of``; ``None`` while it runs."""
        end = treatment.end
        return end if end is not None and end <= self.as_of else None

    def started(self, *kinds: TreatmentKind) -> tuple[Treatment, ...]:
        """Treatments of these kinds that started on or before ``as_of``."""
        return tuple(t for t in self.treatments if t.kind in kinds)


def known_on(episode: Episode, as_of: date) -> KnownEpisode:
    """The part of ``episode`` dated on or before ``as_of``."""
    return KnownEpisode(
        episode=episode,
        as_of=as_of,
        visits=tuple(sorted((v for v in episode.visits if v.date <= as_of), key=_visit_day)),
        treatments=tuple(t for t in episode.treatments if t.start <= as_of),
        scans=tuple(sorted((s for s in episode.scans if s.date <= as_of), key=_scan_day)),
    )


def _visit_day(visit: Visit) -> date:
    return visit.date


def _scan_day(scan: Scan) -> date:
    return scan.date
