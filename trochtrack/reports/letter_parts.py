"""Page one of the letters and the start of their clinical detail.

Page one carries the letter a reader skims in half a minute: anything critical or
urgent in a box at the top, then what I ask of you, why I am writing, the plan, the
next appointment and the signature. The clinical detail follows on the same page when
there is room for a good part of it, else on the next; its tables repeat their header
and never split a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from trochtrack.reports.common import CELL_FONT, markup, para, rich, signature
from trochtrack.reports.data import AlertItem, LetterData, LetterText, PageSetup, ReferralData
from trochtrack.reports.sections import subject_line
from trochtrack.reports.styles import CRITICAL, RULE, WARNING, LetterStyles
from trochtrack.wording.dates import long_date, readable

# The clinical detail starts below the signature only when this much of page one is
# left; otherwise page one would end with a heading and a table's first rows.
DETAIL_ROOM: Final = 95 * mm
DETAIL_INTRO: Final = (
    "The record behind this letter, as it stood on {day}: the episode, treatment, outcome "
    "scores, scans and the decision-support points, with their references."
)


def urgent_box(items: Sequence[AlertItem], width: float) -> list[Flowable]:
    """A bordered box of the critical and urgent points, each with what was done."""
    if not items:
        return []
    styles = LetterStyles
    critical = any(item.severity == "critical" for item in items)
    colour = CRITICAL if critical else WARNING
    heading = "Critical: needs medical assessment today" if critical else "Urgent"
    cell: list[Flowable] = [
        rich(f'<font color="{colour.hexval()}">{heading}</font>', styles.box_heading)
    ]
    for item in items:
        cell.append(rich(f"<b>{markup(readable(item.summary))}</b>", styles.box_line))
        if item.response:
            cell.append(rich(f"What was done: {markup(readable(item.response))}", styles.box_line))
    table = Table([[cell]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("BOX", (0, 0), (-1, -1), 1.6, colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


def letter_body(data: LetterData | ReferralData) -> list[Flowable]:
    """What a letter says from the salutation to the start of its clinical detail.

    The GP letter and the referral share it: the request first, then the reason, the
    plan and the signature, so that all of it sits on page one.
    """
    return [
        para(data.recipient.salutation, LetterStyles.body),
        *subject_line(data.patient),
        *request_and_reason(data.text, data.setup),
        *plan_and_signature(data.text, data.next_appointment, data.setup),
        *detail_start(data.day),
    ]


def request_and_reason(text: LetterText, setup: PageSetup) -> list[Flowable]:
    """What I ask of you (first, in bold), then why I am writing.

    A correction says first which letter it replaces: a reader holding both must know
    which one to act on.
    """
    styles = LetterStyles
    replaces: list[Flowable] = []
    if setup.replaces is not None:
        replaces = [
            rich(
                f"Correction: this letter replaces {markup(setup.replaces)}; please act on "
                "this one only.",
                styles.request,
            )
        ]
    return [
        *replaces,
        rich(f"What I ask of you: {markup(text.request)}", styles.request),
        para(text.opening, styles.body),
    ]


def plan_and_signature(
    text: LetterText, next_appointment: date | None, setup: PageSetup
) -> list[Flowable]:
    """The plan, the next appointment, the closing and the signature, kept together.

    Kept as one block so the signature never stands alone on a page.
    """
    styles = LetterStyles
    block: list[Flowable] = [para("Plan", styles.heading), para(text.plan, styles.body)]
    if next_appointment is not None:
        block.append(rich(f"<b>Next appointment:</b> {long_date(next_appointment)}.", styles.body))
    block += [para(text.closing, styles.body), *signature(setup.signatory, setup.letterhead)]
    return [KeepTogether(block)]


def detail_start(day: date) -> list[Flowable]:
    """The rule and title that open the clinical detail."""
    styles = LetterStyles
    return [
        CondPageBreak(DETAIL_ROOM),
        Spacer(1, 5 * mm),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceAfter=3 * mm),
        para("Clinical detail", styles.detail_title),
        para(DETAIL_INTRO.format(day=long_date(day)), styles.small),
    ]
