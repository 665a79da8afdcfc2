"""The scan dialog: a new lesion, its follow-up, and a lesion that cannot change kind."""

from __future__ import annotations

import pytest
from layout_faults import layout_faults
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trochtrack.domain.vocabulary import LesionKind, Visibility
from trochtrack.services.records import tracked_lesions
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.finding import NEW_LESION, suggested_key
from trochtrack.ui.dialogs.scan import ScanDialog
from trochtrack.ui.models.timeline import TimelineKind, timeline_entries

from .conftest import (  # noqa: TID252 - helpers beside these tests
    episode_of,
    field_error,
    seed_alert_views,
    show,
)

pytestmark = pytest.mark.ui


def _seed_scan_dialog(
    qtbot: QtBot,
    host: QWidget,
    ctx: AppContext,
    ids: dict[str, int],
    *,
    correcting: bool = False,
) -> ScanDialog:
    """A new scan of the seed case (its lesions listed), or a correction of its scan."""
    episode_id, _views = seed_alert_views(ctx, ids)
    (scan,) = episode_of(ctx, (ids["P-SEED"], episode_id)).scans
    chosen = scan if correcting else None
    dialog = show(qtbot, host, ScanDialog(ctx, ids["P-SEED"], episode_id, chosen))
    assert isinstance(dialog, ScanDialog)
    return dialog


def test_scan_with_a_new_lesion_then_a_follow_up_of_it(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(dialog, ScanDialog)
    (finding,) = dialog.finding_editors
    assert finding.is_new_lesion()
    finding.kind_combo.setCurrentIndex(finding.kind_combo.findData(LesionKind.ADVENTITIAL_BURSA))
    assert finding.key_edit.text() == "bursa-1"
    finding.site_edit.setText("posterior to the greater trochanter")
    for edit, value in zip(finding.dimension_edits, ("24", "4", ""), strict=True):
        edit.setText(value)
    second = dialog.add_finding()
    second.kind_combo.setCurrentIndex(second.kind_combo.findData(LesionKind.CALCIFICATION))
    assert second.key_edit.text() == "calc-1"
    second.not_visualised_radio.setChecked(True)

    assert not dialog.save()
    assert field_error(dialog, "findings[0].dims_mm[2]") == "enter all three diameters in mm"
    assert finding.dimension_edits[0].text() == "24"

    finding.dimension_edits[2].setText("23")
    assert dialog.save()
    (scan,) = episode_of(ctx, episode_ids).scans
    assert [(f.lesion, f.kind, f.visibility, f.dims_mm) for f in scan.findings] == [
        ("bursa-1", LesionKind.ADVENTITIAL_BURSA, Visibility.MEASURED, (24.0, 4.0, 23.0)),
        ("calc-1", LesionKind.CALCIFICATION, Visibility.NOT_VISUALISED, None),
    ]
    assert [lesion.key for lesion in tracked_lesions(ctx.clinic, episode_ids[1])] == [
        "bursa-1",
        "calc-1",
    ]

    follow_up = show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(follow_up, ScanDialog)
    assert [editor.lesion_key() for editor in follow_up.finding_editors] == ["bursa-1", "calc-1"]
    assert follow_up.finding_editors[0].site_edit.text() == "posterior to the greater trochanter"
    assert not follow_up.finding_editors[0].no_size_radio.isEnabled()
    assert suggested_key(LesionKind.FLUID_COLLECTION, {"fluid-1"}) == "fluid-2"


def test_a_lesion_cannot_change_kind_between_scans(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(dialog, ScanDialog)
    dialog.finding_editors[0].kind_combo.setCurrentIndex(2)
    for edit in dialog.finding_editors[0].dimension_edits:
        edit.setText("10")
    assert dialog.save()
    other = show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(other, ScanDialog)
    editor = other.finding_editors[0]
    editor.lesion_combo.setCurrentIndex(editor.lesion_combo.findData("new"))
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(LesionKind.TENDINOPATHY))
    assert editor.key_edit.text() == "tendon-1"
    editor.key_edit.clear()
    qtbot.keyClicks(editor.key_edit, dialog.finding_editors[0].lesion_key())
    editor.no_size_radio.setChecked(True)
    assert not other.save()
    assert "was recorded as" in field_error(other, "findings[0].kind")


def test_add_finding_scrolls_to_the_new_one_and_tab_reaches_it_before_save(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    # The seed's tracked lesions fill the list: one more lies below the fold.
    dialog = _seed_scan_dialog(qtbot, host, demo_ctx, demo_ids)
    dialog.resize(620, 600)
    tracked = len(dialog.finding_editors)
    qtbot.mouseClick(dialog.add_finding_button, Qt.MouseButton.LeftButton)
    added = dialog.finding_editors[-1]
    assert len(dialog.finding_editors) == tracked + 1
    assert dialog.focusWidget() is added.lesion_combo
    qtbot.waitUntil(lambda: not added.lesion_combo.visibleRegion().isEmpty())
    assert layout_faults(dialog) == []
    dialog.mark_saved()
    dialog.reject()


def test_a_bad_size_in_a_finding_below_the_fold_is_named_and_scrolled_to(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    dialog = _seed_scan_dialog(qtbot, host, demo_ctx, demo_ids)
    dialog.resize(620, 600)
    last = dialog.finding_editors[-1]
    last.dimension_edits[1].setText("4..5")
    assert not dialog.save()
    number = len(dialog.finding_editors)
    assert dialog.failure_label.text().startswith(
        f"Not saved: check finding {number} ({last.lesion_key()}), Diameters (mm):"
    )
    qtbot.waitUntil(lambda: not last.dimension_edits[1].visibleRegion().isEmpty())
    dialog.mark_saved()
    dialog.reject()


def test_each_diameter_is_named_and_the_last_size_shows_beside_them(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    dialog = _seed_scan_dialog(qtbot, host, demo_ctx, demo_ids)
    bursa = next(e for e in dialog.finding_editors if e.lesion_key() == "bursa-1")
    assert [e.placeholderText() for e in bursa.dimension_edits] == ["length", "depth", "width"]
    assert [e.accessibleName() for e in bursa.dimension_edits] == [
        "Length in mm",
        "Depth in mm",
        "Width in mm",
    ]
    assert bursa.previous_size_label.isVisibleTo(dialog)
    assert bursa.previous_size_label.text() == "Last scan (1 Sep 2026): 24 × 4 × 23 mm"
    added = dialog.new_finding()
    added.lesion_combo.setCurrentIndex(added.lesion_combo.findData(NEW_LESION))
    assert not added.previous_size_label.isVisibleTo(dialog)  # a new lesion has no past
    dialog.mark_saved()
    dialog.reject()


def test_a_correction_does_not_call_its_own_size_the_last_one(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    dialog = _seed_scan_dialog(qtbot, host, demo_ctx, demo_ids, correcting=True)
    assert not any(e.previous_size_label.isVisibleTo(dialog) for e in dialog.finding_editors)
    dialog.mark_saved()
    dialog.reject()


def test_a_finding_the_report_is_not_sure_of_is_marked_possible_everywhere(
    qtbot: QtBot, host: QWidget, ctx: AppContext, episode_ids: tuple[int, int]
):
    dialog = show(qtbot, host, ScanDialog(ctx, *episode_ids))
    assert isinstance(dialog, ScanDialog)
    (finding,) = dialog.finding_editors
    finding.kind_combo.setCurrentIndex(finding.kind_combo.findData(LesionKind.ADVENTITIAL_BURSA))
    for edit, value in zip(finding.dimension_edits, ("24", "4", "23"), strict=True):
        edit.setText(value)
    finding.possible_check.setFocus()
    qtbot.keyClick(finding.possible_check, Qt.Key.Key_Space)
    assert dialog.save()
    episode = episode_of(ctx, episode_ids)
    (scan,) = episode.scans
    assert scan.findings[0].possible is True
    (entry,) = [
        e for e in timeline_entries(episode, [], [], scan.date) if e.kind is TimelineKind.SCAN
    ]
    assert "bursa-1 (possible) 24 × 4 × 23 mm" in entry.text

    # Unticked in a correction, it is no longer said to be possible.
    correction = show(qtbot, host, ScanDialog(ctx, *episode_ids, scan))
    assert isinstance(correction, ScanDialog)
    assert correction.finding_editors[0].possible_check.isChecked()
    correction.finding_editors[0].possible_check.setChecked(False)
    assert correction.save()
    assert episode_of(ctx, episode_ids).scans[0].findings[0].possible is None


def test_the_findings_take_the_room_the_dialog_has_and_leave_no_gap_above_save(
    qtbot: QtBot, host: QWidget, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    dialog = _seed_scan_dialog(qtbot, host, demo_ctx, demo_ids, correcting=True)
    dialog.resize(680, 680)
    qtbot.waitExposed(dialog)
    add_bottom = dialog.add_finding_button.geometry().bottom()
    buttons_top = dialog.buttons.geometry().top()
    assert buttons_top - add_bottom < 3 * dialog.body.spacing(), "empty room under the findings"
    assert dialog.findings_scroll.verticalScrollBar().maximum() > 0  # they still scroll
