"""Registering a patient, or changing their details (name, birth date, contact, GP)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit, QWidget

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import NAME_MAX_LENGTH, GeneralPractitioner, Patient
from trochtrack.domain.plausibility import patient_doubts
from trochtrack.domain.values import check_optional_email, check_text
from trochtrack.domain.vocabulary import Sex
from trochtrack.services.clinic import Clinic
from trochtrack.services.records import (
    PatientListItem,
    create_patient,
    delete_patient,
    list_patients,
    possible_duplicates,
    update_patient,
)
from trochtrack.ui.context import AppContext, UndoableChange
from trochtrack.ui.dialogs.form import FormDialog, SaveDeclined
from trochtrack.ui.operations import Change, Failed, Operation, returned
from trochtrack.ui.text import PlainLabel
from trochtrack.ui.widgets.dates import DateEdit
from trochtrack.wording.dates import long_date
from trochtrack.wording.labels import SEX_LABELS

_NUMBERED_REF: Final = re.compile(r"P-(\d+)")


def next_patient_ref(refs: list[str]) -> str:
    """``P-0042`` after ``P-0041``: the next number in the clinic's P-nnnn series."""
    numbers = [int(m[1]) for ref in refs if (m := _NUMBERED_REF.fullmatch(ref))]
    return f"P-{max(numbers, default=0) + 1:04d}"


def _duplicates_text(candidates: list[PatientListItem]) -> str:
    lines = [
        f"{item.display_name}, born {long_date(item.date_of_birth)}, ref {item.ref}"
        + (" (archived)" if item.archived_on else "")
        for item in candidates
    ]
    return (
        "This patient may already be registered:\n\n"
        + "\n".join(lines)
        + "\n\nOpen the existing record instead, or register a new patient anyway."
    )


def _multiline(edit: QPlainTextEdit) -> str | None:
    return edit.toPlainText().strip() or None


class PatientDialog(FormDialog):
    """A new patient, or the details of a registered one."""

    patient_saved = Signal(int)
    patient_deleted = Signal(str)
    """A patient registered by mistake was deleted: the name they had."""

    def __init__(
        self,
        ctx: AppContext,
        patient: Patient | None = None,
        parent: QWidget | None = None,
        *,
        care_recorded: bool = True,
    ) -> None:
        """``care_recorded``: the patient has an episode or a letter, so is never deleted."""
        super().__init__(ctx, "New patient" if patient is None else "Patient details", parent)
        self.patient = patient
        self.saved_id: int | None = None
        """The patient's id once saved."""
        self.ref_edit = QLineEdit(self)
        self.given_edit = QLineEdit(self)
        self.family_edit = QLineEdit(self)
        self.born_edit = DateEdit(
            patient.date_of_birth if patient else None, self, latest=ctx.clinic.today()
        )
        self.sex_combo = QComboBox(self)
        for sex in Sex:
            self.sex_combo.addItem(SEX_LABELS[sex], sex)
        self.phone_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        self.address_edit = QPlainTextEdit(self)
        self.gp_name_edit = QLineEdit(self)
        self.gp_practice_edit = QLineEdit(self)
        self.gp_address_edit = QPlainTextEdit(self)
        for edit in (self.address_edit, self.gp_address_edit):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(54)
        self._lay_out_fields()
        if patient is None:
            refs = [item.ref for item in list_patients(ctx.clinic, include_archived=True)]
            self.ref_edit.setText(next_patient_ref(refs))
            self.sex_combo.setCurrentIndex(self.sex_combo.findData(Sex.UNKNOWN))
        else:
            self._show(patient)
        if patient is not None:
            self._add_delete_button(can_delete=not care_recorded)
        self.setMinimumWidth(480)
        self.finish()
        self.given_edit.setFocus()

    def _lay_out_fields(self) -> None:
        """Each field in the form, in reading order, with the checks it runs on Save."""
        # The checks hold the fields, not the dialog: a dialog referring to itself would
        # outlive its window until Python's cycle collector came round.
        self.add_field(
            "given_name",
            "&Given name:",
            self.given_edit,
            check=partial(_name_in, self.given_edit, "given_name"),
        )
        self.add_field(
            "family_name",
            "&Family name:",
            self.family_edit,
            check=partial(_name_in, self.family_edit, "family_name"),
        )
        self.add_field("date_of_birth", "Date of &birth:", self.born_edit)
        self.add_field("sex", "&Sex:", self.sex_combo)
        self.add_field("ref", "&Ref:", self.ref_edit)
        self.add_field("phone", "P&hone:", self.phone_edit)
        self.add_field(
            "email",
            "&Email:",
            self.email_edit,
            check=partial(_email_in, self.email_edit),
        )
        self.add_field("address", "&Address:", self.address_edit)
        self.form.addRow(PlainLabel("General practitioner (letters go here)", self))
        self.add_field("gp.name", "GP &name:", self.gp_name_edit)
        self.add_field("gp.practice", "&Practice:", self.gp_practice_edit)
        self.add_field("gp.address", "Practice address:", self.gp_address_edit)

    def _add_delete_button(self, *, can_delete: bool) -> None:
        self.delete_button = self.buttons.addButton(
            "&Delete patient…", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        button = self.delete_button
        button.setEnabled(can_delete)
        button.setToolTip(
            "Delete a patient registered by mistake (nothing recorded yet)"
            if can_delete
            else "Care is recorded for this patient: archive the record instead"
        )
        button.clicked.connect(self.delete_patient)

    def delete_patient(self) -> bool:
        """Delete the patient (asked first; Edit > Undo registers them again)."""
        stored = self.patient
        if stored is None or stored.id is None:
            return False
        name, patient_id, clinic = stored.display_name, stored.id, self.ctx.clinic
        if not self.ctx.prompter.confirm(
            self,
            "Delete patient",
            f"Delete {name}? Nothing clinical is recorded for them. "
            "Edit > Undo (Ctrl+Z) can register them again.",
            action="Delete",
        ):
            return False

        def delete() -> Change:
            removed = delete_patient(clinic, patient_id)
            undo = UndoableChange(
                f"Register {name} again", patient_id, lambda: _register(clinic, removed)
            )
            return Change(patient_list=True, undo=undo)

        outcome = Operation(
            self.ctx,
            self,
            delete,
            title="Delete patient",
            failure="Nothing was deleted.",
            changed=returned,
            on_failure=self.show_error,
        ).run()
        if isinstance(outcome, Failed):
            return False
        self.patient_deleted.emit(name)
        self.mark_saved()
        self.accept()
        return True

    def _show(self, patient: Patient) -> None:
        self.ref_edit.setText(patient.ref)
        self.given_edit.setText(patient.given_name)
        self.family_edit.setText(patient.family_name)
        self.sex_combo.setCurrentIndex(self.sex_combo.findData(patient.sex))
        self.phone_edit.setText(patient.phone or "")
        self.email_edit.setText(patient.email or "")
        self.address_edit.setPlainText(patient.address or "")
        if patient.gp is not None:
            self.gp_name_edit.setText(patient.gp.name or "")
            self.gp_practice_edit.setText(patient.gp.practice or "")
            self.gp_address_edit.setPlainText(patient.gp.address or "")

    def entered_patient(self) -> Patient:
        try:
            gp = GeneralPractitioner(
                name=self.gp_name_edit.text().strip() or None,
                practice=self.gp_practice_edit.text().strip() or None,
                address=_multiline(self.gp_address_edit),
            )
        except ValidationError as error:
            raise error.within("gp") from None
        if self.patient is not None and self.patient.gp is not None:
            gp = replace(gp, explicit_nulls=self.patient.gp.explicit_nulls)
        entered = Patient(
            ref=self.ref_edit.text().strip(),
            given_name=_name_in(self.given_edit, "given_name"),
            family_name=_name_in(self.family_edit, "family_name"),
            date_of_birth=self.born_edit.entered("date_of_birth"),
            sex=Sex(self.sex_combo.currentData()),
            phone=self.phone_edit.text().strip() or None,
            email=self.email_edit.text().strip() or None,
            address=_multiline(self.address_edit),
            gp=None if gp.is_empty else gp,
        )
        if self.patient is None:
            return entered
        stored = self.patient
        return replace(entered, id=stored.id, explicit_nulls=stored.explicit_nulls)

    def commit(self) -> Change:
        patient = self.entered_patient()
        self.confirm_likely(patient_doubts(patient, self.ctx.clinic.today()))
        if self.patient is None or self.patient.id is None:
            self._check_not_registered_already(patient)
            patient_id = create_patient(self.ctx.clinic, patient)
        else:
            patient_id = self.patient.id
            update_patient(self.ctx.clinic, patient_id, patient)
        self.saved_id = patient_id
        return Change(patient_id=patient_id, patient_list=True)

    def after_save(self) -> None:
        if self.saved_id is not None:
            self.patient_saved.emit(self.saved_id)

    def _check_not_registered_already(self, patient: Patient) -> None:
        candidates = possible_duplicates(self.ctx.clinic, patient)
        if candidates and not self.ctx.prompter.confirm(
            self, "Possible duplicate", _duplicates_text(candidates), action="Register anyway"
        ):
            raise SaveDeclined


def _name_in(edit: QLineEdit, field: str) -> str:
    return check_text(edit.text().strip(), field, max_length=NAME_MAX_LENGTH)


def _email_in(edit: QLineEdit) -> str | None:
    return check_optional_email(edit.text().strip() or None, "email")


def _register(clinic: Clinic, patient: Patient) -> None:
    create_patient(clinic, patient)
