"""The letters' scan table under rules v1.1: both change calls, and the characteristics."""

import json
from datetime import date
from pathlib import Path

import pytest
from letter_pdfs import pdf_text

from trochtrack.domain.case_format import case_from_json, load_case_json
from trochtrack.domain.documents import DocumentKind
from trochtrack.services.cases import save_case
from trochtrack.services.clinic import Clinic
from trochtrack.services.letters import DocumentRequest, patient_id_for_ref, render_document

pytestmark = pytest.mark.integration


def _example(clinic: Clinic, example_cases: dict[str, Path], name: str, ref: str) -> int:
    save_case(clinic, load_case_json(example_cases[name].read_text(encoding="utf-8")))
    return patient_id_for_ref(clinic, ref)


def _gp_letter_text(clinic: Clinic, patient: int, as_of: date) -> str:
    request = DocumentRequest(patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=as_of)
    return pdf_text(render_document(clinic, request))


def _scan_section(text: str) -> str:
    return text.split("Scan findings")[1].split("Sizes are compared only")[0]


def test_the_scan_table_gives_both_calls_with_the_first_scan_s_date(
    demo_clinic: Clinic, example_cases
):
    patient = _example(demo_clinic, example_cases, "bursa-slow-growth", "P-0104")
    text = _gp_letter_text(demo_clinic, patient, date(2026, 8, 20))
    table = _scan_section(text)
    assert "Change (latest scan) Since first scan" in table
    assert "no reliable change axes +3, +1, +3 mm; volume +49.3 %" in table
    assert "enlarged since 27 Apr 2026 (US): axes +6, +2, +5 mm; volume +128.3 %" in table
    assert "first scan of its modality" in text
    # The 11-day course is counted as the clinician counts it (4 to 14 May inclusive).
    assert "4 May 2026 14 May 2026 11 days" in text


def test_the_scan_table_shows_characteristics_and_what_became_concerning(
    demo_clinic: Clinic, example_cases
):
    patient = _example(demo_clinic, example_cases, "bursa-characteristics", "P-0105")
    text = _gp_letter_text(demo_clinic, patient, date(2026, 10, 20))
    table = _scan_section(text)
    assert "Characteristics" in table
    assert "anechoic, thin wall, no Doppler flow, compressible" in table
    assert "complex content, thickened wall, Doppler flow, compressible" in table
    assert (
        "characteristics: anechoic → complex content; no Doppler flow → Doppler flow; "
        "thin wall → thickened wall"
    ) in table
    assert "Consider a review of the imaging of the adventitial bursa (bursa-1)" in text


def test_a_letter_without_characteristics_keeps_the_table_narrow(demo_clinic: Clinic, patient_id):
    text = _gp_letter_text(demo_clinic, patient_id("P-SEED"), date(2026, 10, 20))
    table = _scan_section(text)
    assert "Characteristics" not in table
    assert "Since first scan" in table


def test_a_lesion_the_latest_report_is_not_sure_of_is_marked_possible(
    demo_clinic: Clinic, example_cases
):
    data = json.loads(example_cases["bursa-characteristics"].read_text(encoding="utf-8"))
    for scan in data["episodes"][0]["scans"]:
        for finding in scan["findings"]:
            if finding["lesion"] == "bursa-1":
                finding["possible"] = True
    save_case(demo_clinic, case_from_json(data))
    patient = patient_id_for_ref(demo_clinic, "P-0105")
    text = _gp_letter_text(demo_clinic, patient, date(2026, 10, 20))
    table = _scan_section(text)
    assert "adventitial bursa (possible)" in table.lower()
    assert table.lower().count("(possible)") == 1, "only the lesion said to be possible"
