"""The referral letter: after failed first-line care, or for red-flag features.

It says why (the rule, the numbers and their dates), what was tried and for how long,
which second-line options are to be discussed (those the clinician chose, or every
option the rules list with none preferred) and how soon the patient should be seen.
"""

from __future__ import annotations

from typing import BinaryIO, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from trochtrack.charts.labels import long_date, readable
from trochtrack.charts.style import PRINT_STYLE
from trochtrack.charts.symptoms import symptom_chart
from trochtrack.reports.common import (
    CELL_FONT,
    DECISION_SUPPORT_FOOTER,
    PageFurniture,
    address_block,
    build_pdf,
    bullets,
    chart,
    content_width,
    letterhead,
    para,
    signature,
)
from trochtrack.reports.data import ReferralData, Urgency
from trochtrack.reports.sections import (
    alert_blocks,
    lesion_table,
    running_header,
    score_table,
    sessions_text,
    subject_line,
    treatment_table,
)
from trochtrack.reports.styles import ACCENT, CRITICAL, WARNING, LetterStyles

BANNERS: Final = {
    Urgency.SAME_DAY: ("Same-day medical assessment requested", CRITICAL),
    Urgency.URGENT: ("Urgent medical review requested (within days)", WARNING),
    Urgency.ROUTINE: ("Routine referral", ACCENT),
}
RED_FLAG_OPENINGS: Final = {
    Urgency.SAME_DAY: (
        "At the visit on {day} I recorded the features below, which call for medical "
        "assessment today. I have not made a diagnosis: they need a serious cause ruled "
        "out, which a physiotherapy assessment cannot do."
    ),
    Urgency.URGENT: (
        "At the visit on {day} I recorded the features below, which call for medical "
        "review within the next few days. I have not made a diagnosis: they need a "
        "serious cause ruled out."
    ),
}
HOW_SOON: Final = {
    Urgency.SAME_DAY: (
        "I would be grateful if the patient could be assessed today. If that is not "
        "possible, please direct them to emergency care."
    ),
    Urgency.URGENT: "I would be grateful if the patient could be reviewed within a few days.",
    Urgency.ROUTINE: (
        "This is a routine referral. The home exercise programme can continue in the meantime."
    ),
}
HOW_SOON_EMERGENCY: Final = (
    "The patient has been directed to you today for assessment of the features above."
)
OPTIONS_LISTED: Final = (
    "No option has been chosen yet. After failed first-line care the decision-support rules "
    "list the second-line options below; none is preferred, and the choice rests with you "
    "and the patient."
)
OPTIONS_ON_HOLD: Final = (
    "Second-line treatment is on hold until the features above have been assessed."
)
OPTIONS_FOR_REFERRAL: Final = (
    "The decision was to refer rather than to start a treatment here. For your assessment, "
    "the decision-support rules list these second-line options after failed first-line "
    "care; none is preferred."
)
EARLIER_REFERRAL: Final = "That earlier decision is separate from this request for assessment."


def write_referral(data: ReferralData, out: BinaryIO, *, invariant: bool = False) -> None:
    """Write the referral letter as a PDF to ``out``."""
    styles = LetterStyles
    width = content_width(data.setup.paper)
    episode = data.episode
    story: list[Flowable] = [
        *letterhead(data.setup.letterhead, width),
        *address_block(data.recipient, data.day, f"{data.patient.ref}/{episode.ref}", width),
        _banner(data.urgency, width),
        Spacer(1, 5 * mm),
        para(data.recipient.salutation, styles.body),
        *subject_line(data.patient),
        para("Reason for referral", styles.heading),
    ]
    if data.red_flags:
        opening = RED_FLAG_OPENINGS.get(data.urgency, RED_FLAG_OPENINGS[Urgency.URGENT])
        day = long_date(episode.latest_visit or data.day)
        story += alert_blocks(
            data.red_flags, data.day, lead=[para(opening.format(day=day), styles.body)]
        )
    if data.care_failed is not None:
        story += alert_blocks(
            [data.care_failed],
            data.day,
            lead=[
                para(
                    f"{data.patient.name} has had {weeks_text(data.weeks_of_care)} of first-line "
                    f"care for {episode.side} lateral hip pain (working diagnosis: "
                    f"{episode.diagnosis}) without a clinically important improvement by the "
                    f"escalation decision point on {long_date(episode.escalation_due)}.",
                    styles.body,
                )
            ],
        )
    elif data.response_summary is not None:
        story.append(
            para(
                f"Response to first-line care: {readable(data.response_summary)}",
                styles.body,
            )
        )
    story += [
        para("What has been tried", styles.heading),
        para(
            f"First-line care began on {long_date(episode.first_line_start)}, "
            f"{weeks_text(data.weeks_of_care)} before this letter. Sessions: "
            f"{sessions_text(episode)}.",
            styles.body,
        ),
        *treatment_table(episode.treatments, data.day, width),
        para("Outcome scores", styles.heading),
        *score_table(data.scores, width),
        KeepTogether(
            [Spacer(1, 3 * mm), chart(symptom_chart(data.symptom_chart, style=PRINT_STYLE), width)]
        ),
        para("Second-line options to discuss", styles.heading),
        *_options(data),
        para("Scan findings", styles.heading),
        *lesion_table(data.lesions, width),
        para("How soon", styles.heading),
        para(
            HOW_SOON_EMERGENCY if data.to_emergency_department else HOW_SOON[data.urgency],
            styles.body,
        ),
        para(
            "Thank you for seeing this patient. Please contact me at the clinic if you need "
            "anything further.",
            styles.body,
        ),
        signature(data.setup.signatory, data.setup.letterhead),
    ]
    furniture = PageFurniture(DECISION_SUPPORT_FOOTER, running_header(data.patient))
    build_pdf(out, data.setup, story, furniture, invariant=invariant)


def weeks_text(weeks: int) -> str:
    """``1 week``, ``11 weeks``; ``less than a week`` for none."""
    if weeks == 0:
        return "less than a week"
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def _options(data: ReferralData) -> list[Flowable]:
    """What the letter says of second-line care: never two things that contradict.

    With red flags second-line care waits (an earlier decision is mentioned as
    separate); after a decision to refer the rules' options are listed for the
    reader's assessment; otherwise the options chosen, or every option, none preferred.
    """
    styles = LetterStyles
    if data.red_flags:
        flowables = [para(OPTIONS_ON_HOLD, styles.body)]
        if data.decision is not None:
            earlier = f"{readable(data.decision)} {EARLIER_REFERRAL}"
            flowables.append(para(earlier, styles.body))
        return flowables
    flowables = [] if data.decision is None else [para(readable(data.decision), styles.body)]
    if not data.options:
        return flowables
    if data.referred and not data.options_chosen:
        flowables.append(para(OPTIONS_FOR_REFERRAL, styles.body))
    elif not data.options_chosen:
        flowables.append(para(OPTIONS_LISTED, styles.body))
    return flowables + bullets(data.options, styles.bullet)


def _banner(urgency: Urgency, width: float) -> Table:
    text, colour = BANNERS[urgency]
    table = Table([[para(text, LetterStyles.banner)]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
