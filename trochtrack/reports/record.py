"""The patient's record on paper: their details, then each episode and all recorded in it.

For a file copy, a colleague taking over, or a patient asking to see their notes. It
reports what is recorded as recorded (the services word it); it makes no request and
no recommendation, so unlike a letter it has nothing to lead with but who it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
from trochtrack.reports.data import PageSetup, PatientIdentity
from trochtrack.reports.sections import running_header
from trochtrack.reports.styles import LetterStyles
from trochtrack.wording.dates import long_date


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordTable:
    """One kind of record of an episode (its visits, say), a row each."""

    title: str
    header: tuple[str, ...]
    fractions: tuple[float, ...]
    """Of the page width, per column."""
    rows: tuple[tuple[str, ...], ...]
    empty: str
    """What stands in for the table when there are no rows."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSection:
    """An episode: its own facts, then its tables."""

    title: str
    facts: tuple[tuple[str, str], ...]
    tables: tuple[RecordTable, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordPrintout:
    """Everything the printed record shows, already in words."""

    setup: PageSetup
    patient: PatientIdentity
    printed_on: date
    printed_by: str | None
    patient_facts: tuple[tuple[str, str], ...]
    sections: tuple[RecordSection, ...]
    documents: RecordTable


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
