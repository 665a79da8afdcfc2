"""The release's desktop files agree with the one version and pass the validators."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from trochtrack import __version__

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
METAINFO = LINUX / "org.trochtrack.trochtrack.metainfo.xml"
DESKTOP = LINUX / "trochtrack.desktop"


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
