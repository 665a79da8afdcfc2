"""Merging two records of one person: everything moves, refs stay unique, the emptied
record goes, all audited; and the merge can be taken back until the next backup."""

from dataclasses import replace
from datetime import date

import pytest
from factories import make_episode, make_patient

from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.model import Visit
from trochtrack.services.backups import make_backup
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import list_documents
from trochtrack.services.errors import ServiceError
from trochtrack.services.letters import DocumentRequest, generate_document
from trochtrack.services.merges import merge_patients, plan_merge, standing_merge, undo_merge
from trochtrack.services.records import (
    add_visit,
    create_episode,
    create_patient,
    list_patients,
    patient_record,
)

pytestmark = pytest.mark.integration
START = date(2026, 10, 1)


@pytest.fixture
def twins(clinic: Clinic) -> tuple[int, int]:
    """Ann Lee registered twice (P-1, P-2), with an episode E1 in each and a letter on P-2."""
    kept = create_patient(clinic, make_patient(ref="P-1"))
    absorbed = create_patient(clinic, replace(make_patient(ref="P-2"), phone="01234 567890"))
    create_episode(clinic, kept, make_episode(first_line_start=START))
    episode = create_episode(
        clinic,
        absorbed,
        replace(make_episode(first_line_start=START, ref="E1"), notes="Seen at the other site."),
    )
    add_visit(clinic, episode, Visit(date=START, pain_nrs=7))
    generate_document(
        clinic,
        DocumentRequest(patient_id=absorbed, kind=DocumentKind.GP_FOLLOWUP, as_of=START),
    )
    return kept, absorbed


def test_a_merge_moves_everything_and_renumbers_a_clashing_episode(
    clinic: Clinic, twins: tuple[int, int]
):
    kept, absorbed = twins
    plan = plan_merge(clinic, kept, absorbed)
    assert plan.renamed == (("E1", "E2"),)
    assert (plan.episodes, plan.documents, plan.differences) == (1, 1, ())

    merge_patients(clinic, kept, absorbed)

    record = patient_record(clinic, kept)
    assert [e.ref for e in record.episodes] == ["E1", "E2"]
    moved = record.episodes[1]
    assert moved.notes == "Seen at the other site."
    assert [v.pain_nrs for v in moved.visits] == [7]
    assert [d.patient_id for d in list_documents(clinic, kept)] == [kept]
    assert [p.ref for p in list_patients(clinic)] == ["P-1"]
    with clinic.unit_of_work() as uow:
        tables = {(e["table"], e["action"]) for e in uow.audit_events()[-6:]}
    assert {("episode", "update"), ("patient", "delete"), ("patient_merge", "insert")} <= tables


def test_a_merge_is_taken_back_with_what_was_recorded_since(clinic: Clinic, twins):
    kept, absorbed = twins
    merge_patients(clinic, kept, absorbed)
    moved = patient_record(clinic, kept).episodes[1]
    assert moved.id is not None
    add_visit(clinic, moved.id, Visit(date=date(2026, 10, 15), pain_nrs=5))
    standing = standing_merge(clinic, kept)
    assert standing is not None
    assert (standing.absorbed_ref, standing.blocked_by) == ("P-2", None)

    restored = undo_merge(clinic, kept)

    again = patient_record(clinic, restored)
    assert again.patient.ref == "P-2"
    assert again.patient.phone == "01234 567890"
    assert [(e.ref, [v.pain_nrs for v in e.visits]) for e in again.episodes] == [("E1", [7, 5])]
    assert [e.ref for e in patient_record(clinic, kept).episodes] == ["E1"]
    assert [d.patient_id for d in list_documents(clinic, restored)] == [restored]
    assert standing_merge(clinic, kept) is None
    with pytest.raises(ServiceError, match="No merge into this record"):
        undo_merge(clinic, kept)


def test_after_a_backup_the_merge_stands(clinic: Clinic, twins):
    kept, absorbed = twins
    merge_patients(clinic, kept, absorbed)
    make_backup(clinic)
    standing = standing_merge(clinic, kept)
    assert standing is not None
    assert standing.blocked_by is not None
    assert "backup has been made since P-2 was merged" in standing.blocked_by
    with pytest.raises(ServiceError, match="backup has been made"):
        undo_merge(clinic, kept)
    assert [p.ref for p in list_patients(clinic)] == ["P-1"]


def test_once_its_ref_is_given_again_the_merge_stands(clinic: Clinic, twins):
    kept, absorbed = twins
    merge_patients(clinic, kept, absorbed)
    create_patient(clinic, make_patient(ref="P-2", given_name="Bea"))
    standing = standing_merge(clinic, kept)
    assert standing is not None
    assert standing.blocked_by is not None
    assert "P-2 has been given to another patient" in standing.blocked_by
    with pytest.raises(ServiceError, match="given to another patient"):
        undo_merge(clinic, kept)


def test_a_record_is_not_merged_with_itself_or_with_one_that_does_not_fit(clinic: Clinic):
    kept = create_patient(clinic, make_patient(ref="P-1", date_of_birth=date(1990, 5, 1)))
    with pytest.raises(ServiceError, match="cannot be merged with itself"):
        merge_patients(clinic, kept, kept)
    older = create_patient(
        clinic, make_patient(ref="P-2", given_name="Anne", date_of_birth=date(1950, 5, 1))
    )
    assert plan_merge(clinic, kept, older).differences == (
        "name: Ann Lee in P-1, Anne Lee in P-2",
        "date of birth: 1 May 1990 in P-1, 1 May 1950 in P-2",
    )
    create_episode(clinic, older, make_episode(first_line_start=date(1985, 1, 1)))
    with pytest.raises(ServiceError, match="Anne Lee's record does not fit Ann Lee's"):
        merge_patients(clinic, kept, older)
    assert sorted(p.ref for p in list_patients(clinic)) == ["P-1", "P-2"]
