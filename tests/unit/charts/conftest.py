"""Episodes and their evaluations for the chart tests (no database)."""

from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from trochtrack.domain.case_format import load_case_json
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import (
    RULES_RESOURCE,
    EpisodeEvaluation,
    RulesConfig,
    evaluate_episode,
    parse_rules,
)

EXAMPLES = Path(__file__).parents[2] / "data" / "examples"

Evaluate = Callable[[str, date], tuple[Episode, EpisodeEvaluation]]


@cache
def default_rules() -> RulesConfig:
    package, name = RULES_RESOURCE
    return parse_rules(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@pytest.fixture
def evaluate() -> Evaluate:
    """The first episode of an example case with its evaluation on a date."""

    def run(example: str, as_of: date) -> tuple[Episode, EpisodeEvaluation]:
        case = load_case_json((EXAMPLES / f"{example}.json").read_text(encoding="utf-8"))
        episode = case.episodes[0]
        return episode, evaluate_episode(case.patient, episode, as_of, default_rules())

    return run
