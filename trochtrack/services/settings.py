"""Clinic settings shared by every workstation: letterhead, clinician, rules, paper, schedule.

They live in the database (not in a per-user file), so a clinic on PostgreSQL prints the
same letterhead and applies the same rules on every machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, Final

from trochtrack.domain.measures.schedule import (
    DEFAULT_MEASURES,
    DEFAULT_WEEKS,
    MeasureSchedule,
    check_measures,
    check_weeks,
)
from trochtrack.domain.rules import RulesConfig
from trochtrack.domain.values import check_optional_text, check_score
from trochtrack.services.clinic import Clinic
from trochtrack.services.rules_config import rules_from
from trochtrack.store.uow import SqlAlchemyUnitOfWork

SETTINGS_KEY: Final = "clinic"
MAX_AUTO_LOCK_MINUTES: Final = 240


class PaperSize(StrEnum):
    """Paper for letters and handouts."""

    A4 = "A4"
    LETTER = "Letter"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClinicSettings:
    """Letterhead and signature, how the rules run, when the outcome measures are due."""

    clinic_name: str | None = None
    clinic_address: str | None = None
    clinic_phone: str | None = None
    clinic_email: str | None = None
    clinician_name: str | None = None
    clinician_profession: str | None = None
    clinician_registration: str | None = None
    rules_preset: str | None = None
    """``None`` means the rules file's default preset (``protocol``)."""
    rules_overrides: Mapping[str, Any] = field(default_factory=dict)
    """Dotted rule keys with the clinic's own values, e.g. ``lesions.axis_min_change_mm``."""
    paper_size: PaperSize = PaperSize.A4
    auto_lock_minutes: int = 10
    welcome_done: bool = False
    scheduled_measures: tuple[str, ...] = DEFAULT_MEASURES
    """The outcome measures due on schedule (:mod:`trochtrack.domain.measures.schedule`)."""
    measure_weeks: tuple[int, ...] = DEFAULT_WEEKS
    """When they are due, in weeks after the first-line start (LEAP's time points)."""

    def __post_init__(self) -> None:
        for name in (
            "clinic_name",
            "clinic_phone",
            "clinic_email",
            "clinician_name",
            "clinician_profession",
            "clinician_registration",
        ):
            value = check_optional_text(getattr(self, name), name, max_length=200)
            object.__setattr__(self, name, value)
        object.__setattr__(
            self,
            "clinic_address",
            check_optional_text(
                self.clinic_address, "clinic_address", max_length=500, multiline=True
            ),
        )
        object.__setattr__(
            self,
            "auto_lock_minutes",
            check_score(self.auto_lock_minutes, "auto_lock_minutes", 0, MAX_AUTO_LOCK_MINUTES),
        )
        object.__setattr__(
            self,
            "scheduled_measures",
            check_measures(self.scheduled_measures, "scheduled_measures"),
        )
        object.__setattr__(self, "measure_weeks", check_weeks(self.measure_weeks, "measure_weeks"))

    @property
    def measure_schedule(self) -> MeasureSchedule:
        """The outcome measures' schedule these settings set."""
        return MeasureSchedule(measures=self.scheduled_measures, weeks=self.measure_weeks)

    @property
    def signature(self) -> str:
        """Clinician name, profession and registration on one line, as far as known."""
        parts = [self.clinician_name, self.clinician_profession]
        line = ", ".join(part for part in parts if part)
        if self.clinician_registration:
            line = (
                f"{line} (reg. {self.clinician_registration})"
                if line
                else self.clinician_registration
            )
        return line


def load_settings(clinic: Clinic) -> ClinicSettings:
    """The clinic's settings (defaults where nothing was saved)."""
    with clinic.unit_of_work() as uow:
        return read_settings(uow)


def read_settings(uow: SqlAlchemyUnitOfWork) -> ClinicSettings:
    """:func:`load_settings` inside a unit of work the caller holds."""
    return settings_from_json(uow.settings.get(SETTINGS_KEY) or {})


def settings_rules(settings: ClinicSettings) -> RulesConfig:
    """The rules the clinic chose in its settings (preset and overrides).

    Raises:
        ValidationError: naming the rules key at fault.
    """
    return rules_from(preset=settings.rules_preset, overrides=dict(settings.rules_overrides))


def save_settings(clinic: Clinic, settings: ClinicSettings) -> None:
    """Store the clinic's settings, and the signing clinician in the register (one transaction).

    Raises:
        ValidationError: an unknown preset or rules override, naming the key.
    """
    settings_rules(settings)
    with clinic.unit_of_work() as uow:
        uow.settings.put(SETTINGS_KEY, settings_to_json(settings))
        if settings.clinician_name is not None:
            uow.clinicians.register(
                settings.clinician_name,
                settings.clinician_profession,
                settings.clinician_registration,
            )
        uow.commit()


def update_settings(clinic: Clinic, **changes: Any) -> ClinicSettings:
    """Change some settings, keep the rest; returns the stored result."""
    settings = replace(load_settings(clinic), **changes)
    save_settings(clinic, settings)
    return settings


def settings_to_json(settings: ClinicSettings) -> dict[str, Any]:
    """The settings as a JSON object (as stored)."""
    data = asdict(settings)
    data["paper_size"] = settings.paper_size.value
    data["rules_overrides"] = dict(settings.rules_overrides)
    data["scheduled_measures"] = list(settings.scheduled_measures)
    data["measure_weeks"] = list(settings.measure_weeks)
    return data


def settings_from_json(data: Mapping[str, Any]) -> ClinicSettings:
    """Settings from their stored JSON; keys this version does not know are ignored."""
    known = {f.name for f in fields(ClinicSettings)}
    values = {key: value for key, value in data.items() if key in known}
    if "paper_size" in values:
        values["paper_size"] = PaperSize(values["paper_size"])
    return ClinicSettings(**values)
