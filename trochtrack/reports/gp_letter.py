"""The follow-up letter to the patient's GP.

Page one is the letter (see :mod:`trochtrack.reports.letter_parts`); the clinical
detail follows: the episode, treatment, scores and their chart, scans, the
decision-support points and the numbered references they cite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

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
)
from trochtrack.reports.data import LetterData
from trochtrack.reports.letter_parts import letter_body, urgent_box
from trochtrack.reports.references import References
from trochtrack.reports.sections import (
    alert_blocks,
    episode_facts,
    lesion_table,
    running_header,
    score_table,
    treatment_table,
)
from trochtrack.reports.styles import LetterStyles

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SYMPTOM_CAPTION = (
    "Pain, night pain and VISA-G at each visit, with the baseline, the review and escalation "
    "dates, and the treatments below. The shaded band is the change in pain that counts as "
    "clinically important either side of the baseline pain."
)
LESION_CAPTION = "Size of each tracked lesion on successive scans."
ALERTS_INTRO = (
    "The clinic's decision-support rules raised the points below for the clinician to "
    "consider. They are prompts with their basis, not diagnoses."
)


def write_gp_letter(data: LetterData, out: BinaryIO, *, invariant: bool = False) -> None:
    """Write the GP follow-up letter as a PDF to ``out``."""
    width = content_width(data.setup.paper)
    story: list[Flowable] = [
        *letterhead(data.setup.letterhead, width),
        *address_block(data.recipient, data.day, f"{data.patient.ref}/{data.episode.ref}", width),
        *urgent_box(data.urgent, width),
        *letter_body(data),
        *_clinical_detail(data, width),
    ]
    furniture = PageFurniture(DECISION_SUPPORT_FOOTER, running_header(data.patient))
    build_pdf(out, data.setup, story, furniture, invariant=invariant)


def _clinical_detail(data: LetterData, width: float) -> list[Flowable]:
    styles = LetterStyles
    episode = data.episode
    sections = data.sections
    story: list[Flowable] = [
        para("The episode", styles.heading),
        episode_facts(episode, width),
        para("Treatment so far", styles.heading),
        *treatment_table(episode.treatments, data.day, width),
        para("Outcome scores", styles.heading),
        *score_table(data.scores, width),
    ]
    if sections.charts:
        story.append(
            _captioned_chart(
                symptom_chart(data.symptom_chart, style=PRINT_STYLE), SYMPTOM_CAPTION, width
            )
        )
    if sections.scans:
        story += [para("Scan findings", styles.heading), *lesion_table(data.lesions, width)]
        if sections.charts and data.lesion_chart is not None:
            story.append(
                _captioned_chart(
                    lesion_chart(data.lesion_chart, style=PRINT_STYLE), LESION_CAPTION, width
                )
            )
    references = References()
    if sections.decision_support:
        story += alert_blocks(
            data.alerts,
            data.day,
            references,
            lead=[para("Points for review", styles.heading), para(ALERTS_INTRO, styles.body)],
        )
    if references:
        story += references.flowables()
    return story


def _captioned_chart(figure: Figure, caption: str, width: float) -> KeepTogether:
    return KeepTogether(
        [Spacer(1, 3 * mm), chart(figure, width), para(caption, LetterStyles.small)]
    )
