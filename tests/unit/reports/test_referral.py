"""The referral, rendered from hand-built data and read back: its options and its urgency."""

import re
from dataclasses import replace

import pytest

from trochtrack.reports.data import ReferralData, Urgency
from trochtrack.wording.dates import readable

from .conftest import (  # noqa: TID252 - helpers beside these tests
    CARE_FAILED,
    FEVER,
    read_back,
    render,
)


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
