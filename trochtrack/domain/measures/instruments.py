"""The questionnaires the app scores, read from ``instruments.json`` beside this module.

Item definitions are data: the allowed scores of each item, the parts of an item
answered in exactly one part (VISA-G question 8), the scoring method and the rule for
blank items. The file ships inside the package and is read once, the way Python reads
its own modules; no user file is read here. A malformed definition is a programming
error, found by the tests, so it raises at first use.

Labels are the project's own short names for each item: the patient fills in the
published form, and the app never reproduces a questionnaire's wording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

INSTRUMENTS_FORMAT: Final = "trochtrack-instruments/1"
STORED_CODES: Final = ("visa_g", "lefs", "psfs", "pseq2")
"""The codes the database accepts. A new instrument needs a migration as well as its
definition, so the schema names them here instead of reading the file when it loads."""

Scoring = Literal["sum", "mean"]


@dataclass(frozen=True, slots=True)
class Part:
    """One part of an item answered in exactly one of its parts."""

    id: str
    label: str
    scores: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One item: either its allowed scores, or the parts of which exactly one is answered."""

    id: str
    label: str
    scores: tuple[int, ...] = ()
    parts: tuple[Part, ...] = ()

    def answer_ids(self) -> tuple[str, ...]:
        """The keys an answer to this item is stored under: the item or one of its parts."""
        return tuple(part.id for part in self.parts) if self.parts else (self.id,)

    def scores_for(self, answer_id: str) -> tuple[int, ...]:
        """The scores allowed for an answer stored under ``answer_id``."""
        for part in self.parts:
            if part.id == answer_id:
                return part.scores
        return self.scores

    def highest(self) -> int:
        """The best-scoring answer's score, over all parts."""
        return max(max(part.scores) for part in self.parts) if self.parts else max(self.scores)

    def lowest(self) -> int:
        """The lowest score any answer can have, over all parts."""
        return min(min(part.scores) for part in self.parts) if self.parts else min(self.scores)


@dataclass(frozen=True, slots=True)
class NamedItems:
    """Items the patient names (PSFS activities): how many, and the scale of each."""

    fewest: int
    most: int
    scores: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ChangeThreshold:
    """The change that counts as real for one patient, with its kind and source."""

    points: float
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class Instrument:
    """One questionnaire: its items, range, direction, scoring and source."""

    code: str
    name: str
    full_name: str
    source: str
    scoring: Scoring
    low: int
    high: int
    higher_is_better: bool
    missing_note: str
    items: tuple[Item, ...]
    named_items: NamedItems | None
    change: ChangeThreshold | None

    def item(self, item_id: str) -> Item | None:
        """The item numbered ``item_id``, if the instrument has one."""
        for item in self.items:
            if item.id == item_id:
                return item
        return None

    def item_of_answer(self, answer_id: str) -> Item | None:
        """The item an answer key belongs to: ``"8B"`` belongs to question 8."""
        for item in self.items:
            if answer_id in item.answer_ids():
                return item
        return None


def instruments() -> tuple[Instrument, ...]:
    """Every shipped instrument, in the order forms and tables show them."""
    return _catalogue()


def instrument(code: str) -> Instrument | None:
    """The shipped instrument of ``code`` (``"visa_g"``), or ``None``."""
    for each in _catalogue():
        if each.code == code:
            return each
    return None


def instrument_codes() -> tuple[str, ...]:
    """The codes a case file and the database use for the instruments."""
    return tuple(each.code for each in _catalogue())


@cache
def _catalogue() -> tuple[Instrument, ...]:
    text = resources.files(__package__).joinpath("instruments.json").read_text("utf-8")
    return parse_instruments(text)


def parse_instruments(text: str) -> tuple[Instrument, ...]:
    """The instruments a definitions file holds; raises ``ValueError`` naming the fault."""
    data = json.loads(text)
    if data.get("format") != INSTRUMENTS_FORMAT:
        raise ValueError(f"instrument definitions: format is not {INSTRUMENTS_FORMAT}")
    parsed = tuple(_instrument(entry) for entry in data["instruments"])
    codes = [each.code for each in parsed]
    if len(set(codes)) != len(codes):
        raise ValueError("instrument definitions: a code is used twice")
    if not set(codes) <= set(STORED_CODES):
        raise ValueError("instrument definitions: a code the database does not accept")
    return parsed


def _instrument(entry: dict[str, Any]) -> Instrument:
    code = entry["code"]
    items = tuple(_item(raw) for raw in entry["items"])
    named = entry.get("named_items")
    named_items = (
        None
        if named is None
        else NamedItems(fewest=named["min"], most=named["max"], scores=tuple(named["scores"]))
    )
    change = entry.get("change")
    result = Instrument(
        code=code,
        name=entry["name"],
        full_name=entry["full_name"],
        source=entry["source"],
        scoring=entry["scoring"],
        low=entry["range"][0],
        high=entry["range"][1],
        higher_is_better=entry["higher_is_better"],
        missing_note=entry["missing_note"],
        items=items,
        named_items=named_items,
        change=None
        if change is None
        else ChangeThreshold(points=change["points"], kind=change["kind"], source=change["source"]),
    )
    _check_range(result)
    return result


def _item(raw: dict[str, Any]) -> Item:
    parts = tuple(
        Part(id=part["id"], label=part["label"], scores=_scores(part["scores"], part["id"]))
        for part in raw.get("parts", ())
    )
    scores = () if parts else _scores(raw["scores"], raw["id"])
    return Item(id=raw["id"], label=raw["label"], scores=scores, parts=parts)


def _scores(raw: list[int], where: str) -> tuple[int, ...]:
    scores = tuple(raw)
    if not scores or list(scores) != sorted(set(scores)):
        raise ValueError(f"instrument definitions: item {where} needs rising, distinct scores")
    return scores


def _check_range(each: Instrument) -> None:
    """The items' lowest and highest totals must be the instrument's published range."""
    if each.scoring == "mean":
        if each.named_items is None:
            raise ValueError(f"instrument definitions: {each.code} scores a mean of nothing")
        scale = each.named_items.scores
        low, high = min(scale), max(scale)
    else:
        low = sum(item.lowest() for item in each.items)
        high = sum(item.highest() for item in each.items)
    if (low, high) != (each.low, each.high):
        raise ValueError(f"instrument definitions: {each.code} items span {low}-{high}")
