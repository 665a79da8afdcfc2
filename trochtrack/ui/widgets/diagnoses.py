"""The working diagnoses an episode considers besides its main one: a row per diagnosis.

Each row ticks the diagnosis in, marks it only possible, and dates it (today by default,
when it is ticked). The main diagnosis's row is hidden: it cannot also be another one.
What was stored keeps its order and anything a case file wrote out, unless changed here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from trochtrack.domain.diagnoses import WorkingDiagnosis
from trochtrack.domain.errors import ValidationError
from trochtrack.domain.vocabulary import Diagnosis
from trochtrack.ui.text import diagnosis_label
from trochtrack.ui.widgets.dates import OptionalDateEdit


class DiagnosisRow:
    """One diagnosis's row: considered, possible, since."""

    def __init__(self, diagnosis: Diagnosis, today: date, parent: QWidget) -> None:
        self.diagnosis = diagnosis
        self.considered = QCheckBox(diagnosis_label(diagnosis), parent)
        self.possible = QCheckBox("possible", parent)
        self.since = OptionalDateEdit("since", today, parent, latest=today)
        self.possible.setAccessibleName(f"{diagnosis_label(diagnosis)}: possible")
        self.since.check.setAccessibleName(f"{diagnosis_label(diagnosis)}: dated")
        self.considered.toggled.connect(self._considered_changed)
        self._considered_changed(False)

    def _considered_changed(self, considered: bool) -> None:
        self.possible.setEnabled(considered)
        self.since.setEnabled(considered)
        if considered and self.since.value() is None:
            self.since.set_value(self.since.edit.value())

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.considered, self.possible, self.since)


class OtherDiagnosesEdit(QWidget):
    """The diagnoses considered besides the main one, each dated and perhaps only possible."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stored: tuple[WorkingDiagnosis, ...] = ()
        self._main: Diagnosis | None = None
        self._rows = {diagnosis: DiagnosisRow(diagnosis, today, self) for diagnosis in Diagnosis}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for line, row in enumerate(self._rows.values()):
            for column, widget in enumerate(row.widgets()):
                grid.addWidget(widget, line, column)
            row.considered.toggled.connect(self.changed)
            row.possible.toggled.connect(self.changed)
            row.since.changed.connect(self.changed)
        grid.setColumnStretch(2, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # for its caption's Alt+letter

    def set_main(self, main: Diagnosis) -> None:
        """Hide the main diagnosis's row and show the others.

        The hidden row keeps its tick, so choosing the former main again brings it back.
        """
        self._main = main
        for diagnosis, row in self._rows.items():
            for widget in row.widgets():
                widget.setVisible(diagnosis is not main)
        self.setFocusProxy(self._first_shown().considered)

    def row(self, diagnosis: Diagnosis) -> DiagnosisRow:
        return self._rows[diagnosis]

    def typed_since(self, diagnosis: Diagnosis) -> str | None:
        """The date typed for a ticked and dated diagnosis, as typed (it may be wrong)."""
        row = self._rows[diagnosis]
        if row.considered.isChecked() and row.since.check.isChecked():
            return row.since.edit.line.text()
        return None

    def set_value(self, others: tuple[WorkingDiagnosis, ...]) -> None:
        self._stored = others
        given = {other.diagnosis: other for other in others}
        for diagnosis, row in self._rows.items():
            other = given.get(diagnosis)
            row.considered.setChecked(other is not None)
            row.possible.setChecked(bool(other and other.possible))
            row.since.set_value(other.since if other else None)

    def value(self) -> tuple[WorkingDiagnosis, ...]:
        """The ticked diagnoses: those stored first, in their order, then the new ones."""
        stored = {other.diagnosis: other for other in self._stored}
        order = [*stored, *(d for d in Diagnosis if d not in stored)]
        chosen = []
        for diagnosis in order:
            row = self._rows[diagnosis]
            if diagnosis is self._main or not row.considered.isChecked():
                continue
            was = stored.get(diagnosis, WorkingDiagnosis(diagnosis=diagnosis))
            # Unticked "possible" keeps a stored false; otherwise it is "not said".
            possible = row.possible.isChecked() or (False if was.possible is False else None)
            if (was.since, was.possible) != (row.since.value(), possible):
                was = replace(was, since=row.since.value(), possible=possible)
            chosen.append(was)
        return tuple(chosen)

    def problem(self) -> ValidationError | None:
        for diagnosis, row in self._rows.items():
            if diagnosis is self._main or not row.considered.isChecked():
                continue
            if (found := row.since.problem()) is not None:
                return ValidationError(
                    "other_diagnoses", f"{diagnosis_label(row.diagnosis)}: {found.problem}"
                )
        return None

    def _first_shown(self) -> DiagnosisRow:
        return next(row for diagnosis, row in self._rows.items() if diagnosis is not self._main)
