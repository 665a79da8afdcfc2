"""A clinic with the demo patients (the seed case among them) and a letterhead."""

import io
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from trochtrack.services.cases import save_cases
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import demo_cases
from trochtrack.services.letters import patient_id_for_ref
from trochtrack.services.settings import update_settings

CLINICIAN = "Sam Okonkwo-Lindqvist"


@pytest.fixture
def demo_clinic(clinic: Clinic) -> Clinic:
    save_cases(clinic, demo_cases(clinic.today()))
    update_settings(
        clinic,
        clinic_name="Harbourside Physiotherapy",
        clinic_address="Unit 3, The Old Mill\n14 Quay Street\nNorthtown NT2 5LM",
        clinic_phone="01234 567890",
        clinic_email="hello@harbourside.example",
        clinician_name=CLINICIAN,
        clinician_profession="Physiotherapist",
        clinician_registration="HCPC PH123456",
    )
    return clinic


@pytest.fixture
def patient_id(demo_clinic: Clinic) -> Callable[[str], int]:
    return lambda ref: patient_id_for_ref(demo_clinic, ref)


def pdf_text(pdf: bytes) -> str:
    """All pages' text, runs of white space as one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
