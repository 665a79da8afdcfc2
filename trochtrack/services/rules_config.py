"""The rules in force: the shipped rules file, a preset, overrides, a clinic's own file."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.rules import RULES_RESOURCE, RulesConfig, parse_rules


@cache
def default_rules_text() -> str:
    """The shipped rules file (every threshold and the three presets)."""
    package, name = RULES_RESOURCE
    return files(package).joinpath(name).read_text(encoding="utf-8")


def rules_from(
    *,
    preset: str | None = None,
    overrides: dict[str, Any] | None = None,
    rules_text: str | None = None,
) -> RulesConfig:
    """The rules with a preset, dotted overrides and a clinic file laid over the defaults.

    Raises:
        ValidationError: naming the rules key at fault.
    """
    if rules_text is None:
        return parse_rules(default_rules_text(), preset=preset, overrides=overrides)
    try:
        return parse_rules(
            rules_text, preset=preset, overrides=overrides, defaults=default_rules_text()
        )
    except RecursionError:
        # The rules are two or three tables deep; the TOML parser gives up near 1,000.
        raise ValidationError("rules", "tables or lists are nested too deeply") from None
    except ValueError as error:  # tomllib's own limits, such as a number of 4,300 digits
        raise ValidationError("rules", f"not a rules file ({error})") from None
