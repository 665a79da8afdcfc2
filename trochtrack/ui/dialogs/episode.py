"""Opening an episode (one hip, one course of care), changing it, or closing it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget
from typing_extensions import override

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Episode
from trochtrack.domain.vocabulary import Diagnosis, Side
from trochtrack.services.records import create_episode, next_episode_ref, update_episode
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FieldSlot, FormDialog
from trochtrack.ui.operations import Change
from trochtrack.ui.text import diagnosis_label, side_label
from trochtrack.ui.widgets.dates import DateEdit, OptionalDateEdit
from trochtrack.ui.widgets.diagnoses import OtherDiagnosesEdit


class EpisodeDialog(FormDialog):
    """A new episode of a patient, or the details (and closure) of one."""

    episode_saved = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        existing: tuple[Episode, ...],
        episode: Episode | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, "New episode" if episode is None else f"Episode {episode.ref}", parent
        )
        self.patient_id = patient_id
        self.episode = episode
        self.saved_id: int | None = None
        """The episode's id once saved."""
        today = ctx.clinic.today()
        self.ref_edit = QLineEdit(
            episode.ref if episode else next_episode_ref({e.ref for e in existing}), self
        )
        self.side_combo = QComboBox(self)
        for side in Side:
            self.side_combo.addItem(f"{side_label(side)} hip", side)
        self.diagnosis_combo = QComboBox(self)
        for diagnosis in Diagnosis:
            self.diagnosis_combo.addItem(diagnosis_label(diagnosis), diagnosis)
        self.start_edit = DateEdit(
            episode.first_line_start if episode else today, self, latest=today
        )
        self.onset_edit = OptionalDateEdit("Known", today, self, latest=today)
        self.add_field("side", "&Hip:", self.side_combo)
        self.add_field("diagnosis", "&Diagnosis:", self.diagnosis_combo)
        self.since_edit = OptionalDateEdit("Known", today, self, latest=today)
        self.add_field("diagnosis_since", "Diagnosis &made on:", self.since_edit)
        self.others_edit = OtherDiagnosesEdit(today, self)
        self.add_field("other_diagnoses", "&Also considered:", self.others_edit)
        self.diagnosis_combo.activated.connect(self._main_chosen)
        self.add_field("first_line_start", "First-line care &started:", self.start_edit)
        self.add_field("onset_date", "Symptom &onset:", self.onset_edit)
        # Booked once here; the letters and the handout give it from the episode.
        self.appointment_edit = OptionalDateEdit("Booked", today, self)
        self.add_field("next_appointment", "Ne&xt appointment:", self.appointment_edit)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)
        self.notes_edit.setPlaceholderText("About the episode as a whole; each visit has its own")
        self.add_field("notes", "Episode &notes:", self.notes_edit)
        self.add_field("ref", "Episode &ref:", self.ref_edit)
        # Only an existing episode can be closed: a new one has no closing fields at all
        # (made and left out of the form, they lay over the Hip row and took Tab).
        self.closed_edit: OptionalDateEdit | None = None
        self.closed_reason_edit: QLineEdit | None = None
        if episode is not None:
            self._show_stored(episode, today)
        self.others_edit.set_main(Diagnosis(self.diagnosis_combo.currentData()))
        self.setMinimumWidth(460)
        self.finish()
        self.side_combo.setFocus()

    def _show_stored(self, episode: Episode, today: date) -> None:
        """Fill the form with the stored episode, and add the fields that close it."""
        self.closed_edit = OptionalDateEdit("Closed", today, self)
        self.closed_reason_edit = QLineEdit(self)
        self.closed_reason_edit.setPlaceholderText("e.g. discharged, symptoms resolved")
        self.add_field("closed_date", "&Closed on:", self.closed_edit)
        self.add_field("closed_reason", "Closing r&eason:", self.closed_reason_edit)
        self.side_combo.setCurrentIndex(self.side_combo.findData(episode.side))
        self.diagnosis_combo.setCurrentIndex(self.diagnosis_combo.findData(episode.diagnosis))
        self.since_edit.set_value(episode.diagnosis_since)
        self.others_edit.set_value(episode.other_diagnoses)
        self.onset_edit.set_value(episode.onset_date)
        self.appointment_edit.set_value(episode.next_appointment)
        self.notes_edit.setPlainText(episode.notes or "")
        self.closed_edit.set_value(episode.closed_date)
        self.closed_reason_edit.setText(episode.closed_reason or "")

    def _main_chosen(self) -> None:
        """Date a changed main diagnosis: from when it was first considered, else today.

        The date goes over as typed, so a wrong one is shown where it now is. A new
        episode's first choice is not a change: its date stays as entered.
        """
        main = Diagnosis(self.diagnosis_combo.currentData())
        considered_since = self.others_edit.typed_since(main)
        stored = self.episode
        if considered_since is not None:
            self.since_edit.check.setChecked(True)
            self.since_edit.edit.line.setText(considered_since)
        elif stored is not None:
            changed = main is not stored.diagnosis
            self.since_edit.set_value(
                self.ctx.clinic.today() if changed else stored.diagnosis_since
            )
        self.others_edit.set_main(main)

    @override
    def field_for(self, path: str) -> FieldSlot | None:
        if path.startswith("other_diagnoses"):
            path = "other_diagnoses"
        return super().field_for(path)

    def entered_episode(self) -> Episode:
        stored = self.episode
        closed = None if self.closed_edit is None else self.closed_edit.value()
        reason = (
            None if self.closed_reason_edit is None else self.closed_reason_edit.text().strip()
        ) or None
        if closed is not None and reason is None:
            raise ValidationError("closed_reason", "say why the episode is closed")
        entered = Episode(
            ref=self.ref_edit.text().strip(),
            side=Side(self.side_combo.currentData()),
            diagnosis=Diagnosis(self.diagnosis_combo.currentData()),
            diagnosis_since=self.since_edit.value(),
            other_diagnoses=self.others_edit.value(),
            first_line_start=self.start_edit.value(),
            onset_date=self.onset_edit.value(),
            closed_date=closed,
            closed_reason=reason,
            notes=self.notes_edit.toPlainText().strip() or None,
            next_appointment=self.appointment_edit.value(),
        )
        if stored is None:
            return entered
        # A correction of the episode's own fields keeps what was recorded in it.
        return replace(
            entered,
            visits=stored.visits,
            treatments=stored.treatments,
            scans=stored.scans,
            explicit_nulls=stored.explicit_nulls,
            id=stored.id,
        )

    def commit(self) -> Change:
        episode = self.entered_episode()
        if self.episode is None or self.episode.id is None:
            episode_id = create_episode(self.ctx.clinic, self.patient_id, episode)
        else:
            episode_id = self.episode.id
            update_episode(self.ctx.clinic, episode_id, episode)
        self.saved_id = episode_id
        return Change(patient_id=self.patient_id)

    def after_save(self) -> None:
        if self.saved_id is not None:
            self.episode_saved.emit(self.saved_id)
