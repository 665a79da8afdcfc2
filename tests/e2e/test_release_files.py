"""The release's desktop files agree with the one version and pass the validators."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from trochtrack import __version__

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
METAINFO = RESOURCES / "org.trochtrack.trochtrack.metainfo.xml"
DESKTOP = RESOURCES / "trochtrack.desktop"


def test_the_metainfo_lists_this_version_as_the_newest_release():
    releases = ET.parse(METAINFO).getroot().find("releases")  # noqa: S314 (our own file)
    assert releases is not None
    newest = releases.find("release")
    assert newest is not None
    assert newest.get("version") == __version__


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli (appstream)")
def test_the_metainfo_passes_appstream_validation():
    run = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-validate")
def test_the_desktop_file_passes_validation():
    run = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Exec=trochtrack\n" in DESKTOP.read_text()


def test_every_icon_file_is_drawn_from_the_svg_at_its_own_size(tmp_path):
    """PNG 16-512, .ico and .icns, each size rendered (not a blurred scale of one)."""
    from PIL import Image

    result = subprocess.run(
        [sys.executable, str(RESOURCES.parent / "packaging" / "icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    for size in (16, 32, 48, 256, 512):
        with Image.open(tmp_path / f"trochtrack-{size}.png") as png:
            assert png.size == (size, size)
            assert png.getpixel((0, 0))[3] == 0, "the corners are transparent"
            assert png.getpixel((size // 2, size // 2))[3] == 255
    with Image.open(tmp_path / "trochtrack.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "trochtrack.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]
        assert (16, 16, 1) in icns.info["sizes"] or (16, 16, 2) in icns.info["sizes"]
