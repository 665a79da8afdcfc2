"""The data version moves with every saved change, whoever saves it, and only then."""

from factories import make_patient

from trochtrack.services.audit import data_version
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.records import create_patient, list_patients


def test_the_data_version_moves_with_a_write_from_another_program(clinic: Clinic, app_paths):
    before = data_version(clinic)
    list_patients(clinic)
    assert data_version(clinic) == before  # reading changes nothing
    other = open_clinic(app_paths)
    try:
        create_patient(other, make_patient(ref="P-CLI"))
    finally:
        other.close()
    assert data_version(clinic) > before
