"""The shape of a measured lesion: three diameters, and the volume they give."""

from __future__ import annotations

import math

Dimensions = tuple[float, float, float]


def ellipsoid_volume_mm3(dims_mm: Dimensions) -> float:
    """The volume of the ellipsoid with these three diameters: pi/6 * a * b * c."""
    a, b, c = dims_mm
    return math.pi / 6 * a * b * c
