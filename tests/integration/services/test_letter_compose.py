"""Composing a letter: drafts kept across restarts, edits printed as written, issue locks.

Runs on a real SQLite file; the PDFs are parsed back with pypdf.
"""

import hashlib
from dataclasses import replace
from datetime import date

import pytest
from letter_pdfs import layout, pdf_text

from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.errors import ValidationError
from trochtrack.reports.data import DetailSections
from trochtrack.services.audit import record_history
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.letter_compose import (
    LetterLockedError,
    issue_draft,
    load_draft,
    open_drafts,
    preview_draft,
    save_draft,
    start_correction,
    start_draft,
)
from trochtrack.services.letters import DocumentRequest, LetterError

TODAY = date(2026, 11, 28)
EDITED_REQUEST = "Please check her blood pressure before any anti-inflammatory is restarted."


def _draft(clinic: Clinic, patient: int, kind=DocumentKind.GP_FOLLOWUP):
    return start_draft(clinic, DocumentRequest(patient_id=patient, kind=kind, as_of=TODAY))


def test_the_app_drafts_the_four_texts_and_the_clinicians_edits_print_as_written(
    demo_clinic: Clinic, patient_id
):
    draft = _draft(demo_clinic, patient_id("P-DEMO-02"))
    assert "medical assessment today" in draft.text.request
    assert draft.text.opening.startswith("I am writing with an update on")
    assert draft.text.plan
    assert draft.text.closing
    edited = replace(draft, text=replace(draft.text, request=EDITED_REQUEST))
    save_draft(demo_clinic, edited)
    first_page = layout(preview_draft(demo_clinic, load_draft(demo_clinic, draft.id)))[0].text
    assert f"What I ask of you: {EDITED_REQUEST}" in first_page


def test_a_draft_survives_a_restart(demo_clinic: Clinic, patient_id, database, app_paths):
    patient = patient_id("P-SEED")
    draft = _draft(demo_clinic, patient)
    save_draft(
        demo_clinic,
        replace(
            draft,
            text=replace(draft.text, plan="Review in two weeks."),
            sections=DetailSections(charts=False),
            next_appointment=date(2026, 12, 10),
        ),
    )
    reopened = Clinic(
        database=database, paths=app_paths, clock=demo_clinic.clock, actor="Someone Else"
    )
    (kept,) = open_drafts(reopened, patient)
    assert kept.id == draft.id
    assert kept.text.plan == "Review in two weeks."
    assert kept.sections == DetailSections(charts=False)
    assert kept.next_appointment == date(2026, 12, 10)


def test_optional_sections_left_out_are_not_printed(demo_clinic: Clinic, patient_id):
    draft = _draft(demo_clinic, patient_id("P-SEED"))
    full = pdf_text(preview_draft(demo_clinic, draft))
    lean = replace(
        draft, sections=DetailSections(charts=False, scans=False, decision_support=False)
    )
    text = pdf_text(preview_draft(demo_clinic, lean))
    assert "Scan findings" in full
    assert "Points for review" in full
    assert "References" in full
    assert "Scan findings" not in text
    assert "Points for review" not in text
    assert "References" not in text
    assert "Outcome scores" in text  # the core detail stays


def test_an_empty_text_is_refused_naming_the_field_and_nothing_is_saved(
    demo_clinic: Clinic, patient_id
):
    draft = _draft(demo_clinic, patient_id("P-SEED"))
    with pytest.raises(ValidationError, match=r"^plan: is empty"):
        save_draft(demo_clinic, replace(draft, text=replace(draft.text, plan="  ")))
    assert load_draft(demo_clinic, draft.id).text == draft.text


def test_issuing_stores_the_pdf_with_its_hash_and_locks_the_letter(demo_clinic: Clinic, patient_id):
    patient = patient_id("P-DEMO-02")
    draft = _draft(demo_clinic, patient, DocumentKind.REFERRAL)
    info = issue_draft(demo_clinic, draft.id)
    stored, pdf = document_pdf(demo_clinic, info.id)
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    assert "What I ask of you:" in pdf_text(pdf)
    assert load_draft(demo_clinic, draft.id).issued_document_id == info.id
    assert open_drafts(demo_clinic, patient) == []
    with pytest.raises(LetterLockedError, match="cannot be changed"):
        save_draft(demo_clinic, replace(draft, text=replace(draft.text, plan="Changed.")))
    with pytest.raises(LetterLockedError, match="already issued"):
        issue_draft(demo_clinic, draft.id)
    assert document_pdf(demo_clinic, info.id)[1] == pdf
    assert [d.id for d in list_documents(demo_clinic, patient)] == [info.id]


def test_a_correction_is_a_new_version_and_both_stay_in_the_log_and_the_audit(
    demo_clinic: Clinic, patient_id
):
    patient = patient_id("P-SEED")
    draft = _draft(demo_clinic, patient)
    first = issue_draft(demo_clinic, draft.id)
    first_pdf = document_pdf(demo_clinic, first.id)[1]
    correction = start_correction(demo_clinic, first.id)
    assert correction.corrects_document_id == first.id
    assert correction.text == draft.text
    save_draft(
        demo_clinic,
        replace(
            correction, text=replace(correction.text, plan="Corrected plan: review at 4 weeks.")
        ),
    )
    second = issue_draft(demo_clinic, correction.id)

    log = list_documents(demo_clinic, patient)
    assert [d.id for d in log] == [second.id, first.id]
    assert log[0].title.endswith(f"(corrects document {first.id})")
    assert document_pdf(demo_clinic, first.id)[1] == first_pdf
    assert "Corrected plan: review at 4 weeks." in pdf_text(document_pdf(demo_clinic, second.id)[1])
    assert "Corrected plan" not in pdf_text(first_pdf)
    # The reader holding both letters is told first which one to act on.
    corrected_page_one = layout(document_pdf(demo_clinic, second.id)[1])[0].text
    notice = (
        f"Correction: this letter replaces our letter of 28 Nov 2026 (our document {first.id}); "
        "please act on this one only."
    )
    assert notice in corrected_page_one
    assert corrected_page_one.index(notice) < corrected_page_one.index("What I ask of you")
    assert "Correction:" not in pdf_text(first_pdf)
    drafts = record_history(demo_clinic, "letter_draft", [draft.id, correction.id])
    assert {(e.row_key, e.action.value) for e in drafts} >= {
        (str(draft.id), "insert"),
        (str(draft.id), "update"),
        (str(correction.id), "insert"),
    }
    documents = record_history(demo_clinic, "document", [first.id, second.id])
    assert {e.row_key for e in documents if e.action.value == "insert"} == {
        str(first.id),
        str(second.id),
    }


def test_only_a_composed_letter_can_be_corrected_and_a_handout_is_not_composed(
    demo_clinic: Clinic, patient_id
):
    from trochtrack.services.letters import generate_document

    patient = patient_id("P-SEED")
    plain = generate_document(
        demo_clinic, DocumentRequest(patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=TODAY)
    )
    with pytest.raises(LetterError, match="was not composed"):
        start_correction(demo_clinic, plain.id)
    with pytest.raises(LetterError, match="only letters are composed"):
        _draft(demo_clinic, patient, DocumentKind.HANDOUT)
