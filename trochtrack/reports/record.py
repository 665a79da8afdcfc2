"""The patient's record on paper: their details, then each episode and all recorded in it.

For a file copy, a colleague taking over, or a patient asking to see their notes. It
reports what is recorded as recorded (the services word it); it makes no request and
no recommendation, so unlike a letter it has nothing to lead with but who it is about.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from trochtrack.reports.common import (
    PageFurniture,
    build_pdf,
    content_width,
    data_table,
    key_values,
    letterhead,
    para,
)
from trochtrack.reports.data import RecordPrintout, RecordTable
from trochtrack.reports.sections import running_header
from trochtrack.reports.styles import LetterStyles
from trochtrack.wording.dates import long_date


def write_record(data: RecordPrintout, out: BinaryIO, *, invariant: bool = False) -> None:
    """Write the printed record as a PDF to ``out``."""
    styles = LetterStyles
    width = content_width(data.setup.paper)
    printed = f"Printed on {long_date(data.printed_on)}"
    if data.printed_by:
        printed += f" by {data.printed_by}"
    story: list[Flowable] = [
        *letterhead(data.setup.letterhead, width),
        Spacer(1, 5 * mm),
        para(f"Clinical record: {data.patient.name}", styles.detail_title),
        para(f"{printed}. Confidential: it holds the patient's health record.", styles.small),
        Spacer(1, 3 * mm),
        key_values(data.patient_facts, width),
    ]
    for section in data.sections:
        story += [
            CondPageBreak(40 * mm),
            para(section.title, styles.heading),
            key_values(section.facts, width),
        ]
        for table in section.tables:
            story += _table(table, width)
    story += [CondPageBreak(30 * mm), para("Documents issued", styles.heading)]
    story += _table(data.documents, width, heading=False)
    footer = " · ".join(
        part for part in (data.setup.letterhead.clinic_name, "Confidential patient record") if part
    )
    build_pdf(
        out,
        data.setup,
        story,
        PageFurniture(footer, running_header(data.patient)),
        invariant=invariant,
    )


def _table(table: RecordTable, width: float, *, heading: bool = True) -> list[Flowable]:
    styles = LetterStyles
    shown: list[Flowable] = [para(table.title, styles.subheading)] if heading else []
    if not table.rows:
        return [*shown, para(table.empty, styles.body)]
    return [*shown, data_table(table.header, table.rows, table.fractions, width)]
