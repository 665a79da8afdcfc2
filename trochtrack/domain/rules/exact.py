"""Exact arithmetic for threshold comparisons.

Measurements arrive as floats; ``8.2 - 6.2`` is ``1.9999999999999991`` in binary floating
point, which would wrongly miss a 2 mm threshold. Every value is therefore taken at its
shortest decimal form (``Decimal(repr(x))``, so 6.1 is exactly 6.1) and compared with
products instead of quotients, in a context precise enough that nothing is ever rounded:
an inexact result raises instead of flipping a call.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Context, Decimal, Inexact, InvalidOperation
from typing import Final

# Three diameters of at most 17 significant digits multiply to at most 51 digits; a
# threshold factor adds a few more. 120 digits leaves ample room.
_EXACT: Final = Context(prec=120, traps=[Inexact, InvalidOperation])
_DISPLAY: Final = Context(prec=28)
_TENTH: Final = Decimal("0.1")


def exact(value: float | Decimal) -> Decimal:
    """The value as a Decimal, a float taken at its shortest decimal form."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def difference(new: float | Decimal, old: float | Decimal) -> Decimal:
    """``new - old`` without rounding."""
    return _EXACT.subtract(exact(new), exact(old))


def product(values: Iterable[float | Decimal]) -> Decimal:
    """The product of ``values`` without rounding."""
    result = Decimal(1)
    for value in values:
        result = _EXACT.multiply(result, exact(value))
    return result


def scaled(value: float | Decimal, factor: float | Decimal) -> Decimal:
    """``value * factor`` without rounding."""
    return _EXACT.multiply(exact(value), exact(factor))


def percent_of(part: float | Decimal, whole: float | Decimal) -> float | None:
    """``part / whole`` in percent, to 0.1, for display; ``None`` when ``whole`` is 0."""
    if exact(whole) == 0:
        return None
    ratio = _DISPLAY.divide(_DISPLAY.multiply(exact(part), Decimal(100)), exact(whole))
    # Adding 0.0 turns a negative zero ("-0.0 %") into 0.0.
    return float(ratio.quantize(_TENTH, rounding=ROUND_HALF_EVEN, context=_DISPLAY)) + 0.0
