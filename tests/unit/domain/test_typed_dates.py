"""Dates read as a person types them; a day that does not exist is refused, never moved."""

from datetime import date

import pytest

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.typed_dates import DateReading, read_typed_date

ON_1_DEC_2026 = DateReading(reference=date(2026, 12, 1))


@pytest.mark.parametrize(
    "typed",
    [
        "14/05/1971",
        "14/5/1971",
        "14.5.71",
        "14-05-1971",
        "14 05 1971",
        " 14 / 5 / 71 ",
        "1971-05-14",
        "1971/5/14",
        "14051971",
        "140571",
        "14 May 1971",
        "14th may 1971",
        "May 14, 1971",
        "14 MAY 71",
    ],
)
def test_the_usual_ways_of_typing_a_date_all_read_as_that_date(typed: str):
    assert read_typed_date(typed, "date_of_birth", ON_1_DEC_2026) == date(1971, 5, 14)


def test_a_locale_that_writes_the_month_first_reads_numeric_dates_month_first():
    us = DateReading(reference=date(2026, 12, 1), month_first=True)
    assert read_typed_date("05/14/1971", "date", us) == date(1971, 5, 14)
    assert read_typed_date("1971-05-14", "date", us) == date(1971, 5, 14)
    assert read_typed_date("05/04/2026", "date", ON_1_DEC_2026) == date(2026, 4, 5)


@pytest.mark.parametrize(
    ("typed", "year"),
    [("1.1.71", 1971), ("1.1.46", 2046), ("1.1.47", 1947), ("1.1.26", 2026), ("1.1.00", 2000)],
)
def test_a_two_digit_year_is_the_one_in_the_century_ending_twenty_years_ahead(
    typed: str, year: int
):
    assert read_typed_date(typed, "date", ON_1_DEC_2026).year == year


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("31/11/2026", "November 2026 has 30 days, so day 31 does not exist"),
        ("29/02/2025", "February 2025 has 28 days, so day 29 does not exist"),
        ("0/5/2020", "May 2020 has 31 days, so day 0 does not exist"),
        ("13/13/2020", "there is no month 13"),
        ("not entered9580314", "“not entered9580314” is not a date"),
        ("14/05/197", "is not a date"),
        ("14 Mai 1971", "is not a date"),
        ("1879-12-31", "1879-12-31 is before 1880-01-01"),
        ("   ", "enter the date"),
    ],
)
def test_what_is_no_date_is_refused_naming_the_field_and_why(typed: str, problem: str):
    with pytest.raises(ValidationError) as raised:
        read_typed_date(typed, "visit_date", ON_1_DEC_2026)
    assert raised.value.path == "visit_date"
    assert problem in raised.value.problem


def test_leap_day_is_a_date_in_a_leap_year():
    assert read_typed_date("29.2.2024", "date", ON_1_DEC_2026) == date(2024, 2, 29)
