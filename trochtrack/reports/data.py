"""What the documents print: plain values, gathered by the letters service.

The service decides what goes in (which episode, which alerts, which options, the
wording of labels); the report modules decide only how it looks. Dates stay dates and
numbers stay numbers here; the reports format them (one date format, see
:func:`trochtrack.wording.dates.long_date`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from trochtrack.charts.lesions import LesionChartData
from trochtrack.charts.symptoms import SymptomChartData
from trochtrack.domain.diagnoses import WorkingDiagnosis


class Paper(StrEnum):
    """Paper size of a document."""

    A4 = "A4"
    LETTER = "Letter"


class Urgency(StrEnum):
    """How soon a referral asks to be seen."""

    ROUTINE = "routine"
    URGENT = "urgent"
    """A warning-level red flag: medical review within days."""
    SAME_DAY = "same_day"
    """A critical red flag: medical assessment the same day."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Letterhead:
    """The clinic as the letterhead names it."""

    clinic_name: str | None
    address: str | None
    phone: str | None
    email: str | None
    logo_png: bytes | None = None
    """The clinic's logo (PNG), drawn beside its name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Signatory:
    """The clinician who signs."""

    name: str | None
    profession: str | None
    registration: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PageSetup:
    """Paper, letterhead, signatory and the PDF's own title and author."""

    paper: Paper
    letterhead: Letterhead
    signatory: Signatory
    title: str
    author: str
    replaces: str | None = None
    """For a correction, the earlier letter it replaces ("our letter of 28 Nov 2026")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PatientIdentity:
    """How a letter identifies the patient."""

    name: str
    date_of_birth: date
    ref: str
    address: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TreatmentLine:
    """One treatment course; ``end`` is ``None`` while it runs."""

    label: str
    start: date
    end: date | None
    detail: str | None
    second_line: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class EpisodeSummary:
    """The episode a document is about, as it stood on the document date."""

    ref: str
    side: str
    diagnoses: tuple[WorkingDiagnosis, ...]
    """The main working diagnosis first, then those also considered by the document date."""
    onset: date | None
    first_line_start: date
    sessions: int
    first_visit: date | None
    latest_visit: date | None
    status: str
    review_due: date
    escalation_due: date
    treatments: tuple[TreatmentLine, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DatedScore:
    """A score and the date it was recorded."""

    day: date
    value: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreRow:
    """One outcome measure at baseline and now.

    ``lower_is_better`` decides how the change is worded; a measure that rates change
    itself (GROC) has no baseline.
    """

    measure: str
    scale: str
    baseline: DatedScore | None
    latest: DatedScore
    lower_is_better: bool
    unit: str = ""
    """Written after each value and change (`` s``, `` N``); none for points on a scale."""
    threshold: str | None = None
    """The change that counts for one patient, quoted beside the change (``MCID 9``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionFinding:
    """One scan's finding of a lesion; ``features`` its characteristics in words."""

    day: date
    modality: str
    dims_mm: tuple[float, float, float] | None
    visualised: bool
    volume_mm3: float | None
    features: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionRow:
    """A tracked lesion with all its findings and the rules' latest change call.

    ``measure`` is ``volume`` for bursae and fluid collections, ``longest`` for
    calcifications and ``none`` for tendon findings, which carry no size rule.
    """

    lesion: str
    kind: str
    site: str | None
    measure: str
    findings: tuple[LesionFinding, ...]
    change: str
    change_detail: str | None
    volume_approximate: bool
    since_first: str | None = None
    """The call against the first scan of the latest one's modality (docs/rules.md §7a, v1.1)."""
    since_first_detail: str | None = None
    features_changed: str | None = None
    """Characteristics that became concerning since the previous scan, in words."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertItem:
    """An alert as a letter prints it, with the clinician's response if there is one."""

    severity: str
    code: str
    summary: str
    why: str
    options: tuple[str, ...]
    sources: tuple[str, ...]
    response: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Correspondent:
    """Whom a letter is addressed to: address lines and the salutation."""

    lines: tuple[str, ...]
    salutation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterText:
    """The letter's own words, drafted by the app and editable before it is issued.

    ``request`` is what the reader is asked to do, printed first; ``opening`` says who
    and why; ``plan`` what happens next here.
    """

    request: str
    opening: str
    plan: str
    closing: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DetailSections:
    """Which optional parts of the clinical detail a letter carries."""

    charts: bool = True
    scans: bool = True
    decision_support: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterData:
    """A follow-up letter to the patient's GP.

    ``urgent`` are the critical alerts and the red flags standing on the letter's date:
    they go in a box at the top of page one. ``alerts`` are every alert, for the
    clinical detail.
    """

    setup: PageSetup
    day: date
    recipient: Correspondent
    patient: PatientIdentity
    episode: EpisodeSummary
    scores: tuple[ScoreRow, ...]
    lesions: tuple[LesionRow, ...]
    alerts: tuple[AlertItem, ...]
    urgent: tuple[AlertItem, ...]
    text: LetterText
    next_appointment: date | None
    symptom_chart: SymptomChartData
    lesion_chart: LesionChartData | None
    sections: DetailSections = field(default_factory=DetailSections)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralFacts:
    """What referral guides ask a referral to state, each as a line of text."""

    symptoms_since: str
    pain_pattern: str
    function: str
    imaging: str
    red_flag_screen: str
    question: str
    patient_preference: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralData:
    """A referral after failed first-line care, or for red-flag features.

    ``options`` are the second-line options to discuss: those the clinician chose
    (``options_chosen``), else every option the rules list, none preferred. Empty when
    the referral is for red flags alone.
    """

    setup: PageSetup
    day: date
    recipient: Correspondent
    patient: PatientIdentity
    episode: EpisodeSummary
    urgency: Urgency
    text: LetterText
    facts: ReferralFacts
    red_flags: tuple[AlertItem, ...]
    care_failed: AlertItem | None
    response_summary: str | None
    weeks_of_care: int
    scores: tuple[ScoreRow, ...]
    options: tuple[str, ...]
    options_chosen: bool
    decision: str | None
    lesions: tuple[LesionRow, ...]
    symptom_chart: SymptomChartData
    referred: bool = False
    """The recorded decision was to refer (so no second-line option was chosen here)."""
    to_emergency_department: bool = False
    """A red-flag referral to the emergency department the patient was sent to."""
    next_appointment: date | None = None
    sections: DetailSections = field(default_factory=DetailSections)


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoutData:
    """The patient's own handout.

    ``calcific`` adds what to expect from a calcium flare; ``exercises`` are the
    details of the patient's exercise programme, one per line, as the clinician wrote
    them.
    """

    setup: PageSetup
    day: date
    patient_name: str
    side: str
    calcific: bool
    exercises: tuple[str, ...]
    next_appointment: date | None
    review_date: date | None
    pain_chart: SymptomChartData


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
