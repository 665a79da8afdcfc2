"""One finding of a scan in the scan dialog: which lesion, its size, its characteristics.

A tracked lesion is chosen from the episode's (its last size shown beside the new one) or
a new one is named; its three diameters are typed in the order the rules compare them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.geometry import Dimensions
from trochtrack.domain.model import Finding
from trochtrack.domain.values import check_diameter
from trochtrack.domain.vocabulary import LesionKind, Visibility
from trochtrack.services.records import TrackedLesion
from trochtrack.ui.dialogs.form import FieldSlot, field_widget, show_row
from trochtrack.ui.text import (
    PlainLabel,
    lesion_kind_label,
    show_date,
    show_dimensions,
)
from trochtrack.ui.widgets.features_edit import FeaturesEditor
from trochtrack.ui.widgets.number_edit import NumberEdit
from trochtrack.wording.measures import DIAMETER_NAMES

KEY_PREFIXES: Final[dict[LesionKind, str]] = {
    LesionKind.FLUID_COLLECTION: "fluid",
    LesionKind.ADVENTITIAL_BURSA: "bursa",
    LesionKind.TROCHANTERIC_BURSA: "bursa",
    LesionKind.CALCIFICATION: "calc",
    LesionKind.TENDINOPATHY: "tendon",
    LesionKind.PARTIAL_TEAR: "tear",
    LesionKind.FULL_TEAR: "tear",
}
NEW_LESION = "new"


def suggested_key(kind: LesionKind, taken: set[str]) -> str:
    """``bursa-2`` if ``bursa-1`` is taken: the next free key for a new lesion of ``kind``."""
    prefix = KEY_PREFIXES[kind]
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


class DiametersRow(QWidget):
    """The three diameter fields of a finding, checked together as one field."""

    def __init__(self, edits: list[NumberEdit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = edits

    def problem(self) -> ValidationError | None:
        """The first diameter that is not a size in mm, if any."""
        return next((p for edit in self.edits if (p := edit.problem()) is not None), None)


class FindingEditor(QGroupBox):
    """One finding: which lesion, and its size."""

    remove_requested = Signal(object)

    def __init__(
        self,
        lesions: list[TrackedLesion],
        taken_keys: Callable[[], set[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Finding", parent)
        self._taken_keys = taken_keys
        self._key_typed = False
        self._site_typed = False
        self._possible_shown: bool | None = None
        self._build_lesion_fields(lesions)
        self._build_size_fields()
        self.features_edit = FeaturesEditor(self)
        self.remove_button = QPushButton("Remove finding", self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self._form = self._lay_out_form()
        self.lesion_combo.currentIndexChanged.connect(self._on_lesion_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.visibility_group.buttonToggled.connect(self._on_visibility_changed)
        self._on_lesion_changed()

    def _build_lesion_fields(self, lesions: list[TrackedLesion]) -> None:
        """Which lesion the finding is of; for a new one its id, kind and site."""
        self.lesion_combo = QComboBox(self)
        for lesion in lesions:
            site = f", {lesion.site}" if lesion.site else ""
            self.lesion_combo.addItem(
                f"{lesion.key}: {lesion_kind_label(lesion.kind)}{site}", lesion.key
            )
        self.lesion_combo.addItem("New lesion…", NEW_LESION)
        self._lesions = {lesion.key: lesion for lesion in lesions}
        self.key_edit = QLineEdit(self)
        self.key_edit.setMaxLength(40)
        self.key_edit.textEdited.connect(self._on_key_edited)
        self.kind_combo = QComboBox(self)
        for kind in LesionKind:
            self.kind_combo.addItem(lesion_kind_label(kind), kind)
        self.site_edit = QLineEdit(self)
        self.site_edit.setPlaceholderText("e.g. posterior to the greater trochanter")
        self.site_edit.textEdited.connect(self._on_site_edited)
        # Per finding: a bursa called possible on one scan may be plain on the next.
        self.possible_check = QCheckBox("Possible: the report is not sure of it", self)

    def _build_size_fields(self) -> None:
        """Measured, not visualised or seen without a size, and the three diameters."""
        self.measured_radio = QRadioButton("Measured", self)
        self.not_visualised_radio = QRadioButton("Not visualised", self)
        self.no_size_radio = QRadioButton("Seen, no size", self)
        self.visibility_group = QButtonGroup(self)
        for radio in (self.measured_radio, self.not_visualised_radio, self.no_size_radio):
            self.visibility_group.addButton(radio)
        self.measured_radio.setChecked(True)
        self.dimension_edits = [
            NumberEdit(
                f"dims_mm[{axis}]",
                self,
                placeholder=name,
                check=partial(check_diameter, field=f"dims_mm[{axis}]"),
            )
            for axis, name in enumerate(DIAMETER_NAMES)
        ]
        self.previous_size_label = PlainLabel("", self)
        self.previous_size_label.setStyleSheet("color: #555555;")

    def _lay_out_form(self) -> QFormLayout:
        """Each field under its caption, with room for its error below it."""
        self.fields: dict[str, FieldSlot] = {}
        form = QFormLayout(self)
        self._add(form, "lesion", "Lesion:", self.lesion_combo)
        self._add(form, "key", "New lesion id:", self.key_edit)
        self._add(form, "kind", "Kind:", self.kind_combo)
        self._add(form, "site", "Site:", self.site_edit)
        self._add(form, "possible", "Certainty:", self.possible_check)
        visibility = QWidget(self)
        row = QHBoxLayout(visibility)
        row.setContentsMargins(0, 0, 0, 0)
        for radio in (self.measured_radio, self.not_visualised_radio, self.no_size_radio):
            row.addWidget(radio)
        row.addStretch(1)
        self._add(form, "visibility", "Size:", visibility)
        dims = DiametersRow(self.dimension_edits, self)
        dims_row = QHBoxLayout(dims)
        dims_row.setContentsMargins(0, 0, 0, 0)
        for name, edit in zip(DIAMETER_NAMES, self.dimension_edits, strict=True):
            edit.setAccessibleName(f"{name.capitalize()} in mm")
            dims_row.addWidget(edit)
        dims_row.addWidget(PlainLabel("mm", self))
        self._add(form, "dims_mm", "Diameters (mm):", dims)
        # The last size stays in sight while the new one is typed, axis for axis.
        form.addRow("", self.previous_size_label)
        self._add(form, "features", "Characteristics:", self.features_edit)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        form.addRow(remove_row)
        return form

    def _add(self, form: QFormLayout, path: str, caption: str, widget: QWidget) -> None:
        holder, slot = field_widget(caption, widget, self)
        label = PlainLabel(caption, self)
        label.setBuddy(widget)
        form.addRow(label, holder)
        self.fields[path] = slot

    def is_new_lesion(self) -> bool:
        return bool(self.lesion_combo.currentData() == NEW_LESION)

    def lesion_key(self) -> str:
        return (
            self.key_edit.text().strip()
            if self.is_new_lesion()
            else str(self.lesion_combo.currentData())
        )

    def lesion_kind(self) -> LesionKind:
        if self.is_new_lesion():
            return LesionKind(self.kind_combo.currentData())
        return self._lesions[str(self.lesion_combo.currentData())].kind

    def show_finding(self, finding: Finding) -> None:
        index = self.lesion_combo.findData(finding.lesion)
        if index < 0:
            self.lesion_combo.setCurrentIndex(self.lesion_combo.findData(NEW_LESION))
            self.key_edit.setText(finding.lesion)
            self._key_typed = True
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(finding.kind))
        else:
            self.lesion_combo.setCurrentIndex(index)
        self.site_edit.setText(finding.site or "")
        self._site_typed = True
        self.possible_check.setChecked(finding.possible is True)
        self._possible_shown = finding.possible
        radio = {
            Visibility.MEASURED: self.measured_radio,
            Visibility.NOT_VISUALISED: self.not_visualised_radio,
            Visibility.NOT_MEASURED: self.no_size_radio,
        }[finding.visibility]
        radio.setChecked(True)
        for edit, value in zip(self.dimension_edits, finding.dims_mm or (None,) * 3, strict=True):
            edit.set_value(value)
        self.features_edit.set_features(finding.features)

    def offer_last_features(self) -> None:
        """Offer the characteristics of the lesion's last scan, to be confirmed."""
        lesion = self._lesions.get(str(self.lesion_combo.currentData()))
        if lesion is not None and lesion.kind.size_tracked:
            self.features_edit.offer(lesion.last_features, lesion.last_seen)

    def entered_finding(self) -> Finding:
        """The finding as typed; errors name paths inside the finding (``dims_mm[1]``)."""
        key = self.lesion_key()
        if not key:
            raise ValidationError("key", "give the new lesion an id, e.g. bursa-2")
        visibility = self._visibility()
        dims: Dimensions | None = None
        if visibility is Visibility.MEASURED:
            values = [edit.value() for edit in self.dimension_edits]
            for axis, value in enumerate(values):
                if value is None:
                    raise ValidationError(f"dims_mm[{axis}]", "enter all three diameters in mm")
            dims = (values[0] or 0.0, values[1] or 0.0, values[2] or 0.0)
        kind = self.lesion_kind()
        recorded = kind.size_tracked and visibility is not Visibility.NOT_VISUALISED
        return Finding(
            lesion=key,
            kind=kind,
            site=self.site_edit.text().strip() or None,
            visibility=visibility,
            dims_mm=dims,
            features=self.features_edit.features() if recorded else None,
            possible=self._possible_entered(),
        )

    def _possible_entered(self) -> bool | None:
        """Ticked is true; unticked keeps a stored "not possible", else says nothing."""
        if self.possible_check.isChecked():
            return True
        return False if self._possible_shown is False else None

    def field_for(self, path: str) -> FieldSlot | None:
        if path == "lesion":
            return self.fields["key" if self.is_new_lesion() else "lesion"]
        head = path.split("[", 1)[0]
        return self.fields.get(path) or self.fields.get(head)

    def _visibility(self) -> Visibility:
        if self.not_visualised_radio.isChecked():
            return Visibility.NOT_VISUALISED
        if self.no_size_radio.isChecked():
            return Visibility.NOT_MEASURED
        return Visibility.MEASURED

    def _on_key_edited(self) -> None:
        self._key_typed = True

    def _on_site_edited(self) -> None:
        self._site_typed = True

    def _on_lesion_changed(self) -> None:
        new = self.is_new_lesion()
        for path in ("key", "kind"):
            show_row(self._form, self.fields[path].widget, new)
        if not new and not self._site_typed:
            self.site_edit.setText(self._lesions[str(self.lesion_combo.currentData())].site or "")
        self._show_previous_size(
            None if new else self._lesions[str(self.lesion_combo.currentData())]
        )
        self.features_edit.clear()
        self._on_kind_changed()

    def _show_previous_size(self, lesion: TrackedLesion | None) -> None:
        last = None if lesion is None else lesion.last_finding
        if lesion is None or last is None or lesion.last_seen is None:
            self.previous_size_label.setVisible(False)
            return
        if last.dims_mm is not None:
            size = show_dimensions(last.dims_mm)
        elif last.visibility is Visibility.NOT_VISUALISED:
            size = "not seen"
        else:
            size = "seen, no size"
        self.previous_size_label.setText(f"Last scan ({show_date(lesion.last_seen)}): {size}")
        self.previous_size_label.setVisible(True)

    def _on_kind_changed(self) -> None:
        kind = self.lesion_kind()
        if self.is_new_lesion() and not self._key_typed:
            self.key_edit.setText(suggested_key(kind, self._taken_keys() - {self.key_edit.text()}))
        self.no_size_radio.setEnabled(not kind.needs_dimensions)
        if kind.needs_dimensions and self.no_size_radio.isChecked():
            self.measured_radio.setChecked(True)
        self.setTitle(f"Finding: {self.lesion_key() or 'new lesion'}")
        self._show_features()

    def _on_visibility_changed(self) -> None:
        measured = self.measured_radio.isChecked()
        for edit in self.dimension_edits:
            edit.setEnabled(measured)
        self._show_features()

    def _show_features(self) -> None:
        """Characteristics belong to a bursa or fluid collection that was seen."""
        shown = self.lesion_kind().size_tracked and not self.not_visualised_radio.isChecked()
        show_row(self._form, self.fields["features"].widget, shown)
