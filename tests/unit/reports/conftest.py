"""Hand-built document data, rendering it, and ways to read a PDF back (pypdf and poppler)."""

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from trochtrack.charts.lesions import LesionChartData, LesionMeasure, LesionPoint, LesionSeries
from trochtrack.charts.symptoms import DateMarker, ScorePoint, SymptomChartData, TreatmentBar
from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.vocabulary import Diagnosis, LesionChange, Modality
from trochtrack.reports.data import (
    AlertItem,
    Correspondent,
    DatedScore,
    EpisodeSummary,
    HandoutData,
    LesionFinding,
    LesionRow,
    LetterData,
    Letterhead,
    LetterText,
    PageSetup,
    Paper,
    PatientIdentity,
    ReferralData,
    ReferralFacts,
    ScoreRow,
    Signatory,
    TreatmentLine,
    Urgency,
)
from trochtrack.reports.gp_letter import write_gp_letter
from trochtrack.reports.handout import write_handout
from trochtrack.reports.referral import write_referral

DAY = date(2026, 10, 20)
START = date(2026, 9, 7)
SYMPTOMS = SymptomChartData(
    as_of=DAY,
    pain=(ScorePoint(START, 7), ScorePoint(date(2026, 10, 19), 6)),
    night_pain=(ScorePoint(START, 6), ScorePoint(date(2026, 10, 19), 5)),
    visa_g=(ScorePoint(START, 45), ScorePoint(date(2026, 10, 19), 52)),
    baseline=START,
    markers=(
        DateMarker("review", date(2026, 10, 5), "Review point"),
        DateMarker("escalation", date(2026, 10, 19), "Escalation decision"),
    ),
    treatments=(TreatmentBar("Exercise programme", START, None, second_line=False),),
)
SETUP = PageSetup(
    paper=Paper.A4,
    letterhead=Letterhead(
        clinic_name="Harbourside Physiotherapy",
        address="Unit 3, The Old Mill\n14 Quay Street",
        phone="01234 567890",
        email="hello@harbourside.example",
    ),
    signatory=Signatory(
        name="Sam Okonkwo", profession="Physiotherapist", registration="HCPC PH123456"
    ),
    title="A test document",
    author="Sam Okonkwo",
)
PATIENT = PatientIdentity(
    name="Zoë Ångström-Łukasz",
    date_of_birth=date(1962, 3, 9),
    ref="P-DEMO-01",
    address="4 Harbour Lane\nPortbridge",
)
EPISODE = EpisodeSummary(
    ref="E1",
    side="left",
    diagnoses=(WorkingDiagnosis(diagnosis=Diagnosis.GTPS),),
    onset=date(2026, 7, 15),
    first_line_start=START,
    sessions=2,
    first_visit=START,
    latest_visit=date(2026, 10, 19),
    status="no clinically important improvement by the decision point",
    review_due=date(2026, 10, 5),
    escalation_due=date(2026, 10, 19),
    treatments=(
        TreatmentLine(
            label="Exercise programme",
            start=START,
            end=None,
            detail="isometric abduction, 6 x 30 s holds daily",
            second_line=False,
        ),
        TreatmentLine(
            label="Anti-inflammatory (NSAID)",
            start=START,
            end=date(2026, 9, 14),
            detail="naproxen 250 mg bd",
            second_line=False,
        ),
    ),
)
SCORES = (
    ScoreRow(
        measure="Pain, past week",
        scale="NRS 0–10, lower is better",
        baseline=DatedScore(day=START, value=7),
        latest=DatedScore(day=date(2026, 10, 19), value=6),
        lower_is_better=True,
    ),
    ScoreRow(
        measure="VISA-G",
        scale="0–100, higher is better",
        baseline=DatedScore(day=START, value=45),
        latest=DatedScore(day=date(2026, 10, 19), value=52),
        lower_is_better=False,
    ),
)
LESIONS = (
    LesionRow(
        lesion="bursa-1",
        kind="adventitial bursa",
        site="between trochanteric bursa and ischial tuberosity",
        measure="volume",
        findings=(
            LesionFinding(
                day=date(2026, 9, 1),
                modality="ultrasound",
                dims_mm=(24.0, 4.0, 23.0),
                visualised=True,
                volume_mm3=1156.1,
            ),
            LesionFinding(
                day=date(2026, 10, 12),
                modality="ultrasound",
                dims_mm=(26.0, 7.0, 19.0),
                visualised=True,
                volume_mm3=1810.6,
            ),
        ),
        change="enlarged",
        change_detail="axes +2, +3, -4 mm; volume +56.6 %",
        volume_approximate=True,
    ),
    LesionRow(
        lesion="calc-1",
        kind="calcification",
        site=None,
        measure="longest",
        findings=(
            LesionFinding(
                day=date(2026, 9, 1),
                modality="ultrasound",
                dims_mm=(4.0, 4.0, 2.0),
                visualised=True,
                volume_mm3=16.8,
            ),
            LesionFinding(
                day=date(2026, 10, 12),
                modality="ultrasound",
                dims_mm=None,
                visualised=False,
                volume_mm3=None,
            ),
        ),
        change="resolved (not visualised)",
        change_detail="seen on 2026-09-01, not visualised since",
        volume_approximate=False,
    ),
)
CARE_FAILED = AlertItem(
    severity="warning",
    code="conservative-care-failed",
    summary="Consider second-line options with the patient (all listed; none is preferred).",
    why="At the visit of 2026-10-19: pain NRS 7 on 2026-09-07, now 6. Needed: drop >= 2 points.",
    options=("radial shockwave therapy (ESWT) [S19]", "platelet-rich plasma (PRP) injection [S22]"),
    sources=("S6", "S7", "S19"),
    response=None,
)
FOLLOW_UP = AlertItem(
    severity="info",
    code="follow-up-scan-due",
    summary="Consider a follow-up scan of bursa-1: 12 weeks have passed.",
    why="Last seen on the US scan of 2026-09-01.",
    options=(),
    sources=("DESIGN",),
    response="acknowledged by Sam Okonkwo on 20 Oct 2026",
)
FEVER = AlertItem(
    severity="critical",
    code="red-flag-infection",
    summary="Consider same-day medical assessment for possible infection.",
    why="At the visit of 2026-10-19: temperature 38.3 °C with acute severe pain.",
    options=(),
    sources=("S44b", "S45b"),
    response=None,
)
GP = Correspondent(
    lines=("Dr R Patel", "Riverside Medical Centre", "12 River Road"), salutation="Dear Dr R Patel,"
)


@pytest.fixture
def letter() -> LetterData:
    return LetterData(
        setup=SETUP,
        day=DAY,
        recipient=GP,
        patient=PATIENT,
        episode=EPISODE,
        scores=SCORES,
        lesions=LESIONS,
        alerts=(CARE_FAILED, FOLLOW_UP),
        urgent=(),
        text=LetterText(
            request="No action is needed from you at present.",
            opening="I am writing with an update on the patient.",
            plan="Continue the home programme and review in four weeks.",
            closing="Please contact me at the clinic.",
        ),
        next_appointment=date(2026, 11, 3),
        symptom_chart=SYMPTOMS,
        lesion_chart=LesionChartData(
            as_of=DAY,
            series=(
                LesionSeries(
                    lesion="bursa-1",
                    label="bursa-1 (adventitial bursa)",
                    measure=LesionMeasure.VOLUME_ML,
                    points=(
                        LesionPoint(date(2026, 9, 1), Modality.US, 1.1561),
                        LesionPoint(date(2026, 10, 12), Modality.US, 1.8106),
                    ),
                    change=LesionChange.ENLARGED,
                ),
            ),
        ),
    )


@pytest.fixture
def referral() -> ReferralData:
    return ReferralData(
        setup=SETUP,
        day=DAY,
        recipient=GP,
        patient=PATIENT,
        episode=EPISODE,
        urgency=Urgency.ROUTINE,
        text=LetterText(
            request="Please assess the patient and advise on second-line care.",
            opening="I am referring the patient after six weeks of first-line care.",
            plan="The home exercise programme continues in the meantime.",
            closing="Thank you for seeing this patient.",
        ),
        facts=ReferralFacts(
            symptoms_since="Since 15 Jul 2026 (14 weeks).",
            pain_pattern="Pain 7/10 at the first visit, 6/10 at the latest.",
            function="VISA-G 45 on 7 Sep 2026, 52 on 19 Oct 2026.",
            imaging="bursa-1 (adventitial bursa): ultrasound 1 Sep 2026.",
            red_flag_screen="Negative at each of 2 visits (latest 19 Oct 2026).",
            question="Please assess the patient and advise on second-line care.",
            patient_preference="Would rather avoid an injection.",
        ),
        red_flags=(),
        care_failed=CARE_FAILED,
        response_summary=None,
        weeks_of_care=6,
        scores=SCORES,
        options=CARE_FAILED.options,
        options_chosen=False,
        decision=None,
        lesions=LESIONS,
        symptom_chart=SYMPTOMS,
    )


@pytest.fixture
def handout() -> HandoutData:
    return HandoutData(
        setup=SETUP,
        day=DAY,
        patient_name=PATIENT.name,
        side="left",
        calcific=True,
        exercises=("isometric abduction, 6 x 30 s holds daily", "sit to stand, 3 x 10"),
        next_appointment=date(2026, 11, 3),
        review_date=date(2026, 11, 16),
        pain_chart=SYMPTOMS,
    )


@dataclass(frozen=True)
class ReadBack:
    """A PDF and what can be read back from it."""

    pdf: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))

    @property
    def text(self) -> str:
        """All pages' text, runs of white space as one space."""
        pages = " ".join(page.extract_text() for page in self.reader.pages)
        return re.sub(r"\s+", " ", pages)


def read_back(pdf: bytes) -> ReadBack:
    return ReadBack(pdf)


WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, list[Word]]]:
    """Each page's size and its words' boxes, from poppler's ``pdftotext -bbox``."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [
            Word(m[5], float(m[1]), float(m[3]), float(m[2]), float(m[4]))
            for m in re.finditer(WORD_BOX, page[3])
        ]
        pages.append((float(page[1]), float(page[2]), words))
    return pages


Document = LetterData | ReferralData | HandoutData


def render(data: Document, *, invariant: bool = True) -> bytes:
    out = io.BytesIO()
    writer: Callable[..., None] = {
        LetterData: write_gp_letter,
        ReferralData: write_referral,
        HandoutData: write_handout,
    }[type(data)]
    writer(data, out, invariant=invariant)
    return out.getvalue()
