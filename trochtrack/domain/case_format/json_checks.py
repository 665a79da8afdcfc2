"""Reading JSON values into typed ones, with errors that name the field at fault.

Every helper takes the path of the value it reads (``visits[2].pain_nrs``) so that a
refusal says where the problem is; :func:`within` and :func:`build_each` prefix the path of
an enclosing object or list item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from trochtrack.domain.case_format.fields import JsonObject
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.values import parse_iso_date

_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")


def within(prefix: str, build: Callable[[], _T]) -> _T:
    """Run ``build``, naming ``prefix`` before the field of any error it raises."""
    try:
        return build()
    except ValidationError as error:
        raise error.within(prefix) from None


def build_each(value: object, path: str, build: Callable[[object], _T]) -> tuple[_T, ...]:
    """Build every item of a JSON list, naming the item's index in any error."""
    built: list[_T] = []
    for index, item in enumerate(expect_list(value, path)):
        try:
            built.append(build(item))
        except ValidationError as error:
            raise error.within(f"{path}[{index}]") from None
    return tuple(built)


def optional_list(obj: Mapping[str, Any], key: str) -> Any:
    """An optional list: absent or null reads as empty; anything else is checked as given."""
    value = obj.get(key)
    return [] if value is None else value


def expect_object(value: object, path: str) -> JsonObject:
    """``value`` as a JSON object, or an error saying what it is instead."""
    if not isinstance(value, dict):
        raise ValidationError(path, f"expected an object, got {_kind(value)}")
    return value


def expect_list(value: object, path: str) -> list[Any]:
    """``value`` as a JSON list, or an error saying what it is instead."""
    if not isinstance(value, list):
        raise ValidationError(path, f"expected a list, got {_kind(value)}")
    return value


def check_keys(
    obj: Mapping[str, Any], path: str, *, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    """Refuse a key that is neither required nor optional, and a required one left out."""
    for key in obj:
        if key not in required and key not in optional:
            raise ValidationError(_join(path, key), "unknown field")
    for key in required:
        if key not in obj or obj[key] is None:
            raise ValidationError(_join(path, key), "is required")


def nulls_written(obj: Mapping[str, Any], optional: tuple[str, ...]) -> frozenset[str]:
    """The optional keys the file wrote out as ``null`` or ``[]`` (written back the same)."""
    return frozenset(key for key in optional if key in obj and obj[key] in (None, []))


def enum_value(enum_type: type[_E], value: object, path: str) -> _E:
    """``value`` as a member of ``enum_type``; an unknown one is refused with the choices."""
    if not isinstance(value, str):
        raise ValidationError(path, f"expected text, got {_kind(value)}")
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise ValidationError(path, f"unknown value {value!r} (one of: {allowed})") from None


def optional_date(obj: Mapping[str, Any], key: str) -> date | None:
    """The ISO date at ``key``, or ``None`` when it is absent or null."""
    value = obj.get(key)
    return None if value is None else parse_iso_date(value, key)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object"
