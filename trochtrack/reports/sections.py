"""Sections the GP letter and the referral share: patient, episode, scores, scans, alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from trochtrack.domain.rules import inclusive_days
from trochtrack.reports.common import (
    bullets,
    data_table,
    key_values,
    markup,
    para,
    rich,
)
from trochtrack.reports.data import (
    AlertItem,
    DatedScore,
    EpisodeSummary,
    LesionFinding,
    LesionRow,
    PatientIdentity,
    ScoreRow,
    TreatmentLine,
)
from trochtrack.reports.references import References
from trochtrack.reports.styles import CRITICAL, INFO, WARNING, LetterStyles
from trochtrack.wording.dates import long_date, readable
from trochtrack.wording.diagnoses import diagnoses_heading, diagnoses_listed
from trochtrack.wording.measures import format_number, format_volume_ml

SEVERITY_TAGS: Final = {
    "critical": ("CRITICAL", CRITICAL),
    "warning": ("WARNING", WARNING),
    "info": ("FOR INFORMATION", INFO),
}
SCAN_NOTE: Final = (
    "Sizes are compared only between scans of the same modality, and changes under 2 mm are "
    "within measurement error. From the third scan on, the latest is also compared with the "
    "first scan of its modality, so that small steps that add up are seen. Volumes are "
    "ellipsoid estimates (π/6 × the three diameters); * the lesion is elongated on its "
    "latest scan, so its volume is only approximate."
)


def subject_line(patient: PatientIdentity) -> list[Flowable]:
    """``Re:`` the patient's name, date of birth and reference (and address if known)."""
    styles = LetterStyles
    line = (
        f"Re: {markup(patient.name)} &nbsp;·&nbsp; born {long_date(patient.date_of_birth)}"
        f" &nbsp;·&nbsp; ref {markup(patient.ref)}"
    )
    flowables: list[Flowable] = [rich(line, styles.subject)]
    if patient.address:
        flowables.append(para(", ".join(patient.address.splitlines()), styles.small))
        flowables.append(Spacer(1, 3 * mm))
    return flowables


def running_header(patient: PatientIdentity) -> str:
    """The line at the top of later pages."""
    return f"{patient.name} · born {long_date(patient.date_of_birth)} · ref {patient.ref}"


def episode_facts(episode: EpisodeSummary, width: float) -> Flowable:
    """The episode in label–value rows."""
    rows = [
        ("Hip", episode.side.capitalize()),
        (diagnoses_heading(episode.diagnoses), diagnoses_listed(episode.diagnoses)),
    ]
    if episode.onset is not None:
        rows.append(("Symptoms since", long_date(episode.onset)))
    rows.append(("First-line care started", long_date(episode.first_line_start)))
    rows.append(("Sessions so far", sessions_text(episode)))
    rows.append(
        (
            "Review and decision points",
            f"review {long_date(episode.review_due)}; "
            f"escalation decision {long_date(episode.escalation_due)}",
        )
    )
    rows.append(("Where things stand", episode.status[:1].upper() + episode.status[1:]))
    return key_values(rows, width)


def sessions_text(episode: EpisodeSummary) -> str:
    """``4 (7 Sep 2026 to 19 Oct 2026)``."""
    if episode.first_visit is None or episode.latest_visit is None:
        return "none yet"
    if episode.sessions == 1:
        return f"1 ({long_date(episode.first_visit)})"
    return (
        f"{episode.sessions} ({long_date(episode.first_visit)} to "
        f"{long_date(episode.latest_visit)})"
    )


def duration_text(start: date, end: date) -> str:
    """How long a course ran: days under two weeks, whole weeks after.

    Days count the first and the last, as a clinician counts tablets: a course from 20
    to 29 October is 10 days.
    """
    days = inclusive_days(start, end)
    if days < 14:
        return "1 day" if days == 1 else f"{days} days"
    return f"{days // 7} weeks"


def treatment_table(
    treatments: Sequence[TreatmentLine], as_of: date, width: float
) -> list[Flowable]:
    """Every treatment with its dates, length and details."""
    styles = LetterStyles
    if not treatments:
        return [para("No treatment has been recorded.", styles.body)]
    rows = [
        [
            t.label + (" (second-line)" if t.second_line else ""),
            long_date(t.start),
            "ongoing" if t.end is None else long_date(t.end),
            duration_text(t.start, t.end or as_of) + (" so far" if t.end is None else ""),
            t.detail or "",
        ]
        for t in treatments
    ]
    return [
        data_table(
            ["Treatment", "Started", "Ended", "Length", "Details"],
            rows,
            [0.24, 0.13, 0.13, 0.17, 0.33],
            width,
        )
    ]


def score_change(row: ScoreRow) -> str:
    """The change from baseline, e.g. ``-1 point (14% lower)``.

    No "better" or "worse": the scale column says which way is better, and a change
    may be too small to matter clinically.
    """
    if row.baseline is None:
        return "rates the change itself"
    if row.baseline.day == row.latest.day:
        return "baseline only"
    delta = round(row.latest.value - row.baseline.value, 1)
    if delta == 0:
        return "no change"
    if row.unit:
        text = f"{delta:+g}{row.unit}"
    else:
        text = f"{delta:+g} point{'s' if abs(delta) != 1 else ''}"
    if row.lower_is_better and row.baseline.value:
        text += f" ({abs(delta) / row.baseline.value:.0%} {'lower' if delta < 0 else 'higher'})"
    if row.threshold:
        text += f"; {row.threshold}"
    return text


def score_table(scores: Sequence[ScoreRow], width: float) -> list[Flowable]:
    """Each measure at baseline and at the latest visit, with the change."""
    styles = LetterStyles
    if not scores:
        return [para("No outcome scores have been recorded yet.", styles.body)]
    rows = [
        [
            rich(f"<b>{markup(row.measure)}</b><br/>{markup(row.scale)}", styles.cell),
            "—" if row.baseline is None else _dated(row.baseline, row.unit),
            _dated(row.latest, row.unit, signed=row.baseline is None),
            score_change(row),
        ]
        for row in scores
    ]
    return [
        data_table(
            ["Measure", "Baseline", "Latest", "Change from baseline"],
            rows,
            [0.34, 0.19, 0.19, 0.28],
            width,
        )
    ]


def lesion_table(lesions: Sequence[LesionRow], width: float) -> list[Flowable]:
    """Every finding of every tracked lesion, grouped by lesion, with the change calls.

    The characteristics column appears when some finding recorded characteristics.
    """
    styles = LetterStyles
    if not lesions:
        return [para("No scan findings have been recorded.", styles.body)]
    characteristics = any(f.features for lesion in lesions for f in lesion.findings)
    rows: list[list[Flowable | str]] = []
    groups: list[int] = []
    for lesion in lesions:
        groups.append(len(rows))
        for index, finding in enumerate(lesion.findings):
            latest = index == len(lesion.findings) - 1
            name = f"<b>{markup(lesion.lesion)}</b><br/>{markup(lesion.kind)}"
            if lesion.site:
                name += f"<br/><i>{markup(lesion.site)}</i>"
            row: list[Flowable | str] = [
                rich(name, styles.cell) if index == 0 else "",
                f"{long_date(finding.day)}\n{finding.modality}",
                _diameters(finding),
                _size(lesion, finding, latest=latest),
            ]
            if characteristics:
                row.append(finding.features or "")
            row += [
                rich(_change_cell(lesion) if latest else "", styles.cell),
                rich(_since_first_cell(lesion) if latest else "", styles.cell),
            ]
            rows.append(row)
    header = ["Lesion", "Scan", "Diameters (mm)", "Size"]
    fractions = [0.2, 0.13, 0.14, 0.11]
    if characteristics:
        header.append("Characteristics")
        fractions = [0.14, 0.12, 0.125, 0.09, 0.16]
    header += ["Change (latest scan)", "Since first scan"]
    remaining = 1 - sum(fractions)
    # Until a lesion has a third scan the column only says "—"; the calls need the room.
    since_share = 0.42 if any(lesion.since_first for lesion in lesions) else 0.3
    fractions += [remaining * (1 - since_share), remaining * since_share]
    return [
        data_table(header, rows, fractions, width, groups=groups),
        Spacer(1, 1.5 * mm),
        para(SCAN_NOTE, styles.small),
    ]


def _change_cell(lesion: LesionRow) -> str:
    cell = f"<b>{markup(lesion.change)}</b>"
    if lesion.change_detail:
        cell += f"<br/>{markup(readable(lesion.change_detail))}"
    if lesion.features_changed:
        cell += f"<br/><b>characteristics:</b> {markup(lesion.features_changed)}"
    return cell


def _since_first_cell(lesion: LesionRow) -> str:
    if lesion.since_first is None:
        return "—"
    cell = f"<b>{markup(lesion.since_first)}</b>"
    if lesion.since_first_detail:
        cell += f"<br/>{markup(readable(lesion.since_first_detail))}"
    return cell


def alert_blocks(
    alerts: Sequence[AlertItem],
    as_of: date,
    references: References,
    *,
    lead: Sequence[Flowable] = (),
) -> list[Flowable]:
    """Each alert with its basis, options, the clinician's response and its references.

    Each alert is kept on one page; ``lead`` (a heading, an introduction) is kept on the
    page of the first. The blocks are built flat, since a block kept together inside
    another one would never fit anywhere. Sources are cited by number from
    ``references``, which lists them once at the end.
    """
    styles = LetterStyles
    if not alerts:
        return [
            *lead,
            para(f"The decision-support rules raised no alert on {long_date(as_of)}.", styles.body),
        ]
    blocks: list[Flowable] = []
    for alert in alerts:
        tag, colour = SEVERITY_TAGS.get(alert.severity, (alert.severity.upper(), INFO))
        parts: list[Flowable] = [
            rich(
                f'<font color="{colour.hexval()}">{tag}</font> {markup(readable(alert.summary))}',
                styles.alert_summary,
            ),
            rich(
                f"<b>Basis:</b> {markup(references.inline(readable(alert.why)))}",
                styles.alert_detail,
            ),
        ]
        if alert.options:
            parts.append(
                rich("<b>Options to discuss (none is preferred):</b>", styles.alert_detail)
            )
            parts += bullets([references.inline(option) for option in alert.options], styles.bullet)
        if alert.response:
            parts.append(
                rich(
                    f"<b>Clinician's response:</b> {markup(readable(alert.response))}",
                    styles.alert_detail,
                )
            )
        cited = f" {references.cite(alert.sources)}" if alert.sources else ""
        parts.append(para(f"Rule {alert.code}{cited}", styles.small))
        blocks.append(KeepTogether([*(lead if not blocks else ()), *parts, Spacer(1, 2.5 * mm)]))
    return blocks


def _dated(score: DatedScore, unit: str, *, signed: bool = False) -> str:
    shown = f"{score.value:+g}" if signed else format_number(score.value)
    return f"{shown}{unit}\n({long_date(score.day)})"


def _diameters(finding: LesionFinding) -> str:
    if finding.dims_mm is not None:
        return " × ".join(format_number(d) for d in finding.dims_mm)
    return "not visualised" if not finding.visualised else "no size recorded"


def _size(lesion: LesionRow, finding: LesionFinding, *, latest: bool) -> str:
    if finding.dims_mm is None:
        return "—"
    if lesion.measure == "longest":
        return f"longest {format_number(max(finding.dims_mm))} mm"
    if lesion.measure == "volume" and finding.volume_mm3 is not None:
        approximate = latest and lesion.volume_approximate
        return format_volume_ml(finding.volume_mm3) + (" *" if approximate else "")
    return "—"
