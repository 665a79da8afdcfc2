"""The handout reads at about age 11 to 12, and the physio's own notes stay as typed.

Readability is measured with textstat (Flesch–Kincaid grade) on the text of the PDF a
patient is given, from its first heading to the end, without the physio's notes (their
words, shown as written) and without the page furniture. Each bullet counts as a
sentence of its own (the formula counts sentences; a list item is read as one), and
each heading ends as a sentence does (it is read on its own).
"""

import io
import itertools
import re
from dataclasses import replace

import pytest
import textstat
from pypdf import PdfReader

from trochtrack.reports.data import HandoutData
from trochtrack.reports.handout import write_handout

from .conftest import read_back, render  # noqa: TID252 - helpers beside these tests

MAX_GRADE = 7.0
HEADINGS = (
    "What is causing your pain?",
    "Everyday things that help",
    "Your exercise plan",
    "Your physio's notes",
    "What to expect",
    "Your pain so far",
    "When to get help quickly",
    "Your next steps",
)
NOTES = ("side-lying on L, 3x10 bilat", "ISO abd 5x45s, SLS 3x30s")


def _pages(data: HandoutData) -> list[str]:
    out = io.BytesIO()
    write_handout(data, out, invariant=True)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def _body(data: HandoutData) -> str:
    text = "\n".join(_pages(data))
    text = text[text.index("What is causing your pain?") :]
    for note in data.exercises:
        text = text.replace(note, "")
    furniture = [data.setup.letterhead.clinic_name or "", "your hip advice", "Page "]
    lines = [line for line in text.splitlines() if not any(f in line for f in furniture if f)]
    body = " ".join(lines).replace("•", ".")
    for heading in HEADINGS:
        body = body.replace(heading, f"{heading}.")
    return re.sub(r"\s+", " ", body)


@pytest.mark.parametrize("calcific", [True, False])
def test_the_handout_reads_at_grade_seven_or_below(handout: HandoutData, calcific):
    data = replace(handout, calcific=calcific, exercises=NOTES)
    body = _body(data)
    assert len(body.split()) > 300  # the whole body, not a fragment
    grade = textstat.flesch_kincaid_grade(body)
    assert grade <= MAX_GRADE, grade


def test_each_handout_section_reads_at_grade_seven_or_below(handout: HandoutData):
    body = _body(replace(handout, exercises=NOTES))
    cuts = [body.index(heading) for heading in HEADINGS if heading in body] + [len(body)]
    assert len(cuts) > 6
    for start, end in itertools.pairwise(cuts):
        section = body[start:end]
        assert textstat.flesch_kincaid_grade(section) <= MAX_GRADE, section[:60]


def test_the_physios_notes_are_shown_as_written_under_their_own_heading(handout: HandoutData):
    text = re.sub(r"\s+", " ", " ".join(_pages(replace(handout, exercises=NOTES))))
    notes_at = text.index("Your physio's notes")
    for note in NOTES:
        assert note in text[notes_at:]
    assert "chose these exercises" not in text


def test_the_readability_package_copes_with_words_it_does_not_know():
    # textstat before 0.7.8 raised KeyError for a word missing from the CMU dictionary
    # (textstat/textstat#212); a physio's code such as "ISO_abd" must not break a test.
    assert textstat.flesch_kincaid_grade("Do ISO_abd daily. Rest when sore.") < 20


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
