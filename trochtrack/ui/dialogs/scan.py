"""Entering or correcting a scan: date, modality, report and one finding per lesion.

Each finding picks a lesion already followed in the episode or starts a new one (kind,
site), and gives three diameters in mm, or says the lesion was not visualised. A bursa
or fluid collection that was seen may record its characteristics; on a new scan those of
the lesion's last scan are offered, to be confirmed, never saved unchecked.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trochtrack.domain.errors import ValidationError
from trochtrack.domain.model import Scan
from trochtrack.domain.plausibility import scan_doubts
from trochtrack.domain.vocabulary import Modality
from trochtrack.services.records import TrackedLesion, tracked_lesions
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.finding import FindingEditor
from trochtrack.ui.dialogs.form import FieldSlot, FormDialog
from trochtrack.ui.episode_records import SCANS, recorded_episode
from trochtrack.ui.operations import Change
from trochtrack.ui.tab_order import follow_layout
from trochtrack.ui.text import (
    modality_label,
    show_date,
)
from trochtrack.ui.widgets.dates import DateEdit

_FINDING_PATH: Final = re.compile(r"findings\[(\d+)\]\.?(.*)")


class ScanDialog(FormDialog):
    """A new scan of an episode, or a correction of a recorded one."""

    discard_question = "Close without saving this scan? What you typed will be lost."

    def __init__(
        self,
        ctx: AppContext,
        patient_id: int,
        episode_id: int,
        scan: Scan | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "New scan" if scan is None else f"Scan of {show_date(scan.date)}"
        super().__init__(ctx, title, parent)
        self.patient_id = patient_id
        self.episode_id = episode_id
        self.scan = scan
        self.lesions = _lesions_before(tracked_lesions(ctx.clinic, episode_id), scan)
        today = ctx.clinic.today()
        self.date_edit = DateEdit(scan.date if scan else today, self, latest=today)
        self.modality_combo = QComboBox(self)
        for modality in Modality:
            self.modality_combo.addItem(modality_label(modality), modality)
        self.report_edit = QPlainTextEdit(self)
        self.report_edit.setTabChangesFocus(True)
        self.report_edit.setFixedHeight(60)
        self.add_field("date", "&Date:", self.date_edit)
        self.add_field("modality", "&Modality:", self.modality_combo)
        self.add_field("report", "&Report:", self.report_edit)
        self._build_findings()
        if scan is not None:
            self.modality_combo.setCurrentIndex(self.modality_combo.findData(scan.modality))
            self.report_edit.setPlainText(scan.report or "")
        self._fill_findings(scan)
        self.resize(620, 680)
        self._fit_findings_width()
        self.finish()
        self.date_edit.setFocus()

    def _build_findings(self) -> None:
        """The scrolled list of findings and the button that adds one."""
        self.findings_box = QWidget(self)
        self.findings_layout = QVBoxLayout(self.findings_box)
        self.findings_layout.addStretch(1)
        self.findings_scroll = QScrollArea(self)
        self.findings_scroll.setWidgetResizable(True)
        self.findings_scroll.setWidget(self.findings_box)
        self.findings_scroll.setMinimumHeight(320)
        self.body.addWidget(self.findings_scroll, 1)
        self.add_finding_button = QPushButton("&Add finding", self)
        self.add_finding_button.setAutoDefault(False)
        self.add_finding_button.clicked.connect(self.new_finding)
        self.body.addWidget(self.add_finding_button)
        self.finding_editors: list[FindingEditor] = []

    def _fill_findings(self, scan: Scan | None) -> None:
        """A correction's findings; for a new scan, one per tracked lesion (or a blank one)."""
        if scan is not None:
            for finding in scan.findings:
                self.add_finding().show_finding(finding)
            return
        for lesion in self.lesions:
            editor = self.add_finding()
            editor.lesion_combo.setCurrentIndex(editor.lesion_combo.findData(lesion.key))
            editor.offer_last_features()
        if not self.lesions:
            self.add_finding()

    def add_finding(self) -> FindingEditor:
        editor = FindingEditor(self.lesions, self._keys_in_use, self.findings_box)
        editor.remove_requested.connect(self._on_remove_requested)
        self.findings_layout.insertWidget(self.findings_layout.count() - 1, editor)
        self.finding_editors.append(editor)
        return editor

    def new_finding(self) -> FindingEditor:
        """A blank finding at the end, scrolled into view, its first field focused."""
        editor = self.add_finding()
        # Made after the dialog, it would come last in the Tab order, after Save.
        follow_layout(self)
        self._fit_findings_width()
        editor.show()  # the layout would show it only on the next pass, too late for focus
        editor.lesion_combo.setFocus()
        # Scrolled once the box has grown to hold it (the resize is posted, not done here).
        QTimer.singleShot(0, self, lambda: self.findings_scroll.ensureWidgetVisible(editor))
        return editor

    def _fit_findings_width(self) -> None:
        """Room for a whole finding across: the list scrolls down, never sideways.

        A finding cut at the right hid its Wall and Septations fields and Remove finding.
        """
        scroll = self.findings_scroll
        needed = (
            self.findings_box.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth()
        )
        scroll.setMinimumWidth(needed)

    def _keys_in_use(self) -> set[str]:
        keys = {lesion.key for lesion in self.lesions}
        return keys | {editor.lesion_key() for editor in self.finding_editors}

    def _on_remove_requested(self, editor: FindingEditor) -> None:
        self.finding_editors.remove(editor)
        editor.hide()
        editor.deleteLater()

    def entered_scan(self) -> Scan:
        findings = []
        for index, editor in enumerate(self.finding_editors):
            try:
                findings.append(editor.entered_finding())
            except ValidationError as error:
                raise error.within(f"findings[{index}]") from None
        entered = Scan(
            date=self.date_edit.value(),
            modality=Modality(self.modality_combo.currentData()),
            report=self.report_edit.toPlainText().strip() or None,
            findings=tuple(findings),
        )
        if self.scan is None:
            return entered
        return replace(entered, id=self.scan.id, explicit_nulls=self.scan.explicit_nulls)

    def field_for(self, path: str) -> FieldSlot | None:
        match = _FINDING_PATH.fullmatch(path)
        if match is not None and int(match[1]) < len(self.finding_editors):
            editor = self.finding_editors[int(match[1])]
            return editor.field_for(match[2] or "lesion")
        return super().field_for(path)

    def place_of(self, slot: FieldSlot) -> str:
        """A finding's field is named with the finding: "finding 2 (calc-1), Diameters"."""
        for number, editor in enumerate(self.finding_editors, start=1):
            if any(own is slot for own in editor.fields.values()):
                return f"finding {number} ({editor.lesion_key() or 'new lesion'}), {slot.caption}"
        return super().place_of(slot)

    def all_fields(self) -> list[FieldSlot]:
        slots = super().all_fields()
        for editor in self.finding_editors:
            slots += editor.fields.values()
        return slots

    def commit(self) -> Change:
        scan = self.entered_scan()
        episode = recorded_episode(self.ctx.clinic, self.patient_id, self.episode_id)
        self.confirm_likely(scan_doubts(episode, scan))
        return SCANS.save(self.ctx.clinic, self.patient_id, self.episode_id, self.scan, scan)


def _lesions_before(lesions: list[TrackedLesion], scan: Scan | None) -> list[TrackedLesion]:
    """The lesions as a scan sees them: a correction's "last scan" would be itself, or later."""
    if scan is None:
        return lesions
    return [
        lesion
        if lesion.last_seen is None or lesion.last_seen < scan.date
        else replace(lesion, last_finding=None)
        for lesion in lesions
    ]
