"""The referral letter: after failed first-line care, or for red-flag features.

Page one says how soon, what is asked of the reader (the question for the specialist),
why (the red flags in a box, or first-line care that has not worked), the plan here
and the signature. The clinical detail follows with what referral guides ask for:
duration, pain pattern, treatment so far with dates and doses, function, imaging with
dates and size calls, the red-flag screen, the question and the patient's preference;
then the tables, the decision-support points and their numbered references.
"""

from __future__ import annotations

from typing import BinaryIO, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

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
    key_values,
    letterhead,
    para,
)
from trochtrack.reports.data import ReferralData, Urgency
from trochtrack.reports.letter_parts import letter_body, urgent_box
from trochtrack.reports.references import References
from trochtrack.reports.sections import (
    alert_blocks,
    lesion_table,
    running_header,
    score_table,
    sessions_text,
    treatment_table,
)
from trochtrack.reports.styles import ACCENT, CRITICAL, WARNING, LetterStyles
from trochtrack.wording.dates import long_date, readable

BANNERS: Final = {
    Urgency.SAME_DAY: ("Same-day medical assessment requested", CRITICAL),
    Urgency.URGENT: ("Urgent medical review requested (within days)", WARNING),
    Urgency.ROUTINE: ("Routine referral", ACCENT),
}
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
REASONS_INTRO: Final = (
    "The decision-support points behind this referral, with their basis. They are prompts "
    "for the clinician, not diagnoses."
)


def write_referral(data: ReferralData, out: BinaryIO, *, invariant: bool = False) -> None:
    """Write the referral letter as a PDF to ``out``."""
    width = content_width(data.setup.paper)
    story: list[Flowable] = [
        *letterhead(data.setup.letterhead, width),
        *address_block(data.recipient, data.day, f"{data.patient.ref}/{data.episode.ref}", width),
        _banner(data.urgency, width),
        Spacer(1, 4 * mm),
        *urgent_box(data.red_flags, width),
        *letter_body(data),
        *_clinical_detail(data, width),
    ]
    furniture = PageFurniture(DECISION_SUPPORT_FOOTER, running_header(data.patient))
    build_pdf(out, data.setup, story, furniture, invariant=invariant)


def _clinical_detail(data: ReferralData, width: float) -> list[Flowable]:
    styles = LetterStyles
    episode = data.episode
    story: list[Flowable] = [
        para("Referral summary", styles.heading),
        _summary(data, width),
        para("Treatment so far", styles.heading),
        para(
            f"First-line care began on {long_date(episode.first_line_start)}. Sessions: "
            f"{sessions_text(episode)}.",
            styles.body,
        ),
        *treatment_table(episode.treatments, data.day, width),
        para("Outcome scores", styles.heading),
        *score_table(data.scores, width),
    ]
    if data.response_summary is not None and data.care_failed is None:
        story.append(
            para(f"Response to first-line care: {readable(data.response_summary)}", styles.body)
        )
    if data.sections.charts:
        story.append(
            KeepTogether(
                [
                    Spacer(1, 3 * mm),
                    chart(symptom_chart(data.symptom_chart, style=PRINT_STYLE), width),
                ]
            )
        )
    references = References()
    story += [para("Second-line options to discuss", styles.heading), *_options(data, references)]
    if data.sections.scans:
        story += [para("Scan findings", styles.heading), *lesion_table(data.lesions, width)]
    reasons = [*data.red_flags, *([data.care_failed] if data.care_failed else [])]
    if data.sections.decision_support and reasons:
        story += alert_blocks(
            reasons,
            data.day,
            references,
            lead=[para("Reason for referral", styles.heading), para(REASONS_INTRO, styles.body)],
        )
    if references:
        story += references.flowables()
    return story


def _summary(data: ReferralData, width: float) -> Flowable:
    """What referral guides ask for, one labelled row each."""
    facts = data.facts
    rows = [
        ("Symptoms since", facts.symptoms_since),
        ("Pain pattern", facts.pain_pattern),
        ("Treatment so far", _treatments_line(data)),
        ("Function", facts.function),
        ("Imaging", facts.imaging),
        ("Red-flag screen", facts.red_flag_screen),
        ("Question for you", facts.question),
    ]
    if facts.patient_preference:
        rows.append(("Patient's preference", facts.patient_preference))
    return key_values(rows, width)


def _treatments_line(data: ReferralData) -> str:
    treatments = data.episode.treatments
    if not treatments:
        return "None recorded."
    return (
        "; ".join(
            f"{t.label} from {long_date(t.start)}"
            + (f" to {long_date(t.end)}" if t.end else " (ongoing)")
            + (f": {t.detail}" if t.detail else "")
            for t in treatments
        )
        + "."
    )


def _options(data: ReferralData, references: References) -> list[Flowable]:
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
    return flowables + bullets(
        [references.inline(option) for option in data.options], styles.bullet
    )


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
