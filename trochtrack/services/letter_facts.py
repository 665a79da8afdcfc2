"""The record's facts as the documents print them: identity, episode, scores, scans.

Every document shares these pieces; :class:`RecordFacts` reads them from one episode as
it stood on the evaluation's date (a treatment ending later was a plan then, not a fact).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trochtrack.domain.diagnoses import diagnoses_as_of
from trochtrack.domain.model import Episode, Patient, Visit
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.reports.data import (
    Correspondent,
    DatedScore,
    EpisodeSummary,
    LesionRow,
    Letterhead,
    PageSetup,
    Paper,
    PatientIdentity,
    ReferralFacts,
    ScoreRow,
    Signatory,
    TreatmentLine,
)
from trochtrack.services import letter_wording as wording
from trochtrack.services.letter_lesions import lesion_rows
from trochtrack.services.letter_outcomes import outcome_rows
from trochtrack.services.settings import ClinicSettings
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import SIDE_LABELS, STATUS_LABELS, TREATMENT_LABELS
from trochtrack.wording.measures import FUNCTION_MEASURES, GROC, SCORE_MEASURES, format_number
from trochtrack.wording.outcome_measures import FUNCTION_OUTCOMES


def page_setup(settings: ClinicSettings, logo_png: bytes | None, title: str) -> PageSetup:
    """Paper, letterhead and signatory of every document, from the clinic settings."""
    return PageSetup(
        paper=Paper(settings.paper_size.value),
        letterhead=Letterhead(
            clinic_name=settings.clinic_name,
            address=settings.clinic_address,
            phone=settings.clinic_phone,
            email=settings.clinic_email,
            logo_png=logo_png,
        ),
        signatory=Signatory(
            name=settings.clinician_name,
            profession=settings.clinician_profession,
            registration=settings.clinician_registration,
        ),
        title=title,
        author=settings.clinician_name or settings.clinic_name or "trochtrack",
    )


def patient_identity(patient: Patient) -> PatientIdentity:
    """How every document names the patient."""
    return PatientIdentity(
        name=patient.display_name,
        date_of_birth=patient.date_of_birth,
        ref=patient.ref,
        address=patient.address,
    )


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """One episode's facts on the evaluation date, in the documents' terms."""

    patient: Patient
    episode: Episode
    evaluation: EpisodeEvaluation
    settings: ClinicSettings
    logo_png: bytes | None = None

    @property
    def as_of(self) -> date:
        """The evaluation (and document) date."""
        return self.evaluation.as_of

    @property
    def visits(self) -> list[Visit]:
        """The visits up to the document date, in order."""
        return sorted((v for v in self.episode.visits if v.date <= self.as_of), key=_visit_day)

    def setup(self, title: str) -> PageSetup:
        """Paper, letterhead and signatory from the clinic settings."""
        return page_setup(self.settings, self.logo_png, title)

    def gp(self) -> Correspondent:
        """The patient's GP as addressee (a generic one when none is recorded)."""
        gp = self.patient.gp
        if gp is None or gp.is_empty:
            return Correspondent(
                lines=("The patient's general practitioner",), salutation="Dear Doctor,"
            )
        lines = [part for part in (gp.name, gp.practice) if part]
        lines += [line for line in (gp.address or "").splitlines() if line.strip()]
        return Correspondent(
            lines=tuple(lines), salutation=f"Dear {gp.name}," if gp.name else "Dear Doctor,"
        )

    def identity(self) -> PatientIdentity:
        """How a document names the patient."""
        return patient_identity(self.patient)

    def summary(self) -> EpisodeSummary:
        """The episode as it stood on the document date."""
        visits = self.visits
        treatments = sorted(
            (t for t in self.episode.treatments if t.start <= self.as_of),
            key=lambda t: (t.start, t.kind),
        )
        return EpisodeSummary(
            ref=self.episode.ref,
            side=SIDE_LABELS[self.episode.side],
            diagnoses=diagnoses_as_of(
                self.episode.main_diagnosis, self.episode.other_diagnoses, self.as_of
            ),
            onset=self.episode.onset_date,
            first_line_start=self.episode.first_line_start,
            sessions=len(visits),
            first_visit=visits[0].date if visits else None,
            latest_visit=visits[-1].date if visits else None,
            status=STATUS_LABELS[self.evaluation.status],
            review_due=self.evaluation.review_due,
            escalation_due=self.evaluation.escalation_due,
            treatments=tuple(
                TreatmentLine(
                    label=TREATMENT_LABELS[t.kind],
                    start=t.start,
                    # An end after the document date was a plan then, not a fact.
                    end=t.end if t.end is not None and t.end <= self.as_of else None,
                    detail=t.detail,
                    second_line=t.kind.second_line,
                )
                for t in treatments
            ),
        )

    def scores(self) -> tuple[ScoreRow, ...]:
        """Each measure recorded, at baseline and at the latest visit."""
        rows: list[ScoreRow] = []
        visits = self.visits
        for measure in SCORE_MEASURES:
            recorded = [
                DatedScore(day=v.date, value=value)
                for v in visits
                if (value := getattr(v, measure.field)) is not None
            ]
            if not recorded:
                continue
            rows.append(
                ScoreRow(
                    measure=measure.name,
                    scale=measure.scale,
                    baseline=None if measure is GROC else recorded[0],
                    latest=recorded[-1],
                    lower_is_better=measure.lower_is_better,
                )
            )
        return tuple(rows) + outcome_rows(visits)

    def lesions(self) -> tuple[LesionRow, ...]:
        """Every tracked lesion with its findings and change calls."""
        return lesion_rows(self.episode, self.evaluation)

    def referral_facts(self, question: str, preference: str | None) -> ReferralFacts:
        """The summary a referral guide asks for, from the record as it stood."""
        visits = self.visits
        return ReferralFacts(
            symptoms_since=self._symptoms_since(),
            pain_pattern=self._pain_pattern(visits),
            function=self._function(),
            imaging=self._imaging(),
            red_flag_screen=wording.red_flag_screen(visits),
            question=question,
            patient_preference=preference.strip() if preference and preference.strip() else None,
        )

    def _symptoms_since(self) -> str:
        onset = self.episode.onset_date
        if onset is None:
            return (
                "Onset not recorded; first-line care since "
                f"{long_date(self.episode.first_line_start)}."
            )
        weeks = max((self.as_of - onset).days // 7, 0)
        return f"Since {long_date(onset)} ({wording.weeks_text(weeks)})."

    def _pain_pattern(self, visits: list[Visit]) -> str:
        if not visits:
            return "No visit recorded yet."
        first, latest = visits[0], visits[-1]
        parts = [f"Pain {first.pain_nrs}/10 at the first visit, {latest.pain_nrs}/10 at the latest"]
        nights = [v for v in visits if v.night_pain_nrs is not None]
        if nights:
            parts.append(
                f"night pain {nights[-1].night_pain_nrs}/10 on {long_date(nights[-1].date)}"
            )
        else:
            parts.append("night pain not scored")
        text = "; ".join(parts) + "."
        if latest.notes:
            text += f" Note of {long_date(latest.date)}, as written: “{latest.notes.strip()}”"
        return text

    def _function(self) -> str:
        function = FUNCTION_MEASURES | FUNCTION_OUTCOMES
        rows = [row for row in self.scores() if row.measure in function]
        if not rows:
            return "No function measure recorded."
        parts = []
        for row in rows:
            latest = f"{format_number(row.latest.value)} on {long_date(row.latest.day)}"
            if row.baseline is None or row.baseline.day == row.latest.day:
                parts.append(f"{row.measure} {latest}")
            else:
                parts.append(
                    f"{row.measure} {format_number(row.baseline.value)} "
                    f"on {long_date(row.baseline.day)}, {latest}"
                )
        return "; ".join(parts) + "."

    def _imaging(self) -> str:
        lesions = self.lesions()
        if not lesions:
            return "No scan on record."
        lines = []
        for lesion in lesions:
            days = ", ".join(
                f"{finding.modality} {long_date(finding.day)}" for finding in lesion.findings
            )
            lines.append(f"{lesion.lesion} ({lesion.kind}): {days}; latest change: {lesion.change}")
        return "; ".join(lines) + "."


def _visit_day(visit: Visit) -> date:
    return visit.date
