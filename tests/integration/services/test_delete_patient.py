"""A patient registered by mistake can be deleted, audited; one with care recorded cannot."""

from datetime import date

import pytest
from factories import make_episode, make_patient

from trochtrack.services.audit import record_history
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.records import (
    create_episode,
    create_patient,
    delete_patient,
    list_patients,
)


def test_a_patient_with_nothing_recorded_is_deleted_and_the_deletion_audited(clinic: Clinic):
    patient_id = create_patient(clinic, make_patient(ref="P-OOPS", given_name="Wrong"))
    removed = delete_patient(clinic, patient_id)
    assert (removed.ref, removed.given_name, removed.id) == ("P-OOPS", "Wrong", None)
    assert list_patients(clinic, include_archived=True) == []
    actions = [event.action.value for event in record_history(clinic, "patient", [patient_id])]
    assert actions == ["insert", "delete"]
    # What was returned registers the patient again (Edit > Undo).
    create_patient(clinic, removed)
    assert [item.ref for item in list_patients(clinic)] == ["P-OOPS"]


def test_a_new_patient_given_a_deleted_ones_id_has_only_its_own_history(clinic: Clinic):
    mistaken = create_patient(clinic, make_patient(ref="P-OOPS", given_name="Wrong"))
    delete_patient(clinic, mistaken)
    other = create_patient(clinic, make_patient(ref="P-2", given_name="Other"))
    assert other == mistaken  # SQLite hands the id on
    (event,) = record_history(clinic, "patient", [other])
    assert event.action.value == "insert"
    assert event.after is not None
    assert event.after["given_name"] == "Other"


def test_a_patient_with_an_episode_is_kept(clinic: Clinic):
    patient_id = create_patient(clinic, make_patient(ref="P-CARE"))
    create_episode(clinic, patient_id, make_episode(first_line_start=date(2026, 11, 2)))
    with pytest.raises(ServiceError, match="archive the patient instead"):
        delete_patient(clinic, patient_id)
    assert [item.ref for item in list_patients(clinic)] == ["P-CARE"]
