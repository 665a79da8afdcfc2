"""The questions the window asks about an unlikely entry (see ``domain/plausibility.py``).

Each says what was entered, what it was compared with, and asks whether it is right; the
answer "Save anyway" keeps the entry exactly as typed.
"""

from __future__ import annotations

from trochtrack.domain.plausibility import Doubt, DoubtKind
from trochtrack.wording.dates import long_date


def doubt_text(doubt: Doubt) -> str:
    """The question for one doubt, in a sentence or two."""
    entered, compared = long_date(doubt.entered), long_date(doubt.compared_with)
    match doubt.kind:
        case DoubtKind.OLD_AGE:
            return (
                f"The date of birth {entered} makes the patient {doubt.years} years old. "
                "Is it right?"
            )
        case DoubtKind.SCAN_LONG_BEFORE_EPISODE:
            return (
                f"The scan is dated {entered}, more than a year before this episode began "
                f"({compared}). Is the date right?"
            )
        case DoubtKind.SECOND_VISIT_SAME_DAY:
            return (
                f"This episode already has a visit on {entered}. Is this a second visit that day?"
            )
        case DoubtKind.TREATMENT_BEFORE_EPISODE:
            return (
                f"The treatment starts on {entered}, before first-line care began "
                f"({compared}). Is the date right?"
            )
