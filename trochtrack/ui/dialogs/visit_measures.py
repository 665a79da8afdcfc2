"""The visit dialog's outcome measures: the core set's fields and the questionnaires' rows.

Each core-set field checks its range with the domain's own check, so its problem shows
under it on Save with every other field's. A questionnaire is entered item by item in
its own dialog (:mod:`trochtrack.ui.dialogs.questionnaire`); its row here shows the
total, or why there is none. The VISA-G total follows its items once they are entered,
and can then no longer be typed, so it never disagrees with them; a total recorded
without items (an older visit) stays a typed total.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QPushButton, QWidget

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.measures.instruments import Instrument
from trochtrack.domain.measures.outcomes import (
    BODY_MASS_RANGE_KG,
    STAIR_PAIN_RANGE,
    STRENGTH_RANGES,
    CoreOutcomes,
    StrengthUnit,
)
from trochtrack.domain.measures.questionnaires import Questionnaire
from trochtrack.domain.values import check_score, range_text
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.models.visit_table import form_total_text
from trochtrack.ui.text import PlainLabel, plain_tooltip
from trochtrack.ui.widgets.number_edit import NumberEdit
from trochtrack.wording.measures import STANCE_CAP_NOTE

STANCE_PLACEHOLDER = "0–30 s; 30 = no pain by 30 s"
VISA_G_FROM_ITEMS = (
    "Added up from the VISA-G items, so it cannot be typed here: "
    "change the items (VISA-G items…) to change it."
)
QUESTIONNAIRE_KEYS = {"lefs": "&LEFS items…", "psfs": "&PSFS items…", "pseq2": "PSE&Q-2 items…"}
"""The button of each questionnaire on the measures page (VISA-G's is by its total)."""


def form_summary(form: Questionnaire | None) -> tuple[str, str | None]:
    """A questionnaire's row text, and its tooltip: the total, or why there is none."""
    if form is None:
        return "not recorded", None
    definition = form.definition
    scored = form.score()
    if scored.total is None:
        blank = len(scored.missing)
        short = f"{blank} blank" if blank else "too few activities"
        return f"no total ({short})", scored.problem
    return f"{form_total_text(form)} ({definition.low}–{definition.high})", None


class FormRow(QWidget):
    """A questionnaire's total (or why there is none) and the button that opens its items."""

    def __init__(self, definition: Instrument, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.summary = PlainLabel("not recorded", self)
        self.summary.setAccessibleName(f"{definition.name} total")
        self.button = QPushButton(caption, self)
        self.button.setToolTip(f"Enter the {definition.full_name} item by item")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.button)

    def show_form(self, form: Questionnaire | None) -> None:
        text, details = form_summary(form)
        self.summary.setText(text)
        self.summary.setToolTip(plain_tooltip(details) or "")


class VisaGTotalField(QWidget):
    """The VISA-G total as typed, or as its items add up (then read-only)."""

    def __init__(self, edit: NumberEdit, parent: QWidget) -> None:
        super().__init__(parent)
        self.edit = edit
        edit.setParent(self)
        edit.setAccessibleName("VISA-G total")
        self.typed_placeholder = edit.placeholderText()
        self.items_button = QPushButton("VISA-G it&ems…", self)
        self.items_button.setToolTip("Enter the VISA-G item by item; the total follows them")
        self.hint = PlainLabel("", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(self.items_button)
        layout.addWidget(self.hint)
        self.hint.setVisible(False)
        self.setFocusProxy(edit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._typed = ""

    def problem(self) -> ValidationError | None:
        """What is wrong with a typed total (a total from the items is the items')."""
        return None if self.from_items() else self.edit.problem()

    def from_items(self) -> bool:
        return self.edit.isReadOnly()

    def show_form(self, form: Questionnaire | None) -> None:
        """Follow ``form``'s total, or take typing again (with the total typed before)."""
        if form is None:
            if self.from_items():
                self.edit.setReadOnly(False)
                self.edit.setText(self._typed)
            self.edit.setPlaceholderText(self.typed_placeholder)
            self.edit.setToolTip("")
            self.edit.setPalette(self.palette())
            self.hint.setVisible(False)
            return
        if not self.from_items():
            self._typed = self.edit.text().strip()
        scored = form.score()
        total = scored.whole_total()
        self.edit.setReadOnly(True)
        self.edit.setText("" if total is None else str(total))
        self.edit.setPlaceholderText("no total: an item is blank")
        palette = self.edit.palette()
        palette.setColor(QPalette.ColorRole.Base, self.palette().color(QPalette.ColorRole.Window))
        self.edit.setPalette(palette)
        reason = VISA_G_FROM_ITEMS if scored.problem is None else f"{scored.problem}."
        self.edit.setToolTip(plain_tooltip(reason) or "")
        replaced = self._typed and self._typed != self.edit.text()
        self.hint.setText(f"from the items ({self._typed} typed)" if replaced else "from the items")
        self.hint.setToolTip(plain_tooltip(reason) or "")
        self.hint.setVisible(True)


class CoreSetFields:
    """The core set's fields, each a row of the dialog's form ``form``."""

    def __init__(self, dialog: FormDialog, form: QFormLayout) -> None:
        self.stance_left = NumberEdit(
            "stance_pain_left_s",
            dialog,
            placeholder=STANCE_PLACEHOLDER,
            check=lambda value: CoreOutcomes(stance_pain_left_s=value),
        )
        self.stance_right = NumberEdit(
            "stance_pain_right_s",
            dialog,
            placeholder=STANCE_PLACEHOLDER,
            check=lambda value: CoreOutcomes(stance_pain_right_s=value),
        )
        for stance in (self.stance_left, self.stance_right):
            stance.setToolTip(f"Seconds until pain starts, timed up to 30: {STANCE_CAP_NOTE}")
        low, high = STAIR_PAIN_RANGE
        self.stairs = NumberEdit(
            "stair_pain_nrs",
            dialog,
            placeholder=range_text(low, high),
            check=partial(check_score, field="stair_pain_nrs", low=low, high=high),
        )
        self.unit = QComboBox(dialog)
        self.unit.addItems([str(unit) for unit in StrengthUnit])
        self.abduction_left = NumberEdit(
            "abduction_left",
            dialog,
            check=lambda value: CoreOutcomes(
                abduction_left=value, abduction_unit=self.unit_value()
            ),
        )
        self.abduction_right = NumberEdit(
            "abduction_right",
            dialog,
            check=lambda value: CoreOutcomes(
                abduction_right=value, abduction_unit=self.unit_value()
            ),
        )
        self.body_mass = NumberEdit(
            "body_mass_kg",
            dialog,
            placeholder=range_text(*BODY_MASS_RANGE_KG) + " kg",
            check=lambda value: CoreOutcomes(body_mass_kg=value),
        )
        self.body_mass.setToolTip("With the body mass, strength is also shown in N/kg")
        for path, caption, widget in (
            ("stance_pain_left_s", "Single-leg &stance, left (s):", self.stance_left),
            ("stance_pain_right_s", "Single-leg stance, &right (s):", self.stance_right),
            ("stair_pain_nrs", "Pain on st&airs (0–10):", self.stairs),
            ("abduction_unit", "Abduction strength &unit:", self.unit),
            ("abduction_left", "Abduction strength, le&ft:", self.abduction_left),
            ("abduction_right", "Abduction strengt&h, right:", self.abduction_right),
            ("body_mass_kg", "Bod&y mass (kg):", self.body_mass),
        ):
            dialog.add_field(path, caption, widget, form=form)
        self.unit.currentIndexChanged.connect(self._on_unit_changed)
        self._on_unit_changed()

    def unit_value(self) -> StrengthUnit:
        return list(StrengthUnit)[self.unit.currentIndex()]

    def _on_unit_changed(self) -> None:
        unit = self.unit_value()
        low, high = STRENGTH_RANGES[unit]
        for edit in (self.abduction_left, self.abduction_right):
            edit.setPlaceholderText(f"{range_text(low, high)} {unit}")

    def entered(self) -> CoreOutcomes:
        """The measures as typed; raises ValidationError naming the field at fault."""
        left, right = self.abduction_left.value(), self.abduction_right.value()
        return CoreOutcomes(
            stance_pain_left_s=self.stance_left.value(),
            stance_pain_right_s=self.stance_right.value(),
            stair_pain_nrs=self.stairs.whole_value(),
            abduction_left=left,
            abduction_right=right,
            # The unit says what a reading is in; with no reading there is nothing to say.
            abduction_unit=None if left is None and right is None else self.unit_value(),
            body_mass_kg=self.body_mass.value(),
        )

    def show(self, outcomes: CoreOutcomes) -> None:
        self.stance_left.set_value(outcomes.stance_pain_left_s)
        self.stance_right.set_value(outcomes.stance_pain_right_s)
        self.stairs.set_value(outcomes.stair_pain_nrs)
        if outcomes.abduction_unit is not None:
            self.unit.setCurrentIndex(list(StrengthUnit).index(outcomes.abduction_unit))
        self.abduction_left.set_value(outcomes.abduction_left)
        self.abduction_right.set_value(outcomes.abduction_right)
        self.body_mass.set_value(outcomes.body_mass_kg)
