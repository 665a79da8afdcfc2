"""Patient > Merge with another record: one person's two records made one, or parted again.

The record on view is kept; the one chosen here moves into it (``services.merges``). What
would move, and where the two records disagree about who the person is, shows before
anything is done, and the merge is asked for once more. A merge stands once a backup has
been made; until then this dialog (or Edit > Undo) parts the records again.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trochtrack.domain.model import Patient
from trochtrack.services.clinic import Clinic
from trochtrack.services.errors import ServiceError
from trochtrack.services.evaluation import PatientEvaluation
from trochtrack.services.merges import (
    MergePlan,
    merge_patients,
    plan_merge,
    standing_merge,
    undo_merge,
)
from trochtrack.services.records import PatientListItem, list_patients, possible_duplicates
from trochtrack.ui.context import AppContext, UndoableChange
from trochtrack.ui.operations import Change, Failed, Operation, returned
from trochtrack.ui.tab_order import follow_layout
from trochtrack.ui.text import PlainLabel, show_date

TITLE = "Merge records"
SAME_PERSON_HINT = "same name and birth date"


def plan_text(plan: MergePlan) -> str:
    """What the merge would move, and what the clinician should check first."""
    episodes = f"{plan.episodes} episode{'s' if plan.episodes != 1 else ''}"
    documents = f"{plan.documents} document{'s' if plan.documents != 1 else ''}"
    lines = [
        f"Moves into {plan.kept.ref}: {episodes} (with everything recorded in them) and "
        f"{documents}; {plan.absorbed.ref} is then removed."
    ]
    lines += [
        f"Episode {old} becomes {new} (the kept record has an {old})." for old, new in plan.renamed
    ]
    if plan.differences:
        lines.append("The two records disagree: " + "; ".join(plan.differences) + ".")
        lines.append("Merge only if they are the same person.")
    return "\n".join(lines)


class MergeDialog(QDialog):
    """Choose the other record of the person on view, see what moves, merge; or part them."""

    merged = Signal()

    def __init__(self, ctx: AppContext, kept: Patient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kept = kept
        self.kept_id = kept.id or 0
        self.setWindowTitle(f"{TITLE}: {kept.display_name}")
        self.other_combo = QComboBox(self)
        self.other_combo.setAccessibleName("The other record")
        duplicates = possible_duplicates(ctx.clinic, kept)
        listed = {item.patient_id for item in duplicates} | {self.kept_id}
        for item in duplicates:
            self.other_combo.addItem(
                f"{_item_text(item)} · same name and birth date", item.patient_id
            )
        for item in list_patients(ctx.clinic, include_archived=True):
            if item.patient_id not in listed:
                self.other_combo.addItem(_item_text(item), item.patient_id)
        self.plan_label = PlainLabel("", self, wrap=True)
        self.merge_button = QPushButton("&Merge into this record…", self)
        self.merge_button.clicked.connect(self.merge)
        self.standing_label = PlainLabel("", self, wrap=True)
        self.part_button = QPushButton("&Part them again", self)
        self.part_button.clicked.connect(self.part)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(PlainLabel("Keep:", self), PlainLabel(_patient_text(kept), self, wrap=True))
        caption = PlainLabel("&Other record:", self)
        caption.setBuddy(self.other_combo)
        form.addRow(caption, self.other_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.merge_button)
        layout.addWidget(self.standing_label)
        layout.addWidget(self.part_button)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.other_combo.currentIndexChanged.connect(self._show_plan)
        self.setMinimumWidth(560)
        self._show_plan()
        self._show_standing()
        follow_layout(self)

    def other_id(self) -> int | None:
        data = self.other_combo.currentData()
        return int(data) if data is not None else None

    def _show_plan(self) -> None:
        other = self.other_id()
        if other is None:
            self.plan_label.setText("There is no other record to merge with.")
            self.merge_button.setEnabled(False)
            return
        try:
            plan = plan_merge(self.ctx.clinic, self.kept_id, other)
        except ServiceError as error:
            self.plan_label.setText(str(error))
            self.merge_button.setEnabled(False)
            return
        self.plan_label.setText(plan_text(plan))
        self.merge_button.setEnabled(True)

    def _show_standing(self) -> None:
        standing = standing_merge(self.ctx.clinic, self.kept_id)
        self.standing_label.setVisible(standing is not None)
        self.part_button.setVisible(standing is not None)
        if standing is None:
            return
        text = (
            f"This record took in {standing.absorbed_name} ({standing.absorbed_ref}) on "
            f"{show_date(standing.merged_at.date())}."
        )
        if standing.blocked_by is not None:
            text += f" {standing.blocked_by}"
        self.standing_label.setText(text)
        self.part_button.setEnabled(standing.blocked_by is None)

    def merge(self) -> bool:
        """Merge the chosen record into this one, once confirmed."""
        other = self.other_id()
        if other is None:
            return False
        name = self.other_combo.currentText().removesuffix(f" · {SAME_PERSON_HINT}")
        if not self.ctx.prompter.confirm(
            self,
            TITLE,
            f"Merge {name} into {_patient_text(self.kept)}?\n\n{self.plan_label.text()}\n\n"
            "Until the next backup, Edit > Undo or this dialog can part them again.",
            action="Merge",
        ):
            return False
        clinic, kept_id = self.ctx.clinic, self.kept_id

        def merge() -> Change:
            merge_patients(clinic, kept_id, other)
            undo = UndoableChange(
                "Part the merged records again", kept_id, lambda: _part(clinic, kept_id)
            )
            return Change(patient_id=kept_id, patient_list=True, undo=undo)

        outcome = Operation(
            self.ctx, self, merge, title=TITLE, failure="Nothing was merged.", changed=returned
        ).run()
        if isinstance(outcome, Failed):
            return False
        self.merged.emit()
        self.accept()
        return True

    def part(self) -> bool:
        """Take the newest merge into this record back."""
        clinic, kept_id = self.ctx.clinic, self.kept_id
        outcome = Operation(
            self.ctx,
            self,
            lambda: _part(clinic, kept_id),
            title=TITLE,
            failure="The records were not parted.",
            changed=Change(patient_id=kept_id, patient_list=True, undone=True),
        ).run()
        if isinstance(outcome, Failed):
            return False
        self.accept()
        return True


def _part(clinic: Clinic, kept_id: int) -> None:
    undo_merge(clinic, kept_id)


def _patient_text(patient: Patient) -> str:
    return f"{patient.display_name} ({patient.ref}), born {show_date(patient.date_of_birth)}"


def _item_text(item: PatientListItem) -> str:
    return f"{item.display_name} ({item.ref}), born {show_date(item.date_of_birth)}"


class ShownPatient(Protocol):
    """The patient on view (the patient view)."""

    evaluation: PatientEvaluation | None


def open_merge(ctx: AppContext, view: ShownPatient, parent: QWidget) -> MergeDialog | None:
    """Patient > Merge with another record, for the patient on view."""
    if view.evaluation is None:
        return None
    dialog = MergeDialog(ctx, view.evaluation.record.patient, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
