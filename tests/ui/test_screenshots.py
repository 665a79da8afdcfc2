"""The screenshots script runs the real app: the README's pictures at 1280x800, and the
gallery of every screen at 1280x800 and 1024x700."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from trochtrack.ui.gallery import SCREEN_SIZES, SCREENS

pytestmark = pytest.mark.ui

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "screenshots.py"


def test_screenshots_come_from_the_real_app(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "due-list.png",
        "patient-scans.png",
        "patient-view.png",
        "visit-entry.png",
    ]
    for name in ("due-list.png", "patient-view.png", "patient-scans.png"):
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == (1280, 800)
    gallery = tmp_path / "gallery"
    for size in SCREEN_SIZES:
        for name in SCREENS:
            picture = QImage(str(gallery / f"{name}-{size.width()}x{size.height()}.png"))
            assert not picture.isNull(), name
            assert picture.width() <= size.width(), name
            assert picture.height() <= size.height(), name
    main_window = QImage(str(gallery / "due-list-1024x700.png"))
    assert (main_window.width(), main_window.height()) == (1024, 700)
