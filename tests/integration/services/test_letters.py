"""Producing letters and handouts from the database, and keeping them in the documents log."""

import errno
import hashlib
import os
import re
from datetime import date

import pytest
from letter_pdfs import CLINICIAN, page_count, pdf_text

from trochtrack.domain.actions import AlertActionKind, DecisionKind, EscalationDecision
from trochtrack.domain.documents import DocumentKind, DocumentStatus
from trochtrack.domain.model import Case, Episode, Finding, Patient, Scan, Visit
from trochtrack.domain.vocabulary import (
    AlertCode,
    Diagnosis,
    LesionKind,
    Modality,
    Sex,
    Side,
    TreatmentKind,
)
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.letters import (
    DocumentGenerationError,
    DocumentRequest,
    LetterError,
    generate_batch,
    generate_document,
    letters_due,
    patient_id_for_ref,
    render_document,
)
from trochtrack.services.records import create_episode, patient_record
from trochtrack.services.settings import PaperSize, update_settings
from trochtrack.services.workflow import act_on_alert, record_decision
from trochtrack.store.errors import DatabaseBusyError
from trochtrack.wording.dates import readable

pytestmark = pytest.mark.integration
DECISION_DAY = date(2026, 10, 20)
TODAY = date(2026, 11, 28)


def seed_episode_id(clinic: Clinic, patient_id: int) -> int:
    (episode,) = patient_record(clinic, patient_id).episodes
    assert episode.id is not None
    return episode.id


def test_the_seed_case_gp_letter_says_what_it_must(demo_clinic: Clinic, patient_id):
    seed = patient_id("P-SEED")
    info = generate_document(
        demo_clinic,
        DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=DECISION_DAY),
    )
    stored, pdf = document_pdf(demo_clinic, info.id)
    text = pdf_text(pdf)
    for expected in (
        "Dr R Patel",
        "12 River Road",
        "Margaret Example",
        "born 14 May 1971",
        "ref P-SEED",
        "20 Oct 2026",
        "Left",
        "Greater trochanteric pain syndrome",
        "First-line care started 7 Sep 2026",
        "Sessions so far 4 (7 Sep 2026 to 19 Oct 2026)",
        "Pain, past week",
        "-1 point (14% lower)",
        "+7 points",
        "+1 (19 Oct 2026)",
        "8 × 8 × 5",
        "4 × 4 × 2",
        "24 × 4 × 23",
        "1.16 mL *",
        "first measurement",
        "isometric abduction, 6 x 30 s holds daily",
        CLINICIAN,
        "Registration: HCPC PH123456",
    ):
        assert expected in text, expected
    evaluation = evaluate_patient(demo_clinic, seed, DECISION_DAY)
    (episode_evaluation,) = evaluation.episodes.values()
    assert [a.code for a in episode_evaluation.alerts] == [AlertCode.CONSERVATIVE_CARE_FAILED]
    for alert in episode_evaluation.alerts:
        assert readable(alert.summary) in text
        assert readable(alert.why) in text
    assert 2 <= page_count(pdf) <= 5
    assert stored.status is DocumentStatus.GENERATED
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert stored.rules_version == evaluation.rules.version
    assert stored.document_date == DECISION_DAY
    assert stored.recipient is not None
    assert stored.recipient.startswith("Dr R Patel\nRiverside Medical Centre")
    assert stored.title == "Follow-up letter to Dr R Patel"
    assert stored.clinician == "Test Clinician"


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_each_document_reopens_unchanged_from_the_log(
    demo_clinic: Clinic, patient_id, kind: DocumentKind
):
    seed = patient_id("P-SEED")
    info = generate_document(
        demo_clinic, DocumentRequest(patient_id=seed, kind=kind, as_of=TODAY), invariant=True
    )
    _, pdf = document_pdf(demo_clinic, info.id)
    assert pdf == render_document(
        demo_clinic, DocumentRequest(patient_id=seed, kind=kind, as_of=TODAY), invariant=True
    )
    assert info.episode_id == seed_episode_id(demo_clinic, seed)
    assert "Margaret Example" in pdf_text(pdf)


def test_a_renderer_failure_is_logged_and_leaves_the_record_alone(
    demo_clinic: Clinic, patient_id, monkeypatch: pytest.MonkeyPatch
):
    seed = patient_id("P-SEED")
    before = patient_record(demo_clinic, seed)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr("trochtrack.reports.gp_letter.write_gp_letter", broken)
    with pytest.raises(DocumentGenerationError, match=r"the renderer broke.*record is unchanged"):
        generate_document(
            demo_clinic,
            DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY),
        )
    (failed,) = list_documents(demo_clinic, seed)
    assert (failed.status, failed.error, failed.sha256) == (
        DocumentStatus.FAILED,
        "RuntimeError: the renderer broke",
        None,
    )
    assert failed.kind is DocumentKind.GP_FOLLOWUP
    assert patient_record(demo_clinic, seed) == before


def test_a_full_disk_leaves_no_file_and_a_failed_entry(
    demo_clinic: Clinic, patient_id, monkeypatch: pytest.MonkeyPatch, tmp_path
):
    seed = patient_id("P-SEED")
    before = patient_record(demo_clinic, seed)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "letter.pdf"

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DocumentGenerationError, match="No space left on device"):
        generate_document(
            demo_clinic,
            DocumentRequest(patient_id=seed, kind=DocumentKind.HANDOUT, as_of=TODAY),
            output=target,
        )
    monkeypatch.undo()
    assert list(out_dir.iterdir()) == []
    (failed,) = list_documents(demo_clinic, seed)
    assert (failed.status, failed.error) == (DocumentStatus.FAILED, "No space left on device")
    assert patient_record(demo_clinic, seed) == before


def test_the_output_file_is_private_and_complete(demo_clinic: Clinic, patient_id, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "letter.pdf"
    target.write_bytes(b"an older file")
    info = generate_document(
        demo_clinic,
        DocumentRequest(patient_id=patient_id("P-SEED"), kind=DocumentKind.REFERRAL, as_of=TODAY),
        output=target,
    )
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_bytes() == document_pdf(demo_clinic, info.id)[1]
    assert [p.name for p in out_dir.iterdir()] == ["letter.pdf"]


def test_the_referral_lists_every_option_until_the_clinician_chooses(
    demo_clinic: Clinic, patient_id
):
    seed = patient_id("P-SEED")
    text = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=seed, kind=DocumentKind.REFERRAL, as_of=DECISION_DAY),
        )
    )
    assert "Routine referral" in text
    assert "none is preferred, and the choice rests with you and the patient" in text
    assert re.search(r"radial shockwave therapy \(ESWT\) \[(\d+)\]", text)
    assert "Rompe et al., Am J Sports Med 2009" in text
    assert "barbotage" in text
    assert "pain NRS 7 on 7 Sep 2026, now 6" in text
    assert "6 weeks of first-line care" in text


def test_the_referral_lists_only_the_options_chosen_in_the_decision(
    demo_clinic: Clinic, patient_id
):
    seed = patient_id("P-SEED")
    episode_id = seed_episode_id(demo_clinic, seed)
    (evaluation,) = evaluate_patient(demo_clinic, seed, TODAY).episodes.values()
    record_decision(
        demo_clinic,
        episode_id,
        EscalationDecision(
            decided_on=date(2026, 11, 20),
            kind=DecisionKind.SECOND_LINE,
            clinician=CLINICIAN,
            reason="patient prefers to avoid injections for now",
            second_line=(TreatmentKind.ESWT,),
        ),
        evaluation.alerts,
    )
    text = pdf_text(
        render_document(
            demo_clinic, DocumentRequest(patient_id=seed, kind=DocumentKind.REFERRAL, as_of=TODAY)
        )
    )
    options = text.split("Second-line options to discuss")[1].split("Scan findings")[0]
    assert "Shockwave therapy (ESWT)" in options
    assert "barbotage" not in options.lower()
    assert "corticosteroid" not in options.lower()
    assert "No option has been chosen yet" not in options
    assert (
        f"On 20 Nov 2026 {CLINICIAN} recorded the decision to start second-line care: "
        "shockwave therapy (eswt). Reason: patient prefers to avoid injections for now."
    ) in options


def test_a_decision_to_refer_addresses_the_letter_there(demo_clinic: Clinic, patient_id):
    seed = patient_id("P-SEED")
    episode_id = seed_episode_id(demo_clinic, seed)
    record_decision(
        demo_clinic,
        episode_id,
        EscalationDecision(
            decided_on=date(2026, 11, 20),
            kind=DecisionKind.REFER,
            clinician=CLINICIAN,
            referred_to="Hip clinic, Northtown General Hospital",
        ),
        [],
    )
    info = generate_document(
        demo_clinic, DocumentRequest(patient_id=seed, kind=DocumentKind.REFERRAL, as_of=TODAY)
    )
    text = pdf_text(document_pdf(demo_clinic, info.id)[1])
    assert info.recipient == "Hip clinic, Northtown General Hospital"
    assert "Dear colleague," in text
    assert "to refer to Hip clinic, Northtown General Hospital" in text


def test_a_red_flag_referral_asks_for_same_day_assessment(demo_clinic: Clinic, patient_id):
    patient = patient_id("P-DEMO-02")
    info = generate_document(
        demo_clinic, DocumentRequest(patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY)
    )
    text = pdf_text(document_pdf(demo_clinic, info.id)[1])
    assert info.title == "Same-day referral letter to The patient's general practitioner"
    assert "Same-day medical assessment requested" in text
    assert "Ελένη Παπαδοπούλου" in text
    assert "Consider same-day medical assessment for possible infection" in text
    assert "temperature 38.3 °C" in text
    assert "Second-line treatment is on hold" in text


def test_no_referral_without_a_reason_on_record(demo_clinic: Clinic, patient_id):
    patient = patient_id("P-DEMO-01")
    with pytest.raises(LetterError, match="no reason on record on 28 Nov 2026"):
        generate_document(
            demo_clinic,
            DocumentRequest(patient_id=patient, kind=DocumentKind.REFERRAL, as_of=TODAY),
        )
    assert list_documents(demo_clinic, patient) == []


def test_the_handout_carries_the_patients_exercises_and_appointment(
    demo_clinic: Clinic, patient_id
):
    pdf = render_document(
        demo_clinic,
        DocumentRequest(
            patient_id=patient_id("P-DEMO-01"),
            kind=DocumentKind.HANDOUT,
            as_of=TODAY,
            next_appointment=date(2026, 12, 3),
        ),
    )
    text = pdf_text(pdf)
    assert "For Zoë Ångström-Łukasz · 28 Nov 2026 · from Sam Okonkwo-Lindqvist" in text
    assert "isometric abduction in standing, 5 x 45 s holds, daily" in text
    assert "Next appointment: 3 Dec 2026" in text
    assert "by: 2 Dec 2026" in text  # the review point, four weeks after the start
    assert "Your right hip" in text
    assert "calcium" not in text


def test_the_handout_never_says_check_by_the_day_it_is_printed(demo_clinic: Clinic, patient_id):
    """P-DEMO-01's review point is 2 Dec 2026: a handout of that day gives the next date."""
    text = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(
                patient_id=patient_id("P-DEMO-01"),
                kind=DocumentKind.HANDOUT,
                as_of=date(2026, 12, 2),
            ),
        )
    )
    assert "by: 2 Dec 2026" not in text
    assert "by: 16 Dec 2026" in text  # the decision point, two weeks on


def test_the_gp_letter_shows_the_clinicians_response_and_plan(demo_clinic: Clinic, patient_id):
    seed = patient_id("P-SEED")
    episode_id = seed_episode_id(demo_clinic, seed)
    (evaluation,) = evaluate_patient(demo_clinic, seed, TODAY).episodes.values()
    follow_up = next(a for a in evaluation.alerts if a.code is AlertCode.FOLLOW_UP_SCAN_DUE)
    act_on_alert(demo_clinic, episode_id, follow_up, AlertActionKind.ACKNOWLEDGED)
    text = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(
                patient_id=seed,
                kind=DocumentKind.GP_FOLLOWUP,
                as_of=TODAY,
                plan="Ultrasound review of the bursa has been requested.",
                next_appointment=date(2026, 12, 4),
            ),
        )
    )
    assert "Clinician's response: acknowledged by Test Clinician on 28 Nov 2026" in text
    assert "Ultrasound review of the bursa has been requested." in text
    assert "Next appointment: 4 Dec 2026." in text


def test_the_letter_is_about_the_open_episode_unless_told(demo_clinic: Clinic, patient_id):
    seed = patient_id("P-SEED")
    first = seed_episode_id(demo_clinic, seed)
    create_episode(
        demo_clinic,
        seed,
        Episode(
            ref="E2",
            side=Side.RIGHT,
            diagnosis=Diagnosis.GLUTEAL_TENDINOPATHY,
            first_line_start=date(2026, 11, 2),
            visits=(Visit(date=date(2026, 11, 2), pain_nrs=4),),
        ),
    )
    newest = render_document(
        demo_clinic, DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY)
    )
    assert "right lateral hip pain" in pdf_text(newest)
    chosen = render_document(
        demo_clinic,
        DocumentRequest(
            patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY, episode_id=first
        ),
    )
    assert "left lateral hip pain" in pdf_text(chosen)
    with pytest.raises(LetterError, match="not one of this patient's episodes"):
        render_document(
            demo_clinic,
            DocumentRequest(
                patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY, episode_id=999
            ),
        )


def test_the_paper_size_comes_from_the_settings(demo_clinic: Clinic, patient_id):
    update_settings(demo_clinic, paper_size=PaperSize.LETTER)
    pdf = render_document(
        demo_clinic,
        DocumentRequest(patient_id=patient_id("P-SEED"), kind=DocumentKind.HANDOUT, as_of=TODAY),
    )
    assert b"/MediaBox [ 0 0 612 792 ]" in pdf


def test_a_batch_reports_progress_and_stops_when_cancelled(demo_clinic: Clinic):
    targets = letters_due(demo_clinic, TODAY, within_days=7)
    refs = [target.patient_ref for target in targets]
    assert "P-SEED" in refs
    assert len(refs) == len({t.episode_id for t in targets})
    seen: list[tuple[int, int]] = []
    result = generate_batch(
        demo_clinic,
        targets,
        DocumentKind.GP_FOLLOWUP,
        as_of=TODAY,
        progress=lambda done, total: seen.append((done, total)),
        cancelled=lambda: len(seen) == 2,
    )
    assert result.cancelled
    assert seen == [(1, len(targets)), (2, len(targets))]
    assert [info.status for info in result.documents] == [DocumentStatus.GENERATED] * 2
    assert result.failures == []


def test_a_batch_goes_on_past_a_patient_it_cannot_write_for(demo_clinic: Clinic):
    targets = letters_due(demo_clinic, TODAY, within_days=30)
    result = generate_batch(demo_clinic, targets, DocumentKind.REFERRAL, as_of=TODAY)
    assert not result.cancelled
    assert len(result.documents) + len(result.failures) == len(targets)
    assert result.documents
    assert result.failures
    for _, reason in result.failures:
        assert "no reason on record" in reason


def test_a_decision_to_continue_is_the_default_plan_and_sets_the_review(
    demo_clinic: Clinic, patient_id
):
    seed = patient_id("P-SEED")
    (evaluation,) = evaluate_patient(demo_clinic, seed, TODAY).episodes.values()
    record_decision(
        demo_clinic,
        seed_episode_id(demo_clinic, seed),
        EscalationDecision(
            decided_on=date(2026, 11, 26),
            kind=DecisionKind.CONTINUE_FIRST_LINE,
            clinician=CLINICIAN,
            reason="adherence was low until recently",
            next_review=date(2026, 12, 10),
        ),
        evaluation.alerts,
    )
    letter = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=seed, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY),
        )
    )
    assert (
        f"On 26 Nov 2026 {CLINICIAN} recorded the decision to continue first-line care. "
        "Reason: adherence was low until recently. Next review: 10 Dec 2026."
    ) in letter
    assert "answered by an escalation decision by Sam Okonkwo-Lindqvist on 28 Nov 2026" in letter
    handout = pdf_text(
        render_document(
            demo_clinic, DocumentRequest(patient_id=seed, kind=DocumentKind.HANDOUT, as_of=TODAY)
        )
    )
    assert "by: 10 Dec 2026" in handout


def test_the_scan_table_gives_the_numbers_behind_each_change(demo_clinic: Clinic):
    def scan(day: date, modality: Modality, *findings: tuple[str, LesionKind, tuple]) -> Scan:
        return Scan(
            date=day,
            modality=modality,
            findings=tuple(
                Finding(lesion=k, kind=kind, dims_mm=dims) for k, kind, dims in findings
            ),
        )

    calcium, fluid = LesionKind.CALCIFICATION, LesionKind.FLUID_COLLECTION
    patient = Patient(
        ref="P-SCANS",
        given_name="Ana",
        family_name="Scans",
        date_of_birth=date(1966, 2, 1),
        sex=Sex.FEMALE,
    )
    episode = Episode(
        ref="E1",
        side=Side.RIGHT,
        diagnosis=Diagnosis.CALCIFIC_TENDINOPATHY,
        first_line_start=date(2026, 9, 1),
        visits=(Visit(date=date(2026, 9, 1), pain_nrs=6),),
        scans=(
            scan(
                date(2026, 9, 1),
                Modality.US,
                ("calc-1", calcium, (12, 6, 5)),
                ("fluid-1", fluid, (9, 8, 5)),
            ),
            scan(date(2026, 11, 10), Modality.US, ("calc-1", calcium, (5, 4, 3))),
            scan(date(2026, 11, 12), Modality.MRI, ("fluid-1", fluid, (10, 8, 5))),
        ),
    )
    save_case(demo_clinic, Case(patient=patient, episodes=(episode,)))
    patient_id = patient_id_for_ref(demo_clinic, "P-SCANS")
    text = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient_id, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY),
        )
    )
    assert "reduced longest diameter -7 mm (-58.3 %)" in text
    assert "not comparable (other modality) the previous scan (1 Sep 2026) was US" in text
    assert "10 × 8 × 5" in text
    handout = pdf_text(
        render_document(
            demo_clinic,
            DocumentRequest(patient_id=patient_id, kind=DocumentKind.HANDOUT, as_of=TODAY),
        )
    )
    assert "deposit of calcium" in handout


def test_a_failure_that_cannot_even_be_logged_says_so(
    demo_clinic: Clinic, patient_id, monkeypatch: pytest.MonkeyPatch
):
    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    def busy(*args: object, **kwargs: object) -> None:
        raise DatabaseBusyError

    monkeypatch.setattr("trochtrack.reports.handout.write_handout", broken)
    monkeypatch.setattr("trochtrack.services.letters.store_document", busy)
    with pytest.raises(DocumentGenerationError, match=r"MemoryError.*could not be listed"):
        generate_document(
            demo_clinic,
            DocumentRequest(
                patient_id=patient_id("P-SEED"), kind=DocumentKind.HANDOUT, as_of=TODAY
            ),
        )
