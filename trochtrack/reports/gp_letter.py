"""The follow-up letter to the patient's GP."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from trochtrack.charts.labels import long_date
from trochtrack.charts.lesions import lesion_chart
from trochtrack.charts.style import PRINT_STYLE
from trochtrack.charts.symptoms import symptom_chart
from trochtrack.reports.common import (
    DECISION_SUPPORT_FOOTER,
    PageFurniture,
    address_block,
    build_pdf,
    chart,
    content_width,
    letterhead,
    para,
    signature,
)
from trochtrack.reports.data import LetterData
from trochtrack.reports.sections import (
    alert_blocks,
    episode_facts,
    lesion_table,
    running_header,
    score_table,
    subject_line,
    treatment_table,
)
from trochtrack.reports.styles import LetterStyles

SYMPTOM_CAPTION = (
    "Pain, night pain and VISA-G at each visit, with the baseline, the review and escalation "
    "dates, and the treatments below."
)
LESION_CAPTION = "Size of each tracked lesion on successive scans."
ALERTS_INTRO = (
    "The clinic's decision-support rules raised the points below for the clinician to "
    "consider. They are prompts with their basis, not diagnoses."
)


def write_gp_letter(data: LetterData, out: BinaryIO, *, invariant: bool = False) -> None:
    """Write the GP follow-up letter as a PDF to ``out``."""
    styles = LetterStyles
    width = content_width(data.setup.paper)
    episode = data.episode
    story: list[Flowable] = [
        *letterhead(data.setup.letterhead, width),
        *address_block(data.recipient, data.day, f"{data.patient.ref}/{episode.ref}", width),
        para(data.recipient.salutation, styles.body),
        *subject_line(data.patient),
        para(_opening(data), styles.body),
        para("The episode", styles.heading),
        episode_facts(episode, width),
        para("Treatment so far", styles.heading),
        *treatment_table(episode.treatments, data.day, width),
        para("Outcome scores", styles.heading),
        *score_table(data.scores, width),
        KeepTogether(
            [
                Spacer(1, 3 * mm),
                chart(symptom_chart(data.symptom_chart, style=PRINT_STYLE), width),
                para(SYMPTOM_CAPTION, styles.small),
            ]
        ),
        para("Scan findings", styles.heading),
        *lesion_table(data.lesions, width),
    ]
    if data.lesion_chart is not None:
        story.append(
            KeepTogether(
                [
                    Spacer(1, 3 * mm),
                    chart(lesion_chart(data.lesion_chart, style=PRINT_STYLE), width),
                    para(LESION_CAPTION, styles.small),
                ]
            )
        )
    story += [
        *alert_blocks(
            data.alerts,
            data.day,
            lead=[para("Points for review", styles.heading), para(ALERTS_INTRO, styles.body)],
        ),
        para("Plan", styles.heading),
        para(data.plan, styles.body),
    ]
    if data.next_appointment is not None:
        story.append(para(f"Next appointment: {long_date(data.next_appointment)}.", styles.body))
    story += [
        para(
            "If you would like to discuss any of this, please contact me at the clinic.",
            styles.body,
        ),
        signature(data.setup.signatory, data.setup.letterhead),
    ]
    furniture = PageFurniture(DECISION_SUPPORT_FOOTER, running_header(data.patient))
    build_pdf(out, data.setup, story, furniture, invariant=invariant)


def _opening(data: LetterData) -> str:
    episode = data.episode
    if episode.latest_visit is None:
        sessions = "there has been no session yet"
    elif episode.sessions == 1:
        sessions = f"there has been 1 session, on {long_date(episode.latest_visit)}"
    else:
        sessions = (
            f"there have been {episode.sessions} sessions so far, the latest on "
            f"{long_date(episode.latest_visit)}"
        )
    return (
        f"I am writing with an update on {data.patient.name}, whom I am seeing for "
        f"{episode.side} lateral hip pain (working diagnosis: {episode.diagnosis}). "
        f"First-line care began on {long_date(episode.first_line_start)}; {sessions}."
    )
