"""Chart styles, passed to every draw call (the global rcParams are never touched).

Colours are from the Okabe-Ito palette, which stays distinct for colour-blind readers,
and every series also differs by marker or line style so a greyscale print still tells
them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartStyle:
    """Sizes and colours of one rendering (screen or print)."""

    font_size: float = 9.0
    line_width: float = 1.8
    marker_size: float = 5.5
    pain_colour: str = "#D55E00"
    night_pain_colour: str = "#882255"
    visa_g_colour: str = "#0072B2"
    first_line_colour: str = "#009E73"
    second_line_colour: str = "#E69F00"
    baseline_colour: str = "#555555"
    review_colour: str = "#333333"
    escalation_colour: str = "#A01010"
    decision_colour: str = "#000000"
    band_colour: str = "#C8C8C8"
    """The change band around a baseline: a grey that prints as itself."""
    measure_colour: str = "#0072B2"
    left_colour: str = "#0072B2"
    right_colour: str = "#D55E00"
    grid_colour: str = "#DDDDDD"
    lesion_colours: tuple[str, ...] = (
        "#0072B2",
        "#D55E00",
        "#009E73",
        "#CC79A7",
        "#E69F00",
        "#56B4E9",
    )
    lesion_markers: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")

    @property
    def small_font_size(self) -> float:
        """Tick labels, legends and line labels."""
        return self.font_size - 1


SCREEN_STYLE: Final = ChartStyle()
PRINT_STYLE: Final = ChartStyle(font_size=8.5, line_width=1.5, marker_size=4.5)
LARGE_PRINT_STYLE: Final = ChartStyle(font_size=12, line_width=2.2, marker_size=7)
"""For patients: the handout prints its chart smaller than a letter does, in larger type."""
