"""The working diagnoses of an episode besides its main one.

Trochanteric bursitis, gluteal tendinopathy and calcific tendinopathy are hard to tell
apart and often coexist, so an episode holds one main working diagnosis (the one the
rules and the due list read, as before) and any others the clinician is considering.
Each is dated, so a letter written as of an earlier day gives only those made by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import check_member, check_optional_flag
from trochtrack.domain.vocabulary import Diagnosis


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingDiagnosis:
    """One diagnosis under consideration: since when, and whether only possible.

    ``possible`` true: the clinician thinks it possible rather than likely; ``None`` is
    "not said", as for a finding. ``explicit_nulls`` keeps a case file's written nulls.
    """

    diagnosis: Diagnosis
    since: date | None = None
    possible: bool | None = None
    explicit_nulls: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "diagnosis", check_member(Diagnosis, self.diagnosis, "diagnosis"))
        object.__setattr__(self, "possible", check_optional_flag(self.possible, "possible"))
        if self.since is not None and not isinstance(self.since, date):
            raise ValidationError("since", f"expected a date, got {self.since!r}")


def check_other_diagnoses(
    main: Diagnosis, others: Iterable[WorkingDiagnosis]
) -> tuple[WorkingDiagnosis, ...]:
    """The other diagnoses as a tuple, each once and none the main one."""
    checked = tuple(others)
    seen: set[Diagnosis] = {main}
    for index, other in enumerate(checked):
        if not isinstance(other, WorkingDiagnosis):
            raise ValidationError(
                f"other_diagnoses[{index}]", f"expected a working diagnosis, got {other!r}"
            )
        if other.diagnosis is main:
            raise ValidationError(
                f"other_diagnoses[{index}].diagnosis", f"{main} is already the main diagnosis"
            )
        if other.diagnosis in seen:
            raise ValidationError(
                f"other_diagnoses[{index}].diagnosis", f"{other.diagnosis} is listed twice"
            )
        seen.add(other.diagnosis)
    return checked


def diagnoses_as_of(
    main: WorkingDiagnosis, others: Iterable[WorkingDiagnosis], day: date
) -> tuple[WorkingDiagnosis, ...]:
    """The main diagnosis, then the others already made on ``day``, in their order."""
    return (main, *(other for other in others if other.since is None or other.since <= day))
