"""Dates in the rules' text are printed the one way the app prints dates."""

from trochtrack.wording.dates import readable


def test_the_dates_of_rules_text_are_reformatted():
    assert (
        readable("due 2026-10-19, drop >= 2, GROC <= -2") == "due 19 Oct 2026, drop ≥ 2, GROC ≤ -2"
    )
    assert readable("no date here") == "no date here"
