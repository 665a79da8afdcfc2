"""A questionnaire as the patient answered it, item by item, and the score the app gives it.

Every answer is kept, blank ones included. A form is refused when it cannot be what
the patient wrote: an unknown item, a score the item does not offer, an item answered
twice, or an item of several parts answered in more than one. A form that is merely
incomplete is kept, and its score says why there is no total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import (
    Instrument,
    NamedItems,
    instrument,
    instrument_codes,
)
from trochtrack.domain.values import check_name, check_score

ACTIVITY_MAX_LENGTH: Final = 200


def _set(entity: object, name: str, value: object) -> None:
    object.__setattr__(entity, name, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """One item's answer: ``item`` is its key (``"3"``, or ``"8B"`` for a part).

    ``score`` is ``None`` for an item left blank. ``activity`` is the activity the
    patient named, for an instrument whose items the patient names (PSFS).
    """

    item: str
    score: int | None
    activity: str | None = None


@dataclass(frozen=True, slots=True)
class Scored:
    """A form's total, or ``None`` with the reason; ``missing`` names the blank items."""

    total: float | None
    missing: tuple[str, ...]
    problem: str | None

    def whole_total(self) -> int | None:
        """The total rounded to a whole number, as a summed score is stored."""
        return None if self.total is None else round(self.total)


@dataclass(frozen=True, slots=True, kw_only=True)
class Questionnaire:
    """One instrument's answers at one visit, in the instrument's item order."""

    instrument: str
    answers: tuple[Answer, ...]

    def __post_init__(self) -> None:
        definition = instrument(self.instrument)
        if definition is None:
            known = ", ".join(instrument_codes())
            raise ValidationError("instrument", f"{self.instrument!r} is not one of {known}")
        if definition.named_items is not None:
            answers = _named_answers(definition, definition.named_items, self.answers)
        else:
            answers = _item_answers(definition, self.answers)
        _set(self, "answers", answers)

    @property
    def definition(self) -> Instrument:
        """The instrument's definition (the code was checked when the form was built)."""
        found = instrument(self.instrument)
        if found is None:
            raise ValidationError("instrument", f"{self.instrument!r} is no longer shipped")
        return found

    def answer(self, item: str) -> Answer | None:
        """The answer stored under ``item``, if any."""
        for answer in self.answers:
            if answer.item == item:
                return answer
        return None

    def score(self) -> Scored:
        """The form's total by its instrument's rules."""
        return score(self.definition, self.answers)


def score(definition: Instrument, answers: Iterable[Answer]) -> Scored:
    """The total of ``answers`` by ``definition``'s scoring and its rule for blank items."""
    given = {answer.item: answer for answer in answers}
    if definition.named_items is not None:
        return _mean_score(definition, definition.named_items, given)
    missing = tuple(
        item.id
        for item in definition.items
        if not any(
            given.get(key) is not None and given[key].score is not None for key in item.answer_ids()
        )
    )
    if missing:
        problem = f"{_items_text(missing)} not answered: {definition.missing_note}"
        return Scored(None, missing, problem)
    total = sum(answer.score for answer in given.values() if answer.score is not None)
    return Scored(float(total), (), None)


def _mean_score(definition: Instrument, named: NamedItems, given: dict[str, Answer]) -> Scored:
    missing = tuple(key for key, answer in given.items() if answer.score is None)
    if missing:
        return Scored(None, missing, f"{_items_text(missing)} not rated: {definition.missing_note}")
    if len(given) < named.fewest:
        problem = (
            f"{definition.name} is scored on {named.fewest} to {named.most} activities; "
            f"{len(given)} named"
        )
        return Scored(None, (), problem)
    scores = [answer.score for answer in given.values() if answer.score is not None]
    return Scored(round(sum(scores) / len(scores), 1), (), None)


def _items_text(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return f"Item {items[0]}"
    return f"Items {', '.join(items[:-1])} and {items[-1]}"


def _item_answers(definition: Instrument, answers: tuple[Answer, ...]) -> tuple[Answer, ...]:
    by_item: dict[str, Answer] = {}
    for answer in answers:
        field = f"answers.{answer.item}"
        item = definition.item_of_answer(answer.item)
        if item is None:
            raise ValidationError(field, f"{definition.name} has no item {answer.item}")
        if answer.activity is not None:
            raise ValidationError(f"{field}.activity", f"{definition.name} items name no activity")
        if item.id in by_item:
            earlier = by_item[item.id].item
            if earlier == answer.item:
                raise ValidationError(field, "is answered twice")
            raise ValidationError(
                field,
                f"item {item.id} is answered in parts {earlier} and {answer.item}; "
                "it takes exactly one part",
            )
        if answer.score is not None:
            _check_allowed(answer.score, item.scores_for(answer.item), field)
        by_item[item.id] = answer
    order = {item.id: index for index, item in enumerate(definition.items)}
    return tuple(by_item[key] for key in sorted(by_item, key=order.__getitem__))


def _named_answers(
    definition: Instrument, named: NamedItems, answers: tuple[Answer, ...]
) -> tuple[Answer, ...]:
    if len(answers) > named.most:
        problem = f"{definition.name} takes at most {named.most} activities, got {len(answers)}"
        raise ValidationError("answers", problem)
    checked = []
    for position, answer in enumerate(answers, start=1):
        field = f"answers.{position}"
        if answer.item != str(position):
            raise ValidationError(field, f"activities are numbered 1, 2, 3…; got {answer.item!r}")
        if answer.activity is None:
            raise ValidationError(f"{field}.activity", "name the activity the patient chose")
        activity = check_name(answer.activity, f"{field}.activity", max_length=ACTIVITY_MAX_LENGTH)
        if answer.score is not None:
            _check_allowed(answer.score, named.scores, field)
        checked.append(Answer(item=answer.item, score=answer.score, activity=activity))
    return tuple(checked)


def _check_allowed(value: object, allowed: tuple[int, ...], field: str) -> None:
    number = check_score(value, field, allowed[0], allowed[-1])
    if number not in allowed:
        choices = ", ".join(str(each) for each in allowed)
        raise ValidationError(field, f"{number} is not one of the item's scores ({choices})")


def check_questionnaires(forms: Iterable[Questionnaire]) -> tuple[Questionnaire, ...]:
    """A visit's forms in the catalogue's order, each instrument at most once."""
    seen: dict[str, Questionnaire] = {}
    for index, form in enumerate(forms):
        if not isinstance(form, Questionnaire):
            raise ValidationError(f"questionnaires[{index}]", "expected a questionnaire")
        if form.instrument in seen:
            raise ValidationError(
                f"questionnaires[{index}].instrument",
                f"{form.definition.name} is recorded twice at one visit",
            )
        seen[form.instrument] = form
    order = {code: index for index, code in enumerate(instrument_codes())}
    return tuple(seen[code] for code in sorted(seen, key=order.__getitem__))


def find_form(forms: Iterable[Questionnaire], code: str) -> Questionnaire | None:
    """The form of instrument ``code`` among a visit's forms."""
    for form in forms:
        if form.instrument == code:
            return form
    return None


def reconcile_total(total: int | None, forms: tuple[Questionnaire, ...], code: str) -> int | None:
    """The visit's stored total of ``code``, agreeing with its items when they are recorded.

    A total entered on its own stays as entered. Items with a total give that total; a
    typed total that differs from the items', or a total beside items that have none,
    is refused rather than silently replaced.
    """
    form = find_form(forms, code)
    if form is None:
        return total
    scored = form.score()
    if scored.total is None:
        if total is not None:
            raise ValidationError(
                code, f"{total} cannot be kept beside items that give no total ({scored.problem})"
            )
        return None
    items_total = scored.whole_total()
    if total is not None and total != items_total:
        raise ValidationError(code, f"{total} is not the total of its items ({items_total})")
    return items_total
