"""The closed vocabularies of the case format and the rules (docs/rules.md, docs/case-format.md).

Every value here is exact: case files, the database and the evaluation output use these
strings, and tests outside the project compare them.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    """Sex as recorded by the clinic."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Side(StrEnum):
    """The hip an episode is about."""

    LEFT = "left"
    RIGHT = "right"


class Diagnosis(StrEnum):
    """Working diagnosis of an episode."""

    GTPS = "gtps"
    TROCHANTERIC_BURSITIS = "trochanteric_bursitis"
    GLUTEAL_TENDINOPATHY = "gluteal_tendinopathy"
    CALCIFIC_TENDINOPATHY = "calcific_tendinopathy"


class Modality(StrEnum):
    """Imaging modality of a scan."""

    US = "US"
    MRI = "MRI"
    XR = "XR"
    CT = "CT"


class LesionKind(StrEnum):
    """What a tracked lesion is."""

    FLUID_COLLECTION = "fluid_collection"
    ADVENTITIAL_BURSA = "adventitial_bursa"
    TROCHANTERIC_BURSA = "trochanteric_bursa"
    CALCIFICATION = "calcification"
    TENDINOPATHY = "tendinopathy"
    PARTIAL_TEAR = "partial_tear"
    FULL_TEAR = "full_tear"

    @property
    def size_tracked(self) -> bool:
        """Bursae and fluid collections: compared axis by axis and by volume."""
        return self in _SIZE_TRACKED

    @property
    def is_calcification(self) -> bool:
        """Calcifications: compared by their longest diameter."""
        return self is LesionKind.CALCIFICATION

    @property
    def needs_dimensions(self) -> bool:
        """Whether a finding of this kind must say its diameters (or 'not visualised')."""
        return self.size_tracked or self.is_calcification


_SIZE_TRACKED = frozenset(
    {LesionKind.FLUID_COLLECTION, LesionKind.ADVENTITIAL_BURSA, LesionKind.TROCHANTERIC_BURSA}
)


class TreatmentKind(StrEnum):
    """Treatments, first-line and second-line (docs/rules.md §5)."""

    EXERCISE_PROGRAM = "exercise_program"
    EDUCATION = "education"
    ACTIVITY_MODIFICATION = "activity_modification"
    NSAID = "nsaid"
    THERAPEUTIC_ULTRASOUND = "therapeutic_ultrasound"
    MANUAL_THERAPY = "manual_therapy"
    ICE = "ice"
    CORTICOSTEROID_INJECTION = "corticosteroid_injection"
    ESWT = "eswt"
    PRP_INJECTION = "prp_injection"
    BARBOTAGE = "barbotage"
    TENOTOMY = "tenotomy"
    SURGICAL_REFERRAL = "surgical_referral"

    @property
    def second_line(self) -> bool:
        """Second-line treatments mark an episode as escalated."""
        return self in _SECOND_LINE

    @property
    def invasive(self) -> bool:
        """Every second-line treatment except shockwave."""
        return self.second_line and self is not TreatmentKind.ESWT


_SECOND_LINE = frozenset(
    {
        TreatmentKind.CORTICOSTEROID_INJECTION,
        TreatmentKind.ESWT,
        TreatmentKind.PRP_INJECTION,
        TreatmentKind.BARBOTAGE,
        TreatmentKind.TENOTOMY,
        TreatmentKind.SURGICAL_REFERRAL,
    }
)


class RedFlag(StrEnum):
    """The red-flag checklist of a visit (docs/rules.md §6)."""

    ACUTE_SEVERE_PAIN = "acute_severe_pain"
    UNABLE_TO_WEIGHT_BEAR = "unable_to_weight_bear"
    FALL_OR_TRAUMA = "fall_or_trauma"
    HOT_SWOLLEN_JOINT = "hot_swollen_joint"
    SYSTEMICALLY_UNWELL = "systemically_unwell"
    CONSTANT_NIGHT_PAIN = "constant_night_pain"
    UNEXPLAINED_WEIGHT_LOSS = "unexplained_weight_loss"
    CANCER_HISTORY = "cancer_history"
    NEUROLOGICAL_DEFICIT = "neurological_deficit"
    RECENT_INJECTION = "recent_injection"


class FluidContent(StrEnum):
    """What a bursa or fluid collection holds, as the scan shows it (docs/rules.md §7b)."""

    ANECHOIC = "anechoic"
    HYPOECHOIC = "hypoechoic"
    COMPLEX = "complex"


class WallThickness(StrEnum):
    """The wall of a bursa or fluid collection."""

    THIN = "thin"
    THICKENED = "thickened"


class DopplerFlow(StrEnum):
    """Blood flow in or around a bursa or fluid collection on Doppler."""

    NONE = "none"
    PRESENT = "present"


class Visibility(StrEnum):
    """What a scan finding says about a lesion's size."""

    MEASURED = "measured"
    """Three diameters were recorded."""
    NOT_VISUALISED = "not_visualised"
    """Looked for and not seen (``dims_mm: null`` in a case file)."""
    NOT_MEASURED = "not_measured"
    """No size recorded (tendinopathy and tear findings may omit ``dims_mm``)."""


class Severity(StrEnum):
    """Alert severity, after the CDS Hooks card indicator."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe; used to sort alerts."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


class EpisodeStatus(StrEnum):
    """Where an episode stands on a given date (docs/rules.md §4)."""

    CLOSED = "closed"
    ESCALATED = "escalated"
    IN_PROGRESS = "in_progress"
    RESPONDING = "responding"
    LIMITED_RESPONSE = "limited_response"
    FAILED = "failed"
    AWAITING_ASSESSMENT = "awaiting_assessment"
    ASSESSMENT_OVERDUE = "assessment_overdue"


class LesionChange(StrEnum):
    """The change call between a lesion's latest and previous finding (docs/rules.md §7)."""

    SINGLE_MEASUREMENT = "single_measurement"
    NOT_COMPARABLE = "not_comparable"
    RESOLVED = "resolved"
    ENLARGED = "enlarged"
    REDUCED = "reduced"
    NO_RELIABLE_CHANGE = "no_reliable_change"


class AlertCode(StrEnum):
    """Every alert the rules can raise."""

    CONSERVATIVE_CARE_FAILED = "conservative-care-failed"
    FIRST_LINE_LIMITED_RESPONSE = "first-line-limited-response"
    OUTCOME_MEASURE_DUE = "outcome-measure-due"
    ESCALATION_REVIEW_OVERDUE = "escalation-review-overdue"
    INVASIVE_BEFORE_REVIEW = "invasive-before-review"
    PHYSIO_NOT_STARTED = "physio-not-started"
    NSAID_PROLONGED = "nsaid-prolonged"
    RED_FLAG_INFECTION = "red-flag-infection"
    RED_FLAG_FRACTURE = "red-flag-fracture"
    RED_FLAG_MALIGNANCY = "red-flag-malignancy"
    RED_FLAG_NEUROLOGICAL = "red-flag-neurological"
    SYMPTOMS_WORSENING = "symptoms-worsening"
    LESION_NOT_COMPARABLE = "lesion-not-comparable"
    LESION_ENLARGED = "lesion-enlarged"
    LESION_REDUCED = "lesion-reduced"
    LESION_RESOLVED = "lesion-resolved"
    CALCIFICATION_ENLARGED = "calcification-enlarged"
    CALCIFICATION_REDUCED = "calcification-reduced"
    CALCIFICATION_RESOLVED = "calcification-resolved"
    LESION_ENLARGED_SINCE_BASELINE = "lesion-enlarged-since-baseline"
    CALCIFICATION_ENLARGED_SINCE_BASELINE = "calcification-enlarged-since-baseline"
    LESION_FEATURES_CHANGED = "lesion-features-changed"
    FOLLOW_UP_SCAN_DUE = "follow-up-scan-due"

    @property
    def is_red_flag(self) -> bool:
        """A red flag at a visit (infection, fracture, malignancy, neurological signs)."""
        return self in _RED_FLAG_CODES


_RED_FLAG_CODES = frozenset(
    {
        AlertCode.RED_FLAG_INFECTION,
        AlertCode.RED_FLAG_FRACTURE,
        AlertCode.RED_FLAG_MALIGNANCY,
        AlertCode.RED_FLAG_NEUROLOGICAL,
    }
)
