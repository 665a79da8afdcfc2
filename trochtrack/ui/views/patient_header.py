"""The top of the patient view: who the patient is, the episode on view and its critical alerts.

Under the episode, the outcome measures due on the clinic's schedule. It shows what
:class:`~trochtrack.ui.views.patient_view.PatientView` read and holds the buttons that
edit the patient and the episode; the view connects them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from trochtrack.domain.measures.schedule import (
    MeasureSchedule,
    TimePoint,
    TimePointDue,
    by_time_point,
    measures_due,
    measures_listed,
    measures_missed,
    time_points_waiting,
)
from trochtrack.domain.model import Episode
from trochtrack.domain.rules import EpisodeEvaluation
from trochtrack.domain.vocabulary import Severity
from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.workflow import AlertView
from trochtrack.ui.text import (
    ERROR_COLOUR,
    PlainLabel,
    diagnosis_label,
    due_in_words,
    moved_in_words,
    show_date,
    side_label,
    status_label,
)
from trochtrack.ui.widgets.alert_card import state_text
from trochtrack.wording.diagnoses import diagnoses_heading, diagnoses_listed
from trochtrack.wording.labels import SEX_LABELS


def measures_text(episode: Episode, schedule: MeasureSchedule, as_of: date) -> str:
    """What the schedule waits for on ``as_of`` (or next), and what passed unrecorded.

    Always two lines while the clinic schedules any measure, so the patient view keeps
    its layout from one patient to the next; nothing when it schedules none.
    """
    if not schedule.time_points(episode.first_line_start):
        return ""
    due_now = by_time_point(measures_due(episode, schedule, as_of))
    if due_now:
        (due,) = due_now  # windows never overlap: one time point is open at most
        point = due.time_point
        first = (
            f"Outcome measures: {due.label} on {show_date(point.due)}"
            f" ({due_in_words(point.due, as_of)}); a visit up to {show_date(point.closes)}"
            f" records {'it' if len(due.measures) == 1 else 'them'}"
        )
    else:
        first = f"Outcome measures: none due now{_next_text(episode, schedule, as_of)}"
    missed = _alike(by_time_point(measures_missed(episode, schedule, as_of)))
    second = "Not recorded in time: " + (
        "; ".join(f"{measures_listed(m)} at {_time_points_listed(p)}" for m, p in missed)
        if missed
        else "none so far"
    )
    return f"{first}\n{second}"


def _next_text(episode: Episode, schedule: MeasureSchedule, as_of: date) -> str:
    if episode.closed_date is not None and episode.closed_date <= as_of:
        return " (the episode is closed)"
    waiting = time_points_waiting(episode, schedule, as_of)
    if not waiting:
        return ", and none to come on the clinic's schedule"
    point = waiting[0].time_point
    return f"; next, {waiting[0].label} on {show_date(point.due)} (from {show_date(point.opens)})"


def _alike(groups: tuple[TimePointDue, ...]) -> list[tuple[tuple[str, ...], list[TimePoint]]]:
    """Neighbouring time points missing the same measures, together."""
    alike: list[tuple[tuple[str, ...], list[TimePoint]]] = []
    for group in groups:
        if alike and alike[-1][0] == group.measures:
            alike[-1][1].append(group.time_point)
        else:
            alike.append((group.measures, [group.time_point]))
    return alike


def _time_points_listed(points: list[TimePoint]) -> str:
    """``baseline``, ``4 weeks``, ``baseline, 4 and 8 weeks``."""
    weeks = [point.week for point in points if point.week]
    names = ["baseline"] * (len(points) - len(weeks)) + [str(week) for week in weeks]
    text = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    if not weeks:
        return text
    return f"{text} week" if weeks == [1] else f"{text} weeks"


def episode_title(episode: Episode) -> str:
    closed = f", closed {show_date(episode.closed_date)}" if episode.closed_date else ""
    return (
        f"{side_label(episode.side)} hip, {episode.ref}: {diagnosis_label(episode.diagnosis)} "
        f"(from {show_date(episode.first_line_start)}{closed})"
    )


class PatientHeader(QWidget):
    """Name and details, the episode line, the critical banner, the episode switcher, buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_labels()
        self._build_buttons()
        self._lay_out()

    def _build_labels(self) -> None:
        self.name_label = PlainLabel("", self)
        name_font = self.name_label.font()
        name_font.setPointSizeF(name_font.pointSizeF() * 1.5)
        name_font.setBold(True)
        self.name_label.setFont(name_font)
        self.details_label = PlainLabel("", self, wrap=True)
        self.episode_label = PlainLabel("", self, wrap=True)
        self.measures_label = PlainLabel("", self, wrap=True)
        self.measures_label.setAccessibleName("Outcome measures due")
        self.banner_label = PlainLabel("", self, wrap=True)
        self.banner_label.setStyleSheet(
            f"background: {ERROR_COLOUR}; color: white; font-weight: bold; padding: 6px;"
        )
        self.banner_label.setAccessibleName("Critical alert banner")
        self.ahead_label = PlainLabel("", self, wrap=True)
        self.ahead_label.setStyleSheet("background: #FFF4CE; padding: 4px;")

    def _build_buttons(self) -> None:
        self.episode_combo = QComboBox(self)
        self.episode_combo.setAccessibleName("Episode")
        self.edit_patient_button = QPushButton("Patie&nt details…", self)
        self.new_episode_button = QPushButton("Ne&w episode…", self)
        self.edit_episode_button = QPushButton("Episode details…", self)
        self.decision_button = QPushButton("Record decision…", self)
        self.archive_button = QPushButton("Archive patient", self)

    def _lay_out(self) -> None:
        labels = QVBoxLayout()
        labels.setSpacing(2)
        labels.addWidget(self.name_label)
        labels.addWidget(self.details_label)
        labels.addWidget(self.episode_label)
        labels.addWidget(self.measures_label)
        # The switcher has a row of its own: beside the buttons, on a 1024-pixel screen, it
        # cut the episode's title (its diagnosis and start) short.
        switcher = QHBoxLayout()
        episode_caption = PlainLabel("Epis&ode:", self)
        episode_caption.setBuddy(self.episode_combo)
        switcher.addWidget(episode_caption)
        switcher.addWidget(self.episode_combo, 1)
        buttons = QHBoxLayout()
        for button in (
            self.edit_episode_button,
            self.new_episode_button,
            self.decision_button,
            self.edit_patient_button,
            self.archive_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(labels)
        layout.addWidget(self.banner_label)
        layout.addLayout(switcher)
        layout.addLayout(buttons)
        layout.addWidget(self.ahead_label)

    def show_patient(
        self,
        evaluation: PatientEvaluation,
        episode_id: int | None,
        as_of: date,
        looking_ahead_from: date | None,
    ) -> None:
        """The patient's name and details and the episodes to switch between.

        ``looking_ahead_from`` is today when the rules are read on another date ``as_of``
        (later, or earlier to look back).
        """
        record = evaluation.record
        patient = record.patient
        archived = f" (archived {show_date(record.archived_on)})" if record.archived_on else ""
        self.name_label.setText(f"{patient.display_name}{archived}")
        self.details_label.setText(
            f"{patient.age_on(as_of)} years · born {show_date(patient.date_of_birth)}"
            f" · {SEX_LABELS[patient.sex]} · ref {patient.ref}"
        )
        self.archive_button.setText("Restore patient" if record.archived_on else "Archive patient")
        self.episode_combo.clear()
        for episode in record.episodes:
            self.episode_combo.addItem(episode_title(episode), episode.id)
        self.episode_combo.setCurrentIndex(self.episode_combo.findData(episode_id))
        if looking_ahead_from is not None:
            self.ahead_label.setText(
                f"{moved_in_words(as_of, looking_ahead_from)}: the rules are read as on "
                f"{show_date(as_of)} (today is {show_date(looking_ahead_from)}). New entries "
                "are still dated today or earlier."
            )
        self.ahead_label.setVisible(looking_ahead_from is not None)

    def show_episode(
        self,
        episode: Episode | None,
        evaluation: EpisodeEvaluation | None,
        alert_views: list[AlertView],
        schedule: MeasureSchedule,
    ) -> None:
        """The episode's status and due dates, its measures due, its critical alerts' banner.

        The measures are those ``schedule`` waits for on the evaluation's date.
        """
        for widget in (self.edit_episode_button, self.decision_button):
            widget.setEnabled(episode is not None and evaluation is not None)
        if episode is None or evaluation is None:
            self.episode_label.setText(
                "No episode yet: open one with the New episode button (Alt+W)."
            )
            self.measures_label.setVisible(False)
            self.banner_label.setVisible(False)
            return
        measures = measures_text(episode, schedule, evaluation.as_of)
        self.measures_label.setText(measures)
        self.measures_label.setVisible(bool(measures))
        follow_up = (
            f" · follow-up scan {show_date(evaluation.follow_up_scan_due)}"
            if evaluation.follow_up_scan_due
            else ""
        )
        appointment = (
            f" · next appointment {show_date(episode.next_appointment)}"
            if episode.next_appointment
            else ""
        )
        diagnoses = (episode.main_diagnosis, *episode.other_diagnoses)
        self.episode_label.setText(
            f"{side_label(episode.side)} hip ({episode.ref}) · {status_label(evaluation.status)}"
            f" · review {show_date(evaluation.review_due)}"
            f" · escalation decision {show_date(evaluation.escalation_due)}{follow_up}"
            f"{appointment}\n"
            f"{diagnoses_heading(diagnoses)}: {diagnoses_listed(diagnoses)}"
        )
        critical = [v for v in alert_views if v.alert.severity is Severity.CRITICAL]
        self.banner_label.setText(
            "\n".join(f"CRITICAL: {v.alert.summary}\n{state_text(v)}" for v in critical)
        )
        self.banner_label.setVisible(bool(critical))
