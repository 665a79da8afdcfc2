"""Evaluations as JSON: the ``trochtrack-evaluation/1`` output and a lossless cache form.

:func:`evaluation_to_json` writes exactly the shape of docs/case-format.md (six keys per
alert; an alert's lesion and options go inside its evidence). The episode form written
by :func:`episode_evaluation_to_json` keeps everything, so that
``episode_evaluation_from_json(episode_evaluation_to_json(x)) == x``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Final, TypeVar

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import Features, feature_json, parse_feature
from trochtrack.domain.rules.alerts import Alert, JsonValue, iso
from trochtrack.domain.rules.characteristics import FeatureChange
from trochtrack.domain.rules.engine import CaseEvaluation, EpisodeEvaluation
from trochtrack.domain.rules.lesions import (
    AxisChange,
    AxisTrend,
    LesionAssessment,
    LesionObservation,
    SinceBaseline,
    axes_json,
)
from trochtrack.domain.rules.response import (
    DatedScore,
    Measure,
    MeasureChange,
    ResponseAssessment,
    WorseningAssessment,
)
from trochtrack.domain.values import parse_iso_date
from trochtrack.domain.vocabulary import (
    AlertCode,
    EpisodeStatus,
    LesionChange,
    LesionKind,
    Modality,
    Severity,
    Visibility,
)

EVALUATION_FORMAT: Final = "trochtrack-evaluation/1"
EPISODE_EVALUATION_FORMAT: Final = "trochtrack-episode-evaluation/1"

JsonObject = dict[str, JsonValue]
_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")


def evaluation_to_json(evaluation: CaseEvaluation) -> JsonObject:
    """The ``trochtrack-evaluation/1`` document of a case evaluation."""
    return {
        "format": EVALUATION_FORMAT,
        "as_of": iso(evaluation.as_of),
        "preset": evaluation.preset,
        "rules_version": evaluation.rules_version,
        "patient": evaluation.patient_ref,
        "episodes": [
            {
                "ref": episode.episode_ref,
                "status": episode.status.value,
                "review_due": iso(episode.review_due),
                "escalation_due": iso(episode.escalation_due),
                "alerts": [_public_alert(alert) for alert in episode.alerts],
                "lesions": [_public_lesion(lesion) for lesion in episode.lesions],
            }
            for episode in evaluation.episodes
        ],
    }


def episode_evaluation_to_json(evaluation: EpisodeEvaluation) -> JsonObject:
    """Everything in an episode evaluation, as JSON (see :func:`episode_evaluation_from_json`)."""
    return {
        "format": EPISODE_EVALUATION_FORMAT,
        "episode_ref": evaluation.episode_ref,
        "as_of": iso(evaluation.as_of),
        "rules_version": evaluation.rules_version,
        "status": evaluation.status.value,
        "review_due": iso(evaluation.review_due),
        "escalation_due": iso(evaluation.escalation_due),
        "follow_up_scan_due": iso(evaluation.follow_up_scan_due),
        "alerts": [_alert_json(alert) for alert in evaluation.alerts],
        "lesions": [_lesion_json(lesion) for lesion in evaluation.lesions],
        "response": (
            None
            if evaluation.response is None
            else _changes_json(evaluation.response.visit_date, evaluation.response.measures)
        ),
        "worsening": (
            None
            if evaluation.worsening is None
            else _changes_json(evaluation.worsening.visit_date, evaluation.worsening.measures)
        ),
    }


def episode_evaluation_from_json(data: object) -> EpisodeEvaluation:
    """Restore an episode evaluation written by :func:`episode_evaluation_to_json`.

    Raises:
        ValidationError: naming the field when ``data`` is not such a document.
    """
    doc = _Reader(data, "")
    if doc.get("format").as_text() != EPISODE_EVALUATION_FORMAT:
        raise ValidationError("format", f"expected {EPISODE_EVALUATION_FORMAT!r}")
    response = doc.get("response").or_none(_changes)
    worsening = doc.get("worsening").or_none(_changes)
    return EpisodeEvaluation(
        episode_ref=doc.get("episode_ref").as_text(),
        as_of=doc.get("as_of").as_date(),
        rules_version=doc.get("rules_version").as_text(),
        status=doc.get("status").as_enum(EpisodeStatus),
        review_due=doc.get("review_due").as_date(),
        escalation_due=doc.get("escalation_due").as_date(),
        follow_up_scan_due=doc.get("follow_up_scan_due").or_none(_Reader.as_date),
        alerts=doc.get("alerts").as_list(_alert),
        lesions=doc.get("lesions").as_list(_lesion),
        response=(
            None
            if response is None
            else ResponseAssessment(visit_date=response[0], measures=response[1])
        ),
        worsening=(
            None
            if worsening is None
            else WorseningAssessment(visit_date=worsening[0], measures=worsening[1])
        ),
    )


# -- writing ---------------------------------------------------------------------------


def _public_alert(alert: Alert) -> JsonObject:
    evidence: JsonObject = {}
    if alert.lesion is not None:
        evidence["lesion"] = alert.lesion
    evidence |= alert.evidence
    if alert.options:
        evidence["options"] = [*alert.options]
    return {
        "code": alert.code.value,
        "severity": alert.severity.value,
        "due": iso(alert.due),
        "summary": alert.summary,
        "evidence": evidence,
        "sources": [*alert.sources],
    }


def _public_lesion(lesion: LesionAssessment) -> JsonObject:
    return {
        "lesion": lesion.lesion,
        "kind": lesion.kind.value,
        "change": lesion.change.value,
        "change_since_baseline": (
            None if lesion.change_since_baseline is None else lesion.change_since_baseline.value
        ),
        "features_changed": [*lesion.features_changed_names],
        "volume_mm3": lesion.volume_mm3,
        "previous_volume_mm3": lesion.previous_volume_mm3,
        "volume_approximate": lesion.volume_approximate,
    }


def _alert_json(alert: Alert) -> JsonObject:
    return {
        "code": alert.code.value,
        "severity": alert.severity.value,
        "due": iso(alert.due),
        "summary": alert.summary,
        "why": alert.why,
        "evidence": dict(alert.evidence),
        "sources": [*alert.sources],
        "lesion": alert.lesion,
        "options": [*alert.options],
    }


def _observation_json(observation: LesionObservation | None) -> JsonValue:
    if observation is None:
        return None
    features = observation.features
    return {
        "date": iso(observation.date),
        "modality": observation.modality.value,
        "visibility": observation.visibility.value,
        "dims_mm": None if observation.dims_mm is None else [*observation.dims_mm],
        "site": observation.site,
        "features": (
            None
            if features is None
            else {name: feature_json(value) for name, value in features.recorded()}
        ),
    }


def _lesion_json(lesion: LesionAssessment) -> JsonObject:
    since = lesion.since_baseline
    return {
        "lesion": lesion.lesion,
        "kind": lesion.kind.value,
        "change": lesion.change.value,
        "latest": _observation_json(lesion.latest),
        "previous": _observation_json(lesion.previous),
        "volume_approximate": lesion.volume_approximate,
        "axes": axes_json(lesion.axes),
        "volume_change_percent": lesion.volume_change_percent,
        "rule": lesion.rule,
        "since_baseline": (
            None
            if since is None
            else {
                "baseline": _observation_json(since.baseline),
                "change": since.change.value,
                "axes": axes_json(since.axes),
                "volume_change_percent": since.volume_change_percent,
            }
        ),
        "features_compared": _observation_json(lesion.features_compared),
        "features_changed": [
            {
                "feature": change.name,
                "previous": feature_json(change.previous),
                "latest": feature_json(change.latest),
            }
            for change in lesion.features_changed
        ],
    }


def _score_json(score: DatedScore | None) -> JsonValue:
    return None if score is None else {"date": iso(score.date), "value": score.value}


def _changes_json(visit_date: date, measures: tuple[MeasureChange, ...]) -> JsonObject:
    return {
        "visit_date": iso(visit_date),
        "measures": [
            {
                "measure": change.measure.value,
                "baseline": _score_json(change.baseline),
                "latest": _score_json(change.latest),
                "meets": change.meets,
            }
            for change in measures
        ],
    }


# -- reading ---------------------------------------------------------------------------


class _Reader:
    """Typed access to one JSON value, naming its path in every error."""

    def __init__(self, value: object, path: str) -> None:
        self.value = value
        self.path = path

    def get(self, key: str) -> _Reader:
        """The value at ``key`` of this object."""
        if not isinstance(self.value, dict):
            raise self.wrong("an object")
        path = f"{self.path}.{key}" if self.path else key
        if key not in self.value:
            raise ValidationError(path, "is required")
        return _Reader(self.value[key], path)

    def wrong(self, expected: str) -> ValidationError:
        """The error for a value that is not what was ``expected``."""
        return ValidationError(self.path, f"expected {expected}")

    def as_text(self) -> str:
        """The value as text."""
        if not isinstance(self.value, str):
            raise self.wrong("text")
        return self.value

    def as_date(self) -> date:
        """The value as an ISO date."""
        return parse_iso_date(self.as_text(), self.path)

    def as_int(self) -> int:
        """The value as a whole number."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.wrong("a whole number")
        return self.value

    def as_float(self) -> float:
        """The value as a number."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self.wrong("a number")
        return float(self.value)

    def as_bool(self) -> bool:
        """The value as true or false."""
        if not isinstance(self.value, bool):
            raise self.wrong("true or false")
        return self.value

    def as_enum(self, enum_type: type[_E]) -> _E:
        """The value as a member of ``enum_type``."""
        try:
            return enum_type(self.as_text())
        except ValueError:
            allowed = ", ".join(member.value for member in enum_type)
            raise self.wrong(f"one of {allowed}") from None

    def as_evidence(self) -> Mapping[str, JsonValue]:
        """A fresh copy of the value, an object of plain JSON values."""
        copied = _json_value(self.value, self.path)
        if not isinstance(copied, dict):
            raise self.wrong("an object")
        return copied

    def as_list(self, read: Callable[[_Reader], _T]) -> tuple[_T, ...]:
        """Every item of the list, each read with ``read``."""
        if not isinstance(self.value, list):
            raise self.wrong("a list")
        return tuple(
            read(_Reader(item, f"{self.path}[{index}]")) for index, item in enumerate(self.value)
        )

    def or_none(self, read: Callable[[_Reader], _T]) -> _T | None:
        """``None`` for null, else the value read with ``read``."""
        return None if self.value is None else read(self)


def _json_value(value: object, path: str) -> JsonValue:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_json_value(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict):
        copied: dict[str, JsonValue] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationError(path, "object keys must be text")
            copied[key] = _json_value(item, f"{path}.{key}")
        return copied
    raise ValidationError(path, "expected a JSON value")


def _alert(reader: _Reader) -> Alert:
    return Alert(
        code=reader.get("code").as_enum(AlertCode),
        severity=reader.get("severity").as_enum(Severity),
        due=reader.get("due").or_none(_Reader.as_date),
        summary=reader.get("summary").as_text(),
        why=reader.get("why").as_text(),
        evidence=reader.get("evidence").as_evidence(),
        sources=reader.get("sources").as_list(_Reader.as_text),
        lesion=reader.get("lesion").or_none(_Reader.as_text),
        options=reader.get("options").as_list(_Reader.as_text),
    )


def _observation(reader: _Reader) -> LesionObservation:
    dims_reader = reader.get("dims_mm")
    dims = dims_reader.or_none(lambda r: r.as_list(_Reader.as_float))
    if dims is not None and len(dims) != 3:
        raise dims_reader.wrong("three diameters")
    return LesionObservation(
        date=reader.get("date").as_date(),
        modality=reader.get("modality").as_enum(Modality),
        visibility=reader.get("visibility").as_enum(Visibility),
        dims_mm=None if dims is None else (dims[0], dims[1], dims[2]),
        site=reader.get("site").or_none(_Reader.as_text),
        features=reader.get("features").or_none(_features),
    )


def _features(reader: _Reader) -> Features:
    try:
        return Features.from_values(reader.as_evidence())
    except ValidationError as error:
        raise error.within(reader.path) from None


def _feature_change(reader: _Reader) -> FeatureChange:
    name = reader.get("feature").as_text()
    try:
        previous = parse_feature(name, reader.get("previous").value)
        latest = parse_feature(name, reader.get("latest").value)
    except ValidationError as error:
        raise error.within(reader.path) from None
    return FeatureChange(name=name, previous=previous, latest=latest)


def _since_baseline(reader: _Reader) -> SinceBaseline:
    return SinceBaseline(
        baseline=_observation(reader.get("baseline")),
        change=reader.get("change").as_enum(LesionChange),
        axes=reader.get("axes").as_list(_axis),
        volume_change_percent=reader.get("volume_change_percent").or_none(_Reader.as_float),
    )


def _axis(reader: _Reader) -> AxisChange:
    return AxisChange(
        previous_mm=reader.get("previous_mm").as_float(),
        latest_mm=reader.get("latest_mm").as_float(),
        change_mm=reader.get("change_mm").as_float(),
        change_percent=reader.get("change_percent").or_none(_Reader.as_float),
        trend=reader.get("trend").as_enum(AxisTrend),
    )


def _lesion(reader: _Reader) -> LesionAssessment:
    return LesionAssessment(
        lesion=reader.get("lesion").as_text(),
        kind=reader.get("kind").as_enum(LesionKind),
        change=reader.get("change").as_enum(LesionChange),
        latest=_observation(reader.get("latest")),
        previous=reader.get("previous").or_none(_observation),
        volume_approximate=reader.get("volume_approximate").or_none(_Reader.as_bool),
        axes=reader.get("axes").as_list(_axis),
        volume_change_percent=reader.get("volume_change_percent").or_none(_Reader.as_float),
        rule=reader.get("rule").as_text(),
        since_baseline=reader.get("since_baseline").or_none(_since_baseline),
        features_compared=reader.get("features_compared").or_none(_observation),
        features_changed=reader.get("features_changed").as_list(_feature_change),
    )


def _score(reader: _Reader) -> DatedScore:
    return DatedScore(date=reader.get("date").as_date(), value=reader.get("value").as_int())


def _change(reader: _Reader) -> MeasureChange:
    return MeasureChange(
        measure=reader.get("measure").as_enum(Measure),
        baseline=reader.get("baseline").or_none(_score),
        latest=_score(reader.get("latest")),
        meets=reader.get("meets").as_bool(),
    )


def _changes(reader: _Reader) -> tuple[date, tuple[MeasureChange, ...]]:
    return reader.get("visit_date").as_date(), reader.get("measures").as_list(_change)
