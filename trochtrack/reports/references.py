"""Numbered references: each source cited as [1], [2] in the text and listed once at the end.

Alerts name their sources by tag (``S15``); a :class:`References` numbers the tags in the
order the letter first cites them, so the list at the end of the clinical detail reads
in the same order as the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from reportlab.platypus import Flowable, Paragraph

from trochtrack.domain.rules.sources import CITATIONS
from trochtrack.reports.common import markup, para
from trochtrack.reports.styles import LetterStyles

# "Mellor et al., BMJ 2018: LEAP trial, …": the part before the colon names the author,
# journal and year when it carries a year; otherwise the whole line is the reference.
_YEAR: Final = re.compile(r"\b(19|20)\d\d\b")
# Tags cited inside a sentence of the rules' wording: "… can continue [S15, S19, S28]".
_INLINE_TAGS: Final = re.compile(r"\[((?:S\d+[a-z]?|DESIGN)(?:, (?:S\d+[a-z]?|DESIGN))*)\]")


def short_reference(tag: str) -> str:
    """The author, journal and year of a source tag (the tag itself when unknown)."""
    citation = CITATIONS.get(tag)
    if citation is None:
        return tag
    head, _, _ = citation.partition(": ")
    return head if _YEAR.search(head) else citation


class References:
    """The sources a document cites, numbered in the order of first citation."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def cite(self, tags: Sequence[str]) -> str:
        """``[1], [2]`` for ``tags``, numbering the ones not cited before."""
        for tag in tags:
            self._numbers.setdefault(tag, len(self._numbers) + 1)
        return ", ".join(f"[{self._numbers[tag]}]" for tag in dict.fromkeys(tags))

    def inline(self, text: str) -> str:
        """``text`` with its bracketed source tags turned into reference numbers."""
        return _INLINE_TAGS.sub(lambda found: self.cite(found.group(1).split(", ")), text)

    def __bool__(self) -> bool:
        return bool(self._numbers)

    def flowables(self) -> list[Flowable]:
        """The heading and the numbered list, one line per source."""
        styles = LetterStyles
        lines: list[Flowable] = [para("References", styles.heading)]
        lines += [
            Paragraph(markup(short_reference(tag)), styles.reference, bulletText=f"[{number}]")
            for tag, number in self._numbers.items()
        ]
        return lines
