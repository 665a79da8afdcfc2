"""The three documents, rendered from hand-built data and read back."""

import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from trochtrack.charts.labels import readable
from trochtrack.reports.data import HandoutData, LetterData, Paper, ReferralData, Urgency
from trochtrack.reports.gp_letter import write_gp_letter
from trochtrack.reports.handout import write_handout
from trochtrack.reports.referral import write_referral
from trochtrack.reports.styles import MARGIN

from .conftest import (  # noqa: TID252 - helpers beside these tests
    CARE_FAILED,
    FEVER,
    FOLLOW_UP,
    read_back,
    word_boxes,
)

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
Document = LetterData | ReferralData | HandoutData


def render(data: Document, *, invariant: bool = True) -> bytes:
    out = io.BytesIO()
    writer: Callable[..., None] = {
        LetterData: write_gp_letter,
        ReferralData: write_referral,
        HandoutData: write_handout,
    }[type(data)]
    writer(data, out, invariant=invariant)
    return out.getvalue()


@pytest.fixture(params=["letter", "referral", "handout"])
def document(request: pytest.FixtureRequest) -> Document:
    return request.getfixturevalue(request.param)


def test_the_gp_letter_says_what_it_must(letter: LetterData):
    text = read_back(render(letter)).text
    for expected in (
        "Dr R Patel",
        "Riverside Medical Centre",
        "Zoë Ångström-Łukasz",
        "born 9 Mar 1962",
        "ref P-DEMO-01",
        "20 Oct 2026",
        "Left",
        "Greater trochanteric pain syndrome",
        "First-line care started 7 Sep 2026",
        "Sessions so far 2 (7 Sep 2026 to 19 Oct 2026)",
        "Exercise programme",
        "isometric abduction, 6 x 30 s holds daily",
        "-1 point (14% lower)",
        "+7 points",
        "24 × 4 × 23",
        "26 × 7 × 19",
        "1.81 mL *",
        "4 × 4 × 2",
        "longest 4 mm",
        "not visualised",
        "enlarged",
        "resolved (not visualised)",
        "Continue the home programme and review in four weeks.",
        "Next appointment: 3 Nov 2026.",
        "Sam Okonkwo",
        "Physiotherapist",
        "Registration: HCPC PH123456",
        "Harbourside Physiotherapy",
        "Decision support only",
    ):
        assert expected in text, expected
    for alert in (CARE_FAILED, FOLLOW_UP):
        assert readable(alert.summary) in text
    assert "Clinician's response: acknowledged by Sam Okonkwo on 20 Oct 2026" in text
    # Sources are numbered references, listed once at the end.
    assert re.search(r"radial shockwave therapy \(ESWT\) \[\d+\]", text)
    assert "Rompe et al., Am J Sports Med 2009" in text
    assert "[S19]" not in text
    assert "≥ 2 points" in text


def test_every_page_is_numbered_out_of_the_total(document: Document):
    read = read_back(render(document))
    total = len(read.reader.pages)
    assert 1 <= total <= 5
    for number, page in enumerate(read.reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()


def test_dates_are_printed_one_way_only(document: Document):
    text = read_back(render(document)).text
    assert ISO_DATE.findall(text) == []
    assert "20 Oct 2026" in text


def test_every_font_is_an_embedded_truetype_subset(document: Document):
    reader = read_back(render(document)).reader
    fonts = {}
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold|-Oblique|-BoldOblique)?", name), name
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"]
        assert "/ToUnicode" in font


@pytest.mark.parametrize("name", ["Zoë Ångström-Łukasz", "Ελένη Παπαδοπούλου", "José Ñúñez"])
def test_names_in_any_script_extract_as_written(
    name: str, letter: LetterData, referral: ReferralData, handout: HandoutData
):
    for data in (
        replace(letter, patient=replace(letter.patient, name=name)),
        replace(referral, patient=replace(referral.patient, name=name)),
        replace(handout, patient_name=name),
    ):
        assert name in read_back(render(data)).text


def test_the_same_input_gives_the_same_bytes(document: Document):
    assert render(document) == render(document)
    assert render(document, invariant=False) != render(document, invariant=False)


@pytest.mark.parametrize(
    ("paper", "size"), [(Paper.A4, (595.2756, 841.8898)), (Paper.LETTER, (612, 792))]
)
def test_the_paper_comes_from_the_settings(document: Document, paper: Paper, size):
    data = replace(document, setup=replace(document.setup, paper=paper))
    for page in read_back(render(data)).reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size)


def test_long_record_text_wraps_inside_the_margins(letter: LetterData, tmp_path):
    long_word = "Calcificationfollowupnote" * 12
    data = replace(
        letter,
        patient=replace(
            letter.patient,
            name="Maximiliana Alexandrina " + "Wolfeschlegelsteinhausenbergerdorff" * 3,
            address="Flat 12, " + "Long Street Name " * 20,
        ),
        recipient=replace(
            letter.recipient, lines=(*letter.recipient.lines, "Building " + "X" * 150)
        ),
        text=replace(letter.text, plan=f"{long_word} and then {'a very long plan ' * 60}"),
        episode=replace(
            letter.episode,
            treatments=tuple(
                replace(t, detail=(t.detail or "") + " " + "z" * 200)
                for t in letter.episode.treatments
            ),
        ),
    )
    pages = word_boxes(render(data), tmp_path)
    assert len(pages) >= 2
    for width, height, words in pages:
        for word in words:
            assert word.x_min >= MARGIN - 1, word
            assert word.x_max <= width - MARGIN + 1, word
            assert 0 <= word.y_min <= word.y_max <= height, word


def test_a_referral_lists_every_option_when_none_was_chosen(referral: ReferralData):
    text = read_back(render(referral)).text
    assert "Routine referral" in text
    assert "none is preferred, and the choice rests with you and the patient" in text
    for option in CARE_FAILED.options:
        # The option as the rules word it, its source tags now reference numbers.
        assert re.sub(r" \[[^\]]*\]$", "", option) in text
    assert "Referral summary" in text
    assert "Patient's preference Would rather avoid an injection." in text
    assert readable(CARE_FAILED.why) in text


def test_a_referral_lists_only_the_options_the_clinician_chose(referral: ReferralData):
    chosen = replace(
        referral,
        options=("Shockwave therapy (ESWT)",),
        options_chosen=True,
        decision="On 2026-10-20 Sam Okonkwo recorded the decision to start second-line care.",
    )
    text = read_back(render(chosen)).text
    assert "Shockwave therapy (ESWT)" in text
    options = text.split("Second-line options to discuss")[1].split("Scan findings")[0]
    assert "PRP" not in options
    assert "No option has been chosen yet" not in text
    assert "On 20 Oct 2026 Sam Okonkwo recorded the decision" in text


@pytest.mark.parametrize(
    ("urgency", "banner"),
    [
        (Urgency.SAME_DAY, "Same-day medical assessment requested"),
        (Urgency.URGENT, "Urgent medical review requested"),
    ],
)
def test_a_red_flag_referral_says_how_soon(referral: ReferralData, urgency: Urgency, banner: str):
    data = replace(
        referral, urgency=urgency, red_flags=(FEVER,), care_failed=None, options=(), weeks_of_care=0
    )
    read = read_back(render(data))
    first_page = re.sub(r"\s+", " ", read.reader.pages[0].extract_text())
    assert banner in first_page
    box = first_page.index("Critical: needs medical assessment today")
    assert first_page.index(readable(FEVER.summary)) > box
    assert first_page.index("What I ask of you:") > box
    assert "Second-line treatment is on hold" in read.text


def test_the_handout_carries_the_patients_own_plan(handout: HandoutData):
    text = read_back(render(handout)).text
    for expected in (
        "Your left hip",
        "For Zoë Ångström-Łukasz · 20 Oct 2026 · from Sam Okonkwo",
        "isometric abduction, 6 x 30 s holds daily",
        "sit to stand, 3 x 10",
        "pillow between your knees",
        "Do not cross your legs",
        "calcium",
        "one or two weeks",
        "When to get help quickly",
        "hot, red or swollen",
        "cannot put weight on your leg",
        "Next appointment: 3 Nov 2026",
        "by: 16 Nov 2026",
        "01234 567890",
    ):
        assert expected in text, expected


def test_a_handout_without_exercises_or_visits_still_reads_well(handout: HandoutData):
    data = replace(
        handout,
        exercises=(),
        calcific=False,
        next_appointment=None,
        review_date=None,
        pain_chart=replace(handout.pain_chart, pain=(), night_pain=()),
    )
    text = read_back(render(data)).text
    assert "will show you your exercises at your next visit" in text
    assert "contact the clinic to book" in text
    assert "calcium" not in text
    assert "Your pain so far" not in text


def test_the_dates_of_rules_text_are_reformatted():
    assert (
        readable("due 2026-10-19, drop >= 2, GROC <= -2") == "due 19 Oct 2026, drop ≥ 2, GROC ≤ -2"
    )
    assert readable("no date here") == "no date here"


def test_a_missing_letterhead_and_gp_still_give_a_letter(letter: LetterData):
    blank = replace(
        letter.setup,
        letterhead=replace(
            letter.setup.letterhead, clinic_name=None, address=None, phone=None, email=None
        ),
        signatory=replace(letter.setup.signatory, name=None, profession=None, registration=None),
    )
    data = replace(
        letter,
        setup=blank,
        alerts=(),
        lesions=(),
        scores=(),
        next_appointment=None,
        lesion_chart=None,
        episode=replace(letter.episode, treatments=(), onset=None),
    )
    text = read_back(render(data)).text
    assert "raised no alert on 20 Oct 2026" in text
    assert "No scan findings have been recorded." in text
    assert "No outcome scores have been recorded yet." in text
    assert "No treatment has been recorded." in text
    assert date(2026, 10, 20).isoformat() not in text
