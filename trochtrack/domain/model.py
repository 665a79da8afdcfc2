"""The clinical record: patients, episodes, visits, treatments, scans and their findings.

Entities are frozen dataclasses that check their own invariants when built, so an invalid
record cannot exist in memory. Errors name the field relative to the entity; whoever
builds a nested record (the case reader, a form) puts the path in front.

``explicit_nulls`` remembers which optional keys a case file wrote out as ``null`` (or as
an empty list), so exporting gives back exactly what was imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, Self

from trochtrack.domain.diagnoses import WorkingDiagnosis, check_other_diagnoses
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import Features
from trochtrack.domain.geometry import Dimensions, ellipsoid_volume_mm3
from trochtrack.domain.measures import questionnaires
from trochtrack.domain.measures.outcomes import CoreOutcomes
from trochtrack.domain.values import (
    check_diameter,
    check_measurement,
    check_member,
    check_name,
    check_not_after,
    check_not_before,
    check_optional_email,
    check_optional_flag,
    check_optional_score,
    check_optional_text,
    check_score,
)
from trochtrack.domain.vocabulary import (
    Diagnosis,
    LesionKind,
    Modality,
    RedFlag,
    Sex,
    Side,
    TreatmentKind,
    Visibility,
)

PAIN_RANGE: Final = (0, 10)
VISA_G_RANGE: Final = (0, 100)
GROC_RANGE: Final = (-5, 5)
TEMPERATURE_RANGE_C: Final = (30.0, 45.0)

REF_MAX_LENGTH: Final = 40
NAME_MAX_LENGTH: Final = 100
SHORT_TEXT_MAX_LENGTH: Final = 200
ADDRESS_MAX_LENGTH: Final = 500
DETAIL_MAX_LENGTH: Final = 2_000
NOTES_MAX_LENGTH: Final = 20_000


def _set(entity: object, name: str, value: object) -> None:
    """Store a normalised value on a frozen dataclass during ``__post_init__``."""
    object.__setattr__(entity, name, value)


def _optional_name(value: object, name: str) -> str | None:
    return None if value is None else check_name(value, name, max_length=NAME_MAX_LENGTH)


def _check_notes(value: str | None) -> str | None:
    """A visit's or an episode's notes: free text of many lines, direction marks allowed."""
    return check_optional_text(
        value, "notes", max_length=NOTES_MAX_LENGTH, multiline=True, allow_bidi_controls=True
    )


def _check_ref(value: object, name: str) -> str:
    ref = check_name(value, name, max_length=REF_MAX_LENGTH)
    if ref != ref.strip():
        raise ValidationError(name, "must not start or end with a space")
    return ref


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneralPractitioner:
    """The patient's general practitioner, to whom follow-up letters go."""

    name: str | None = None
    practice: str | None = None
    address: str | None = None
    explicit_nulls: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _set(self, "name", _optional_name(self.name, "name"))
        _set(
            self,
            "practice",
            check_optional_text(self.practice, "practice", max_length=SHORT_TEXT_MAX_LENGTH),
        )
        _set(
            self,
            "address",
            check_optional_text(
                self.address, "address", max_length=ADDRESS_MAX_LENGTH, multiline=True
            ),
        )

    @property
    def is_empty(self) -> bool:
        """Whether nothing is known about the GP."""
        return self.name is None and self.practice is None and self.address is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Patient:
    """A patient's identity and contact details (without their episodes)."""

    ref: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: Sex
    gp: GeneralPractitioner | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    explicit_nulls: frozenset[str] = frozenset()
    id: int | None = None

    def __post_init__(self) -> None:
        _set(self, "ref", _check_ref(self.ref, "ref"))
        _set(
            self,
            "given_name",
            check_name(self.given_name, "given_name", max_length=NAME_MAX_LENGTH),
        )
        _set(
            self,
            "family_name",
            check_name(self.family_name, "family_name", max_length=NAME_MAX_LENGTH),
        )
        _set(self, "phone", check_optional_text(self.phone, "phone", max_length=40))
        _set(self, "email", check_optional_email(self.email, "email"))
        _set(
            self,
            "address",
            check_optional_text(
                self.address, "address", max_length=ADDRESS_MAX_LENGTH, multiline=True
            ),
        )
        _set(self, "sex", check_member(Sex, self.sex, "sex"))

    @property
    def display_name(self) -> str:
        """Given name then family name, as on a letter."""
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int:
        """Age in completed years on ``day``."""
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - int(before_birthday)


@dataclass(frozen=True, slots=True, kw_only=True)
class Visit:
    """One consultation: scores, temperature, the red-flag checklist and notes."""

    date: date
    pain_nrs: int
    night_pain_nrs: int | None = None
    visa_g: int | None = None
    groc: int | None = None
    temperature_c: float | None = None
    red_flags: frozenset[RedFlag] = frozenset()
    notes: str | None = None
    clinician: str | None = None
    outcomes: CoreOutcomes = field(default_factory=CoreOutcomes)
    questionnaires: tuple[questionnaires.Questionnaire, ...] = ()
    explicit_nulls: frozenset[str] = frozenset()
    id: int | None = None

    def __post_init__(self) -> None:
        _set(self, "pain_nrs", check_score(self.pain_nrs, "pain_nrs", *PAIN_RANGE))
        _set(self, "questionnaires", questionnaires.check_questionnaires(self.questionnaires))
        night_pain = check_optional_score(self.night_pain_nrs, "night_pain_nrs", *PAIN_RANGE)
        _set(self, "night_pain_nrs", night_pain)
        visa_g = check_optional_score(self.visa_g, "visa_g", *VISA_G_RANGE)
        _set(self, "visa_g", questionnaires.reconcile_total(visa_g, self.questionnaires, "visa_g"))
        _set(self, "groc", check_optional_score(self.groc, "groc", *GROC_RANGE))
        if self.temperature_c is not None:
            _set(
                self,
                "temperature_c",
                check_measurement(self.temperature_c, "temperature_c", *TEMPERATURE_RANGE_C),
            )
        _set(
            self,
            "red_flags",
            frozenset(check_member(RedFlag, flag, "red_flags") for flag in self.red_flags),
        )
        _set(self, "notes", _check_notes(self.notes))
        _set(self, "clinician", _optional_name(self.clinician, "clinician"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Treatment:
    """A course of treatment; ``end`` is ``None`` while it is ongoing."""

    kind: TreatmentKind
    start: date
    end: date | None = None
    detail: str | None = None
    explicit_nulls: frozenset[str] = frozenset()
    id: int | None = None

    def __post_init__(self) -> None:
        _set(self, "kind", check_member(TreatmentKind, self.kind, "kind"))
        if self.end is not None:
            check_not_before(self.end, "end", self.start, "start of the treatment")
        _set(
            self,
            "detail",
            check_optional_text(
                self.detail,
                "detail",
                max_length=DETAIL_MAX_LENGTH,
                multiline=True,
                allow_bidi_controls=True,
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """What one scan showed of one tracked lesion.

    ``features`` (content, wall, Doppler, septations, compressibility) may be recorded
    for a bursa or fluid collection only. ``possible`` true marks what the report calls
    possible or uncertain ("possible adventitial bursa"); ``None`` is "not said". The rules
    read a possible finding as any other.
    """

    lesion: str
    kind: LesionKind
    site: str | None = None
    visibility: Visibility = Visibility.MEASURED
    dims_mm: Dimensions | None = None
    features: Features | None = None
    possible: bool | None = None
    explicit_nulls: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _set(self, "lesion", _check_ref(self.lesion, "lesion"))
        _set(self, "kind", check_member(LesionKind, self.kind, "kind"))
        _set(self, "visibility", check_member(Visibility, self.visibility, "visibility"))
        _set(self, "site", check_optional_text(self.site, "site", max_length=SHORT_TEXT_MAX_LENGTH))
        if self.visibility is Visibility.MEASURED:
            if self.dims_mm is None:
                raise ValidationError("dims_mm", "three diameters in mm are required")
            if len(self.dims_mm) != 3:
                raise ValidationError("dims_mm", f"expected 3 diameters, got {len(self.dims_mm)}")
            _set(
                self,
                "dims_mm",
                tuple(check_diameter(d, f"dims_mm[{i}]") for i, d in enumerate(self.dims_mm)),
            )
        elif self.dims_mm is not None:
            raise ValidationError("dims_mm", f"must be empty when the lesion is {self.visibility}")
        elif self.visibility is Visibility.NOT_MEASURED and self.kind.needs_dimensions:
            raise ValidationError(
                "dims_mm", f"is required for a {self.kind} (three diameters in mm, or null)"
            )
        _set(self, "possible", check_optional_flag(self.possible, "possible"))
        if self.features is not None:
            if not isinstance(self.features, Features):
                raise ValidationError("features", "expected the finding's characteristics")
            if not self.kind.size_tracked:
                raise ValidationError(
                    "features",
                    f"only a bursa or fluid collection records characteristics, not a {self.kind}",
                )

    @property
    def visualised(self) -> bool:
        """Whether the lesion was seen (it may still have no recorded size)."""
        return self.visibility is not Visibility.NOT_VISUALISED

    @property
    def volume_mm3(self) -> float | None:
        """Ellipsoid volume pi/6 * a * b * c, or ``None`` without three diameters."""
        return None if self.dims_mm is None else ellipsoid_volume_mm3(self.dims_mm)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scan:
    """An imaging study with the findings for each tracked lesion."""

    date: date
    modality: Modality
    report: str | None = None
    findings: tuple[Finding, ...] = ()
    explicit_nulls: frozenset[str] = frozenset()
    id: int | None = None

    def __post_init__(self) -> None:
        _set(self, "modality", check_member(Modality, self.modality, "modality"))
        _set(
            self,
            "report",
            check_optional_text(
                self.report,
                "report",
                max_length=NOTES_MAX_LENGTH,
                multiline=True,
                allow_bidi_controls=True,
            ),
        )
        _set(self, "findings", tuple(self.findings))
        seen: set[str] = set()
        for index, finding in enumerate(self.findings):
            if finding.lesion in seen:
                raise ValidationError(
                    f"findings[{index}].lesion", f"{finding.lesion!r} appears twice in this scan"
                )
            seen.add(finding.lesion)


@dataclass(frozen=True, slots=True, kw_only=True)
class Episode:
    """One hip, one course of care, with everything recorded during it.

    ``notes`` are the clinician's own about the episode as a whole (each visit has its
    own); ``next_appointment`` is the one booked next, which the letters and the handout
    give. It may lie ahead, as a planned closure may. ``diagnosis`` is the main working
    diagnosis (the one the rules read), made on ``diagnosis_since``; ``other_diagnoses``
    are those also considered (:mod:`.diagnoses`).
    """

    ref: str
    side: Side
    diagnosis: Diagnosis
    first_line_start: date
    diagnosis_since: date | None = None
    other_diagnoses: tuple[WorkingDiagnosis, ...] = ()
    onset_date: date | None = None
    closed_date: date | None = None
    closed_reason: str | None = None
    notes: str | None = None
    next_appointment: date | None = None
    visits: tuple[Visit, ...] = ()
    treatments: tuple[Treatment, ...] = ()
    scans: tuple[Scan, ...] = ()
    explicit_nulls: frozenset[str] = frozenset()
    id: int | None = None

    def __post_init__(self) -> None:
        _set(self, "ref", _check_ref(self.ref, "ref"))
        _set(self, "side", check_member(Side, self.side, "side"))
        _set(self, "diagnosis", check_member(Diagnosis, self.diagnosis, "diagnosis"))
        _set(self, "other_diagnoses", check_other_diagnoses(self.diagnosis, self.other_diagnoses))
        _set(
            self,
            "closed_reason",
            check_optional_text(
                self.closed_reason, "closed_reason", max_length=SHORT_TEXT_MAX_LENGTH
            ),
        )
        _set(self, "notes", _check_notes(self.notes))
        if self.closed_date is not None:
            check_not_before(
                self.closed_date, "closed_date", self.first_line_start, "first-line start"
            )
        _set(self, "visits", tuple(self.visits))
        _set(self, "treatments", tuple(self.treatments))
        _set(self, "scans", tuple(self.scans))
        kinds: dict[str, LesionKind] = {}
        for scan_index, scan in enumerate(self.scans):
            for finding_index, finding in enumerate(scan.findings):
                known = kinds.setdefault(finding.lesion, finding.kind)
                if known is not finding.kind:
                    raise ValidationError(
                        f"scans[{scan_index}].findings[{finding_index}].kind",
                        f"lesion {finding.lesion!r} was recorded as {known} on another scan",
                    )

    @property
    def main_diagnosis(self) -> WorkingDiagnosis:
        """The main diagnosis in the shape of the others."""
        return WorkingDiagnosis(diagnosis=self.diagnosis, since=self.diagnosis_since)

    def dated_fields(self) -> Iterator[tuple[str, date]]:
        """Every date in the episode with its path, for checks against birth and today."""
        yield "first_line_start", self.first_line_start
        if self.diagnosis_since is not None:
            yield "diagnosis_since", self.diagnosis_since
        for index, other in enumerate(self.other_diagnoses):
            if other.since is not None:
                yield f"other_diagnoses[{index}].since", other.since
        if self.onset_date is not None:
            yield "onset_date", self.onset_date
        if self.closed_date is not None:
            yield "closed_date", self.closed_date
        if self.next_appointment is not None:
            yield "next_appointment", self.next_appointment
        for index, visit in enumerate(self.visits):
            yield f"visits[{index}].date", visit.date
        for index, treatment in enumerate(self.treatments):
            yield f"treatments[{index}].start", treatment.start
            if treatment.end is not None:
                yield f"treatments[{index}].end", treatment.end
        for index, scan in enumerate(self.scans):
            yield f"scans[{index}].date", scan.date


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """A patient with all their episodes: what a case file holds."""

    patient: Patient
    episodes: tuple[Episode, ...] = field(default=())

    def __post_init__(self) -> None:
        _set(self, "episodes", tuple(self.episodes))
        refs: set[str] = set()
        for index, episode in enumerate(self.episodes):
            if episode.ref in refs:
                raise ValidationError(
                    f"episodes[{index}].ref", f"{episode.ref!r} is used by another episode"
                )
            refs.add(episode.ref)
            for path, day in episode.dated_fields():
                check_not_before(
                    day, f"episodes[{index}].{path}", self.patient.date_of_birth, "date of birth"
                )

    def check_not_after(self, latest: date) -> None:
        """Raise when any date in the case is after ``latest`` (today, for an import)."""
        check_not_after(self.patient.date_of_birth, "patient.date_of_birth", latest, "current date")
        for index, episode in enumerate(self.episodes):
            for path, day in episode.dated_fields():
                if path.endswith(".end") or path in {"closed_date", "next_appointment"}:
                    # A planned end date, closure or appointment may lie ahead.
                    continue
                check_not_after(day, f"episodes[{index}].{path}", latest, "current date")

    def with_episodes(self, episodes: tuple[Episode, ...]) -> Self:
        """Return the same patient with other episodes."""
        return replace(self, episodes=episodes)
