"""The next appointment is booked once, in Episode details, and the documents give it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from letter_pdfs import pdf_text
from pytestqt.qtbot import QtBot

from trochtrack.domain.documents import DocumentKind
from trochtrack.services.documents import document_pdf, list_documents
from trochtrack.ui.dialogs.episode import EpisodeDialog
from trochtrack.ui.dialogs.letters import LetterDialog
from trochtrack.ui.text import show_date
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.wording.dates import long_date

pytestmark = pytest.mark.ui


def _handout_text(qtbot: QtBot, window: MainWindow, patient: int) -> tuple[LetterDialog, str]:
    view = window.patient_view
    dialog = view.documents.create_document(DocumentKind.HANDOUT)
    assert isinstance(dialog, LetterDialog)
    note = dialog.appointment_note
    assert note is not None
    shown = note.text()
    with qtbot.waitSignal(window.ctx.bus.records_changed, timeout=20_000):
        dialog.save()
    newest = max(list_documents(window.ctx.clinic, patient), key=lambda d: d.id)
    return dialog, shown + "\n" + pdf_text(document_pdf(window.ctx.clinic, newest.id)[1])


def test_the_appointment_booked_in_the_episode_reaches_the_header_and_the_handout(
    qtbot: QtBot, window: MainWindow, demo_ids: dict[str, int]
):
    patient = demo_ids["P-SEED"]
    window.open_patient(patient)
    view = window.patient_view
    _dialog, before = _handout_text(qtbot, window, patient)
    assert "None booked: the handout asks the patient to book one." in before
    assert "Please contact the clinic to book your next appointment." in before

    booked = window.ctx.clinic.today() + timedelta(days=9)
    details = view.edit_episode()
    assert isinstance(details, EpisodeDialog)
    details.appointment_edit.set_value(booked)
    details.notes_edit.setPlainText("Prefers morning appointments.")
    with qtbot.waitSignal(window.ctx.bus.records_changed):
        assert details.save()
    assert f"next appointment {show_date(booked)}" in view.header.episode_label.text()
    (episode,) = view.evaluation.record.episodes
    assert episode.notes == "Prefers morning appointments."

    _dialog, after = _handout_text(qtbot, window, patient)
    assert f"{show_date(booked)}, as booked in Episode details." in after
    assert f"Next appointment: {long_date(booked)}" in after
    # "Check by" never names the day the handout is printed.
    assert f"getting on by: {long_date(window.ctx.clinic.today())}" not in after
