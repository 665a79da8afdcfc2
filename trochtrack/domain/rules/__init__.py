"""The clinical rules engine (docs/rules.md): status, alerts, lesion change and due dates.

Pure functions over the domain model: no clock (``as_of`` is always passed in), no I/O
(the rules TOML arrives as text; services read :data:`RULES_RESOURCE` with
``importlib.resources``), no Qt or database. Typical use::

    rules = parse_rules(text, preset="leap")
    evaluation = evaluate_case(case, as_of, rules)
    document = evaluation_to_json(evaluation)  # trochtrack-evaluation/1

Modules: :mod:`.config` (rules file and presets), :mod:`.known` (what was on record on
``as_of``), :mod:`.response` (response and worsening), :mod:`.status` (status table),
:mod:`.treatments`, :mod:`.red_flags`, :mod:`.lesions` (size change since the previous
and the baseline scan), :mod:`.characteristics` (a collection's characteristics),
:mod:`.lesion_alerts` (their alerts and the follow-up scan),
:mod:`.engine` (evaluation), :mod:`.due` (due list), :mod:`.validity` (how long an
evaluation holds), :mod:`.output` (JSON) and
:mod:`.exact` (exact threshold arithmetic).
"""

from trochtrack.domain.rules.alerts import Alert, JsonValue
from trochtrack.domain.rules.characteristics import CONCERNING, FeatureChange
from trochtrack.domain.rules.config import (
    DEFAULT_PRESET,
    PRESETS,
    RULES_FORMAT,
    RULES_RESOURCE,
    RulesConfig,
    parse_rules,
)
from trochtrack.domain.rules.dates import inclusive_days
from trochtrack.domain.rules.due import DueItem, DueKind, due_items
from trochtrack.domain.rules.engine import (
    CaseEvaluation,
    EpisodeEvaluation,
    evaluate_case,
    evaluate_episode,
)
from trochtrack.domain.rules.lesions import (
    AxisChange,
    AxisTrend,
    LesionAssessment,
    LesionObservation,
    SinceBaseline,
)
from trochtrack.domain.rules.output import (
    EPISODE_EVALUATION_FORMAT,
    EVALUATION_FORMAT,
    episode_evaluation_from_json,
    episode_evaluation_to_json,
    evaluation_to_json,
)
from trochtrack.domain.rules.response import (
    DatedScore,
    Measure,
    MeasureChange,
    ResponseAssessment,
    WorseningAssessment,
)
from trochtrack.domain.rules.status import SECOND_LINE_OPTIONS
from trochtrack.domain.rules.validity import valid_until

__all__ = [
    "CONCERNING",
    "DEFAULT_PRESET",
    "EPISODE_EVALUATION_FORMAT",
    "EVALUATION_FORMAT",
    "PRESETS",
    "RULES_FORMAT",
    "RULES_RESOURCE",
    "SECOND_LINE_OPTIONS",
    "Alert",
    "AxisChange",
    "AxisTrend",
    "CaseEvaluation",
    "DatedScore",
    "DueItem",
    "DueKind",
    "EpisodeEvaluation",
    "FeatureChange",
    "JsonValue",
    "LesionAssessment",
    "LesionObservation",
    "Measure",
    "MeasureChange",
    "ResponseAssessment",
    "RulesConfig",
    "SinceBaseline",
    "WorseningAssessment",
    "due_items",
    "episode_evaluation_from_json",
    "episode_evaluation_to_json",
    "evaluate_case",
    "evaluate_episode",
    "evaluation_to_json",
    "inclusive_days",
    "parse_rules",
    "valid_until",
]
