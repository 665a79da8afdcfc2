"""A bursa's or fluid collection's characteristics on one scan, chosen with the keyboard.

Each characteristic starts "not recorded". On a new scan the ones recorded last time
may be offered as a starting point: they are shown, marked as carried over with the
date they come from, and are saved only once the clinician ticks that they were checked
on this scan (or changes them, then ticks), so nothing is ever copied silently.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QPushButton, QWidget

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.features import (
    FEATURE_LABELS,
    FEATURE_NAMES,
    Features,
    FeatureValue,
    feature_json,
)
from trochtrack.domain.vocabulary import DopplerFlow, FluidContent, WallThickness
from trochtrack.ui.text import PlainLabel, show_date

NOT_RECORDED: Final = "Not recorded"
# The combo boxes hold the case-file values ("complex", true): Qt gives plain text and
# booleans back, never the enums.
CHOICES: Final[dict[str, tuple[tuple[str, FeatureValue], ...]]] = {
    "content": (
        ("Anechoic", FluidContent.ANECHOIC),
        ("Hypoechoic", FluidContent.HYPOECHOIC),
        ("Complex", FluidContent.COMPLEX),
    ),
    "wall": (("Thin", WallThickness.THIN), ("Thickened", WallThickness.THICKENED)),
    "doppler": (("No flow", DopplerFlow.NONE), ("Flow present", DopplerFlow.PRESENT)),
    "septations": (("None", False), ("Present", True)),
    "compressible": (("Yes", True), ("No", False)),
}


class FeaturesEditor(QWidget):
    """Five combo boxes (Tab between them, arrows or a letter to choose) and a check."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(FEATURE_NAMES):
            combo = QComboBox(self)
            combo.addItem(NOT_RECORDED, None)
            for text, value in CHOICES[name]:
                combo.addItem(text, feature_json(value))
            combo.setAccessibleName(FEATURE_LABELS[name])
            combo.currentIndexChanged.connect(self.changed)
            label = PlainLabel(f"{FEATURE_LABELS[name]}:", self)
            label.setBuddy(combo)
            row, column = divmod(index, 2)
            grid.addWidget(label, row, 2 * column)
            grid.addWidget(combo, row, 2 * column + 1)
            self.combos[name] = combo
        self.carried_label = PlainLabel("", self, wrap=True)
        self.carried_label.setStyleSheet("color: #9A5B00;")
        self.confirm_check = QCheckBox("Checked on this scan", self)
        self.confirm_check.setAccessibleName("Characteristics checked on this scan")
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.setAccessibleName("Clear the characteristics")
        self.clear_button.clicked.connect(self.clear)
        grid.addWidget(self.clear_button, 2, 2, 1, 2)
        grid.addWidget(self.carried_label, 3, 0, 1, 4)
        grid.addWidget(self.confirm_check, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.carried_from: date | None = None
        self._show_carried()

    def set_features(self, features: Features | None) -> None:
        """Show a finding's own characteristics (nothing carried over)."""
        self.carried_from = None
        self._fill(features)
        self._show_carried()

    def offer(self, features: Features | None, seen: date | None) -> None:
        """Show the characteristics of the scan of ``seen`` as a starting point to confirm."""
        self._fill(features)
        carried = features is not None and not features.is_empty and seen is not None
        self.carried_from = seen if carried else None
        self.confirm_check.setChecked(False)
        self._show_carried()

    def clear(self) -> None:
        self.carried_from = None
        self._fill(None)
        self._show_carried()

    def features(self) -> Features | None:
        """The characteristics chosen; ``None`` when none is recorded.

        Raises:
            ValidationError: values carried over from an earlier scan were not confirmed.
        """
        values = {name: combo.currentData() for name, combo in self.combos.items()}
        if all(value is None for value in values.values()):
            return None
        if self.carried_from is not None and not self.confirm_check.isChecked():
            raise ValidationError(
                "features",
                f"these characteristics come from the scan of {show_date(self.carried_from)}:"
                " tick 'Checked on this scan' once they are today's, or clear them",
            )
        return Features.from_values({k: v for k, v in values.items() if v is not None})

    def _fill(self, features: Features | None) -> None:
        for name, combo in self.combos.items():
            recorded = None if features is None else features.value(name)
            value = None if recorded is None else feature_json(recorded)
            index = next((i for i in range(combo.count()) if _same(combo.itemData(i), value)), 0)
            combo.setCurrentIndex(index)

    def _show_carried(self) -> None:
        carried = self.carried_from is not None
        self.carried_label.setText(
            f"Carried over from the scan of {show_date(self.carried_from)}: check each on "
            "this scan and tick below, change what differs, or clear them."
            if self.carried_from is not None
            else ""
        )
        self.carried_label.setVisible(carried)
        self.confirm_check.setVisible(carried)


def _same(first: object, second: object) -> bool:
    # A combo's data of False must not match None, nor True match 1.
    return type(first) is type(second) and first == second
