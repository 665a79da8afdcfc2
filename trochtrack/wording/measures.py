"""The scores a visit records, as the window, the charts and the letters name them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasureWords:
    """One score of a visit in words."""

    field: str
    """The visit's field that holds it."""
    name: str
    """In a letter's table of scores."""
    column: str
    """A table column's title in the window."""
    legend: str
    """A chart's legend."""
    scale: str
    lower_is_better: bool


PAIN: Final = MeasureWords(
    field="pain_nrs",
    name="Pain, past week",
    column="Pain",
    legend="Pain (past week)",
    scale="NRS 0–10, lower is better",
    lower_is_better=True,
)
NIGHT_PAIN: Final = MeasureWords(
    field="night_pain_nrs",
    name="Night pain",
    column="Night pain",
    legend="Night pain",
    scale="NRS 0–10, lower is better",
    lower_is_better=True,
)
VISA_G: Final = MeasureWords(
    field="visa_g",
    name="VISA-G",
    column="VISA-G",
    legend="VISA-G",
    scale="0–100, higher is better",
    lower_is_better=False,
)
GROC: Final = MeasureWords(
    field="groc",
    name="Global rating of change",
    column="GROC",
    legend="GROC",
    scale="−5 to +5, against the start of care",
    lower_is_better=False,
)
"""GROC rates the change itself, so it has no baseline."""
SCORE_MEASURES: Final = (PAIN, NIGHT_PAIN, VISA_G, GROC)
FUNCTION_MEASURES: Final = frozenset({VISA_G.name, GROC.name})
"""Pain and night pain go under a referral's pain pattern; these speak of function."""
TEMPERATURE_COLUMN: Final = "Temp. °C"

LEFS: Final = MeasureWords(
    field="lefs",
    name="LEFS",
    column="LEFS",
    legend="LEFS",
    scale="0–80, higher is better",
    lower_is_better=False,
)
PSFS: Final = MeasureWords(
    field="psfs",
    name="PSFS (patient's own activities)",
    column="PSFS",
    legend="PSFS (mean)",
    scale="mean 0–10, higher is better",
    lower_is_better=False,
)
PSEQ2: Final = MeasureWords(
    field="pseq2",
    name="Pain self-efficacy (PSEQ-2)",
    column="PSEQ-2",
    legend="PSEQ-2",
    scale="0–12, higher is better",
    lower_is_better=False,
)
QUESTIONNAIRE_MEASURES: Final = (VISA_G, LEFS, PSFS, PSEQ2)
"""The questionnaires' totals; ``field`` is the instrument's code."""
STANCE_LEFT: Final = MeasureWords(
    field="stance_pain_left_s",
    name="Single-leg stance, left",
    column="Stance L",
    legend="Single-leg stance, left (s)",
    scale="seconds to pain, up to 30; higher is better",
    lower_is_better=False,
)
STANCE_RIGHT: Final = MeasureWords(
    field="stance_pain_right_s",
    name="Single-leg stance, right",
    column="Stance R",
    legend="Single-leg stance, right (s)",
    scale="seconds to pain, up to 30; higher is better",
    lower_is_better=False,
)
STANCE_CAP_NOTE: Final = "30 s means no pain came within 30 s"
STAIR_PAIN: Final = MeasureWords(
    field="stair_pain_nrs",
    name="Pain on stairs",
    column="Stairs",
    legend="Pain on stairs",
    scale="NRS 0–10, lower is better",
    lower_is_better=True,
)
ABDUCTION_LEFT: Final = MeasureWords(
    field="abduction_left",
    name="Hip abduction strength, left",
    column="Abduction L",
    legend="Abduction strength, left",
    scale="dynamometer, N or kg; higher is better",
    lower_is_better=False,
)
ABDUCTION_RIGHT: Final = MeasureWords(
    field="abduction_right",
    name="Hip abduction strength, right",
    column="Abduction R",
    legend="Abduction strength, right",
    scale="dynamometer, N or kg; higher is better",
    lower_is_better=False,
)
CORE_SET_MEASURES: Final = (STANCE_LEFT, STANCE_RIGHT, STAIR_PAIN, ABDUCTION_LEFT, ABDUCTION_RIGHT)
"""The core set's visit measures; ``field`` is the name in the visit's outcomes."""
BODY_MASS_NAME: Final = "Body mass"
NO_TOTAL_MARK: Final = "–"
"""A questionnaire's place in a table when its blank items leave it without a total."""


def millilitre_decimals(millilitres: float) -> int:
    """How many places a volume in mL is shown with: more, the smaller it is.

    Volumes are shown in mL everywhere (tables, charts, letters): 12.3, 1.81, 0.052.
    """
    if millilitres >= 10:
        return 1
    if millilitres >= 0.1:
        return 2
    return 3


DIAMETER_NAMES: Final = ("length", "depth", "width")
"""The three diameters of a finding in the order they are recorded and compared (axis by
axis, so each scan must keep it): the seed's bursa is 24 long, 4 deep and 23 wide."""


def format_number(value: float) -> str:
    """A measurement without a needless ``.0``, as documents write it."""
    return f"{value:g}"


def format_volume_ml(volume_mm3: float) -> str:
    """A volume in mL, with more decimals the smaller it is, as documents write it."""
    millilitres = volume_mm3 / 1000
    return f"{millilitres:.{millilitre_decimals(millilitres)}f} mL"
