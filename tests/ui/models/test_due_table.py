"""The due-list model: Qt's model tester, the service's order, overdue marks, filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from trochtrack.domain.vocabulary import Severity
from trochtrack.services.due import due_list
from trochtrack.ui.context import AppContext
from trochtrack.ui.models.due_table import DueFilter, DueFilterProxy, DueTableModel

from .conftest import shown_rows  # noqa: TID252 - a helper beside these tests

pytestmark = pytest.mark.ui


def test_due_models_pass_the_model_tester(qtmodeltester: ModelTester, demo_ctx: AppContext):
    model = DueTableModel()
    as_of = demo_ctx.clinic.today()
    model.set_entries(due_list(demo_ctx.clinic, as_of), as_of)
    qtmodeltester.check(model)
    proxy = DueFilterProxy()
    proxy.setSourceModel(model)
    for chosen in DueFilter:
        proxy.set_due_filter(chosen)
        qtmodeltester.check(proxy)


def test_due_list_keeps_the_service_order_and_marks_overdue(demo_ctx: AppContext):
    as_of = demo_ctx.clinic.today()
    entries = due_list(demo_ctx.clinic, as_of)
    model = DueTableModel()
    model.set_entries(entries, as_of)
    assert list(model.rows()) == entries
    unpinned = [entry.due for entry in model.rows() if not entry.pinned]
    assert unpinned == sorted(unpinned)
    overdue_row = next(row for row, e in enumerate(entries) if e.overdue)
    background = model.index(overdue_row, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert background is not None
    assert model.index(overdue_row, 1).data().endswith("days overdue")
    critical_row = next(row for row, e in enumerate(entries) if e.severity is Severity.CRITICAL)
    assert model.index(critical_row, 7).data() == "Critical"
    assert model.index(critical_row, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_due_filters_show_overdue_this_week_and_red_flags(demo_ctx: AppContext):
    as_of = demo_ctx.clinic.today()
    entries = due_list(demo_ctx.clinic, as_of)
    model = DueTableModel()
    model.set_entries(entries, as_of)
    proxy = DueFilterProxy()
    proxy.setSourceModel(model)

    proxy.set_due_filter(DueFilter.OVERDUE)
    assert shown_rows(proxy) == [e for e in entries if e.overdue]
    assert shown_rows(proxy)
    proxy.set_due_filter(DueFilter.THIS_WEEK)
    week = shown_rows(proxy)
    assert week == [e for e in entries if e.due <= as_of + timedelta(days=7)]
    assert any(e.overdue for e in week)
    assert len(week) < len(entries)
    proxy.set_due_filter(DueFilter.RED_FLAGS)
    red = shown_rows(proxy)
    assert [e.what for e in red] == ["red-flag-infection"]
    assert proxy.count(DueFilter.ALL) == len(entries)
    proxy.set_due_filter(DueFilter.ALL)
    assert shown_rows(proxy) == entries
