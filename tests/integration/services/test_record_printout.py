"""The printed record: the patient's details, every episode with everything recorded in
it, the decisions and the documents issued, read back from the PDF; printing is audited."""

import io
from datetime import date

import pytest
from factories import make_patient
from letter_pdfs import CLINICIAN, page_count, pdf_text
from pypdf import PdfReader

from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.documents import DocumentKind
from trochtrack.services.clinic import Clinic
from trochtrack.services.letters import DocumentRequest, generate_document
from trochtrack.services.record_printout import record_printout_pdf
from trochtrack.services.records import create_patient, patient_record
from trochtrack.services.workflow import record_decision
from trochtrack.wording.dates import long_date

pytestmark = pytest.mark.integration
DECISION_DAY = date(2026, 10, 20)


def test_the_printed_record_holds_everything_recorded(demo_clinic: Clinic, patient_id):
    seed = patient_id("P-SEED")
    (episode,) = patient_record(demo_clinic, seed).episodes
    assert episode.id is not None
    record_decision(
        demo_clinic,
        episode.id,
        EscalationDecision(
            decided_on=DECISION_DAY,
            kind=DecisionKind.CONTINUE_FIRST_LINE,
            clinician="Test Clinician",
            reason="Improving slowly; keen to carry on with the exercises.",
            next_review=date(2026, 11, 17),
        ),
        standing_alerts=[],
    )
    generate_document(
        demo_clinic,
        DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=DECISION_DAY),
    )
    pdf = record_printout_pdf(demo_clinic, seed, as_of=demo_clinic.today())
    text = pdf_text(pdf)
    for expected in (
        "Clinical record: Margaret Example",
        f"Printed on {long_date(demo_clinic.today())} by {CLINICIAN}",
        "Born 14 May 1971",
        "GP Dr R Patel, Riverside Medical Centre",
        "Left hip, episode E1",
        "Working diagnosis Greater trochanteric pain syndrome",
        "First-line care started 7 Sep 2026",
        "Symptoms since 15 Jul 2026",
        "Lateral hip pain 8 weeks",  # the first visit's notes, in full
        "naproxen 250 mg bd",
        "bursa-1 (adventitial bursa",
        "24 × 4 × 23 mm, 1.16 mL",
        "tendon-1 (tendinopathy, gluteus medius posterior band): seen, not measured",
        "Improving slowly; keen to carry on with the exercises.; next review 17 Nov 2026",
        "20 Oct 2026 GP follow-up letter Dr R Patel generated",
        # Every questionnaire answer as entered, and the core set with its units.
        "1: 6, 2: 5, 3: 5, 4: 5, 5: 5, 6: 5, 7: 4, 8B: 10",
        "Climbing stairs 4; Lying on the painful side 2; Walking for 30 minutes 5",
        "single-leg stance left 18 s to pain",
        "abduction left 117 N (1.58 N/kg)",
    ):
        assert expected in " ".join(text.split()), expected
    for visit in episode.visits:
        assert f"{long_date(visit.date)} {visit.pain_nrs} {visit.night_pain_nrs}" in text
    assert text.index("Visits") < text.index("Outcome measures") < text.index("Treatments")
    assert text.index("Treatments") < text.index("Scans")
    assert text.index("Scans") < text.index("Decisions") < text.index("Documents issued")
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Clinical record: Margaret Example"
    with demo_clinic.unit_of_work() as uow:
        printed = [e for e in uow.audit_events() if e["action"] == "export"]
    assert [(e["table"], e["row"], e["after"]["what"]) for e in printed] == [
        ("patient", str(seed), "record printed")
    ]


def test_a_record_with_no_episode_has_only_the_patient(demo_clinic: Clinic):
    patient = create_patient(demo_clinic, make_patient(ref="P-NEW"))
    pdf = record_printout_pdf(demo_clinic, patient, as_of=demo_clinic.today())
    text = pdf_text(pdf)
    assert "Ref P-NEW" in text
    assert "hip, episode" not in text
    assert "No documents issued." in text
    assert page_count(pdf) == 1
