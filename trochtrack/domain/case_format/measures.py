"""A visit's outcome measures in a case file: the core-set keys and the questionnaires.

A form is ``{"instrument": "lefs", "answers": {"1": 3, "2": null, ...}}``: each answered
item by its key (``"8B"`` for part B of VISA-G question 8), ``null`` for an item left
blank. A form whose items the patient names (PSFS) lists them in order instead:
``{"instrument": "psfs", "activities": [{"activity": "Stairs", "score": 4}, ...]}``.
Files written before these keys existed read unchanged.
"""

from __future__ import annotations

from typing import Any, Final

from trochtrack.domain.case_format.fields import JsonObject
from trochtrack.domain.case_format.json_checks import (
    build_each,
    check_keys,
    expect_object,
    within,
)
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import instrument
from trochtrack.domain.measures.outcomes import OUTCOME_FIELDS, CoreOutcomes, StrengthUnit
from trochtrack.domain.measures.questionnaires import Answer, Questionnaire

FORM_REQUIRED: Final = ("instrument",)
FORM_OPTIONAL: Final = ("answers", "activities")
ACTIVITY_REQUIRED: Final = ("activity",)
ACTIVITY_OPTIONAL: Final = ("score",)


def read_outcomes(obj: JsonObject) -> CoreOutcomes:
    """The core-set measures among a visit's keys."""

    def build() -> CoreOutcomes:
        unit = obj.get("abduction_unit")
        return CoreOutcomes(
            stance_pain_left_s=obj.get("stance_pain_left_s"),
            stance_pain_right_s=obj.get("stance_pain_right_s"),
            stair_pain_nrs=obj.get("stair_pain_nrs"),
            abduction_left=obj.get("abduction_left"),
            abduction_right=obj.get("abduction_right"),
            abduction_unit=None if unit is None else _unit(unit),
            body_mass_kg=obj.get("body_mass_kg"),
        )

    return within("", build)


def _unit(value: object) -> StrengthUnit:
    if value not in {unit.value for unit in StrengthUnit}:
        choices = " or ".join(unit.value for unit in StrengthUnit)
        raise ValidationError("abduction_unit", f"{value!r} is not a unit here ({choices})")
    return StrengthUnit(str(value))


def read_questionnaires(value: object) -> tuple[Questionnaire, ...]:
    """A visit's ``questionnaires`` list; absent or null reads as none."""
    return build_each([] if value is None else value, "questionnaires", _form)


def _form(value: object) -> Questionnaire:
    obj = expect_object(value, "")
    check_keys(obj, "", required=FORM_REQUIRED, optional=FORM_OPTIONAL)
    code = obj["instrument"]
    definition = instrument(code) if isinstance(code, str) else None
    if definition is None:
        return Questionnaire(instrument=str(code), answers=())
    if definition.named_items is not None:
        if "answers" in obj:
            raise ValidationError("answers", f"{definition.name} lists its activities instead")
        answers = build_each(obj.get("activities") or [], "activities", _activity)
        numbered = tuple(
            Answer(item=str(position), score=answer.score, activity=answer.activity)
            for position, answer in enumerate(answers, start=1)
        )
        return Questionnaire(instrument=code, answers=numbered)
    if "activities" in obj:
        raise ValidationError("activities", f"{definition.name} has numbered items, not activities")
    raw = expect_object(obj.get("answers") or {}, "answers")
    answers = tuple(Answer(item=str(item), score=score) for item, score in raw.items())
    return Questionnaire(instrument=code, answers=answers)


def _activity(value: object) -> Answer:
    obj = expect_object(value, "")
    check_keys(obj, "", required=ACTIVITY_REQUIRED, optional=ACTIVITY_OPTIONAL)
    return Answer(item="", score=obj.get("score"), activity=obj["activity"])


def outcomes_json(outcomes: CoreOutcomes) -> dict[str, Any]:
    """Every core-set key with its value (``None`` when blank), in the format's order."""
    out: dict[str, Any] = {}
    for name in OUTCOME_FIELDS:
        value = getattr(outcomes, name)
        if isinstance(value, StrengthUnit):
            value = value.value
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out[name] = value
    return out


def form_json(form: Questionnaire) -> JsonObject:
    """One form as a case file holds it, blank answers as ``null``."""
    out: JsonObject = {"instrument": form.instrument}
    if form.definition.named_items is not None:
        out["activities"] = [
            {"activity": answer.activity, "score": answer.score} for answer in form.answers
        ]
    else:
        out["answers"] = {answer.item: answer.score for answer in form.answers}
    return out
