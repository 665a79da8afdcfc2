"""The clinical vocabulary in words, and the names of what the app records and produces.

Treatments, diagnoses, statuses, lesions, red flags, severities, decisions, alert states
and actions, documents and rules presets. The lower-case labels read inside a sentence
("second-line care started"); the window gives them a capital where they stand alone.
Red flags have two wordings: a checkbox's ("Unable to weight-bear") and a letter's
phrase ("unable to bear weight").
"""

from __future__ import annotations

from typing import Final

from trochtrack.domain.actions import AlertActionKind, AlertState, CriticalAction, DecisionKind
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.vocabulary import (
    Diagnosis,
    EpisodeStatus,
    LesionChange,
    LesionKind,
    Modality,
    RedFlag,
    Severity,
    Sex,
    Side,
    TreatmentKind,
)

TREATMENT_LABELS: Final[dict[TreatmentKind, str]] = {
    TreatmentKind.EXERCISE_PROGRAM: "Exercise programme",
    TreatmentKind.EDUCATION: "Education",
    TreatmentKind.ACTIVITY_MODIFICATION: "Activity modification",
    TreatmentKind.NSAID: "Anti-inflammatory (NSAID)",
    TreatmentKind.THERAPEUTIC_ULTRASOUND: "Therapeutic ultrasound",
    TreatmentKind.MANUAL_THERAPY: "Manual therapy",
    TreatmentKind.ICE: "Ice",
    TreatmentKind.CORTICOSTEROID_INJECTION: "Corticosteroid injection",
    TreatmentKind.ESWT: "Shockwave therapy (ESWT)",
    TreatmentKind.PRP_INJECTION: "PRP injection",
    TreatmentKind.BARBOTAGE: "Barbotage",
    TreatmentKind.TENOTOMY: "Tenotomy",
    TreatmentKind.SURGICAL_REFERRAL: "Surgical referral",
}

DIAGNOSIS_LABELS: Final[dict[Diagnosis, str]] = {
    Diagnosis.GTPS: "greater trochanteric pain syndrome",
    Diagnosis.TROCHANTERIC_BURSITIS: "trochanteric bursitis",
    Diagnosis.GLUTEAL_TENDINOPATHY: "gluteal tendinopathy",
    Diagnosis.CALCIFIC_TENDINOPATHY: "calcific tendinopathy",
}

SIDE_LABELS: Final[dict[Side, str]] = {Side.LEFT: "left", Side.RIGHT: "right"}

LESION_KIND_LABELS: Final[dict[LesionKind, str]] = {
    LesionKind.FLUID_COLLECTION: "fluid collection",
    LesionKind.ADVENTITIAL_BURSA: "adventitial bursa",
    LesionKind.TROCHANTERIC_BURSA: "trochanteric bursa",
    LesionKind.CALCIFICATION: "calcification",
    LesionKind.TENDINOPATHY: "tendinopathy",
    LesionKind.PARTIAL_TEAR: "partial tear",
    LesionKind.FULL_TEAR: "full-thickness tear",
}

POSSIBLE_MARK: Final = " (possible)"
"""After a lesion's kind or id when the scan's report is not sure of it."""

CHANGE_LABELS: Final[dict[LesionChange, str]] = {
    LesionChange.SINGLE_MEASUREMENT: "first measurement",
    LesionChange.NOT_COMPARABLE: "not comparable (other modality)",
    LesionChange.RESOLVED: "resolved (not visualised)",
    LesionChange.ENLARGED: "enlarged",
    LesionChange.REDUCED: "reduced",
    LesionChange.NO_RELIABLE_CHANGE: "no reliable change",
}

MODALITY_LABELS: Final[dict[Modality, str]] = {
    Modality.US: "ultrasound",
    Modality.MRI: "MRI",
    Modality.XR: "X-ray",
    Modality.CT: "CT",
}

STATUS_LABELS: Final[dict[EpisodeStatus, str]] = {
    EpisodeStatus.CLOSED: "episode closed",
    EpisodeStatus.ESCALATED: "second-line care started",
    EpisodeStatus.IN_PROGRESS: "first-line care under way",
    EpisodeStatus.RESPONDING: "responding to first-line care",
    EpisodeStatus.LIMITED_RESPONSE: "limited response so far",
    EpisodeStatus.FAILED: "no clinically important improvement by the decision point",
    EpisodeStatus.AWAITING_ASSESSMENT: "response not yet assessed",
    EpisodeStatus.ASSESSMENT_OVERDUE: "response assessment overdue",
}

RED_FLAG_LABELS: Final[dict[RedFlag, str]] = {
    RedFlag.ACUTE_SEVERE_PAIN: "Acute severe pain",
    RedFlag.UNABLE_TO_WEIGHT_BEAR: "Unable to weight-bear",
    RedFlag.FALL_OR_TRAUMA: "Fall or trauma",
    RedFlag.HOT_SWOLLEN_JOINT: "Hot, swollen joint",
    RedFlag.SYSTEMICALLY_UNWELL: "Systemically unwell",
    RedFlag.CONSTANT_NIGHT_PAIN: "Constant night pain",
    RedFlag.UNEXPLAINED_WEIGHT_LOSS: "Unexplained weight loss",
    RedFlag.CANCER_HISTORY: "History of cancer",
    RedFlag.NEUROLOGICAL_DEFICIT: "Neurological deficit",
    RedFlag.RECENT_INJECTION: "Recent injection",
}
"""As a red flag is offered and listed in the window."""
RED_FLAG_PHRASES: Final[dict[RedFlag, str]] = {
    RedFlag.ACUTE_SEVERE_PAIN: "acute severe pain",
    RedFlag.UNABLE_TO_WEIGHT_BEAR: "unable to bear weight",
    RedFlag.FALL_OR_TRAUMA: "a fall or trauma",
    RedFlag.HOT_SWOLLEN_JOINT: "a hot, swollen joint",
    RedFlag.SYSTEMICALLY_UNWELL: "systemically unwell",
    RedFlag.CONSTANT_NIGHT_PAIN: "constant night pain",
    RedFlag.UNEXPLAINED_WEIGHT_LOSS: "unexplained weight loss",
    RedFlag.CANCER_HISTORY: "a history of cancer",
    RedFlag.NEUROLOGICAL_DEFICIT: "a new neurological deficit",
    RedFlag.RECENT_INJECTION: "a recent injection into the hip",
}
"""As a letter names a red flag inside a sentence."""
SEX_LABELS: Final[dict[Sex, str]] = {
    Sex.FEMALE: "Female",
    Sex.MALE: "Male",
    Sex.OTHER: "Other",
    Sex.UNKNOWN: "Not recorded",
}
SEVERITY_LABELS: Final[dict[Severity, str]] = {
    Severity.CRITICAL: "Critical",
    Severity.WARNING: "Warning",
    Severity.INFO: "Info",
}

DECISION_LABELS: Final[dict[DecisionKind, str]] = {
    DecisionKind.CONTINUE_FIRST_LINE: "Continue first-line care",
    DecisionKind.SECOND_LINE: "Start second-line care",
    DecisionKind.REFER: "Refer",
}

ALERT_ACTION_WORDS: Final[dict[AlertActionKind, str]] = {
    AlertActionKind.ACKNOWLEDGED: "acknowledged",
    AlertActionKind.OVERRIDDEN: "overridden",
    AlertActionKind.SNOOZED: "snoozed",
    AlertActionKind.DECIDED: "answered by an escalation decision",
    AlertActionKind.ACTED: "acted on",
}
"""How an action on an alert reads in a letter (who and when follow)."""
DOCUMENT_KIND_NAMES: Final[dict[DocumentKind, str]] = {
    DocumentKind.GP_FOLLOWUP: "GP follow-up letter",
    DocumentKind.REFERRAL: "referral letter",
    DocumentKind.HANDOUT: "patient handout",
}
PRESET_NAMES: Final[dict[str, str]] = {
    "protocol": "Referral protocol",
    "leap": "LEAP trial dose",
    "uk-pathway": "UK pathway",
}
"""The rules presets by name, as the settings offer them."""

STATE_LABELS: Final[dict[AlertState, str]] = {
    AlertState.ACTIVE: "active",
    AlertState.ACKNOWLEDGED: "acknowledged",
    AlertState.OVERRIDDEN: "overridden",
    AlertState.SNOOZED: "snoozed",
    AlertState.DECIDED: "answered by the escalation decision",
    AlertState.ACTED: "action recorded",
}
"""Where an alert stands, as the patient's timeline says it."""
CRITICAL_ACTION_CHOICES: Final[dict[CriticalAction, str]] = {
    CriticalAction.EMERGENCY_DEPARTMENT: "Sent to the emergency department today",
    CriticalAction.SAME_DAY_MEDICAL: "Same-day GP or medical assessment arranged",
    CriticalAction.NOT_APPLICABLE: "Discussed; not applicable because…",
    CriticalAction.OTHER: "Other…",
}
"""How the choices read where the clinician picks one."""
CRITICAL_ACTION_WORDS: Final[dict[CriticalAction, str]] = {
    CriticalAction.EMERGENCY_DEPARTMENT: "sent to the emergency department",
    CriticalAction.SAME_DAY_MEDICAL: "same-day GP or medical assessment arranged",
    CriticalAction.NOT_APPLICABLE: "discussed and judged not applicable",
    CriticalAction.OTHER: "other action",
}
"""How a recorded action reads afterwards (the note follows it)."""
