"""Text as the charts draw it."""

from __future__ import annotations


def literal_text(text: str) -> str:
    """Text shown as typed, never as matplotlib mathematics.

    Matplotlib reads a pair of ``$`` as TeX: a lesion called ``bursa-$x$`` would print
    an italic x, and one with bad TeX stopped the whole letter.
    """
    return text.replace("$", r"\$")
