"""``trochtrack-cli letter --edit FILE.toml``: draft to a file, edit it, issue it, locked."""

import tomllib
from pathlib import Path

import pytest
from letter_pdfs import pdf_text

from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.letter_compose import load_draft, open_drafts

from .test_letter import Cli, cli  # noqa: F401, TID252 - the same in-process CLI

pytestmark = pytest.mark.integration
EDITED = "Please review her blood pressure before any anti-inflammatory is restarted."


def test_the_draft_is_written_edited_and_issued_as_edited(
    cli: Cli,  # noqa: F811 - the fixture imported above
    demo_clinic: Clinic,
    patient_id,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    draft_file = tmp_path / "letter.toml"
    target = tmp_path / "letter.pdf"
    assert cli("letter", "P-DEMO-02", "--kind", "gp-followup", "--edit", draft_file) == 0
    assert "edit it, then run this command again" in capsys.readouterr().out
    assert draft_file.stat().st_mode & 0o777 == 0o600
    values = tomllib.loads(draft_file.read_text(encoding="utf-8"))
    assert "medical assessment today" in values["request"]
    (kept,) = open_drafts(demo_clinic, patient_id("P-DEMO-02"))
    assert kept.id == values["draft_id"]

    text = draft_file.read_text(encoding="utf-8")
    text = text.replace(f'request = "{values["request"]}"', f'request = "{EDITED}"')
    draft_file.write_text(text.replace("scans = true", "scans = false"), encoding="utf-8")
    status = cli("letter", "P-DEMO-02", "--kind", "gp-followup", "--edit", draft_file, "-o", target)
    assert status == 0
    assert "locked" in capsys.readouterr().out
    printed = pdf_text(target.read_bytes())
    assert f"What I ask of you: {EDITED}" in printed
    assert "Scan findings" not in printed
    (logged,) = list_documents(demo_clinic, patient_id("P-DEMO-02"))
    assert document_pdf(demo_clinic, logged.id)[1] == target.read_bytes()
    assert load_draft(demo_clinic, kept.id).issued_document_id == logged.id

    again = cli("letter", "P-DEMO-02", "--kind", "gp-followup", "--edit", draft_file, "-o", target)
    assert again == 1
    assert "cannot be changed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("request = [", "not valid TOML"),
        ('draft_id = "x"', "draft_id: missing or not a whole number"),
    ],
)
def test_a_bad_draft_file_is_refused_naming_the_field(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
):
    draft_file = tmp_path / "letter.toml"
    draft_file.write_text(content, encoding="utf-8")
    assert cli("letter", "P-SEED", "--kind", "gp-followup", "--edit", draft_file) == 2
    assert message in capsys.readouterr().err


def test_without_edit_the_output_is_required(cli: Cli, capsys):  # noqa: F811
    assert cli("letter", "P-SEED", "--kind", "gp-followup") == 2
    assert "-o/--output: required" in capsys.readouterr().err


def test_a_referral_carries_the_patients_preference_typed_in_the_draft(
    cli: Cli,  # noqa: F811
    demo_clinic: Clinic,
    patient_id,
    tmp_path: Path,
):
    draft_file = tmp_path / "referral.toml"
    target = tmp_path / "referral.pdf"
    assert cli("letter", "P-SEED", "--kind", "referral", "--edit", draft_file) == 0
    text = draft_file.read_text(encoding="utf-8")
    assert 'patient_preference = ""' in text
    draft_file.write_text(
        text.replace('patient_preference = ""', 'patient_preference = "No injections, please."'),
        encoding="utf-8",
    )
    assert cli("letter", "P-SEED", "--kind", "referral", "--edit", draft_file, "-o", target) == 0
    assert "Patient's preference No injections, please." in pdf_text(target.read_bytes())


def test_an_issued_letter_is_corrected_as_a_new_document_and_the_first_stays_as_issued(
    cli: Cli,  # noqa: F811
    demo_clinic: Clinic,
    patient_id,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    patient = patient_id("P-DEMO-02")
    letter = ("letter", "P-DEMO-02", "--kind", "gp-followup")
    first_pdf = tmp_path / "first.pdf"
    assert cli(*letter, "--edit", tmp_path / "first.toml") == 0
    assert cli(*letter, "--edit", tmp_path / "first.toml", "-o", first_pdf) == 0
    (first,) = list_documents(demo_clinic, patient)
    capsys.readouterr()

    correction_file = tmp_path / "correction.toml"
    assert cli(*letter, "--correct", str(first.id), "--edit", correction_file) == 0
    text = correction_file.read_text(encoding="utf-8")
    assert f"# This draft corrects document {first.id}." in text
    request = tomllib.loads(text)["request"]
    correction_file.write_text(text.replace(request, EDITED), encoding="utf-8")
    corrected_pdf = tmp_path / "corrected.pdf"
    edit = ("--edit", correction_file, "-o", corrected_pdf)
    assert cli(*letter, "--correct", str(first.id), *edit) == 0

    second, kept = list_documents(demo_clinic, patient)
    assert kept.id == first.id
    assert second.title.endswith(f"(corrects document {first.id})")
    assert document_pdf(demo_clinic, first.id)[1] == first_pdf.read_bytes()
    assert f"What I ask of you: {EDITED}" in pdf_text(corrected_pdf.read_bytes())
    assert EDITED not in pdf_text(first_pdf.read_bytes())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--kind", "gp-followup", "--correct", "999"), "document 999 is not one of this"),
        (("--kind", "referral", "--correct", "FIRST"), "not one of this patient's referral"),
        (("--kind", "gp-followup", "--correct", "FIRST", "-o", "x.pdf"), "needs --edit"),
    ],
    ids=["unknown", "other-kind", "no-edit"],
)
def test_a_correction_of_a_document_that_is_not_this_letter_is_refused_and_leaves_no_draft(
    cli: Cli,  # noqa: F811
    demo_clinic: Clinic,
    patient_id,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: tuple[str, ...],
    message: str,
):
    patient = patient_id("P-DEMO-02")
    first = tmp_path / "first.toml"
    assert cli("letter", "P-DEMO-02", "--kind", "gp-followup", "--edit", first) == 0
    issue = ("--edit", first, "-o", tmp_path / "first.pdf")
    assert cli("letter", "P-DEMO-02", "--kind", "gp-followup", *issue) == 0
    (issued,) = list_documents(demo_clinic, patient)
    capsys.readouterr()
    named = [str(issued.id) if part == "FIRST" else part for part in arguments]
    named = [str(tmp_path / part) if part.endswith(".pdf") else part for part in named]
    edit = [] if "-o" in named else ["--edit", str(tmp_path / "correction.toml")]
    assert cli("letter", "P-DEMO-02", *named, *edit) == 2
    assert message in capsys.readouterr().err
    assert open_drafts(demo_clinic, patient) == []
    assert not (tmp_path / "correction.toml").exists()


def test_correct_with_the_draft_file_of_another_letter_is_refused(
    cli: Cli,  # noqa: F811
    demo_clinic: Clinic,
    patient_id,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    letter = ("letter", "P-DEMO-02", "--kind", "gp-followup")
    first = tmp_path / "first.toml"
    assert cli(*letter, "--edit", first) == 0
    assert cli(*letter, "--edit", first, "-o", tmp_path / "first.pdf") == 0
    (issued,) = list_documents(demo_clinic, patient_id("P-DEMO-02"))
    capsys.readouterr()
    assert cli(*letter, "--correct", str(issued.id), "--edit", first) == 2
    assert f"does not correct document {issued.id}" in capsys.readouterr().err
