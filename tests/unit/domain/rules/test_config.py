"""The rules file: shipped values, presets, validation naming the key, overrides, version."""

import re
from decimal import Decimal

import pytest

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.rules import DEFAULT_PRESET, PRESETS, parse_rules

EXPECTED_WEEKS = {"protocol": (4, 6), "leap": (6, 8), "uk-pathway": (6, 12)}


def test_shipped_file_parses_with_protocol_as_default(build):
    rules = parse_rules(build.rules_text())
    assert DEFAULT_PRESET == "protocol"
    assert rules.preset == "protocol"
    assert set(PRESETS) == set(EXPECTED_WEEKS)


@pytest.mark.parametrize("preset", PRESETS)
def test_each_preset_has_the_weeks_of_rules_md(build, preset):
    rules = parse_rules(build.rules_text(), preset=preset)
    assert (rules.preset, rules.review_weeks, rules.escalation_weeks) == (
        preset,
        *EXPECTED_WEEKS[preset],
    )


def test_shipped_thresholds_are_those_of_rules_md(build):
    settings = build.rules().to_toml_dict()
    assert settings["response"] == {
        "pain_drop_points": 2,
        "pain_drop_fraction": 0.3,
        "groc_min": 2,
        "visa_g_gain_points": 10,
    }
    assert settings["worsening"] == {
        "pain_rise_points": 2,
        "visa_g_fall_points": 10,
        "groc_max": -2,
    }
    assert settings["treatments"] == {
        "physio_start_days": 14,
        "nsaid_max_days": 10,
        "nsaid_max_days_older": 5,
        "nsaid_older_age_years": 65,
        "nsaid_recent_days": 14,
    }
    assert settings["red_flags"] == {"fever_c": 38.0, "severe_pain_nrs": 8}
    assert settings["lesions"] == {
        "axis_min_change_mm": 2.0,
        "axis_min_change_fraction": 0.2,
        "axes_needed": 2,
        "volume_change_fraction": 0.5,
        "approximate_ratio": 3.0,
        "follow_up_weeks": 12,
    }
    assert settings["calcifications"] == {
        "growth_mm": 2.0,
        "growth_fraction": 0.2,
        "reduction_fraction": 0.5,
    }


def test_fractions_are_kept_exact(build):
    rules = build.rules()
    assert rules.response.pain_drop_fraction == Decimal("0.30")
    assert rules.lesions.axis_min_change_fraction == Decimal("0.20")


def test_every_value_in_the_shipped_file_names_its_source(build):
    table = ""
    for line in build.rules_text().splitlines():
        if line.startswith("["):
            table = line
            continue
        if table and not table.startswith("[presets.") and re.match(r"^\w+ = ", line):
            assert re.search(r"#.*(\[S\d+[a-z]?\]|DESIGN)", line), line
    for line in build.rules_text().splitlines():
        if line.startswith("[presets.") and not line.startswith("[presets.protocol"):
            assert re.search(r"\[S\d+\]", line), line


def _error(build, text=None, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_rules(text if text is not None else build.rules_text(), **kwargs)
    return caught.value


def test_an_unknown_key_in_the_file_is_named(build):
    text = build.rules_text().replace("[lesions]\n", "[lesions]\naxis_min_change_mmm = 2.0\n")
    error = _error(build, text)
    assert error.path == "lesions.axis_min_change_mmm"
    assert "unknown" in error.problem


def test_an_unknown_table_is_named(build):
    error = _error(build, build.rules_text() + "\n[extras]\nx = 1\n")
    assert error.path == "extras"


def test_a_missing_key_is_named(build):
    text = re.sub(r"(?m)^groc_min = .*\n", "", build.rules_text())
    error = _error(build, text)
    assert (error.path, error.problem) == ("response.groc_min", "is required")


def test_an_unknown_override_key_is_named(build):
    error = _error(build, overrides={"lesions.axis_min_change": 3.0})
    assert error.path == "lesions.axis_min_change"


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("lesions.axis_min_change_mm", -1, "-1 must be greater than 0"),
        ("lesions.axis_min_change_mm", 0, "0 must be greater than 0"),
        ("lesions.axis_min_change_fraction", 1.5, "1.5 must be at most 1"),
        ("response.pain_drop_fraction", -0.1, "-0.1 must be greater than 0"),
        ("presets.leap.review_weeks", -2, "-2 is outside 1–104"),
        ("treatments.nsaid_max_days", 0, "0 is outside 1–365"),
        ("red_flags.fever_c", 50.0, "50.0 must be at most 45"),
        ("response.groc_min", 6, "6 is outside 1–5"),
        ("worsening.groc_max", 1, "1 is outside −5 to −1"),
        ("lesions.axes_needed", 4, "4 is outside 1–3"),
    ],
)
def test_an_out_of_range_value_is_named(build, key, value, problem):
    error = _error(build, overrides={key: value})
    assert (error.path, error.problem) == (key, problem)


def test_an_out_of_range_value_in_the_file_is_named(build):
    text = build.rules_text().replace("axis_min_change_mm = 2.0", "axis_min_change_mm = -1.0")
    error = _error(build, text)
    assert (error.path, error.problem) == (
        "lesions.axis_min_change_mm",
        "-1.0 must be greater than 0",
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("response.pain_drop_points", 2.5),
        ("response.pain_drop_points", True),
        ("red_flags.fever_c", "38"),
        ("lesions.follow_up_weeks", None),
        ("lesions.axis_min_change_mm", float("nan")),
    ],
)
def test_a_wrong_type_is_named(build, key, value):
    assert _error(build, overrides={key: value}).path == key


def test_escalation_before_review_is_refused(build):
    error = _error(build, overrides={"presets.leap.escalation_weeks": 5})
    assert error.path == "presets.leap.escalation_weeks"
    assert "before" in error.problem


def test_escalation_on_the_review_week_is_accepted(build):
    rules = build.rules("leap", presets__leap__escalation_weeks=6)
    assert (rules.review_weeks, rules.escalation_weeks) == (6, 6)


def test_an_unknown_preset_is_refused(build):
    assert _error(build, preset="fast").path == "preset"
    assert _error(build, overrides={"presets.fast.review_weeks": 3}).path == "presets.fast"
    text = build.rules_text().replace('default_preset = "protocol"', 'default_preset = "fast"')
    assert _error(build, text).path == "default_preset"


def test_not_toml_and_a_wrong_format_are_refused(build):
    assert "not a valid rules file" in _error(build, "[[[").problem
    text = build.rules_text().replace("trochtrack-rules/1", "trochtrack-rules/9")
    assert _error(build, text).path == "format"


def test_overrides_apply_on_top_of_the_file(build):
    rules = parse_rules(
        build.rules_text(),
        overrides={"lesions.axis_min_change_mm": 3.0, "presets.protocol.review_weeks": 5},
    )
    assert rules.lesions.axis_min_change_mm == Decimal("3.0")
    assert rules.review_weeks == 5
    assert rules.review_due(build.T0) == build.day(35)


def test_the_default_preset_can_be_overridden(build):
    assert build.rules(default_preset="leap").preset == "leap"


def test_version_is_twelve_hex_digits_and_stable(build):
    first = parse_rules(build.rules_text()).version
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert parse_rules(build.rules_text()).version == first
    same_value = parse_rules(build.rules_text(), overrides={"response.pain_drop_fraction": 0.3})
    assert same_value.version == first


def test_version_changes_with_the_preset_and_with_any_threshold(build):
    versions = {parse_rules(build.rules_text(), preset=preset).version for preset in PRESETS}
    assert len(versions) == len(PRESETS)
    default = build.rules().version
    assert build.rules(lesions__axis_min_change_mm=2.5).version != default
    assert build.rules(calcifications__reduction_fraction=0.6).version != default
    assert build.rules(presets__protocol__escalation_weeks=7).version != default


def test_version_covers_only_the_rules_in_force(build):
    """Another preset's weeks do not change what this evaluation applies."""
    assert build.rules(presets__leap__review_weeks=7).version == build.rules().version


def test_a_clinic_file_may_change_only_some_values_over_the_defaults(build):
    rules = parse_rules(
        "[lesions]\naxis_min_change_mm = 3.0\n[presets.protocol]\nreview_weeks = 3\n",
        defaults=build.rules_text(),
    )
    assert rules.lesions.axis_min_change_mm == Decimal("3.0")
    assert rules.review_weeks == 3
    assert rules.escalation_weeks == 6
    assert rules.response.pain_drop_points == 2


def test_a_typo_in_a_partial_clinic_file_is_still_refused(build):
    with pytest.raises(ValidationError) as caught:
        parse_rules("[lesions]\naxis_min_chnage_mm = 3.0\n", defaults=build.rules_text())
    assert caught.value.path == "lesions.axis_min_chnage_mm"
    assert caught.value.problem == "unknown key"
