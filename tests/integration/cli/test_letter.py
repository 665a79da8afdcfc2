"""``trochtrack-cli letter``: exit statuses, the private atomic output file, the log entry."""

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from letter_pdfs import page_count, pdf_text

from trochtrack.cli import main as cli_main
from trochtrack.domain.documents import DocumentKind, DocumentStatus
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.records import patient_record

pytestmark = pytest.mark.integration
Cli = Callable[..., int]
# The demo patients are placed relative to the clinic fixture's date; the CLI's own
# default date is the machine's.
AS_OF = "2026-11-28"


@pytest.fixture
def cli(demo_clinic: Clinic, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    """``trochtrack-cli`` in this process, on the demo clinic's database.

    The log handler and the umask the CLI sets for a whole process are kept out of the
    test process.
    """
    monkeypatch.setattr(cli_main, "configure_logging", lambda paths: None)
    umask = os.umask(0o022)
    os.umask(umask)
    yield lambda *args: cli_main.main([str(arg) for arg in args])
    os.umask(umask)


def test_a_letter_is_written_privately_and_logged(
    cli: Cli, demo_clinic: Clinic, patient_id, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "seed-referral.pdf"
    status = cli("letter", "P-SEED", "--kind", "referral", "-o", target, "--as-of", "2026-10-20")
    assert status == 0
    assert target.stat().st_mode & 0o777 == 0o600
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert "Margaret Example" in pdf_text(pdf)
    assert page_count(pdf) >= 2
    (logged,) = list_documents(demo_clinic, patient_id("P-SEED"))
    assert logged.kind is DocumentKind.REFERRAL
    assert document_pdf(demo_clinic, logged.id)[1] == pdf
    assert "written to" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["gp-followup", "handout"])
def test_every_kind_can_be_written(cli: Cli, tmp_path: Path, kind: str):
    target = tmp_path / f"{kind}.pdf"
    assert cli("letter", "P-SEED", "--kind", kind, "-o", target, "--as-of", AS_OF) == 0
    assert target.read_bytes().startswith(b"%PDF-")


def test_an_unknown_patient_is_exit_1(cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "x.pdf"
    assert cli("letter", "P-NOBODY", "--kind", "handout", "-o", target) == 1
    assert "P-NOBODY" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--kind", "postcard"],
        ["--kind", "handout", "--as-of", "28/11/2026"],
        ["--kind", "handout", "--as-of", "2026-02-30"],
    ],
)
def test_a_bad_kind_or_date_is_exit_2(cli: Cli, tmp_path: Path, arguments: list[str]):
    with pytest.raises(SystemExit) as stopped:
        cli("letter", "P-SEED", *arguments, "-o", tmp_path / "x.pdf")
    assert stopped.value.code == 2
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("where", ["missing/x.pdf", "."])
def test_an_unusable_output_path_is_exit_2(
    cli: Cli, tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
):
    assert cli("letter", "P-SEED", "--kind", "handout", "-o", tmp_path / where) == 2
    assert capsys.readouterr().err


def test_a_referral_without_a_reason_is_exit_1(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "x.pdf"
    assert cli("letter", "P-DEMO-01", "--kind", "referral", "-o", target, "--as-of", AS_OF) == 1
    assert "no reason on record" in capsys.readouterr().err
    assert not target.exists()


def test_a_full_disk_is_exit_1_with_no_file_and_a_failed_entry(
    cli: Cli,
    demo_clinic: Clinic,
    patient_id,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    seed = patient_id("P-SEED")
    before = patient_record(demo_clinic, seed)
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    status = cli(
        "letter", "P-SEED", "--kind", "gp-followup", "-o", out_dir / "letter.pdf", "--as-of", AS_OF
    )
    assert status == 1
    assert "No space left on device" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []
    (failed,) = list_documents(demo_clinic, seed)
    assert (failed.status, failed.error) == (DocumentStatus.FAILED, "No space left on device")
    assert patient_record(demo_clinic, seed) == before
