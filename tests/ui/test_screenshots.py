"""The README screenshots script runs the real app and writes every picture at 1280x800."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

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
