"""Retention periods of archived records, and a patient's full record for an access request."""

import json
import zipfile
from dataclasses import replace
from datetime import date

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.documents import DocumentKind
from trochtrack.services import records
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import store_document
from trochtrack.services.retention import export_patient_record, keep_until, retention_report

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("born", "last_visit", "kept_until"),
    [
        (date(1970, 5, 1), date(2026, 10, 1), date(2034, 10, 1)),  # adult: 8 years
        (date(2012, 5, 1), date(2026, 10, 1), date(2037, 5, 1)),  # child: to 25th birthday
        (date(2002, 5, 1), date(2019, 10, 1), date(2027, 10, 1)),  # child, 8 years is later
        (date(2008, 2, 29), date(2026, 10, 1), date(2034, 10, 1)),  # 18th birthday: adult
        (date(1970, 5, 1), date(2024, 2, 29), date(2032, 2, 29)),
    ],
)
def test_records_are_kept_8_years_after_the_last_visit_or_to_25_for_children(
    born, last_visit, kept_until
):
    assert keep_until(born, last_visit) == kept_until


def test_the_report_lists_archived_patients_only(clinic: Clinic, example_cases):
    for path in example_cases.values():
        save_case(clinic, load_case_json(path.read_text(encoding="utf-8")))
    seed = next(p for p in records.list_patients(clinic) if p.ref == "P-SEED")
    records.set_patient_archived(clinic, seed.patient_id, archived=True)
    [item] = retention_report(clinic)
    assert (item.ref, item.last_visit, item.keep_until) == (
        "P-SEED",
        date(2026, 10, 19),
        date(2034, 10, 19),
    )
    assert not item.expired(date(2034, 10, 18))
    assert item.expired(date(2034, 10, 19))


def test_an_access_request_export_holds_the_whole_record(clinic: Clinic, example_cases, tmp_path):
    text = example_cases["seed-case"].read_text(encoding="utf-8")
    save_case(clinic, load_case_json(text))
    record = records.patient_record(clinic, 1)
    visit = record.episodes[0].visits[1]
    assert visit.id is not None
    records.update_visit(clinic, visit.id, replace(visit, notes="corrected"))
    records.delete_visit(clinic, visit.id)
    store_document(
        clinic,
        patient_id=1,
        episode_id=record.episodes[0].id,
        kind=DocumentKind.HANDOUT,
        document_date=date(2026, 10, 20),
        title="Handout",
        recipient=None,
        pdf=b"%PDF-1.4 handout",
        rules_version=None,
    )

    target = tmp_path / "P-SEED-record.zip"
    export_patient_record(clinic, "P-SEED", target)

    assert target.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert {
            "README.txt",
            "case.json",
            "history.json",
            "decisions-and-alert-actions.json",
        } <= names
        assert "documents/2026-10-20-handout-1.pdf" in names
        assert archive.read("documents/2026-10-20-handout-1.pdf") == b"%PDF-1.4 handout"
        case = json.loads(archive.read("case.json"))
        assert len(case["episodes"][0]["visits"]) == 3
        events = json.loads(archive.read("history.json"))["events"]
    visit_events = [e for e in events if e["table"] == "visit" and e["row"] == str(visit.id)]
    assert [e["action"] for e in visit_events] == ["insert", "update", "delete"]
    assert any(e["table"] == "visit_red_flag" for e in events) is False  # seed has no flags
    with clinic.unit_of_work() as uow:
        last = uow.audit_events()[-1]
    assert (last["action"], last["table"], last["row"]) == ("export", "patient", "1")


def test_the_cli_lists_archived_records_with_their_keep_until_date(tmp_path, example_cases):
    import os
    import subprocess
    import sys

    env = {**os.environ, "TROCHTRACK_HOME": str(tmp_path / "home")}
    run = [sys.executable, "-m", "trochtrack.cli.main"]
    subprocess.run([*run, "import", str(example_cases["seed-case"])], env=env, check=True)
    from trochtrack.paths import AppPaths
    from trochtrack.services.clinic import open_clinic

    clinic = open_clinic(AppPaths.from_environment(env))
    try:
        records.set_patient_archived(clinic, 1, archived=True)
    finally:
        clinic.close()
    result = subprocess.run(
        [*run, "retention", "--as-of", "2035-01-01"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "P-SEED  last visit 2026-10-19  keep until 2034-10-19  period ended" in result.stdout
