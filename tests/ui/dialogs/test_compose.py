"""The compose dialog: the app's draft in editable fields, a live page-one preview, Issue."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from trochtrack.domain.documents import DocumentKind
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.letter_compose import load_draft, open_drafts, start_draft
from trochtrack.services.letters import DocumentRequest
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.compose import ComposeDialog

pytestmark = pytest.mark.ui
EDITED = "Please check the blood count I asked the practice nurse to take."
PREVIEW_TIMEOUT_MS = 60_000


def _dialog(qtbot: QtBot, ctx: AppContext, patient: int) -> ComposeDialog:
    draft = start_draft(
        ctx.clinic,
        DocumentRequest(
            patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=ctx.clinic.today()
        ),
    )
    dialog = ComposeDialog(ctx, draft)
    qtbot.addWidget(dialog)
    return dialog


def test_the_draft_is_editable_previewed_saved_and_issued(
    qtbot: QtBot, demo_ctx: AppContext, demo_ids: dict[str, int], tmp_path: Path
):
    patient = demo_ids["P-DEMO-02"]
    dialog = _dialog(qtbot, demo_ctx, patient)
    dialog.resize(1280, 800)
    dialog.show()
    assert "medical assessment today" in dialog.text_edits["request"].toPlainText()
    qtbot.waitUntil(
        lambda: (
            dialog.preview_label.pixmap() is not None and not dialog.preview_label.pixmap().isNull()
        ),
        timeout=PREVIEW_TIMEOUT_MS,
    )
    dialog.grab().save(str(tmp_path / "compose-1280.png"))

    dialog.text_edits["request"].setPlainText(EDITED)
    dialog.section_boxes["scans"].setChecked(False)
    assert dialog.save()
    kept = load_draft(demo_ctx.clinic, dialog.draft.id)
    assert kept.text.request == EDITED
    assert not kept.sections.scans

    dialog.text_edits["plan"].setPlainText("   ")
    assert not dialog.save()
    assert "plan: is empty" in dialog.error_label.text()
    assert load_draft(demo_ctx.clinic, dialog.draft.id).text.plan.strip()

    dialog.text_edits["plan"].setPlainText("Review in one week.")
    with qtbot.waitSignal(dialog.finished, timeout=PREVIEW_TIMEOUT_MS):
        dialog.issue()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.document is not None
    (logged,) = list_documents(demo_ctx.clinic, patient)
    assert logged.id == dialog.document.id
    assert document_pdf(demo_ctx.clinic, logged.id)[1].startswith(b"%PDF-")
    assert open_drafts(demo_ctx.clinic, patient) == []


def test_the_dialog_fits_a_small_screen(
    qtbot: QtBot, demo_ctx: AppContext, demo_ids: dict[str, int], tmp_path: Path
):
    dialog = _dialog(qtbot, demo_ctx, demo_ids["P-SEED"])
    dialog.resize(1024, 700)
    dialog.show()
    qtbot.waitUntil(
        lambda: (
            dialog.preview_label.pixmap() is not None and not dialog.preview_label.pixmap().isNull()
        ),
        timeout=PREVIEW_TIMEOUT_MS,
    )
    assert dialog.width() <= 1024
    assert dialog.height() <= 700
    dialog.grab().save(str(tmp_path / "compose-1024.png"))
    for edit in dialog.text_edits.values():
        assert edit.isVisible()
    assert dialog.issue_button.isVisible()


def test_the_letter_dialog_offers_composing_for_letters_only(
    qtbot: QtBot, demo_ctx: AppContext, demo_ids: dict[str, int]
):
    from trochtrack.services.letters import patient_id_for_ref
    from trochtrack.services.records import patient_record
    from trochtrack.ui.dialogs.letters import LetterDialog

    patient = patient_id_for_ref(demo_ctx.clinic, "P-SEED")
    (episode,) = patient_record(demo_ctx.clinic, patient).episodes
    for kind, offered in (
        (DocumentKind.GP_FOLLOWUP, True),
        (DocumentKind.REFERRAL, True),
        (DocumentKind.HANDOUT, False),
    ):
        dialog = LetterDialog(demo_ctx, patient, episode.id, kind)
        qtbot.addWidget(dialog)
        assert (dialog.compose_button is not None) is offered
    dialog = LetterDialog(demo_ctx, patient, episode.id, DocumentKind.GP_FOLLOWUP)
    qtbot.addWidget(dialog)
    dialog.plan_edit.setPlainText("Review in three weeks.")
    request = dialog._request()
    assert (request.patient_id, request.episode_id, request.plan) == (
        patient,
        episode.id,
        "Review in three weeks.",
    )
