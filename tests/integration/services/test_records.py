"""Recording visits, treatments and scans through the services, as the GUI does."""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from factories import make_episode, make_patient

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import Features
from trochtrack.domain.model import Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.vocabulary import (
    DopplerFlow,
    FluidContent,
    LesionKind,
    Modality,
    RedFlag,
    Sex,
    Side,
    TreatmentKind,
    Visibility,
    WallThickness,
)
from trochtrack.services import records
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic

pytestmark = pytest.mark.integration

PATIENT = Patient(
    ref="P-100",
    given_name="Zoë",
    family_name="Ångström-Łukasz",
    date_of_birth=date(1962, 3, 9),
    sex=Sex.FEMALE,
)


def _new_episode(clinic: Clinic) -> int:
    patient_id = records.create_patient(clinic, PATIENT)
    return records.create_episode(
        clinic,
        patient_id,
        make_episode(first_line_start=date(2026, 10, 1), side=Side.RIGHT),
    )


def test_a_visit_is_stored_and_read_back_exactly(clinic: Clinic):
    episode_id = _new_episode(clinic)
    visit = Visit(
        date=date(2026, 10, 1),
        pain_nrs=7,
        night_pain_nrs=6,
        visa_g=45,
        temperature_c=37.2,
        red_flags=frozenset({RedFlag.RECENT_INJECTION}),
        notes="Worse on stairs.\nSleeps on the other side.",
        clinician="Test Clinician",
    )
    visit_id = records.add_visit(clinic, episode_id, visit)
    record = records.patient_record(clinic, records.list_patients(clinic)[0].patient_id)
    stored = record.episodes[0].visits[0]
    assert stored == replace(visit, id=visit_id)


@pytest.mark.parametrize(
    ("visit", "message"),
    [
        (Visit(date=date(1960, 1, 1), pain_nrs=5), "date: 1960-01-01 is before the date of birth"),
        (Visit(date=date(2026, 12, 1), pain_nrs=5), "date: 2026-12-01 is after the current date"),
    ],
)
def test_a_visit_outside_the_patients_life_is_refused_with_the_forms_field(clinic, visit, message):
    episode_id = _new_episode(clinic)
    with pytest.raises(ValidationError) as caught:
        records.add_visit(clinic, episode_id, visit)
    assert str(caught.value).startswith(message)
    record = records.patient_record(clinic, records.list_patients(clinic)[0].patient_id)
    assert record.episodes[0].visits == ()


def test_a_scan_creates_tracked_lesions_and_a_later_scan_reuses_them(clinic: Clinic):
    episode_id = _new_episode(clinic)
    bursa = Finding(
        lesion="bursa-1", kind=LesionKind.ADVENTITIAL_BURSA, site="posterior", dims_mm=(24, 4, 23)
    )
    records.add_scan(
        clinic, episode_id, Scan(date=date(2026, 10, 2), modality=Modality.US, findings=(bursa,))
    )
    later = Finding(
        lesion="bursa-1", kind=LesionKind.ADVENTITIAL_BURSA, visibility=Visibility.NOT_VISUALISED
    )
    records.add_scan(
        clinic, episode_id, Scan(date=date(2026, 11, 20), modality=Modality.US, findings=(later,))
    )
    lesions = records.tracked_lesions(clinic, episode_id)
    assert [(lesion.key, lesion.kind, lesion.site) for lesion in lesions] == [
        ("bursa-1", LesionKind.ADVENTITIAL_BURSA, "posterior")
    ]
    wrong_kind = Finding(lesion="bursa-1", kind=LesionKind.CALCIFICATION, dims_mm=(3, 3, 3))
    with pytest.raises(ValidationError) as caught:
        records.add_scan(
            clinic,
            episode_id,
            Scan(date=date(2026, 11, 21), modality=Modality.US, findings=(wrong_kind,)),
        )
    assert caught.value.path == "findings[0].kind"


@pytest.mark.parametrize(
    "features",
    [
        None,
        Features(),
        Features(content=FluidContent.COMPLEX, septations=True, compressible=False),
        Features(wall=WallThickness.THIN, explicit_nulls=frozenset({"content", "doppler"})),
        Features(
            content=FluidContent.HYPOECHOIC,
            wall=WallThickness.THICKENED,
            doppler=DopplerFlow.NONE,
            septations=False,
            compressible=True,
        ),
    ],
    ids=["none", "empty", "some", "with-nulls", "all"],
)
def test_a_finding_s_characteristics_are_stored_and_read_back_exactly(clinic: Clinic, features):
    _assert_bursa_read_back(clinic, features=features)


@pytest.mark.parametrize("possible", [True, False, None], ids=["possible", "not", "not-said"])
def test_a_possible_finding_is_stored_and_read_back_exactly(clinic: Clinic, possible):
    (finding,) = _assert_bursa_read_back(clinic, possible=possible).findings
    assert finding.possible is possible


def _assert_bursa_read_back(clinic: Clinic, **given: Any) -> Scan:
    """A scan of one bursa with ``given`` saved, then read back equal; the scan read."""
    episode_id = _new_episode(clinic)
    bursa = Finding(
        lesion="bursa-1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=(24, 4, 23), **given
    )
    scan = Scan(date=date(2026, 10, 2), modality=Modality.US, findings=(bursa,))
    scan_id = records.add_scan(clinic, episode_id, scan)
    record = records.patient_record(clinic, records.list_patients(clinic)[0].patient_id)
    assert record.episodes[0].scans == (replace(scan, id=scan_id),)
    return record.episodes[0].scans[0]


def test_deleting_a_visit_returns_it_so_it_can_be_restored(clinic: Clinic):
    episode_id = _new_episode(clinic)
    visit_id = records.add_visit(clinic, episode_id, Visit(date=date(2026, 10, 1), pain_nrs=6))
    removed = records.delete_visit(clinic, visit_id)
    records.add_visit(clinic, episode_id, replace(removed, id=None))
    record = records.patient_record(clinic, records.list_patients(clinic)[0].patient_id)
    assert [(v.date, v.pain_nrs) for v in record.episodes[0].visits] == [(date(2026, 10, 1), 6)]


def test_a_treatment_cannot_end_before_it_starts(clinic: Clinic):
    episode_id = _new_episode(clinic)
    treatment_id = records.add_treatment(
        clinic, episode_id, Treatment(kind=TreatmentKind.NSAID, start=date(2026, 10, 1))
    )
    with pytest.raises(ValidationError, match=r"^end: 2026-09-01 is before the start"):
        records.update_treatment(
            clinic,
            treatment_id,
            Treatment(kind=TreatmentKind.NSAID, start=date(2026, 10, 1), end=date(2026, 9, 1)),
        )


def test_patient_refs_are_unique(clinic: Clinic):
    records.create_patient(clinic, PATIENT)
    with pytest.raises(ValidationError, match=r"^ref: 'P-100' is already used by another patient"):
        records.create_patient(clinic, replace(PATIENT, given_name="Other"))


def test_changing_date_of_birth_after_recorded_visits_is_refused(clinic: Clinic, example_cases):
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    item = records.list_patients(clinic)[0]
    patient = records.patient_record(clinic, item.patient_id).patient
    with pytest.raises(ValidationError, match="before the date of birth"):
        records.update_patient(
            clinic, item.patient_id, replace(patient, date_of_birth=date(2026, 10, 1))
        )


def test_archived_patients_leave_the_list_but_keep_their_record(clinic: Clinic):
    patient_id = records.create_patient(clinic, PATIENT)
    records.set_patient_archived(clinic, patient_id, archived=True)
    assert records.list_patients(clinic) == []
    archived = records.list_patients(clinic, include_archived=True)
    assert [(p.ref, p.archived_on) for p in archived] == [("P-100", date(2026, 11, 28))]
    assert records.patient_record(clinic, patient_id).patient.ref == "P-100"


def test_each_signing_clinician_is_kept_in_the_register(clinic: Clinic):
    from trochtrack.services.audit import record_history
    from trochtrack.services.settings import update_settings

    update_settings(clinic, clinician_name="Sam Rivers", clinician_profession="Physiotherapist")
    update_settings(clinic, clinician_registration="PH123456")
    update_settings(clinic, clinician_name="Ana Lopes", clinician_registration="PH765432")
    with clinic.unit_of_work() as uow:
        register = uow.clinicians.all()
    assert [(c.name, c.profession, c.registration) for c in register] == [
        ("Ana Lopes", "Physiotherapist", "PH765432"),
        ("Sam Rivers", "Physiotherapist", "PH123456"),
    ]
    assert [e.action.value for e in record_history(clinic, "clinician", [1])] == [
        "insert",
        "update",
    ]


def test_a_name_saved_before_the_visible_character_rule_still_opens(clinic, episode_id):
    """New input is refused; a record already stored with such a name is still read."""
    import sqlite3

    with pytest.raises(ValidationError, match="given_name: has no visible character"):
        records.create_patient(
            clinic,
            make_patient(ref="P-2", given_name="\u200b"),
        )
    raw = sqlite3.connect(clinic.database.path)
    raw.execute(
        "UPDATE patient SET given_name = ?, family_name = ? WHERE ref = 'P-1'",
        ("\u3164", "Lee\u2028x"),
    )
    raw.commit()
    raw.close()
    record = records.patient_record(clinic, 1)
    assert record.patient.given_name == "\u3164"
    assert len(record.episodes) == 1


def test_the_patient_list_finds_a_patient_by_what_was_saved_last(clinic: Clinic, example_cases):
    """The list reads the search keys as saved: each save must keep them current."""
    from trochtrack.domain.search import matches, search_key

    patient_id = records.create_patient(clinic, PATIENT)
    renamed = replace(PATIENT, family_name="O’Brien", date_of_birth=date(1963, 4, 10))
    records.update_patient(clinic, patient_id, renamed)
    save_case(clinic, load_case_json(example_cases["seed-case"].read_text(encoding="utf-8")))
    listed = {item.ref: item for item in records.list_patients(clinic)}
    assert listed["P-100"].search_key == search_key(renamed)
    assert matches(listed["P-100"].search_key, "zoe obrien 10/04/1963")
    assert not matches(listed["P-100"].search_key, "angstrom")
    seed = records.patient_record(clinic, listed["P-SEED"].patient_id).patient
    assert listed["P-SEED"].search_key == search_key(seed)
