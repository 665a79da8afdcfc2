"""The letters' outcome table carries the questionnaires and the core outcome set, each
with its unit and, where published, the change that counts for one patient."""

from datetime import date

import pytest
from letter_pdfs import pdf_text

from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.measures.outcomes import CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire
from trochtrack.domain.model import Visit
from trochtrack.reports.data import LetterData, ReferralData
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import document_pdf
from trochtrack.services.letter_outcomes import outcome_rows
from trochtrack.services.letters import DocumentRequest, generate_document, prepare_document
from trochtrack.services.settings import update_settings

pytestmark = pytest.mark.integration


def _lefs(total: int) -> Questionnaire:
    scores = [4] * (total // 4) + ([total % 4] if total % 4 else [])
    scores += [0] * (20 - len(scores))
    return Questionnaire(
        instrument="lefs",
        answers=tuple(Answer(item=str(n), score=s) for n, s in enumerate(scores, start=1)),
    )


def _visit(day: date, *forms: Questionnaire, outcomes: CoreOutcomes | None = None) -> Visit:
    return Visit(date=day, pain_nrs=5, questionnaires=forms, outcomes=outcomes or CoreOutcomes())


def test_each_measure_gets_its_first_and_latest_value_with_its_threshold():
    blank_lefs = Questionnaire(instrument="lefs", answers=(Answer(item="1", score=3),))
    visits = [
        _visit(date(2026, 9, 7), _lefs(36), outcomes=CoreOutcomes(stance_pain_left_s=18)),
        _visit(date(2026, 9, 21), blank_lefs),
        _visit(date(2026, 10, 19), _lefs(47), outcomes=CoreOutcomes(stance_pain_left_s=24.5)),
    ]
    rows = {row.measure: row for row in outcome_rows(visits)}
    lefs = rows["LEFS"]
    assert (lefs.baseline and lefs.baseline.value, lefs.latest.value) == (36, 47)
    assert lefs.threshold == "MCID 9"
    stance = rows["Single-leg stance, left"]
    assert (stance.latest.value, stance.unit, stance.threshold) == (24.5, " s", None)
    assert "PSFS (patient's own activities)" not in rows


def test_strength_in_mixed_units_is_shown_in_newtons_and_says_so():
    kg = CoreOutcomes(abduction_left=12, abduction_unit=StrengthUnit.KILOGRAM)
    newtons = CoreOutcomes(abduction_left=130, abduction_unit=StrengthUnit.NEWTON)
    rows = outcome_rows(
        [_visit(date(2026, 9, 7), outcomes=kg), _visit(date(2026, 10, 5), outcomes=newtons)]
    )
    (strength,) = rows
    assert strength.baseline is not None
    assert (strength.baseline.value, strength.latest.value) == (117.7, 130)
    assert strength.unit == " N"
    assert "readings in kg converted" in strength.scale


def test_the_seed_gp_letter_reports_the_demo_s_outcome_measures(demo_clinic: Clinic, patient_id):
    info = generate_document(
        demo_clinic,
        DocumentRequest(
            patient_id=patient_id("P-SEED"), kind=DocumentKind.GP_FOLLOWUP, as_of=date(2026, 10, 20)
        ),
    )
    text = pdf_text(document_pdf(demo_clinic, info.id)[1])
    for expected in (
        "LEFS",
        "+6 points; MCID 9",
        "PSFS (patient's own activities)",
        "Pain self-efficacy (PSEQ-2)",
        "Pain on stairs",
        "Single-leg stance, left",
        "18 s",
        "Hip abduction strength, left",
        "117 N",
        "The shaded band is the change in pain that counts as clinically important",
    ):
        assert expected in text, expected


def test_the_letters_chart_shades_the_pain_change_the_clinic_s_rules_count(
    demo_clinic: Clinic, patient_id
):
    # The window's chart takes the clinic's rules; a letter drawn with the default
    # band would show the GP a different threshold from the one the alert used.
    update_settings(demo_clinic, rules_overrides={"response.pain_drop_points": 3})
    for kind in (DocumentKind.GP_FOLLOWUP, DocumentKind.REFERRAL):
        content = prepare_document(
            demo_clinic,
            DocumentRequest(patient_id=patient_id("P-SEED"), kind=kind, as_of=date(2026, 10, 20)),
        ).content
        assert isinstance(content, LetterData | ReferralData)
        band = content.symptom_chart.pain_band
        assert band is not None
        assert band.points == 3, kind
