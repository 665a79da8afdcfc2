"""Writing a :class:`Case` as ``trochtrack-case/1`` JSON.

An optional key is written when it has a value, or when the file it was read from wrote
it out as ``null`` or ``[]``; so a file read and written again is unchanged.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Final

from trochtrack.domain.case_format.fields import CASE_FORMAT, GP_OPTIONAL, JsonObject
from trochtrack.domain.case_format.measures import form_json, outcomes_json
from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.features import FEATURE_NAMES, feature_json
from trochtrack.domain.model import Case, Episode, Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.vocabulary import RedFlag, Visibility

_RED_FLAG_ORDER: Final = {flag: index for index, flag in enumerate(RedFlag)}


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
        for key in GP_OPTIONAL:
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
    _put(out, "diagnosis_since", _iso(episode.diagnosis_since), nulls)
    _put(out, "other_diagnoses", [_diagnosis_json(d) for d in episode.other_diagnoses], nulls)
    _put(out, "onset_date", _iso(episode.onset_date), nulls)
    out["first_line_start"] = episode.first_line_start.isoformat()
    _put(out, "closed_date", _iso(episode.closed_date), nulls)
    _put(out, "closed_reason", episode.closed_reason, nulls)
    _put(out, "notes", episode.notes, nulls)
    _put(out, "next_appointment", _iso(episode.next_appointment), nulls)
    _put(out, "visits", [_visit_json(v) for v in episode.visits], nulls)
    _put(out, "treatments", [_treatment_json(t) for t in episode.treatments], nulls)
    _put(out, "scans", [_scan_json(s) for s in episode.scans], nulls)
    return out


def _diagnosis_json(working: WorkingDiagnosis) -> JsonObject:
    out: JsonObject = {"diagnosis": working.diagnosis.value}
    _put(out, "since", _iso(working.since), working.explicit_nulls)
    _put(out, "possible", working.possible, working.explicit_nulls)
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
    for key, value in outcomes_json(visit.outcomes).items():
        _put(out, key, value, nulls)
    _put(out, "questionnaires", [form_json(form) for form in visit.questionnaires], nulls)
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
    _put(out, "possible", finding.possible, finding.explicit_nulls)
    return out
