"""The GP letter, rendered from hand-built data and read back."""

import re
from dataclasses import replace
from datetime import date

from trochtrack.reports.data import LetterData
from trochtrack.reports.styles import MARGIN
from trochtrack.wording.dates import readable

from .conftest import (  # noqa: TID252 - helpers beside these tests
    CARE_FAILED,
    FOLLOW_UP,
    read_back,
    render,
    word_boxes,
)


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
