"""Every source an alert names has a citation the window and the letters can show."""

from hypothesis import given, settings

from trochtrack.domain.rules import evaluate_case
from trochtrack.domain.rules.sources import CITATIONS, cite

# Test modules are not a package; the case strategies live beside this file.
from .test_properties import as_of_dates, cases  # noqa: TID252


@settings(max_examples=300, deadline=None)
@given(case=cases(), as_of=as_of_dates)
def test_every_source_of_every_alert_has_a_citation(build, case, as_of):
    for episode in evaluate_case(case, as_of, build.rules()).episodes:
        for alert in episode.alerts:
            assert alert.sources, alert.code
            for tag in alert.sources:
                assert tag in CITATIONS, (alert.code, tag)


def test_the_worked_examples_cite_their_sources(build, example_cases):
    from trochtrack.domain.case_format import load_case_json

    seen: set[str] = set()
    for path in example_cases.values():
        case = load_case_json(path.read_text(encoding="utf-8"))
        for as_of in (case.episodes[0].first_line_start, build.day(400)):
            for episode in evaluate_case(case, as_of, build.rules()).episodes:
                for alert in episode.alerts:
                    seen.update(alert.sources)
    assert {"S6", "S15", "S46b"} <= seen
    assert cite(["S15", "S99"]) == [f"S15: {CITATIONS['S15']}", "S99"]
