"""Letters under rules v1.1: what was done about a red flag, and where a red-flag
referral goes (the recorded action, the decision, or the clinician's choice)."""

from datetime import UTC, date, datetime

import pytest
from letter_pdfs import CLINICIAN, pdf_text

from trochtrack.domain.actions import (
    AlertActionKind,
    CriticalAction,
    DecisionKind,
    EscalationDecision,
)
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.vocabulary import AlertCode
from trochtrack.services.clinic import Clinic
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.letters import (
    DocumentRequest,
    RedFlagRecipient,
    generate_document,
    render_document,
)
from trochtrack.services.workflow import act_on_alert, record_critical_action, record_decision

pytestmark = pytest.mark.integration


TODAY = date(2026, 11, 28)


def _infection(clinic: Clinic, patient: int):
    ((episode_id, evaluation),) = evaluate_patient(clinic, patient, TODAY).episodes.items()
    alert = next(a for a in evaluation.alerts if a.code is AlertCode.RED_FLAG_INFECTION)
    return episode_id, evaluation, alert


def test_the_gp_letter_says_what_was_done_about_the_red_flag(demo_clinic: Clinic, patient_id):
    patient = patient_id("P-DEMO-02")
    episode_id, _, alert = _infection(demo_clinic, patient)
    unanswered = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY),
        )
    )
    assert "Clinician's response: No action recorded yet" in unanswered

    act_on_alert(demo_clinic, episode_id, alert, AlertActionKind.ACKNOWLEDGED)
    seen = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY),
        )
    )
    assert "Clinician's response: Seen by Test Clinician on 28 Nov 2026" in seen
    assert "no action recorded yet" in seen

    done_at = datetime(2026, 11, 28, 9, 15, tzinfo=UTC)
    record_critical_action(
        demo_clinic,
        episode_id,
        alert,
        CriticalAction.SAME_DAY_MEDICAL,
        note="GP to see her at 14:00 today",
        taken_at=done_at,
    )
    acted = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY),
        )
    )
    local = done_at.astimezone()
    assert (
        "Clinician's response: Same-day GP or medical assessment arranged on 28 Nov 2026 at "
        f"{local:%H:%M}: GP to see her at 14:00 today (recorded by Test Clinician)"
    ) in acted


def _refer_for_an_injection(clinic: Clinic, episode_id: int) -> None:
    record_decision(
        clinic,
        episode_id,
        EscalationDecision(
            decided_on=date(2026, 11, 25),
            kind=DecisionKind.REFER,
            clinician=CLINICIAN,
            referred_to="Dr Lee, injection clinic, Northtown General",
            reason="to discuss a guided injection",
        ),
        [],
    )


def test_a_red_flag_referral_never_goes_to_the_earlier_routine_recipient(
    demo_clinic: Clinic, patient_id
):
    patient = patient_id("P-DEMO-02")
    episode_id, _, _ = _infection(demo_clinic, patient)
    _refer_for_an_injection(demo_clinic, episode_id)
    info = generate_document(
        demo_clinic, DocumentRequest(patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY)
    )
    assert info.title == "Same-day referral letter to The patient's general practitioner"
    assert info.recipient == "The patient's general practitioner"
    text = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY),
        )
    )
    # The address block and page one: the earlier recipient appears only in the detail.
    page_one = text.split("Clinical detail")[0]
    assert "injection clinic" not in page_one
    assert "Same-day medical assessment requested" in text
    assert "Second-line treatment is on hold" in text
    assert "That earlier decision is separate from this request" in text
    assert "No option has been chosen yet" not in text


def test_a_red_flag_referral_goes_to_the_emergency_department_the_patient_was_sent_to(
    demo_clinic: Clinic, patient_id
):
    patient = patient_id("P-DEMO-02")
    episode_id, _, alert = _infection(demo_clinic, patient)
    _refer_for_an_injection(demo_clinic, episode_id)
    record_critical_action(
        demo_clinic, episode_id, alert, CriticalAction.EMERGENCY_DEPARTMENT, note="by ambulance"
    )
    info = generate_document(
        demo_clinic, DocumentRequest(patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY)
    )
    assert info.recipient == "The duty doctor\nEmergency Department"
    assert info.title == "Same-day referral letter to The duty doctor"
    text = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY),
        )
    )
    assert "Dear colleague," in text
    assert "Sent to the emergency department on 28 Nov 2026" in text
    assert "directed to you today" in text
    assert "please direct them to emergency care" not in text


@pytest.mark.parametrize(
    ("send_to", "recipient"),
    [
        (RedFlagRecipient.GP, "The patient's general practitioner"),
        (RedFlagRecipient.EMERGENCY_DEPARTMENT, "The duty doctor\nEmergency Department"),
    ],
)
def test_the_clinician_chooses_the_red_flag_recipient_when_writing(
    demo_clinic: Clinic, patient_id, send_to, recipient
):
    patient = patient_id("P-DEMO-02")
    episode_id, _, alert = _infection(demo_clinic, patient)
    record_critical_action(demo_clinic, episode_id, alert, CriticalAction.EMERGENCY_DEPARTMENT)
    info = generate_document(
        demo_clinic,
        DocumentRequest(
            patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY, send_to=send_to
        ),
    )
    assert info.recipient == recipient


def test_a_decision_to_refer_does_not_also_say_no_option_was_chosen(
    demo_clinic: Clinic, patient_id
):
    seed = patient_id("P-SEED")
    (episode_id,) = evaluate_patient(demo_clinic, seed, TODAY).episodes
    _refer_for_an_injection(demo_clinic, episode_id)
    text = pdf_text(
        render_document(
            demo_clinic, DocumentRequest(patient_id=seed, kind=DocumentKind.REFERRAL, as_of=TODAY)
        )
    )
    options = text.split("Second-line options to discuss")[1].split("Scan findings")[0]
    assert f"{CLINICIAN} recorded the decision to refer to Dr Lee, injection clinic" in options
    assert "No option has been chosen yet" not in text
    assert "The decision was to refer rather than to start a treatment here" in options
    assert "radial shockwave therapy (ESWT)" in options
