"""The window carries the app's icon, drawn at every size the desktop asks for."""

from __future__ import annotations

import pytest

from trochtrack.ui.views.main_window import MainWindow

pytestmark = pytest.mark.ui


def test_the_window_icon_is_drawn_at_every_size(window: MainWindow):
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    small = icon.pixmap(16, 16).toImage()
    colours = {small.pixelColor(x, y).name() for x in range(16) for y in range(16)}
    assert len(colours) > 3, "the 16 px icon is not a flat square"
