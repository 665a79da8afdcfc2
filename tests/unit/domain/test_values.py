"""Single-value checks: what a form or a case file can and cannot store."""

import math
from datetime import date

import pytest
from factories import make_patient

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import GeneralPractitioner
from trochtrack.domain.values import (
    check_diameter,
    check_measurement,
    check_name,
    check_optional_email,
    check_score,
    check_text,
    parse_decimal_text,
    parse_iso_date,
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (11, "pain_nrs: 11 is outside 0–10"),
        (-1, "pain_nrs: -1 is outside 0–10"),
        (7.5, "pain_nrs: 7.5 is not a whole number"),
        (math.nan, "pain_nrs: NaN is not a finite number"),
        (math.inf, "pain_nrs: infinity is not a finite number"),
        (True, "pain_nrs: expected a whole number, got true"),
        ("7", "pain_nrs: expected a whole number, got text '7'"),
        (None, "pain_nrs: expected a whole number, got null"),
    ],
)
def test_scores_out_of_range_or_not_whole_are_refused_naming_the_field(value, message):
    with pytest.raises(ValidationError) as caught:
        check_score(value, "pain_nrs", 0, 10)
    assert str(caught.value) == message


def test_a_whole_float_score_is_stored_as_an_integer():
    value = check_score(7.0, "pain_nrs", 0, 10)
    assert value == 7
    assert type(value) is int


@pytest.mark.parametrize("value", [0, -3, 300.0001, 8500, math.nan, -math.inf, 1e400])
def test_impossible_diameters_are_refused(value):
    with pytest.raises(ValidationError, match=r"^dims_mm\[0\]: "):
        check_diameter(value, "dims_mm[0]")


@pytest.mark.parametrize("value", [0.1, 8, 300])
def test_plausible_diameters_are_kept(value):
    assert check_diameter(value, "d") == float(value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-02-30", "2026-02-30 is not a real date"),
        ("2025-02-29", "2025-02-29 is not a real date"),
        ("20260101", "'20260101' is not a date in the form YYYY-MM-DD"),
        ("1 Jan 2026", "'1 Jan 2026' is not a date in the form YYYY-MM-DD"),
        ("1850-01-01", "1850-01-01 is before 1880-01-01"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused(text, problem):
    with pytest.raises(ValidationError) as caught:
        parse_iso_date(text, "date")
    assert caught.value.problem == problem


def test_leap_day_in_a_leap_year_is_a_real_date():
    assert parse_iso_date("2024-02-29", "date").isoformat() == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("Ann\x00", "contains a NUL character"),
        ("An\ud800n", "contains an invalid character (a lone surrogate)"),
        ("Ann\x07", "contains a control character (U+0007)"),
        ("\u202eAnn", "contains a text-direction override character (U+202E)"),
        ("x" * 101, "is 101 characters long; the limit is 100"),
    ],
)
def test_names_refuse_invisible_or_dangerous_characters(text, problem):
    with pytest.raises(ValidationError) as caught:
        check_text(text, "given_name", max_length=100)
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    "name",
    ["Zoë Ångström-Łukasz", "Ελένη", "Ñúñez", "مريم", "יעל", "O'Brien", "<b>x</b>", "🙂 Ann"],
)
def test_names_in_any_script_and_markup_are_kept_as_typed(name):
    assert check_text(name, "given_name", max_length=100) == name


def test_text_is_stored_in_nfc():
    decomposed = "Jose\u0301"
    assert check_text(decomposed, "given_name", max_length=100) == "Jos\u00e9"


def test_notes_keep_line_breaks_but_names_do_not():
    assert check_text("line 1\nline 2", "notes", max_length=50, multiline=True) == "line 1\nline 2"
    with pytest.raises(ValidationError, match="control character"):
        check_text("line 1\nline 2", "family_name", max_length=50)


@pytest.mark.parametrize(
    ("text", "decimal", "group", "expected"),
    [
        ("8.5", ".", ",", 8.5),
        ("8,5", ",", ".", 8.5),
        (" 12 ", ".", ",", 12.0),
        ("-0.5", ".", ",", -0.5),
        ("8,5", ",", "\u00a0", 8.5),
        ("+1", ".", ",", 1.0),
        ("\u22122", ".", ",", -2.0),
        ("+0,5", ",", ".", 0.5),
    ],
)
def test_locale_numbers_are_read_with_the_locale_decimal_separator(text, decimal, group, expected):
    assert (
        parse_decimal_text(text, "d", decimal_separator=decimal, group_separator=group) == expected
    )


@pytest.mark.parametrize(
    ("text", "decimal", "group"),
    [
        ("8,5", ".", ","),  # en: comma is a group separator, never a decimal point
        ("1,500", ".", ","),  # 1500 in one locale, 1.5 in another: refused everywhere
        ("1.500", ",", "."),
        ("8.5", ",", "."),
        ("8_5", ".", ","),
        ("nan", ".", ","),
        ("inf", ".", ","),
        ("1e3", ".", ","),
        ("٨٥", ".", ","),
        ("８５", ".", ","),
        ("8.", ".", ","),
        ("", ".", ","),
        ("-", ".", ","),
        ("+", ".", ","),
        ("+-1", ".", ","),
        ("+ 1", ".", ","),
        ("--1", ".", ","),
    ],
)
def test_ambiguous_or_non_finite_numbers_are_refused(text, decimal, group):
    with pytest.raises(ValidationError, match=r"^dim_1_mm: "):
        parse_decimal_text(text, "dim_1_mm", decimal_separator=decimal, group_separator=group)


def test_entities_refuse_values_outside_their_vocabulary():
    from trochtrack.domain.model import Finding, Treatment, Visit
    from trochtrack.domain.vocabulary import LesionKind

    with pytest.raises(ValidationError, match=r"^kind: unknown value 'cyst'"):
        Finding(lesion="l-1", kind="cyst", dims_mm=(1, 2, 3))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^red_flags: unknown value 'fever'"):
        Visit(date=date(2026, 1, 1), pain_nrs=3, red_flags=frozenset({"fever"}))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^kind: unknown value 'massage'"):
        Treatment(kind="massage", start=date(2026, 1, 1))  # type: ignore[arg-type]
    finding = Finding(lesion="l-1", kind="calcification", dims_mm=(1, 2, 3))  # type: ignore[arg-type]
    assert finding.kind is LesionKind.CALCIFICATION


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (
            lambda v: check_measurement(v, "temperature_c", 30, 45),
            45.0000001,
            "temperature_c: 45.0000001 is outside 30–45",
        ),
        (
            lambda v: check_diameter(v, "dims_mm[0]"),
            300.0000001,
            "dims_mm[0]: 300.0000001 mm is more than 300 mm",
        ),
        (
            lambda v: check_measurement(v, "temperature_c", 30, 45),
            1e20,
            "temperature_c: 1e+20 is outside 30–45",
        ),
        (
            lambda v: check_measurement(v, "temperature_c", 30, 45),
            29.5,
            "temperature_c: 29.5 is outside 30–45",
        ),
    ],
)
def test_a_refusal_shows_the_value_as_given(check, value, message):
    with pytest.raises(ValidationError) as refused:
        check(value)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("\u200b\u200b", "has no visible character"),
        ("\u3164", "has no visible character"),  # Hangul filler
        ("\u2800\u2800", "has no visible character"),  # braille blank
        ("\u115f\u1160", "has no visible character"),
        ("Ann\u2028Lee", "contains a line or paragraph separator (U+2028)"),
        ("Ann\u2029", "contains a line or paragraph separator (U+2029)"),
        ("\u200fAnn", "contains an invisible formatting character (U+200F)"),
        ("Ann\u200e", "contains an invisible formatting character (U+200E)"),
        ("A\u200bnn", "contains an invisible formatting character (U+200B)"),
        ("\u2066Ann\u2069", "contains a text-direction override character (U+2066)"),
        ("\ufeffAnn", "contains an invisible formatting character (U+FEFF)"),
        ("\u200dAnn", "contains an invisible formatting character (U+200D)"),
    ],
)
def test_names_and_refs_refuse_invisible_and_formatting_characters(text, problem):
    with pytest.raises(ValidationError) as caught:
        check_name(text, "given_name", max_length=100)
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Ångström-Łukasz",
        "مريم",
        "יעל",
        "🙂 Ann",
        "\u0915\u094d\u200d\u0937",  # Devanagari: a zero-width joiner between letters
        "\u0d28\u0d4d\u200c\u0d31",  # Malayalam: a non-joiner between letters
        "P-0001",
    ],
)
def test_names_in_any_script_stay_as_typed(name):
    assert check_name(name, "given_name", max_length=100) == name


def test_a_name_is_normalised_to_nfc():
    assert check_name("Zoe\u0308", "given_name", max_length=100) == "Zoë"


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (
            lambda: make_patient(ref="\u200b"),
            "ref",
        ),
        (
            lambda: make_patient(given_name="\u3164"),
            "given_name",
        ),
        (
            lambda: make_patient(family_name="Lee\u2028x"),
            "family_name",
        ),
        (lambda: GeneralPractitioner(name="Dr\u200fPatel"), "name"),
    ],
)
def test_the_records_use_the_name_check(build, field):
    with pytest.raises(ValidationError) as caught:
        build()
    assert caught.value.path == field


@pytest.mark.parametrize(
    "typed", ["01234 567890", "margaret.example", "margaret@", "@example.org", "a b@example.org"]
)
def test_what_is_not_an_email_address_is_refused_naming_the_field(typed: str):
    with pytest.raises(ValidationError, match=r"^email: .* is not an email address"):
        check_optional_email(typed, "email")


def test_an_email_address_is_kept_as_typed():
    assert check_optional_email("m.example+clinic@mail.example.org", "email") == (
        "m.example+clinic@mail.example.org"
    )
    assert check_optional_email(None, "email") is None
