"""The clinic's settings, and the welcome that asks for them on first start.

The letterhead and signature details go on every letter; the clinician's name is also
recorded with every change, so it is required. The welcome offers the demo patients.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.schedule import (
    CORE_SET,
    measure_codes,
    measure_name,
    parse_weeks,
    weeks_text,
)
from trochtrack.domain.rules import DEFAULT_PRESET, PRESETS
from trochtrack.services.demo import load_demo
from trochtrack.services.rules_config import rules_from
from trochtrack.services.settings import (
    MAX_AUTO_LOCK_MINUTES,
    ClinicSettings,
    PaperSize,
    save_settings,
)
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.operations import Change
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.logo import LogoPicker
from trochtrack.wording.labels import PRESET_NAMES

CORE_SET_TIP: Final = (
    "Time to pain in single-leg stance, pain on stairs and hip abduction strength: "
    "any one of them records the core set at a visit"
)
WEEKS_TIP: Final = (
    "Weeks after the first-line start, rising, from 0 (baseline) to 104. A measure is due "
    "from a week before each time point to two weeks after, and drops off the due list "
    "once a visit in that window records it."
)
WELCOME_TEXT: Final = (
    "Welcome. These details appear on the letters trochtrack writes to GPs and "
    "specialists; you can change them later under Settings. Every change to a record is "
    "stored with the clinician's name."
)


class MeasureChoices(QWidget):
    """A tick box for each measure the schedule can include."""

    def __init__(self, chosen: tuple[str, ...], parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for code in measure_codes():
            name = measure_name(code)
            box = QCheckBox(name[:1].upper() + name[1:], self)
            box.setChecked(code in chosen)
            if code == CORE_SET:
                box.setToolTip(CORE_SET_TIP)
            self.boxes[code] = box
            row.addWidget(box)
        row.addStretch(1)

    def chosen(self) -> tuple[str, ...]:
        """The measures ticked, in the app's order."""
        return tuple(code for code, box in self.boxes.items() if box.isChecked())


def preset_label(name: str) -> str:
    rules = rules_from(preset=name)
    return (
        f"{PRESET_NAMES.get(name, name)}: review at {rules.review_weeks} weeks, "
        f"decision at {rules.escalation_weeks} weeks"
    )


class SettingsDialog(FormDialog):
    """Clinic and clinician details, rules preset, paper size, auto-lock, measures' schedule."""

    def __init__(self, ctx: AppContext, *, welcome: bool, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Welcome to trochtrack" if welcome else "Settings", parent)
        self.welcome = welcome
        settings = ctx.settings
        if welcome:
            self.body.insertWidget(1, PlainLabel(WELCOME_TEXT, self, wrap=True))
        self.clinician_edit = QLineEdit(settings.clinician_name or "", self)
        self.profession_edit = QLineEdit(settings.clinician_profession or "", self)
        self.profession_edit.setPlaceholderText("e.g. Physiotherapist")
        self.registration_edit = QLineEdit(settings.clinician_registration or "", self)
        self.clinic_edit = QLineEdit(settings.clinic_name or "", self)
        self.address_edit = QPlainTextEdit(settings.clinic_address or "", self)
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(60)
        self.phone_edit = QLineEdit(settings.clinic_phone or "", self)
        self.email_edit = QLineEdit(settings.clinic_email or "", self)
        self.add_field("clinician_name", "Your &name:", self.clinician_edit)
        self.add_field("clinician_profession", "&Profession:", self.profession_edit)
        self.add_field("clinician_registration", "&Registration number:", self.registration_edit)
        self.add_field("clinic_name", "&Clinic:", self.clinic_edit)
        self.add_field("clinic_address", "&Address:", self.address_edit)
        self.add_field("clinic_phone", "P&hone:", self.phone_edit)
        self.add_field("clinic_email", "&Email:", self.email_edit)
        self.logo_picker = LogoPicker(ctx, self)
        self.form.addRow("Letterhead logo:", self.logo_picker)

        self._build_clinic_wide(settings)
        self.demo_check = QCheckBox("Load the demo patients (to try the app out)", self)
        if welcome:
            # The rules, paper, lock and schedule keep their defaults until Settings.
            for widget in self._clinic_wide():
                widget.hide()
            # Unticked: a clinic's real database must not start with invented patients.
            self.demo_check.setChecked(False)
            self.form.addRow(self.demo_check)
            # Without a clinician's name nothing can be recorded: the way out is to quit.
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        else:
            self.demo_check.hide()
            self.add_field("rules_preset", "R&ules preset:", self.preset_combo)
            self.add_field("paper_size", "Paper si&ze:", self.paper_combo)
            self.add_field("auto_lock_minutes", "&Lock after idle:", self.lock_spin)
            self.add_field("scheduled_measures", "&Measures due:", self.measure_choices)
            self.add_field(
                "measure_weeks", "Due at &weeks:", self.weeks_edit, check=self._entered_weeks
            )
        self.setMinimumWidth(520)
        self.finish()
        self.clinician_edit.setFocus()

    def _build_clinic_wide(self, settings: ClinicSettings) -> None:
        """The rules preset, paper, lock and outcome-measure schedule (not in the welcome)."""
        self.preset_combo = QComboBox(self)
        for name in PRESETS:
            self.preset_combo.addItem(preset_label(name), name)
        self.preset_combo.setCurrentIndex(
            self.preset_combo.findData(settings.rules_preset or DEFAULT_PRESET)
        )
        self.paper_combo = QComboBox(self)
        for size in PaperSize:
            self.paper_combo.addItem(size.value, size)
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(settings.paper_size))
        self.lock_spin = QSpinBox(self)
        self.lock_spin.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.lock_spin.setSuffix(" min")
        self.lock_spin.setSpecialValueText("never")
        self.lock_spin.setValue(settings.auto_lock_minutes)
        self.measure_choices = MeasureChoices(settings.scheduled_measures, self)
        self.weeks_edit = QLineEdit(weeks_text(settings.measure_weeks), self)
        self.weeks_edit.setPlaceholderText("e.g. 0, 4, 8, 12, 26, 52")
        self.weeks_edit.setToolTip(WEEKS_TIP)

    def _clinic_wide(self) -> tuple[QWidget, ...]:
        return (
            self.preset_combo,
            self.paper_combo,
            self.lock_spin,
            self.measure_choices,
            self.weeks_edit,
        )

    def _entered_weeks(self) -> tuple[int, ...]:
        return parse_weeks(self.weeks_edit.text(), "measure_weeks")

    def entered_settings(self) -> ClinicSettings:
        clinician = self.clinician_edit.text().strip()
        if not clinician:
            raise ValidationError("clinician_name", "needed: every change is recorded under it")
        return replace(
            self.ctx.settings,
            clinician_name=clinician,
            clinician_profession=self.profession_edit.text().strip() or None,
            clinician_registration=self.registration_edit.text().strip() or None,
            clinic_name=self.clinic_edit.text().strip() or None,
            clinic_address=self.address_edit.toPlainText().strip() or None,
            clinic_phone=self.phone_edit.text().strip() or None,
            clinic_email=self.email_edit.text().strip() or None,
            rules_preset=str(self.preset_combo.currentData()),
            paper_size=PaperSize(self.paper_combo.currentData()),
            auto_lock_minutes=self.lock_spin.value(),
            welcome_done=True,
            scheduled_measures=self.measure_choices.chosen(),
            measure_weeks=self._entered_weeks(),
        )

    def commit(self) -> Change:
        settings = self.entered_settings()
        save_settings(self.ctx.clinic, settings)
        demo = self.welcome and self.demo_check.isChecked()
        if demo:
            load_demo(self.ctx.clinic)
        return Change(settings=settings, patient_list=demo)
