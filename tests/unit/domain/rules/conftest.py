"""Builders for the rules tests: terse episodes, visits, treatments, scans and rules.

Dates are given as day offsets from first-line start (``Build.T0``), so a boundary reads
as ``review_days - 1``, ``review_days``, ``review_days + 1``.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from importlib import resources

import pytest
from factories import make_episode, make_patient

from trochtrack.domain.features import Features
from trochtrack.domain.model import Episode, Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.rules import (
    RULES_RESOURCE,
    EpisodeEvaluation,
    RulesConfig,
    evaluate_episode,
    parse_rules,
)
from trochtrack.domain.vocabulary import (
    LesionKind,
    Modality,
    RedFlag,
    TreatmentKind,
    Visibility,
)


@cache
def _rules_text() -> str:
    package, name = RULES_RESOURCE
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@cache
def _rules(preset: str | None) -> RulesConfig:
    return parse_rules(_rules_text(), preset=preset)


class Build:
    """Short constructors for domain records and rules."""

    T0 = date(2026, 3, 2)
    patient = make_patient(ref="P-T", date_of_birth=date(1970, 6, 15))

    @staticmethod
    def day(offset: int) -> date:
        return Build.T0 + timedelta(days=offset)

    @staticmethod
    def rules_text() -> str:
        return _rules_text()

    @staticmethod
    def rules(preset: str | None = None, **overrides: object) -> RulesConfig:
        """The shipped rules; ``overrides`` use ``__`` for dots (``lesions__axes_needed``)."""
        if not overrides:
            return _rules(preset)
        dotted: Mapping[str, object] = {k.replace("__", "."): v for k, v in overrides.items()}
        return parse_rules(_rules_text(), preset=preset, overrides=dotted)

    @staticmethod
    def born(date_of_birth: date) -> Patient:
        return make_patient(ref="P-T", date_of_birth=date_of_birth)

    @staticmethod
    def visit(
        offset: int,
        pain: int,
        *,
        visa: int | None = None,
        groc: int | None = None,
        temp: float | None = None,
        flags: Iterable[RedFlag] = (),
    ) -> Visit:
        return Visit(
            date=Build.day(offset),
            pain_nrs=pain,
            visa_g=visa,
            groc=groc,
            temperature_c=temp,
            red_flags=frozenset(flags),
        )

    @staticmethod
    def treatment(kind: TreatmentKind, start: int, end: int | None = None) -> Treatment:
        return Treatment(
            kind=kind, start=Build.day(start), end=None if end is None else Build.day(end)
        )

    @staticmethod
    def finding(
        lesion: str,
        kind: LesionKind,
        dims: tuple[float, float, float] | None,
        **features: object,
    ) -> Finding:
        """``features`` given by name (``content="complex"``) are recorded as Features."""
        recorded = Features.from_values(features) if features else None
        if dims is None:
            return Finding(
                lesion=lesion,
                kind=kind,
                visibility=Visibility.NOT_VISUALISED,
                features=recorded,
            )
        return Finding(lesion=lesion, kind=kind, dims_mm=dims, features=recorded)

    @staticmethod
    def scan(offset: int, *findings: Finding, modality: Modality = Modality.US) -> Scan:
        return Scan(date=Build.day(offset), modality=modality, findings=findings)

    @staticmethod
    def episode(
        *,
        visits: Iterable[Visit] = (),
        treatments: Iterable[Treatment] = (),
        scans: Iterable[Scan] = (),
        closed: int | None = None,
    ) -> Episode:
        return make_episode(
            first_line_start=Build.T0,
            closed_date=None if closed is None else Build.day(closed),
            visits=tuple(visits),
            treatments=tuple(treatments),
            scans=tuple(scans),
        )

    @staticmethod
    def evaluate(
        episode: Episode,
        offset: int,
        rules: RulesConfig | None = None,
        *,
        patient: Patient | None = None,
    ) -> EpisodeEvaluation:
        """Evaluate ``episode`` ``offset`` days after T0 (shipped default rules if none)."""
        return evaluate_episode(
            patient or Build.patient, episode, Build.day(offset), rules or _rules(None)
        )


@pytest.fixture(scope="session")
def build() -> type[Build]:
    return Build
