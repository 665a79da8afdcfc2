"""Letters name every working diagnosis made by their date, the main one first; the
handout explains calcium deposits only for a calcific tendinopathy held likely."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from letter_pdfs import pdf_text

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.vocabulary import Diagnosis
from trochtrack.services.clinic import Clinic
from trochtrack.services.letters import DocumentRequest, render_document
from trochtrack.services.records import patient_record, update_episode
from trochtrack.wording.dates import long_date

pytestmark = pytest.mark.integration


def _letter(clinic: Clinic, patient: int, kind: DocumentKind, as_of: date) -> str:
    return pdf_text(
        render_document(clinic, DocumentRequest(patient_id=patient, kind=kind, as_of=as_of))
    )


def test_the_gp_letter_names_each_diagnosis_made_by_its_date(demo_clinic: Clinic, patient_id):
    """P-DEMO-04: bursitis from 75 days ago, a possible tendinopathy from 40 days ago."""
    today = demo_clinic.today()
    main_since = long_date(today - timedelta(days=75))
    other_since = long_date(today - timedelta(days=40))
    text = _letter(demo_clinic, patient_id("P-DEMO-04"), DocumentKind.GP_FOLLOWUP, today)
    assert (
        "(working diagnoses: trochanteric bursitis (main) and possible gluteal tendinopathy)"
        in text
    )
    assert (
        f"Working diagnoses Trochanteric bursitis (main, since {main_since}); "
        f"possible gluteal tendinopathy (since {other_since})" in text
    )

    earlier = _letter(
        demo_clinic, patient_id("P-DEMO-04"), DocumentKind.GP_FOLLOWUP, today - timedelta(days=50)
    )
    assert "(working diagnosis: trochanteric bursitis)" in earlier
    assert f"Working diagnosis Trochanteric bursitis (since {main_since})" in earlier
    assert "gluteal tendinopathy" not in earlier


@pytest.mark.parametrize(("possible", "explained"), [(None, True), (True, False)])
def test_the_handout_explains_calcium_for_a_likely_calcific_tendinopathy(
    demo_clinic: Clinic, patient_id, possible, explained
):
    patient = patient_id("P-DEMO-01")
    (episode,) = patient_record(demo_clinic, patient).episodes
    assert episode.id is not None
    calcific = WorkingDiagnosis(diagnosis=Diagnosis.CALCIFIC_TENDINOPATHY, possible=possible)
    update_episode(demo_clinic, episode.id, replace(episode, other_diagnoses=(calcific,)))
    text = _letter(demo_clinic, patient, DocumentKind.HANDOUT, demo_clinic.today())
    assert ("calcium" in text) is explained
