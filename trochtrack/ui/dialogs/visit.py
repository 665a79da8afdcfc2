"""Entering or correcting a visit: scores, temperature, red flags, notes, outcome measures.

The first page holds the visit's scores, red-flag checklist and notes; the measures (the
core set and the questionnaires) have a page of their own, so the dialog stays within a
1024x700 screen. A problem on that page shows with the others on Save, and the page
turns to it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Final

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import instruments
from trochtrack.domain.measures.questionnaires import Questionnaire, find_form
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
from trochtrack.ui.dialogs.questionnaire import QuestionnaireDialog
from trochtrack.ui.dialogs.visit_measures import (
    QUESTIONNAIRE_KEYS,
    CoreSetFields,
    FormRow,
    VisaGTotalField,
)
from trochtrack.ui.episode_records import VISITS, recorded_episode
from trochtrack.ui.operations import Change
from trochtrack.ui.text import PlainLabel, show_date
from trochtrack.ui.widgets.dates import DateEdit
from trochtrack.ui.widgets.number_edit import NumberEdit
from trochtrack.wording.labels import RED_FLAG_LABELS

PAIN_REQUIRED: Final = "enter the pain score (0–10)"
VISA_G: Final = "visa_g"


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
        self.pages = QTabWidget(self)
        self.form.addRow(self.pages)
        self._build_visit_page()
        self._build_measures_page()
        if visit is not None:
            self._show(visit)
        self.setMinimumWidth(560)
        self.finish()
        self.pain_edit.setFocus()

    def _build_visit_page(self) -> None:
        """The first page: the visit's scores, temperature, red flags and notes."""
        visit_form = self._page("V&isit")
        self.visa_g_field = VisaGTotalField(self.visa_g_edit, self)
        self.add_field("date", "&Date:", self.date_edit, form=visit_form)
        self.add_field("pain_nrs", "&Pain NRS (past week):", self.pain_edit, form=visit_form)
        self.add_field("night_pain_nrs", "&Night pain NRS:", self.night_pain_edit, form=visit_form)
        self.add_field("visa_g", "&VISA-G total:", self.visa_g_field, form=visit_form)
        self.add_field("groc", "&GROC (global change):", self.groc_edit, form=visit_form)
        self.add_field(
            "temperature_c", "&Temperature (°C):", self.temperature_edit, form=visit_form
        )

        self.red_flag_boxes: dict[RedFlag, QCheckBox] = {}
        group = QGroupBox("Red-flag checklist", self)
        grid = QGridLayout(group)
        for number, flag in enumerate(RedFlag):
            box = QCheckBox(RED_FLAG_LABELS[flag], group)
            box.setAccessibleName(f"Red flag: {RED_FLAG_LABELS[flag]}")
            grid.addWidget(box, number // 2, number % 2)
            self.red_flag_boxes[flag] = box
        self.add_field("red_flags", "Red flags:", group, form=visit_form)

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)
        self.add_field("notes", "N&otes:", self.notes_edit, form=visit_form)

    def _page(self, title: str) -> QFormLayout:
        """A new tab page with a form of its own; returns the form."""
        page = QWidget(self.pages)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pages.addTab(page, title)
        return form

    def _build_measures_page(self) -> None:
        page = QWidget(self.pages)
        column = QVBoxLayout(page)
        core = QGroupBox("Core outcome set", page)
        core_form = QFormLayout(core)
        core_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.core_set = CoreSetFields(self, core_form)
        forms = QGroupBox("Questionnaires", page)
        forms_layout = QFormLayout(forms)
        column.addWidget(core)
        column.addWidget(forms)
        column.addStretch(1)
        self.measures_page = self.pages.addTab(page, "Outcome &measures")

        self.form_dialogs: dict[str, QuestionnaireDialog] = {}
        self.form_rows: dict[str, FormRow] = {}
        for definition in instruments():
            dialog = QuestionnaireDialog(self.ctx, definition, self)
            dialog.accepted.connect(partial(self._on_form_kept, definition.code))
            self.form_dialogs[definition.code] = dialog
            if definition.code == VISA_G:
                self.visa_g_field.items_button.clicked.connect(dialog.start)
                continue
            row = FormRow(definition, QUESTIONNAIRE_KEYS[definition.code], forms)
            row.button.clicked.connect(dialog.start)
            caption = PlainLabel(f"{definition.name}:", forms)
            caption.setToolTip(definition.full_name)
            forms_layout.addRow(caption, row)
            self.form_rows[definition.code] = row

    def kept_forms(self) -> tuple[Questionnaire, ...]:
        """The questionnaires as last kept in their dialogs."""
        return tuple(d.kept for d in self.form_dialogs.values() if d.kept is not None)

    def _on_form_kept(self, code: str) -> None:
        form = self.form_dialogs[code].kept
        if code == VISA_G:
            self.visa_g_field.show_form(form)
        else:
            self.form_rows[code].show_form(form)

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
        self.core_set.show(visit.outcomes)
        for code, dialog in self.form_dialogs.items():
            dialog.kept = find_form(visit.questionnaires, code)
            dialog.load(dialog.kept)
            self._on_form_kept(code)
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
            # With its items recorded, the visit takes the items' total.
            visa_g=None if self.visa_g_field.from_items() else self.visa_g_edit.whole_value(),
            groc=self.groc_edit.whole_value(),
            temperature_c=self.temperature_edit.value(),
            red_flags=frozenset(f for f, box in self.red_flag_boxes.items() if box.isChecked()),
            notes=self.notes_edit.toPlainText().strip() or None,
            clinician=self.ctx.clinic.actor,
            outcomes=self.core_set.entered(),
            questionnaires=self.kept_forms(),
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
