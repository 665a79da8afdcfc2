"""How an escalation decision's particulars are said, in the timeline and on paper."""

from __future__ import annotations

from trochtrack.domain.actions import EscalationDecision
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import TREATMENT_LABELS


def decision_details(decision: EscalationDecision) -> list[str]:
    """The treatments chosen, the referral, the reason and the next review, as recorded."""
    details = []
    if decision.second_line:
        details.append(", ".join(TREATMENT_LABELS[kind] for kind in decision.second_line))
    if decision.referred_to:
        details.append(f"referred to {decision.referred_to}")
    if decision.reason:
        details.append(decision.reason)
    if decision.next_review:
        details.append(f"next review {long_date(decision.next_review)}")
    return details
