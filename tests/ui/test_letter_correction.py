"""Correcting an issued letter from the Letters tab: a new version, the old one kept as it was."""

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from trochtrack.domain.documents import DocumentInfo, DocumentKind
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.services.letter_compose import open_drafts, start_draft
from trochtrack.services.letters import DocumentRequest
from trochtrack.ui.dialogs.compose import ComposeDialog
from trochtrack.ui.dialogs.letters import LetterDialog
from trochtrack.ui.views.letters_tab import LettersTab
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.views.patient_view import PatientView

pytestmark = pytest.mark.ui
ISSUE_TIMEOUT_MS = 60_000
FIRST_REQUEST = "Please review her hip pain at your next clinic."
CORRECTED_REQUEST = "Please check her blood count this week."


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _issue_composed(qtbot: QtBot, view: PatientView, patient: int) -> DocumentInfo:
    """A GP letter composed (its request edited) and issued through the compose dialog."""
    ctx = view.ctx
    draft = start_draft(
        ctx.clinic,
        DocumentRequest(
            patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=ctx.clinic.today()
        ),
    )
    composer = ComposeDialog(ctx, draft)
    qtbot.addWidget(composer)
    composer.text_edits["request"].setPlainText(FIRST_REQUEST)
    with qtbot.waitSignal(composer.finished, timeout=ISSUE_TIMEOUT_MS):
        composer.issue()
    assert composer.document is not None
    return composer.document


def _correct_action_enabled(tab: LettersTab) -> bool:
    menu = tab.document_menu()
    (correct,) = [action for action in menu.actions() if action.text() == "Correct…"]
    return correct.isEnabled()


def _cards_shown_whole(view: PatientView) -> bool:
    panel = view.alerts_panel
    return bool(panel.cards) and all(
        card.isVisible()
        and card.width() >= card.minimumSizeHint().width()
        and card.mapTo(panel, card.rect().topRight()).x() < panel.width()
        for card in panel.cards
    )


def _open_correction(qtbot: QtBot, view: PatientView) -> ComposeDialog:
    """Click Correct… on the selected document; the compose dialog it opens."""
    before = set(view.findChildren(ComposeDialog))
    qtbot.mouseClick(view.tabs.letters_tab.correct_button, Qt.MouseButton.LeftButton)
    (dialog,) = set(view.findChildren(ComposeDialog)) - before
    return dialog


def test_an_issued_letter_is_corrected_by_a_new_version_and_both_stay_in_the_log(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int], tmp_path: Path
):
    patient = demo_ids["P-DEMO-02"]
    clinic = window.ctx.clinic
    window.open_patient(patient)
    view = window.patient_view
    tab = view.tabs.letters_tab
    original = _issue_composed(qtbot, view, patient)
    issued_pdf = document_pdf(clinic, original.id)[1]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    view.tabs.show_letters()
    assert tab.selected() == original
    assert tab.correct_button.isEnabled()
    assert _correct_action_enabled(tab)

    dialog = _open_correction(qtbot, view)
    assert dialog.windowTitle() == f"Correct document {original.id}"
    assert dialog.text_edits["request"].toPlainText() == FIRST_REQUEST
    dialog.text_edits["request"].setPlainText(CORRECTED_REQUEST)
    with qtbot.waitSignal(dialog.finished, timeout=ISSUE_TIMEOUT_MS):
        dialog.issue()
    assert dialog.result() == QDialog.DialogCode.Accepted

    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    shown = {document.id: document for document in tab.model.rows()}
    assert shown == {document.id: document for document in list_documents(clinic, patient)}
    (correction,) = [document for id_, document in shown.items() if id_ != original.id]
    assert correction.title.endswith(f"(corrects document {original.id})")
    assert shown[original.id] == original
    assert "corrects" not in original.title
    # The letter as issued is untouched: same bytes, same hash as logged.
    assert document_pdf(clinic, original.id)[1] == issued_pdf
    assert hashlib.sha256(issued_pdf).hexdigest() == original.sha256
    corrected_pdf = document_pdf(clinic, correction.id)[1]
    assert CORRECTED_REQUEST in _pdf_text(corrected_pdf)
    assert CORRECTED_REQUEST not in _pdf_text(issued_pdf)
    assert FIRST_REQUEST in _pdf_text(issued_pdf)
    assert open_drafts(clinic, patient) == []

    for width, height in ((1280, 800), (1024, 700)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        tab.table.selectRow(0)
        button = tab.correct_button
        assert button.isVisible()
        assert button.isEnabled()  # the correction can itself be corrected
        assert button.width() >= button.minimumSizeHint().width()
        assert tab.rect().contains(button.geometry())
        # The buttons never squeeze the alert cards beside the tabs until they are cut off.
        qtbot.waitUntil(lambda: _cards_shown_whole(view))
        view.grab().save(str(tmp_path / f"letters-{width}.png"))


def test_a_letter_not_composed_here_offers_no_correction_and_says_why(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int], prompter
):
    patient = demo_ids["P-SEED"]
    clinic = window.ctx.clinic
    window.open_patient(patient)
    view = window.patient_view
    tab = view.tabs.letters_tab
    produced = view.documents.create_document(DocumentKind.GP_FOLLOWUP)
    assert isinstance(produced, LetterDialog)
    with qtbot.waitSignal(window.ctx.bus.records_changed, timeout=ISSUE_TIMEOUT_MS):
        produced.save()
    (document,) = list_documents(clinic, patient)
    qtbot.waitUntil(lambda: tab.selected() == document)
    assert tab.preview_button.isEnabled()
    assert not tab.correct_button.isEnabled()
    assert not _correct_action_enabled(tab)

    assert view.documents.correct_document(document) is None
    ((kind, text),) = prompter.messages
    assert kind == "warning"
    assert text.startswith("No correction was started.")
    assert f"Document {document.id} was not composed and issued here" in text
    assert open_drafts(clinic, patient) == []
    assert list_documents(clinic, patient) == [document]


def test_a_correction_left_open_is_taken_up_again_and_never_by_a_new_letter(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
):
    patient = demo_ids["P-DEMO-02"]
    clinic = window.ctx.clinic
    window.open_patient(patient)
    view = window.patient_view
    original = _issue_composed(qtbot, view, patient)
    qtbot.waitUntil(lambda: view.tabs.letters_tab.selected() == original)
    first = _open_correction(qtbot, view)
    first.text_edits["request"].setPlainText(CORRECTED_REQUEST)
    assert first.save()
    first.reject()
    again = _open_correction(qtbot, view)
    assert again.draft.id == first.draft.id
    assert again.text_edits["request"].toPlainText() == CORRECTED_REQUEST
    again.reject()
    (left_open,) = open_drafts(clinic, patient)
    assert left_open.corrects_document_id == original.id

    # A new GP letter drafts afresh: it must not be issued as the open correction.
    composed: list[ComposeDialog] = []

    def record_and_close(dialog: ComposeDialog) -> QDialog.DialogCode:
        composed.append(dialog)
        return QDialog.DialogCode.Rejected

    # The compose dialog's modal loop needs a person; everything before it runs for real.
    monkeypatch.setattr(ComposeDialog, "exec", record_and_close)
    letter = view.documents.create_document(DocumentKind.GP_FOLLOWUP)
    assert isinstance(letter, LetterDialog)
    letter.compose()
    (fresh,) = composed
    assert fresh.draft.corrects_document_id is None
    assert fresh.draft.id != left_open.id
    assert fresh.windowTitle() == "Compose the letter"
