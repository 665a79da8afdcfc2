"""Reading and writing ``trochtrack-case/1`` (case-format.md).

Reading turns parsed JSON into a :class:`Case`, refusing unknown fields, wrong types and
out-of-range values with an error that names the field path
(``episodes[0].visits[2].pain_nrs: 11 is outside 0–10``). Writing gives back the same
JSON: optional keys the file wrote as ``null`` or ``[]`` are written again, absent ones
stay absent.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, Final, TypeVar

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import FEATURE_NAMES, Features, feature_json
from trochtrack.domain.model import (
    Case,
    Episode,
    Finding,
    GeneralPractitioner,
    Patient,
    Scan,
    Treatment,
    Visit,
)
from trochtrack.domain.values import parse_iso_date
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

CASE_FORMAT: Final = "trochtrack-case/1"
# No value in a case file needs more; Python refuses to read 4,300 digits and more.
MAX_NUMBER_DIGITS: Final = 20

JsonObject = dict[str, Any]
_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")

_RED_FLAG_ORDER: Final = {flag: index for index, flag in enumerate(RedFlag)}


def load_case_json(text: str, *, not_after: date | None = None) -> Case:
    """Parse the text of a case file.

    Args:
        text: the file's content.
        not_after: refuse dates after this day (today, when importing).

    Raises:
        ValidationError: naming the JSON position or the field at fault.
    """
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_int=_parse_int)
    except json.JSONDecodeError as error:
        raise ValidationError(
            "", f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except _DuplicateKeyError as error:
        raise ValidationError("", f"not valid JSON: the key {error.key!r} appears twice") from None
    except _LongNumberError as error:
        raise ValidationError(
            "",
            f"not a case file: a number has {error.digits} digits (at most "
            f"{MAX_NUMBER_DIGITS} are accepted)",
        ) from None
    except RecursionError:
        # A case file is a few levels deep; Python's parser gives up near 1,000.
        raise ValidationError(
            "", "not a case file: lists or objects are nested too deeply"
        ) from None
    return case_from_json(data, not_after=not_after)


class _LongNumberError(Exception):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise _LongNumberError(digits)
    return int(text)


def case_from_json(data: object, *, not_after: date | None = None) -> Case:
    """Build a :class:`Case` from parsed JSON, checking every field."""
    obj = _object(data, "")
    _only_keys(obj, "", required=("format", "patient", "episodes"), optional=())
    if obj["format"] != CASE_FORMAT:
        raise ValidationError("format", f"expected {CASE_FORMAT!r}, got {obj['format']!r}")
    patient = _within("patient", lambda: _patient(_object(obj["patient"], "")))
    episodes = _each(obj["episodes"], "episodes", _episode)
    case = _within("", lambda: Case(patient=patient, episodes=episodes))
    if not_after is not None:
        case.check_not_after(not_after)
    return case


def case_to_json(case: Case) -> JsonObject:
    """Return the ``trochtrack-case/1`` form of ``case``."""
    return {
        "format": CASE_FORMAT,
        "patient": _patient_json(case.patient),
        "episodes": [_episode_json(episode) for episode in case.episodes],
    }


def dump_case_json(case: Case) -> str:
    """Return ``case`` as case-file text (UTF-8 friendly, indented, newline at the end)."""
    return json.dumps(case_to_json(case), ensure_ascii=False, indent=2) + "\n"


# -- reading ---------------------------------------------------------------------------


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> JsonObject:
    result: JsonObject = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _within(prefix: str, build: Callable[[], _T]) -> _T:
    try:
        return build()
    except ValidationError as error:
        raise error.within(prefix) from None


def _each(value: object, path: str, build: Callable[[object], _T]) -> tuple[_T, ...]:
    """Build every item of a JSON list, naming the item's index in any error."""
    built: list[_T] = []
    for index, item in enumerate(_list(value, path)):
        try:
            built.append(build(item))
        except ValidationError as error:
            raise error.within(f"{path}[{index}]") from None
    return tuple(built)


def _optional(obj: Mapping[str, Any], key: str) -> Any:
    """An optional list: absent or null reads as empty; anything else is checked as given."""
    value = obj.get(key)
    return [] if value is None else value


def _object(value: object, path: str) -> JsonObject:
    if not isinstance(value, dict):
        raise ValidationError(path, f"expected an object, got {_kind(value)}")
    return value


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(path, f"expected a list, got {_kind(value)}")
    return value


def _only_keys(
    obj: Mapping[str, Any], path: str, *, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    for key in obj:
        if key not in required and key not in optional:
            raise ValidationError(_join(path, key), "unknown field")
    for key in required:
        if key not in obj or obj[key] is None:
            raise ValidationError(_join(path, key), "is required")


def _explicit_nulls(obj: Mapping[str, Any], optional: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for key in optional if key in obj and obj[key] in (None, []))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _enum(enum_type: type[_E], value: object, path: str) -> _E:
    if not isinstance(value, str):
        raise ValidationError(path, f"expected text, got {_kind(value)}")
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise ValidationError(path, f"unknown value {value!r} (one of: {allowed})") from None


def _optional_date(obj: Mapping[str, Any], key: str) -> date | None:
    value = obj.get(key)
    return None if value is None else parse_iso_date(value, key)


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


_PATIENT_REQUIRED: Final = ("ref", "given_name", "family_name", "date_of_birth", "sex")
_PATIENT_OPTIONAL: Final = ("gp", "phone", "email", "address")
_GP_OPTIONAL: Final = ("name", "practice", "address")


def _patient(obj: JsonObject) -> Patient:
    _only_keys(obj, "", required=_PATIENT_REQUIRED, optional=_PATIENT_OPTIONAL)
    gp = None
    if obj.get("gp") is not None:
        gp_obj = _object(obj["gp"], "gp")
        _only_keys(gp_obj, "gp", required=(), optional=_GP_OPTIONAL)
        gp = _within(
            "gp",
            lambda: GeneralPractitioner(
                name=gp_obj.get("name"),
                practice=gp_obj.get("practice"),
                address=gp_obj.get("address"),
                explicit_nulls=_explicit_nulls(gp_obj, _GP_OPTIONAL),
            ),
        )
    return Patient(
        ref=obj["ref"],
        given_name=obj["given_name"],
        family_name=obj["family_name"],
        date_of_birth=parse_iso_date(obj["date_of_birth"], "date_of_birth"),
        sex=_enum(Sex, obj["sex"], "sex"),
        gp=gp,
        phone=obj.get("phone"),
        email=obj.get("email"),
        address=obj.get("address"),
        explicit_nulls=_explicit_nulls(obj, _PATIENT_OPTIONAL),
    )


_EPISODE_REQUIRED: Final = ("ref", "side", "diagnosis", "first_line_start")
_EPISODE_OPTIONAL: Final = (
    "onset_date",
    "closed_date",
    "closed_reason",
    "visits",
    "treatments",
    "scans",
)


def _episode(value: object) -> Episode:
    obj = _object(value, "")
    _only_keys(obj, "", required=_EPISODE_REQUIRED, optional=_EPISODE_OPTIONAL)
    visits = _each(_optional(obj, "visits"), "visits", _visit)
    treatments = _each(_optional(obj, "treatments"), "treatments", _treatment)
    scans = _each(_optional(obj, "scans"), "scans", _scan)
    return Episode(
        ref=obj["ref"],
        side=_enum(Side, obj["side"], "side"),
        diagnosis=_enum(Diagnosis, obj["diagnosis"], "diagnosis"),
        first_line_start=parse_iso_date(obj["first_line_start"], "first_line_start"),
        onset_date=_optional_date(obj, "onset_date"),
        closed_date=_optional_date(obj, "closed_date"),
        closed_reason=obj.get("closed_reason"),
        visits=visits,
        treatments=treatments,
        scans=scans,
        explicit_nulls=_explicit_nulls(obj, _EPISODE_OPTIONAL),
    )


_VISIT_REQUIRED: Final = ("date", "pain_nrs")
_VISIT_OPTIONAL: Final = (
    "night_pain_nrs",
    "visa_g",
    "groc",
    "temperature_c",
    "red_flags",
    "notes",
    "clinician",
)


def _visit(value: object) -> Visit:
    obj = _object(value, "")
    _only_keys(obj, "", required=_VISIT_REQUIRED, optional=_VISIT_OPTIONAL)
    flags: set[RedFlag] = set()
    for index, item in enumerate(_list(_optional(obj, "red_flags"), "red_flags")):
        flag = _enum(RedFlag, item, f"red_flags[{index}]")
        if flag in flags:
            raise ValidationError(f"red_flags[{index}]", f"{flag} is listed twice")
        flags.add(flag)
    return Visit(
        date=parse_iso_date(obj["date"], "date"),
        pain_nrs=obj["pain_nrs"],
        night_pain_nrs=obj.get("night_pain_nrs"),
        visa_g=obj.get("visa_g"),
        groc=obj.get("groc"),
        temperature_c=obj.get("temperature_c"),
        red_flags=frozenset(flags),
        notes=obj.get("notes"),
        clinician=obj.get("clinician"),
        explicit_nulls=_explicit_nulls(obj, _VISIT_OPTIONAL),
    )


_TREATMENT_REQUIRED: Final = ("kind", "start")
_TREATMENT_OPTIONAL: Final = ("end", "detail")


def _treatment(value: object) -> Treatment:
    obj = _object(value, "")
    _only_keys(obj, "", required=_TREATMENT_REQUIRED, optional=_TREATMENT_OPTIONAL)
    return Treatment(
        kind=_enum(TreatmentKind, obj["kind"], "kind"),
        start=parse_iso_date(obj["start"], "start"),
        end=_optional_date(obj, "end"),
        detail=obj.get("detail"),
        explicit_nulls=_explicit_nulls(obj, _TREATMENT_OPTIONAL),
    )


_SCAN_REQUIRED: Final = ("date", "modality")
_SCAN_OPTIONAL: Final = ("report", "findings")


def _scan(value: object) -> Scan:
    obj = _object(value, "")
    _only_keys(obj, "", required=_SCAN_REQUIRED, optional=_SCAN_OPTIONAL)
    findings = _each(_optional(obj, "findings"), "findings", _finding)
    return Scan(
        date=parse_iso_date(obj["date"], "date"),
        modality=_enum(Modality, obj["modality"], "modality"),
        report=obj.get("report"),
        findings=findings,
        explicit_nulls=_explicit_nulls(obj, _SCAN_OPTIONAL),
    )


_FINDING_REQUIRED: Final = ("lesion", "kind")
_FINDING_OPTIONAL: Final = ("site", "dims_mm", "features")


def _finding(value: object) -> Finding:
    obj = _object(value, "")
    _only_keys(obj, "", required=_FINDING_REQUIRED, optional=_FINDING_OPTIONAL)
    kind = _enum(LesionKind, obj["kind"], "kind")
    dims: tuple[float, float, float] | None = None
    if "dims_mm" not in obj:
        visibility = Visibility.NOT_MEASURED
    elif obj["dims_mm"] is None:
        visibility = Visibility.NOT_VISUALISED
    else:
        raw = _list(obj["dims_mm"], "dims_mm")
        if len(raw) != 3:
            raise ValidationError("dims_mm", f"expected 3 diameters, got {len(raw)}")
        visibility = Visibility.MEASURED
        dims = (raw[0], raw[1], raw[2])
    features = None if obj.get("features") is None else _features(obj["features"])
    return Finding(
        lesion=obj["lesion"],
        kind=kind,
        site=obj.get("site"),
        visibility=visibility,
        dims_mm=dims,
        features=features,
        explicit_nulls=_explicit_nulls(obj, ("site", "features")),
    )


def _features(value: object) -> Features:
    obj = _object(value, "features")
    _only_keys(obj, "features", required=(), optional=FEATURE_NAMES)
    return _within(
        "features", lambda: Features.from_values(obj, _explicit_nulls(obj, FEATURE_NAMES))
    )


# -- writing ---------------------------------------------------------------------------


def _put(target: JsonObject, key: str, value: object, explicit_nulls: frozenset[str]) -> None:
    """Write an optional key when it has a value or the source wrote it out empty."""
    if value not in (None, []) or key in explicit_nulls:
        target[key] = value


def _number(value: float) -> int | float:
    """Write whole numbers without a fraction: 8 mm, not 8.0 mm."""
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _patient_json(patient: Patient) -> JsonObject:
    out: JsonObject = {
        "ref": patient.ref,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex": patient.sex.value,
    }
    gp_json: JsonObject | None = None
    if patient.gp is not None:
        gp_json = {}
        for key in _GP_OPTIONAL:
            _put(gp_json, key, getattr(patient.gp, key), patient.gp.explicit_nulls)
    _put(out, "gp", gp_json, patient.explicit_nulls)
    for key in ("phone", "email", "address"):
        _put(out, key, getattr(patient, key), patient.explicit_nulls)
    return out


def _episode_json(episode: Episode) -> JsonObject:
    out: JsonObject = {
        "ref": episode.ref,
        "side": episode.side.value,
        "diagnosis": episode.diagnosis.value,
    }
    nulls = episode.explicit_nulls
    _put(out, "onset_date", _iso(episode.onset_date), nulls)
    out["first_line_start"] = episode.first_line_start.isoformat()
    _put(out, "closed_date", _iso(episode.closed_date), nulls)
    _put(out, "closed_reason", episode.closed_reason, nulls)
    _put(out, "visits", [_visit_json(v) for v in episode.visits], nulls)
    _put(out, "treatments", [_treatment_json(t) for t in episode.treatments], nulls)
    _put(out, "scans", [_scan_json(s) for s in episode.scans], nulls)
    return out


def _visit_json(visit: Visit) -> JsonObject:
    out: JsonObject = {"date": visit.date.isoformat(), "pain_nrs": visit.pain_nrs}
    nulls = visit.explicit_nulls
    _put(out, "night_pain_nrs", visit.night_pain_nrs, nulls)
    _put(out, "visa_g", visit.visa_g, nulls)
    _put(out, "groc", visit.groc, nulls)
    temperature = None if visit.temperature_c is None else _number(visit.temperature_c)
    _put(out, "temperature_c", temperature, nulls)
    flags = sorted(visit.red_flags, key=_RED_FLAG_ORDER.__getitem__)
    _put(out, "red_flags", [flag.value for flag in flags], nulls)
    _put(out, "notes", visit.notes, nulls)
    _put(out, "clinician", visit.clinician, nulls)
    return out


def _treatment_json(treatment: Treatment) -> JsonObject:
    out: JsonObject = {"kind": treatment.kind.value, "start": treatment.start.isoformat()}
    _put(out, "end", _iso(treatment.end), treatment.explicit_nulls)
    _put(out, "detail", treatment.detail, treatment.explicit_nulls)
    return out


def _scan_json(scan: Scan) -> JsonObject:
    out: JsonObject = {"date": scan.date.isoformat(), "modality": scan.modality.value}
    _put(out, "report", scan.report, scan.explicit_nulls)
    _put(out, "findings", [_finding_json(f) for f in scan.findings], scan.explicit_nulls)
    return out


def _finding_json(finding: Finding) -> JsonObject:
    out: JsonObject = {"lesion": finding.lesion, "kind": finding.kind.value}
    _put(out, "site", finding.site, finding.explicit_nulls)
    if finding.visibility is Visibility.NOT_VISUALISED:
        out["dims_mm"] = None
    elif finding.dims_mm is not None:
        out["dims_mm"] = [_number(d) for d in finding.dims_mm]
    features: JsonObject | None = None
    if finding.features is not None:
        features = {}
        for name in FEATURE_NAMES:
            value = finding.features.value(name)
            shown = None if value is None else feature_json(value)
            _put(features, name, shown, finding.features.explicit_nulls)
    _put(out, "features", features, finding.explicit_nulls)
    return out
