"""docs/rules.md and docs/case-format.md against the code they describe.

Each test reads a fact from the code (an enum, the shipped rules file, the case reader's
fields, the CLI parser, the JSON writers) and fails when the page no longer states it,
so a change to the code that leaves the docs behind is caught in `make test`.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from trochtrack.cli.main import build_parser, due_json
from trochtrack.domain.case_format import fields, load_case_json
from trochtrack.domain.features import FEATURE_NAMES
from trochtrack.domain.rules import (
    PRESETS,
    RULES_FORMAT,
    RULES_RESOURCE,
    evaluate_case,
    evaluation_to_json,
    parse_rules,
)
from trochtrack.domain.rules.sources import CITATIONS
from trochtrack.domain.vocabulary import (
    AlertCode,
    EpisodeStatus,
    LesionChange,
    LesionKind,
    RedFlag,
    Severity,
    TreatmentKind,
)
from trochtrack.services.due import DueEntry, EntryKind

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
RULES_MD = DOCS / "rules.md"
CASE_FORMAT_MD = DOCS / "case-format.md"
EXAMPLES = ROOT / "tests" / "data" / "examples"

_HEADING = re.compile(r"^(#{1,6}) (.+)$", re.MULTILINE)
_NUMBERED = re.compile(r"^#{2,6} (\d+[a-z]?)\. ", re.MULTILINE)
_TICKED = re.compile(r"`([^`]+)`")
# A document named in the code, "rules v1.1" (the rules contract), or a section cited after
# one: "rules.md §7a", "rules.md §7, §7a", "rules.md section 5", "(§7b)" later in the file.
_CITATION = re.compile(
    r"(?P<doc>\b[\w-]+\.md)\b|(?P<contract>\brules v1\.\d+)|"
    r"(?:§|(?<=\.md )section )(?P<section>\d+[a-z]?)\b"
)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _section(text: str, title: str, *, with_subsections: bool = True) -> str:
    """The part of ``text`` under the heading ``title``, down to the next heading as high.

    Without subsections it stops at the next heading of any level.
    """
    for match in _HEADING.finditer(text):
        if match.group(2).strip() == title:
            level = len(match.group(1))
            rest = text[match.end() :]
            for later in _HEADING.finditer(rest):
                if len(later.group(1)) <= level or not with_subsections:
                    return rest[: later.start()]
            return rest
    raise AssertionError(f"no heading {title!r}")


def _rows(text: str) -> Iterator[list[str]]:
    """The cells of every table row in ``text`` (separator rows left out)."""
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            yield [cell.strip() for cell in line.strip().strip("|").split("|")]


def _first_cell_names(text: str) -> dict[str, list[str]]:
    """Each name in backticks in a row's first cell (``[]`` left off), with the row's cells."""
    return {name.removesuffix("[]"): row for row in _rows(text) for name in _TICKED.findall(row[0])}


def _mentions(text: str, option: str) -> bool:
    """Whether ``text`` names the option ``option`` as a whole word (``-o``, not ``-out``)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def _number(cell: str) -> Decimal:
    return Decimal(cell.replace("−", "-").strip())


# -- rules.md --------------------------------------------------------------------------


def test_the_alert_code_table_lists_exactly_the_codes_the_rules_raise():
    table = _first_cell_names(_section(_text(RULES_MD), "9. Alerts"))
    assert set(table) == {code.value for code in AlertCode}
    severities = {severity.value for severity in Severity}
    for code, row in table.items():
        stated = {word.strip() for word in row[1].split("/")}
        assert stated <= severities, f"{code}: severity {row[1]!r}"


def test_every_alert_code_section_is_a_heading_of_rules_md():
    text = _text(RULES_MD)
    headings = set(_NUMBERED.findall(text))
    for code, row in _first_cell_names(_section(text, "9. Alerts")).items():
        assert row[3].removeprefix("§") in headings, f"{code}: section {row[3]}"


@pytest.mark.parametrize(
    "vocabulary", [EpisodeStatus, LesionChange, LesionKind, RedFlag, TreatmentKind]
)
def test_every_value_of_the_rules_vocabularies_is_in_rules_md(vocabulary):
    text = _text(RULES_MD)
    missing = [member.value for member in vocabulary if f"`{member.value}`" not in text]
    assert not missing


def test_every_rules_key_is_in_the_configuration_table_with_its_shipped_default():
    package, name = RULES_RESOURCE
    shipped = tomllib.loads(
        files(package).joinpath(name).read_text(encoding="utf-8"), parse_float=Decimal
    )
    text = _section(_text(RULES_MD), "8. Configuration")
    table = _first_cell_names(text)
    assert f"`{RULES_FORMAT}`" in text
    assert f'`default_preset = "{shipped["default_preset"]}"`' in text
    documented = {key for key in table if not key.startswith("presets.")}
    expected = {
        f"{section}.{key}"
        for section, values in shipped.items()
        if isinstance(values, dict) and section != "presets"
        for key in values
    }
    assert documented == expected
    for key in expected:
        section, setting = key.split(".")
        assert _number(table[key][1]) == shipped[section][setting], key
    for setting in ("review_weeks", "escalation_weeks"):
        per_preset = [_number(cell) for cell in table[f"presets.<name>.{setting}"][1].split("/")]
        assert per_preset == [shipped["presets"][preset][setting] for preset in PRESETS]


def test_the_preset_table_gives_each_preset_s_weeks():
    rows = _first_cell_names(_section(_text(RULES_MD), "2. Dates"))
    package, name = RULES_RESOURCE
    shipped = files(package).joinpath(name).read_text(encoding="utf-8")
    for preset in PRESETS:
        rules = parse_rules(shipped, preset=preset)
        row = rows[preset]
        assert row[1] == f"{rules.review_weeks} weeks", preset
        assert row[2] == f"{rules.escalation_weeks} weeks", preset


def test_every_source_tag_is_in_the_sources_table():
    tags = {row[0] for row in _rows(_section(_text(RULES_MD), "12. Sources"))}
    assert set(CITATIONS) <= tags


def _citations(path: Path, root: Path = ROOT) -> Iterator[tuple[str, str, str | None]]:
    """(place, document, section) for each document or section the file cites.

    A section cited without a document (``(§7b)``) belongs to the last one named before it.
    """
    current: str | None = None
    for number, line in enumerate(_text(path).splitlines(), start=1):
        place = f"{path.relative_to(root)}:{number}"
        for match in _CITATION.finditer(line):
            if match.group("doc"):
                current = match.group("doc")
                yield place, current, None
            elif match.group("contract"):
                current = "rules.md"
            else:
                yield place, current or "(no document named before it)", match.group("section")


def _code_and_test_files() -> Iterator[Path]:
    for folder in ("trochtrack", "tests"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".toml"} and path != Path(__file__):
                yield path


def test_every_section_the_code_cites_is_a_heading_of_its_document():
    # The docs, and the user guide the app ships (Help > User guide).
    documents = [*DOCS.glob("*.md"), *(ROOT / "trochtrack" / "help").glob("*.md")]
    headings = {doc.name: set(_NUMBERED.findall(_text(doc))) for doc in documents}
    wrong = [
        f"{place}: {doc} §{section}"
        for path in _code_and_test_files()
        for place, doc, section in _citations(path)
        if doc not in headings or (section is not None and section not in headings[doc])
    ]
    assert not wrong


def test_the_citation_scan_sees_the_forms_the_code_uses(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Lesions (rules.md §7, §7a) and (§7b); rules.md section 4; rules v1.1 §3.\n'
        "A card (evidence.md §7).\n"
        'Formats: case-format.md."""\n',
        encoding="utf-8",
    )
    found = [(doc, section) for _, doc, section in _citations(sample, tmp_path) if section]
    assert found == [
        ("rules.md", "7"),
        ("rules.md", "7a"),
        ("rules.md", "7b"),
        ("rules.md", "4"),
        ("rules.md", "3"),
        ("evidence.md", "7"),
    ]


# -- case-format.md --------------------------------------------------------------------

_CASE_OBJECTS = {
    "`patient`": (fields.PATIENT_REQUIRED, fields.PATIENT_OPTIONAL),
    "`episodes[]`": (fields.EPISODE_REQUIRED, fields.EPISODE_OPTIONAL),
    "`other_diagnoses[]`": (fields.WORKING_DIAGNOSIS_REQUIRED, fields.WORKING_DIAGNOSIS_OPTIONAL),
    "`visits[]`": (fields.VISIT_REQUIRED, fields.VISIT_OPTIONAL),
    "`treatments[]`": (fields.TREATMENT_REQUIRED, fields.TREATMENT_OPTIONAL),
    "`scans[]`": (fields.SCAN_REQUIRED, fields.SCAN_OPTIONAL),
    "`findings[]`": (fields.FINDING_REQUIRED, fields.FINDING_OPTIONAL),
}


@pytest.mark.parametrize("heading", sorted(_CASE_OBJECTS))
def test_every_field_the_case_reader_accepts_is_in_its_table(heading):
    required, optional = _CASE_OBJECTS[heading]
    table = _first_cell_names(_section(_text(CASE_FORMAT_MD), heading, with_subsections=False))
    assert set(table) == {*required, *optional}
    for name in required:
        assert "yes" in table[name][2], f"{heading} {name} is required"
    for name in optional:
        assert "yes" not in table[name][2], f"{heading} {name} is optional"


def test_the_gp_and_the_characteristics_are_documented():
    text = _text(CASE_FORMAT_MD)
    gp_row = _first_cell_names(_section(text, "`patient`"))["gp"]
    assert all(f"`{name}`" in gp_row[3] for name in fields.GP_OPTIONAL)
    features = _first_cell_names(_section(text, "`features` (v1.1)"))
    assert set(features) == set(FEATURE_NAMES)


def test_the_documented_example_case_is_read_as_it_stands():
    block = _section(_text(CASE_FORMAT_MD), "`trochtrack-case/1`").split("```json\n")[1]
    case = load_case_json(block.split("```")[0])
    assert case.patient.ref == "P-0042"


def _keys(value: object, prefix: str = "") -> Iterator[str]:
    """Every key in a JSON value, nested ones written ``..key`` as in the tables."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{prefix}{key}"
            if key != "evidence":  # the evidence's keys are each alert's own
                yield from _keys(item, prefix + ".")
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, prefix)


def test_every_key_of_the_evaluation_output_is_in_its_table():
    package, name = RULES_RESOURCE
    rules = parse_rules(files(package).joinpath(name).read_text(encoding="utf-8"))
    case = load_case_json(_text(EXAMPLES / "bursa-characteristics.json"))
    document = evaluation_to_json(evaluate_case(case, date(2026, 10, 20), rules))
    text = _section(_text(CASE_FORMAT_MD), "`trochtrack-evaluation/1`")
    assert set(_keys(document)) - {"format"} <= set(_first_cell_names(text))
    assert f'"format": "{document["format"]}"' in text


def test_every_key_of_the_due_list_output_is_in_its_table():
    day = date(2026, 10, 20)
    entry = DueEntry(
        due=day,
        kind=EntryKind.DUE,
        what="review",
        label="First-line review",
        severity=None,
        urgency=3,
        patient_id=1,
        patient_ref="P-1",
        patient_name="Lee, Ann",
        date_of_birth=date(1960, 1, 1),
        episode_id=1,
        episode_ref="E1",
        side="left",
        status=EpisodeStatus.IN_PROGRESS,
        overdue=False,
    )
    document = due_json(day, [entry])
    text = _section(_text(CASE_FORMAT_MD), "`trochtrack-due-list/1`")
    items = document["items"]
    assert isinstance(items, list)
    assert {key for item in items for key in item} <= set(_first_cell_names(text))
    assert f'"format": "{document["format"]}"' in text


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_every_cli_command_is_in_the_command_table():
    table = _section(_text(CASE_FORMAT_MD), "Commands")
    listed = {row[0].strip("`").split()[0] for row in _rows(table) if row[0].startswith("`")}
    assert listed == set(_subcommands())


@pytest.mark.parametrize("command", ["", *sorted(_subcommands())])
def test_every_option_of_each_command_is_documented(command):
    text = _section(_text(CASE_FORMAT_MD), "`trochtrack-cli`")
    parser = _subcommands()[command] if command else build_parser()
    missing = [
        action.option_strings
        for action in parser._actions
        if action.option_strings
        and "--help" not in action.option_strings
        and not all(_mentions(text, option) for option in action.option_strings)
    ]
    assert not missing
