"""Integration fixtures: a clinic with the demo patients (the seed case among them) and
a letterhead signed by ``letter_pdfs.CLINICIAN``, as the letter tests need."""

from collections.abc import Callable

import pytest
from letter_pdfs import CLINICIAN

from trochtrack.services.cases import save_cases
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import demo_cases
from trochtrack.services.letters import patient_id_for_ref
from trochtrack.services.settings import update_settings


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
