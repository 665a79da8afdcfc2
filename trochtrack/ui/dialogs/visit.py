"""Entering or correcting a visit: date, scores, temperature, red-flag checklist, notes."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Final

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QPlainTextEdit, QWidget

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import (
    GROC_RANGE,
    PAIN_RANGE,
    TEMPERATURE_RANGE_C,
    VISA_G_RANGE,
    Visit,
)
from trochtrack.domain.plausibility import visit_doubts
from trochtrack.domain.values import check_measurement, check_score, range_text
from trochtrack.domain.vocabulary import RedFlag
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.episode_records import VISITS, recorded_episode
from trochtrack.ui.operations import Change
from trochtrack.ui.text import show_date
from trochtrack.ui.widgets.dates import DateEdit
from trochtrack.ui.widgets.number_edit import NumberEdit
from trochtrack.wording.labels import RED_FLAG_LABELS

PAIN_REQUIRED: Final = "enter the pain score (0–10)"


class VisitDialog(FormDialog):
    """A new visit in an episode, or a correction of a recorded one."""

    discard_question = "Close without saving this visit? What you typed will be lost."

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        episode_id: int,
        visit: Visit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "New visit" if visit is None else f"Visit of {show_date(visit.date)}"
        super().__init__(ctx, title, parent)
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.visit = visit
        today = ctx.clinic.today()
        self.date_edit = DateEdit(visit.date if visit else today, self, latest=today)
        self.pain_edit = self._score_edit("pain_nrs", PAIN_RANGE, required=PAIN_REQUIRED)
        self.night_pain_edit = self._score_edit("night_pain_nrs", PAIN_RANGE)
        self.visa_g_edit = self._score_edit("visa_g", VISA_G_RANGE)
        self.groc_edit = self._score_edit("groc", GROC_RANGE)
        self.temperature_edit = NumberEdit(
            "temperature_c",
            self,
            placeholder="°C",
            check=partial(
                check_measurement,
                field="temperature_c",
                low=TEMPERATURE_RANGE_C[0],
                high=TEMPERATURE_RANGE_C[1],
            ),
        )
        self.add_field("date", "&Date:", self.date_edit)
        self.add_field("pain_nrs", "&Pain NRS (past week):", self.pain_edit)
        self.add_field("night_pain_nrs", "&Night pain NRS:", self.night_pain_edit)
        self.add_field("visa_g", "&VISA-G total:", self.visa_g_edit)
        self.add_field("groc", "&GROC (global change):", self.groc_edit)
        self.add_field("temperature_c", "&Temperature (°C):", self.temperature_edit)

        self.red_flag_boxes: dict[RedFlag, QCheckBox] = {}
        group = QGroupBox("Red-flag checklist", self)
        grid = QGridLayout(group)
        for number, flag in enumerate(RedFlag):
            box = QCheckBox(RED_FLAG_LABELS[flag], group)
            box.setAccessibleName(f"Red flag: {RED_FLAG_LABELS[flag]}")
            grid.addWidget(box, number // 2, number % 2)
            self.red_flag_boxes[flag] = box
        self.add_field("red_flags", "Red flags:", group)

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)
        self.add_field("notes", "N&otes:", self.notes_edit)

        if visit is not None:
            self._show(visit)
        self.setMinimumWidth(520)
        self.finish()
        self.pain_edit.setFocus()

    def _score_edit(
        self, field: str, bounds: tuple[int, int], *, required: str | None = None
    ) -> NumberEdit:
        """A whole-number score field that checks its own range, as the visit record does."""
        low, high = bounds
        return NumberEdit(
            field,
            self,
            placeholder=range_text(low, high) + (" (required)" if required else ""),
            check=partial(check_score, field=field, low=low, high=high),
            required=required,
        )

    def _show(self, visit: Visit) -> None:
        self.pain_edit.set_value(visit.pain_nrs)
        self.night_pain_edit.set_value(visit.night_pain_nrs)
        self.visa_g_edit.set_value(visit.visa_g)
        self.groc_edit.set_value(visit.groc)
        self.temperature_edit.set_value(visit.temperature_c)
        for flag, box in self.red_flag_boxes.items():
            box.setChecked(flag in visit.red_flags)
        self.notes_edit.setPlainText(visit.notes or "")

    def entered_visit(self) -> Visit:
        """The visit as typed; raises ValidationError naming the field at fault."""
        pain = self.pain_edit.whole_value()
        if pain is None:
            raise ValidationError("pain_nrs", PAIN_REQUIRED)
        entered = Visit(
            date=self.date_edit.value(),
            pain_nrs=pain,
            night_pain_nrs=self.night_pain_edit.whole_value(),
            visa_g=self.visa_g_edit.whole_value(),
            groc=self.groc_edit.whole_value(),
            temperature_c=self.temperature_edit.value(),
            red_flags=frozenset(f for f, box in self.red_flag_boxes.items() if box.isChecked()),
            notes=self.notes_edit.toPlainText().strip() or None,
            clinician=self.ctx.clinic.actor,
        )
        if self.visit is None:
            return entered
        # A correction keeps who saw the patient, not who corrects the entry.
        stored = self.visit
        return replace(
            entered,
            clinician=stored.clinician,
            id=stored.id,
            explicit_nulls=stored.explicit_nulls,
        )

    def commit(self) -> Change:
        visit = self.entered_visit()
        episode = recorded_episode(self.ctx.clinic, self.patient_id, self.episode_id)
        self.confirm_likely(visit_doubts(episode, visit))
        return VISITS.save(self.ctx.clinic, self.patient_id, self.episode_id, self.visit, visit)
