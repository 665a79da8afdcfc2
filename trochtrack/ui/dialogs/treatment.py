"""Entering or correcting a treatment: kind, start, end, detail (e.g. the exercise dose)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from trochtrack.domain.model import Treatment
from trochtrack.domain.plausibility import treatment_doubts
from trochtrack.domain.vocabulary import TreatmentKind
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.episode_records import TREATMENTS, recorded_episode
from trochtrack.ui.operations import Change
from trochtrack.ui.text import PlainLabel, treatment_label
from trochtrack.ui.widgets.dates import DateEdit, OptionalDateEdit

SECOND_LINE_NOTE = (
    "Second-line treatment: from its start date the episode counts as escalated, and "
    "first-line review dates no longer apply."
)


class TreatmentDialog(FormDialog):
    """A new treatment in an episode, or a correction (for example an end date)."""

    discard_question = "Close without saving this treatment? What you typed will be lost."

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        episode_id: int,
        treatment: Treatment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "New treatment" if treatment is None else f"{treatment_label(treatment.kind)}"
        super().__init__(ctx, title, parent)
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.treatment = treatment
        today = ctx.clinic.today()
        self.kind_combo = QComboBox(self)
        first_line = [kind for kind in TreatmentKind if not kind.second_line]
        second_line = [kind for kind in TreatmentKind if kind.second_line]
        for kind in first_line:
            self.kind_combo.addItem(f"{treatment_label(kind)} (first-line)", kind)
        self.kind_combo.insertSeparator(len(first_line))
        for kind in second_line:
            self.kind_combo.addItem(f"{treatment_label(kind)} (second-line)", kind)
        self.start_edit = DateEdit(
            treatment.start if treatment else self._usual_start(today), self, latest=today
        )
        self.end_edit = OptionalDateEdit("Ended or ends on", today, self)
        self.detail_edit = QPlainTextEdit(self)
        self.detail_edit.setTabChangesFocus(True)
        self.detail_edit.setFixedHeight(70)
        self.detail_edit.setPlaceholderText("e.g. isometric abduction, 5 × 45 s holds, daily")
        self.add_field("kind", "&Treatment:", self.kind_combo)
        self.add_field("start", "&Start:", self.start_edit)
        self.add_field("end", "&End:", self.end_edit)
        self.add_field("detail", "Detail / &dose:", self.detail_edit)
        self.second_line_label = PlainLabel(SECOND_LINE_NOTE, self, wrap=True)
        self.body.addWidget(self.second_line_label)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        if treatment is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(treatment.kind))
            self.end_edit.set_value(treatment.end)
            self.detail_edit.setPlainText(treatment.detail or "")
        self._on_kind_changed()
        self.setMinimumWidth(480)
        self.finish()
        self.kind_combo.setFocus()

    def chosen_kind(self) -> TreatmentKind:
        return TreatmentKind(self.kind_combo.currentData())

    def _on_kind_changed(self) -> None:
        self.second_line_label.setVisible(self.chosen_kind().second_line)

    def entered_treatment(self) -> Treatment:
        entered = Treatment(
            kind=self.chosen_kind(),
            start=self.start_edit.value(),
            end=self.end_edit.value(),
            detail=self.detail_edit.toPlainText().strip() or None,
        )
        if self.treatment is None:
            return entered
        stored = self.treatment
        return replace(entered, id=stored.id, explicit_nulls=stored.explicit_nulls)

    def _usual_start(self, today: date) -> date:
        """The first treatments of an episode begin with it; a later one, usually today."""
        episode = recorded_episode(self.ctx.clinic, self.patient_id, self.episode_id)
        return episode.first_line_start if not episode.treatments else today

    def commit(self) -> Change:
        treatment = self.entered_treatment()
        episode = recorded_episode(self.ctx.clinic, self.patient_id, self.episode_id)
        self.confirm_likely(treatment_doubts(episode, treatment))
        return TREATMENTS.save(
            self.ctx.clinic, self.patient_id, self.episode_id, self.treatment, treatment
        )
