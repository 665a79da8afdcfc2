"""The drafts repository refuses to change an issued draft, whoever calls it."""

from datetime import date

import pytest

from trochtrack.domain.documents import DocumentKind
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import seed_case
from trochtrack.services.letter_compose import issue_draft, start_draft
from trochtrack.services.letters import DocumentRequest, patient_id_for_ref
from trochtrack.store.letter_drafts import DraftLockedError, LetterDraftsRepository

pytestmark = pytest.mark.integration


def test_an_issued_draft_cannot_be_updated_or_issued_again_in_the_store(clinic: Clinic):
    save_case(clinic, seed_case())
    patient = patient_id_for_ref(clinic, "P-SEED")
    request = DocumentRequest(
        patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=date(2026, 10, 20)
    )
    draft = start_draft(clinic, request)
    info = issue_draft(clinic, draft.id)
    with clinic.unit_of_work() as uow:
        drafts = LetterDraftsRepository(uow.session)
        with pytest.raises(DraftLockedError, match="cannot be changed"):
            drafts.update(draft.id, "{}", clinic.now())
        with pytest.raises(DraftLockedError, match="already issued"):
            drafts.mark_issued(draft.id, info.id, clinic.now())
        assert drafts.get(draft.id).issued_document_id == info.id
