"""Page one carries the letter; the clinical detail follows; references are numbered.

The PDFs are parsed back with pypdf: the text of each page, and how far down each page
its text and images reach (see :mod:`letter_pdfs`).
"""

import re
from datetime import date

import pytest
from letter_pdfs import CLINICIAN, layout

from trochtrack.domain.documents import DocumentKind
from trochtrack.services.clinic import Clinic
from trochtrack.services.letters import DocumentRequest, LetterError, render_document

TODAY = date(2026, 11, 28)
THREE_PATIENTS = ("P-SEED", "P-DEMO-02", "P-DEMO-03")


def _pages(clinic: Clinic, patient: int, kind: DocumentKind):
    return layout(
        render_document(clinic, DocumentRequest(patient_id=patient, kind=kind, as_of=TODAY))
    )


@pytest.mark.parametrize("kind", [DocumentKind.GP_FOLLOWUP, DocumentKind.REFERRAL])
def test_page_one_of_the_red_flag_letters_carries_the_point_request_plan_and_signature(
    demo_clinic: Clinic, patient_id, kind
):
    pages = _pages(demo_clinic, patient_id("P-DEMO-02"), kind)
    first = pages[0].text
    assert len(pages) > 1
    # The critical box comes before the salutation, and the request before the reason.
    box = first.index("Critical: needs medical assessment today")
    assert box < first.index("Dear ")
    assert "possible infection" in first[box:]
    assert "What was done: No action recorded yet" in first
    request = first.index("What I ask of you:")
    assert request < first.index("I am ")  # "I am writing" / "I am referring": the reason
    assert "today" in first[request : request + 120]
    assert "Plan " in first
    assert "paused until" in first
    assert "Yours sincerely," in first
    assert CLINICIAN in first
    assert "Clinical detail" not in first or first.index("Clinical detail") > first.index(CLINICIAN)
    later = " ".join(page.text for page in pages[1:])
    assert "Yours sincerely," not in later


def test_the_gp_letter_asks_for_nothing_when_nothing_is_urgent(demo_clinic: Clinic, patient_id):
    first = _pages(demo_clinic, patient_id("P-DEMO-03"), DocumentKind.GP_FOLLOWUP)[0].text
    assert "Critical:" not in first
    assert "What I ask of you: No action is needed from you at present" in first
    assert "First-line care (advice on load and the home exercise programme) continues" in first
    assert CLINICIAN in first


def test_no_page_is_under_half_full_except_the_last(demo_clinic: Clinic, patient_id):
    measured = {}
    for ref in THREE_PATIENTS:
        for kind in DocumentKind:
            try:
                pages = _pages(demo_clinic, patient_id(ref), kind)
            except LetterError:
                continue  # the responder has no reason on record for a referral
            measured[ref, kind] = [round(page.filled, 2) for page in pages]
    assert len(measured) == 8
    for document, fills in measured.items():
        assert all(fill >= 0.5 for fill in fills[:-1]), (document, fills)
        assert fills[-1] > 0.05, (document, fills)


@pytest.mark.parametrize("ref", ["P-SEED", "P-DEMO-02"])
@pytest.mark.parametrize("kind", [DocumentKind.GP_FOLLOWUP, DocumentKind.REFERRAL])
def test_every_cited_reference_is_listed_once_at_the_end(
    demo_clinic: Clinic, patient_id, ref, kind
):
    text = " ".join(page.text for page in _pages(demo_clinic, patient_id(ref), kind))
    body, _, listing = text.rpartition("References ")
    assert body, "the letter has a references list"
    listed = [int(n) for n in re.findall(r"\[(\d+)\] [A-Za-z]", listing)]
    cited = {int(n) for group in re.findall(r"\[(\d+)\]", body) for n in [group]}
    assert listed == list(range(1, len(listed) + 1))
    assert cited == set(listed)
    # No raw source tags are left in the text: every one became a number.
    assert not re.search(r"\bS\d+[a-z]?\b", text)
    assert "Sources:" not in text
