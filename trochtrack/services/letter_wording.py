"""The drafted prose of the letters: the opening, the request, the plan and the closing.

These are drafts: the compose step shows them to the clinician, who may rewrite any of
them before the letter is issued. Each says what the reader must do first and names the
numbers it rests on; none makes a diagnosis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.model import Visit
from trochtrack.reports.data import AlertItem, EpisodeSummary, Urgency
from trochtrack.wording.dates import long_date
from trochtrack.wording.diagnoses import diagnoses_clause
from trochtrack.wording.labels import RED_FLAG_PHRASES, TREATMENT_LABELS

FIRST_LINE_PLAN: Final = (
    "First-line care (advice on load and the home exercise programme) continues, and I will "
    "review progress at the next appointment."
)
PAUSED_PLAN: Final = (
    "Treatment here is paused until the point in the box above has been assessed; I will "
    "see the patient again once they have been."
)
GP_CLOSING: Final = "If you would like to discuss any of this, please contact me at the clinic."
REFERRAL_CLOSING: Final = (
    "Thank you for seeing this patient. Please contact me at the clinic if you need "
    "anything further."
)
REFERRAL_PLANS: Final = {
    Urgency.SAME_DAY: (
        "Treatment here is paused until the features in the box above have been assessed. "
        "If assessment today is not possible, please direct the patient to emergency care."
    ),
    Urgency.URGENT: (
        "Any change of treatment here is paused until the features above have been reviewed."
    ),
    Urgency.ROUTINE: (
        "The home exercise programme continues in the meantime, and I will keep seeing the "
        "patient until your appointment."
    ),
}
EMERGENCY_PLAN: Final = (
    "The patient has been directed to you today. Treatment here is paused until they have "
    "been assessed."
)


def weeks_text(weeks: int) -> str:
    """``1 week``, ``11 weeks``; ``less than a week`` for none."""
    if weeks == 0:
        return "less than a week"
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def decision_text(decision: EscalationDecision) -> str:
    """The recorded escalation decision in a sentence or two."""
    head = f"On {long_date(decision.decided_on)} {decision.clinician} recorded the decision"
    if decision.kind is DecisionKind.CONTINUE_FIRST_LINE:
        text = f"{head} to continue first-line care"
    elif decision.kind is DecisionKind.SECOND_LINE:
        chosen = ", ".join(TREATMENT_LABELS[kind].lower() for kind in decision.second_line)
        text = f"{head} to start second-line care: {chosen}"
    else:
        text = f"{head} to refer to {decision.referred_to}"
    text += "."
    if decision.reason:
        text += f" Reason: {decision.reason}"
        text += "" if decision.reason.endswith(".") else "."
    if decision.next_review is not None:
        text += f" Next review: {long_date(decision.next_review)}."
    return text


def default_plan(decisions: Sequence[EscalationDecision], *, critical: bool) -> str:
    """Treatment paused for a critical point, else the latest decision or first-line care."""
    if critical:
        return PAUSED_PLAN
    return decision_text(decisions[-1]) if decisions else FIRST_LINE_PLAN


def sessions_clause(episode: EpisodeSummary) -> str:
    """``there have been 4 sessions so far, the latest on 19 Oct 2026``."""
    if episode.latest_visit is None:
        return "there has been no session yet"
    if episode.sessions == 1:
        return f"there has been 1 session, on {long_date(episode.latest_visit)}"
    return (
        f"there have been {episode.sessions} sessions so far, the latest on "
        f"{long_date(episode.latest_visit)}"
    )


def gp_opening(name: str, episode: EpisodeSummary) -> str:
    """Why I am writing: who, what for, since when, and where things stand."""
    return (
        f"I am writing with an update on {name}, whom I am seeing for {episode.side} lateral "
        f"hip pain ({diagnoses_clause(episode.diagnoses)}). First-line care began on "
        f"{long_date(episode.first_line_start)}; {sessions_clause(episode)}. Where things "
        f"stand: {episode.status}."
    )


def gp_request(urgent: Sequence[AlertItem], *, second_line_due: bool) -> str:
    """What the GP is asked to do, first: act on an urgent point, or nothing but note."""
    if any(item.severity == "critical" for item in urgent):
        return (
            "Please arrange a medical assessment today for the critical point in the box "
            "above: a serious cause needs to be ruled out, which physiotherapy cannot do."
        )
    if urgent:
        return "Please review the patient within the next few days for the point in the box above."
    if second_line_due:
        return (
            "First-line care has not brought a clinically important improvement by the "
            "decision point; please consider with the patient the second-line options set "
            "out in the clinical detail. No other action is needed from you now."
        )
    return "No action is needed from you at present; this letter keeps you informed."


def referral_opening(
    name: str, episode: EpisodeSummary, urgency: Urgency, weeks_of_care: str
) -> str:
    """Why I am referring: the red flags, or first-line care that has not worked."""
    if urgency is Urgency.ROUTINE:
        return (
            f"I am referring {name}, whom I have seen for {episode.side} lateral hip pain "
            f"({diagnoses_clause(episode.diagnoses)}). After {weeks_of_care} of first-line "
            f"care there is no clinically important improvement by the decision point on "
            f"{long_date(episode.escalation_due)}."
        )
    day = long_date(episode.latest_visit or episode.first_line_start)
    how_soon = "today" if urgency is Urgency.SAME_DAY else "within the next few days"
    return (
        f"I am referring {name}, whom I am seeing for {episode.side} lateral hip pain. At the "
        f"visit on {day} I recorded the features in the box above, which call for medical "
        f"assessment {how_soon}. I have not made a diagnosis: a serious cause needs to be "
        f"ruled out, which a physiotherapy assessment cannot do."
    )


def referral_request(
    urgency: Urgency,
    chosen: Sequence[str],
    *,
    options_listed: bool,
    to_emergency_department: bool,
) -> str:
    """The question asked of the specialist, in one or two sentences."""
    if to_emergency_department:
        return (
            "Please assess the patient today for the features in the box above; they have "
            "been directed to you."
        )
    if urgency is Urgency.SAME_DAY:
        return "Please assess the patient today for the features in the box above."
    if urgency is Urgency.URGENT:
        return "Please review the patient within a few days for the features in the box above."
    if chosen:
        return (
            "Please assess the patient and advise on the second-line care chosen with them: "
            f"{', '.join(chosen)}."
        )
    if options_listed:
        return (
            "Please assess the patient and advise on second-line care; the options the "
            "decision-support rules list are set out in the clinical detail, none preferred."
        )
    return "Please assess the patient and advise on further management."


def referral_plan(urgency: Urgency, *, to_emergency_department: bool) -> str:
    """What happens here meanwhile."""
    return EMERGENCY_PLAN if to_emergency_department else REFERRAL_PLANS[urgency]


def red_flag_screen(visits: Sequence[Visit]) -> str:
    """The red-flag checklist's result over the visits, with the latest temperature."""
    if not visits:
        return "No visit recorded yet, so no red-flag screen."
    positive = [visit for visit in visits if visit.red_flags]
    if positive:
        text = "; ".join(
            f"{long_date(visit.date)}: "
            + ", ".join(RED_FLAG_PHRASES[flag] for flag in sorted(visit.red_flags))
            for visit in positive
        )
    else:
        text = f"Negative at each of {len(visits)} visits (latest {long_date(visits[-1].date)})"
    measured = [visit for visit in visits if visit.temperature_c is not None]
    if measured:
        text += f"; temperature {measured[-1].temperature_c:g} °C on {long_date(measured[-1].date)}"
    return text + "."
