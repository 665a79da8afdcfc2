"""One user action, one read: each service reads what it shows from one transaction.

Read in several transactions, the parts of a letter could come from different moments
(on PostgreSQL, different snapshots): an alert acted on between two reads would print
as both standing and answered. These count the transactions on the real engine and the
units of work the services open. A document is read in one transaction and logged in a
second one: the PDF is rendered between the two, holding no transaction open.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa
from PIL import Image

from trochtrack.domain.actions import AlertActionKind
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.vocabulary import Severity
from trochtrack.services.clinic import Clinic
from trochtrack.services.demo import load_demo
from trochtrack.services.due import due_list
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.letter_compose import issue_draft, start_draft
from trochtrack.services.letterhead import set_logo
from trochtrack.services.letters import (
    DocumentRequest,
    generate_document,
    patient_id_for_ref,
    prepare_document,
    render_document,
)
from trochtrack.services.settings import update_settings
from trochtrack.services.workflow import act_on_alert, episode_alert_views
from trochtrack.store.uow import SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration


def _logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 100), (31, 95, 107)).save(out, format="PNG")
    return out.getvalue()


LOGO = _logo()


@dataclass
class Transactions:
    """What the engine saw: each transaction's end (commit or rollback), and the units of work."""

    ends: list[str] = field(default_factory=list)
    units_of_work: int = 0
    begun: int = 0

    def reset(self) -> None:
        self.ends.clear()
        self.units_of_work = self.begun = 0


@pytest.fixture
def demo(clinic: Clinic) -> Clinic:
    """The demo patients, a letterhead with a logo, and an acknowledged alert on P-DEMO-04."""
    clinic.actor = "Sam Okonkwo-Lindqvist"
    load_demo(clinic)
    update_settings(clinic, clinic_name="Harbourside Physiotherapy", clinician_name=clinic.actor)
    set_logo(clinic, LOGO)
    patient = patient_id_for_ref(clinic, "P-DEMO-04")
    ((episode_id, evaluation),) = evaluate_patient(clinic, patient, clinic.today()).episodes.items()
    view = next(
        v
        for v in episode_alert_views(clinic, episode_id, evaluation)
        if v.alert.severity is not Severity.CRITICAL
    )
    act_on_alert(clinic, episode_id, view.alert, AlertActionKind.ACKNOWLEDGED)
    return clinic


@pytest.fixture
def counted(demo: Clinic, monkeypatch: pytest.MonkeyPatch) -> Iterator[Transactions]:
    seen = Transactions()
    engine = demo.database.engine
    original = Clinic.unit_of_work

    def counting(self: Clinic) -> SqlAlchemyUnitOfWork:
        seen.units_of_work += 1
        return original(self)

    def began(_connection: object) -> None:
        seen.begun += 1

    def committed(_connection: object) -> None:
        seen.ends.append("commit")

    def rolled_back(_connection: object) -> None:
        seen.ends.append("rollback")

    monkeypatch.setattr(Clinic, "unit_of_work", counting)
    sa.event.listen(engine, "begin", began)
    sa.event.listen(engine, "commit", committed)
    sa.event.listen(engine, "rollback", rolled_back)
    yield seen
    sa.event.remove(engine, "begin", began)
    sa.event.remove(engine, "commit", committed)
    sa.event.remove(engine, "rollback", rolled_back)


def _request(clinic: Clinic, ref: str, kind: DocumentKind) -> DocumentRequest:
    return DocumentRequest(
        patient_id=patient_id_for_ref(clinic, ref), kind=kind, as_of=clinic.today()
    )


# P-DEMO-04 has an acknowledged warning and failed first-line care; P-DEMO-02 a red flag.
CASES = [
    ("P-DEMO-04", DocumentKind.GP_FOLLOWUP),
    ("P-DEMO-04", DocumentKind.HANDOUT),
    ("P-DEMO-04", DocumentKind.REFERRAL),
    ("P-DEMO-02", DocumentKind.REFERRAL),
]


@pytest.mark.parametrize(("ref", "kind"), CASES)
def test_preparing_a_document_reads_everything_in_one_transaction(
    demo: Clinic, counted: Transactions, ref: str, kind: DocumentKind
):
    request = _request(demo, ref, kind)
    counted.reset()

    prepared = prepare_document(demo, request)

    assert (counted.units_of_work, counted.begun, counted.ends) == (1, 1, ["rollback"])
    # What the one read brought back is all there: the logo and the clinic's letterhead.
    assert prepared.content.setup.letterhead.logo_png == LOGO
    assert prepared.content.setup.letterhead.clinic_name == "Harbourside Physiotherapy"


def test_a_preview_reads_in_one_transaction_and_writes_nothing(demo: Clinic, counted: Transactions):
    request = _request(demo, "P-DEMO-02", DocumentKind.REFERRAL)
    counted.reset()

    render_document(demo, request, invariant=True)

    assert (counted.units_of_work, counted.begun, counted.ends) == (1, 1, ["rollback"])


@pytest.mark.parametrize(("ref", "kind"), CASES)
def test_producing_a_document_is_one_read_then_one_write_for_the_log(
    demo: Clinic, counted: Transactions, ref: str, kind: DocumentKind
):
    request = _request(demo, ref, kind)
    counted.reset()

    info = generate_document(demo, request, invariant=True)

    assert info.error is None
    assert (counted.units_of_work, counted.begun, counted.ends) == (2, 2, ["rollback", "commit"])


def test_issuing_a_draft_reads_draft_and_record_together_then_writes_once(
    demo: Clinic, counted: Transactions
):
    draft = start_draft(demo, _request(demo, "P-DEMO-02", DocumentKind.REFERRAL))
    counted.reset()

    issue_draft(demo, draft.id, invariant=True)

    assert (counted.units_of_work, counted.begun, counted.ends) == (2, 2, ["rollback", "commit"])


def test_evaluating_a_patient_reads_rules_and_record_in_one_transaction(
    demo: Clinic, counted: Transactions
):
    patient = patient_id_for_ref(demo, "P-SEED")
    counted.reset()

    evaluate_patient(demo, patient, date(2026, 11, 2))

    assert (counted.units_of_work, counted.begun, counted.ends) == (1, 1, ["rollback"])


def test_a_warm_due_list_is_one_read(demo: Clinic, counted: Transactions):
    due_list(demo, demo.today())  # evaluates and caches what changed (a second transaction)
    counted.reset()

    entries = due_list(demo, demo.today())

    assert entries
    assert (counted.units_of_work, counted.begun, counted.ends) == (1, 1, ["rollback"])
