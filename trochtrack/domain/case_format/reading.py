"""Reading a case file: the JSON text checked and built into a :class:`Case`.

Every refusal names the field path (``episodes[0].visits[2].pain_nrs``); the records
themselves check ranges and dates as they are built.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Final

from trochtrack.domain.case_format.fields import (
    CASE_FORMAT,
    EPISODE_OPTIONAL,
    EPISODE_REQUIRED,
    FINDING_OPTIONAL,
    FINDING_REQUIRED,
    GP_OPTIONAL,
    PATIENT_OPTIONAL,
    PATIENT_REQUIRED,
    SCAN_OPTIONAL,
    SCAN_REQUIRED,
    TREATMENT_OPTIONAL,
    TREATMENT_REQUIRED,
    VISIT_OPTIONAL,
    VISIT_REQUIRED,
    WORKING_DIAGNOSIS_OPTIONAL,
    WORKING_DIAGNOSIS_REQUIRED,
    JsonObject,
)
from trochtrack.domain.case_format.json_checks import (
    build_each,
    check_keys,
    enum_value,
    expect_list,
    expect_object,
    nulls_written,
    optional_date,
    optional_list,
    within,
)
from trochtrack.domain.case_format.measures import read_outcomes, read_questionnaires
from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import FEATURE_NAMES, Features
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

# No value in a case file needs more; Python refuses to read 4,300 digits and more.
MAX_NUMBER_DIGITS: Final = 20


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


def case_from_json(data: object, *, not_after: date | None = None) -> Case:
    """Build a :class:`Case` from parsed JSON, checking every field."""
    obj = expect_object(data, "")
    check_keys(obj, "", required=("format", "patient", "episodes"), optional=())
    if obj["format"] != CASE_FORMAT:
        raise ValidationError("format", f"expected {CASE_FORMAT!r}, got {obj['format']!r}")
    patient = within("patient", lambda: _patient(expect_object(obj["patient"], "")))
    episodes = build_each(obj["episodes"], "episodes", _episode)
    case = within("", lambda: Case(patient=patient, episodes=episodes))
    if not_after is not None:
        case.check_not_after(not_after)
    return case


def _patient(obj: JsonObject) -> Patient:
    check_keys(obj, "", required=PATIENT_REQUIRED, optional=PATIENT_OPTIONAL)
    gp = None
    if obj.get("gp") is not None:
        gp_obj = expect_object(obj["gp"], "gp")
        check_keys(gp_obj, "gp", required=(), optional=GP_OPTIONAL)
        gp = within(
            "gp",
            lambda: GeneralPractitioner(
                name=gp_obj.get("name"),
                practice=gp_obj.get("practice"),
                address=gp_obj.get("address"),
                explicit_nulls=nulls_written(gp_obj, GP_OPTIONAL),
            ),
        )
    return Patient(
        ref=obj["ref"],
        given_name=obj["given_name"],
        family_name=obj["family_name"],
        date_of_birth=parse_iso_date(obj["date_of_birth"], "date_of_birth"),
        sex=enum_value(Sex, obj["sex"], "sex"),
        gp=gp,
        phone=obj.get("phone"),
        email=obj.get("email"),
        address=obj.get("address"),
        explicit_nulls=nulls_written(obj, PATIENT_OPTIONAL),
    )


def _episode(value: object) -> Episode:
    obj = expect_object(value, "")
    check_keys(obj, "", required=EPISODE_REQUIRED, optional=EPISODE_OPTIONAL)
    visits = build_each(optional_list(obj, "visits"), "visits", _visit)
    treatments = build_each(optional_list(obj, "treatments"), "treatments", _treatment)
    scans = build_each(optional_list(obj, "scans"), "scans", _scan)
    others = build_each(
        optional_list(obj, "other_diagnoses"), "other_diagnoses", _working_diagnosis
    )
    return Episode(
        ref=obj["ref"],
        side=enum_value(Side, obj["side"], "side"),
        diagnosis=enum_value(Diagnosis, obj["diagnosis"], "diagnosis"),
        first_line_start=parse_iso_date(obj["first_line_start"], "first_line_start"),
        diagnosis_since=optional_date(obj, "diagnosis_since"),
        other_diagnoses=others,
        onset_date=optional_date(obj, "onset_date"),
        closed_date=optional_date(obj, "closed_date"),
        closed_reason=obj.get("closed_reason"),
        notes=obj.get("notes"),
        next_appointment=optional_date(obj, "next_appointment"),
        visits=visits,
        treatments=treatments,
        scans=scans,
        explicit_nulls=nulls_written(obj, EPISODE_OPTIONAL),
    )


def _working_diagnosis(value: object) -> WorkingDiagnosis:
    obj = expect_object(value, "")
    check_keys(obj, "", required=WORKING_DIAGNOSIS_REQUIRED, optional=WORKING_DIAGNOSIS_OPTIONAL)
    return WorkingDiagnosis(
        diagnosis=enum_value(Diagnosis, obj["diagnosis"], "diagnosis"),
        since=optional_date(obj, "since"),
        possible=obj.get("possible"),
        explicit_nulls=nulls_written(obj, WORKING_DIAGNOSIS_OPTIONAL),
    )


def _visit(value: object) -> Visit:
    obj = expect_object(value, "")
    check_keys(obj, "", required=VISIT_REQUIRED, optional=VISIT_OPTIONAL)
    flags: set[RedFlag] = set()
    for index, item in enumerate(expect_list(optional_list(obj, "red_flags"), "red_flags")):
        flag = enum_value(RedFlag, item, f"red_flags[{index}]")
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
        outcomes=read_outcomes(obj),
        questionnaires=read_questionnaires(obj.get("questionnaires")),
        explicit_nulls=nulls_written(obj, VISIT_OPTIONAL),
    )


def _treatment(value: object) -> Treatment:
    obj = expect_object(value, "")
    check_keys(obj, "", required=TREATMENT_REQUIRED, optional=TREATMENT_OPTIONAL)
    return Treatment(
        kind=enum_value(TreatmentKind, obj["kind"], "kind"),
        start=parse_iso_date(obj["start"], "start"),
        end=optional_date(obj, "end"),
        detail=obj.get("detail"),
        explicit_nulls=nulls_written(obj, TREATMENT_OPTIONAL),
    )


def _scan(value: object) -> Scan:
    obj = expect_object(value, "")
    check_keys(obj, "", required=SCAN_REQUIRED, optional=SCAN_OPTIONAL)
    findings = build_each(optional_list(obj, "findings"), "findings", _finding)
    return Scan(
        date=parse_iso_date(obj["date"], "date"),
        modality=enum_value(Modality, obj["modality"], "modality"),
        report=obj.get("report"),
        findings=findings,
        explicit_nulls=nulls_written(obj, SCAN_OPTIONAL),
    )


def _finding(value: object) -> Finding:
    obj = expect_object(value, "")
    check_keys(obj, "", required=FINDING_REQUIRED, optional=FINDING_OPTIONAL)
    kind = enum_value(LesionKind, obj["kind"], "kind")
    dims: tuple[float, float, float] | None = None
    if "dims_mm" not in obj:
        visibility = Visibility.NOT_MEASURED
    elif obj["dims_mm"] is None:
        visibility = Visibility.NOT_VISUALISED
    else:
        raw = expect_list(obj["dims_mm"], "dims_mm")
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
        possible=obj.get("possible"),
        explicit_nulls=nulls_written(obj, ("site", "features", "possible")),
    )


def _features(value: object) -> Features:
    obj = expect_object(value, "features")
    check_keys(obj, "features", required=(), optional=FEATURE_NAMES)
    return within("features", lambda: Features.from_values(obj, nulls_written(obj, FEATURE_NAMES)))
