"""The Charts tab's measure charts in the patient view: choosing one, clicking its points."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_patient
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from measure_factories import START, measured_episode, measured_visit, visa_g, visa_g_with_blanks
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from trochtrack.domain.actions import DecisionKind, EscalationDecision
from trochtrack.domain.model import Case, Episode
from trochtrack.services.cases import save_case
from trochtrack.services.letters import patient_id_for_ref
from trochtrack.services.records import patient_record
from trochtrack.services.workflow import record_decision
from trochtrack.ui.operations import Change, announce
from trochtrack.ui.views.main_window import MainWindow
from trochtrack.ui.widgets.measure_chart import MeasureChartPanel

pytestmark = pytest.mark.ui

NO_BREAK = "\u00a0"


def open_charts(qtbot: QtBot, window: MainWindow, episode: Episode) -> MeasureChartPanel:
    """Import a patient with ``episode`` through the services and open its Charts tab."""
    clinic = window.ctx.clinic
    save_case(clinic, Case(patient=make_patient(ref="P-MEASURES"), episodes=(episode,)))
    # As an import from the window says: the change watch then takes it as seen.
    announce(window.ctx, Change(patient_list=True))
    window.open_patient(patient_id_for_ref(clinic, "P-MEASURES"))
    tabs = window.patient_view.tabs
    tabs.setCurrentIndex(tabs.charts_index)
    panel = tabs.measure_panel
    qtbot.waitUntil(panel.selector_bar.isVisible)
    return panel


def choose(qtbot: QtBot, panel: MeasureChartPanel, name: str) -> FigureCanvasQTAgg:
    """Pick ``name`` in the selector with the keyboard; the canvas drawn with it."""
    panel.selector.setFocus()
    while panel.selector.currentText() != name:
        qtbot.keyClick(panel.selector, Qt.Key.Key_Down)
    canvas = panel.chart.canvas
    canvas.draw()
    return canvas


def click_point(qtbot: QtBot, canvas: FigureCanvasQTAgg, gid: str, index: int) -> None:
    """Click the canvas where point ``index`` of the artist ``gid`` is drawn."""
    (artist,) = [
        line for axes in canvas.figure.axes for line in axes.get_lines() if line.get_gid() == gid
    ]
    x, y = artist.get_transform().transform(artist.get_xydata())[index]
    ratio = canvas.device_pixel_ratio
    at = QPoint(round(x / ratio), round((canvas.figure.bbox.height - y) / ratio))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=at)


def test_a_click_on_a_visa_g_point_shows_that_visits_item_answers(qtbot: QtBot, window: MainWindow):
    panel = open_charts(qtbot, window, measured_episode())
    assert [panel.selector.itemText(i) for i in range(panel.selector.count())] == [
        "Pain and VISA-G",
        "VISA-G",
        "LEFS",
        "PSFS",
        "PSEQ-2",
        "Pain on stairs",
        "Single-leg stance",
        "Hip abduction strength",
    ]
    canvas = choose(qtbot, panel, "VISA-G")
    assert panel.chart.accessibleName() == "VISA-G over time"
    # The records read again (a visit saved): the chart chosen stays on view.
    window.patient_view.refresh()
    assert panel.selector.currentText() == "VISA-G"
    assert panel.measure is not None
    assert panel.measure.code == "visa_g"
    click_point(qtbot, canvas, "points:total", 1)
    qtbot.waitUntil(panel.popup.isVisible)
    assert panel.popup.text().replace(NO_BREAK, " ") == (
        "VISA-G 44 on 5 Oct 2026\nQ1 5, Q2 5, Q3 5, Q4 5, Q5 5, Q6 5, Q7 4, Q8 part B 10"
    )
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not panel.popup.isVisible()

    click_point(qtbot, canvas, "points:total", 3)
    qtbot.waitUntil(panel.popup.isVisible)
    assert panel.popup.text().startswith("VISA-G 59 on 23 Nov 2026")
    tabs = window.patient_view.tabs
    tabs.setCurrentIndex(0)
    assert not panel.popup.isVisible()
    assert not panel.selector_bar.isVisible()


def test_a_form_with_blank_items_is_listed_marked_and_explained(qtbot: QtBot, window: MainWindow):
    scored = measured_visit(START, 7, questionnaires=(visa_g(5, 5, 4, "B", 5),))
    blank = measured_visit(date(2026, 10, 5), 6, questionnaires=(visa_g_with_blanks("3"),))
    panel = open_charts(qtbot, window, measured_episode(visits=(scored, blank)))
    # Only the measures the episode has: no LEFS, PSFS or core-set measures here.
    assert [panel.selector.itemText(i) for i in range(panel.selector.count())] == [
        "Pain and VISA-G",
        "VISA-G",
    ]
    canvas = choose(qtbot, panel, "VISA-G")
    click_point(qtbot, canvas, "points:unscored", 0)
    qtbot.waitUntil(panel.popup.isVisible)
    text = panel.popup.text().replace(NO_BREAK, " ")
    assert text.startswith("VISA-G not scored on 5 Oct 2026\nQ1 5, Q2 5, Q3 blank, Q4 5")
    assert "Item 3 not answered" in text


def test_the_measure_chart_marks_the_recorded_decision(qtbot: QtBot, window: MainWindow):
    clinic = window.ctx.clinic
    save_case(clinic, Case(patient=make_patient(ref="P-MEASURES"), episodes=(measured_episode(),)))
    patient_id = patient_id_for_ref(clinic, "P-MEASURES")
    (episode,) = patient_record(clinic, patient_id).episodes
    assert episode.id is not None
    decision = EscalationDecision(
        decided_on=date(2026, 10, 19),
        kind=DecisionKind.CONTINUE_FIRST_LINE,
        clinician="Test Clinician",
        reason="Improving on the programme",
        next_review=date(2026, 11, 16),
    )
    record_decision(clinic, episode.id, decision, [])
    announce(window.ctx, Change(patient_id=patient_id, patient_list=True))
    window.open_patient(patient_id)
    tabs = window.patient_view.tabs
    tabs.setCurrentIndex(tabs.charts_index)
    panel = tabs.measure_panel
    symptoms = choose(qtbot, panel, "Pain and VISA-G")
    # In the window the selector names the chart: the figure has no title of its own.
    assert symptoms.figure.get_suptitle() == ""
    canvas = choose(qtbot, panel, "LEFS")
    (scores,) = [axes for axes in canvas.figure.axes if axes.get_gid() == "scores"]
    assert [line.get_gid() for line in scores.get_lines()].count("decision") == 1
    labels = [text.get_text() for text in scores.texts]
    assert "Escalation decision 19 Oct; decided: continue first-line care" in labels
    assert canvas.figure.get_suptitle() == ""


def test_of_two_points_within_reach_of_a_click_the_nearer_is_shown(
    qtbot: QtBot, window: MainWindow
):
    same = visa_g(5, 5, 4, "B", 10)
    visits = (
        measured_visit(START, 7, questionnaires=(visa_g(5, 5, 4, "B", 5),)),
        measured_visit(date(2026, 10, 5), 6, questionnaires=(same,)),
        measured_visit(date(2026, 10, 6), 6, questionnaires=(same,)),
    )
    panel = open_charts(qtbot, window, measured_episode(visits=visits))
    canvas = choose(qtbot, panel, "VISA-G")
    for index, heading in ((1, "VISA-G 44 on 5 Oct 2026\n"), (2, "VISA-G 44 on 6 Oct 2026\n")):
        click_point(qtbot, canvas, "points:total", index)
        assert panel.popup.isVisible()
        assert panel.popup.text().startswith(heading)
