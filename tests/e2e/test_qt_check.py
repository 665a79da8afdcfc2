"""Before Qt starts, the launcher names the missing system libraries and the apt line.

The plugins here are copies of PySide6's real ones in a folder given by QT_PLUGIN_PATH
(where Qt itself looks first), with Qt's own libraries linked beside them; a missing
system library is made by renaming one of the copy's DT_NEEDED entries, so the dynamic
loader (the check's own mechanism) really cannot find it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trochtrack.ui import qt_check

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None,
    reason="the check reads the dynamic loader of Linux (ldd)",
)

PYSIDE = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0])  # type: ignore[index, union-attr]
QT_PLATFORMS = PYSIDE / "Qt" / "plugins" / "platforms"
# The offscreen plugin needs only libraries every Qt test here needs as well.
COMPLETE_PLUGIN = QT_PLATFORMS / "libqoffscreen.so"
NEEDED = b"libxkbcommon.so.0"
ABSENT = b"libxkbcommoz.so.0"


def plugin_tree(root: Path, name: str, *, absent: bytes | None = None) -> Path:
    """``root/plugins/platforms/name``: the offscreen plugin, ``NEEDED`` renamed if asked."""
    lib = root / "lib"
    if not lib.exists():
        lib.mkdir(parents=True)
        for library in (PYSIDE / "Qt" / "lib").iterdir():
            (lib / library.name).symlink_to(library)
    platforms = root / "plugins" / "platforms"
    platforms.mkdir(parents=True, exist_ok=True)
    data = COMPLETE_PLUGIN.read_bytes()
    if absent is not None:
        assert data.count(b"\0" + NEEDED + b"\0") == 1
        data = data.replace(b"\0" + NEEDED + b"\0", b"\0" + absent + b"\0")
    plugin = platforms / name
    plugin.write_bytes(data)
    return plugin


def x11_environment(plugins: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(QT_PLUGIN_PATH=str(plugins), XDG_SESSION_TYPE="x11", DISPLAY=":97")
    return env


def test_the_app_names_the_missing_library_and_the_apt_line_instead_of_qts_abort(tmp_path):
    plugin_tree(tmp_path, "libqxcb.so", absent=ABSENT)
    run = subprocess.run(
        [sys.executable, "-m", "trochtrack", "--data-dir", str(tmp_path / "home")],
        env=x11_environment(tmp_path / "plugins"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 3, run.stderr
    assert "libxkbcommoz.so.0" in run.stderr
    assert "sudo apt-get install libxkbcommoz0" in run.stderr
    assert "Could not load the Qt platform plugin" not in run.stderr
    assert not (tmp_path / "home").exists(), "nothing is created before Qt can start"


def test_version_and_help_need_no_window(tmp_path):
    plugin_tree(tmp_path, "libqxcb.so", absent=ABSENT)
    for option, expected in (("--version", "trochtrack "), ("--help", "--smoke DIR")):
        run = subprocess.run(
            [sys.executable, "-m", "trochtrack", option],
            env=x11_environment(tmp_path / "plugins"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert expected in run.stdout


def test_a_complete_plugin_lets_qt_start(tmp_path):
    plugin_tree(tmp_path, "libqxcb.so")
    assert qt_check.missing_for_start([], x11_environment(tmp_path / "plugins")) is None


def test_the_apps_own_qt_libraries_missing_says_reinstall(tmp_path):
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    shutil.copy(COMPLETE_PLUGIN, platforms / "libqxcb.so")  # no lib/ beside it
    missing = qt_check.missing_for_start([], x11_environment(tmp_path / "plugins"))
    assert missing is not None
    assert "libQt6Gui.so.6" in missing.own
    message = qt_check.missing_message(missing)
    assert "reinstall trochtrack" in message
    assert "apt-get" not in message, "Qt's own libraries are no Debian package"


def test_offscreen_is_not_checked(tmp_path):
    plugin_tree(tmp_path, "libqxcb.so", absent=ABSENT)
    env = {**x11_environment(tmp_path / "plugins"), "QT_QPA_PLATFORM": "offscreen"}
    assert qt_check.missing_for_start([], env) is None
    assert qt_check.missing_for_start(["-platform", "xcb"], env) is not None


def test_a_wayland_session_starts_on_a_complete_wayland_plugin(tmp_path):
    plugin_tree(tmp_path, "libqxcb.so", absent=ABSENT)
    env = {**x11_environment(tmp_path / "plugins"), "XDG_SESSION_TYPE": "wayland"}
    plugin_tree(tmp_path, "libqwayland.so")
    assert qt_check.missing_for_start([], env) is None
    plugin_tree(tmp_path, "libqwayland.so", absent=ABSENT)
    missing = qt_check.missing_for_start([], env)
    assert missing is not None
    assert missing.platform == "xcb", "the report is about xcb, which the packages complete"


def test_qt_failing_to_import_on_a_missing_library_is_explained(tmp_path):
    """A libGL-style failure: Qt's own extension module cannot load a system library."""
    binding = tmp_path / "site" / "PySide6"
    binding.mkdir(parents=True)
    (binding / "__init__.py").write_text("")
    extension = Path(importlib.util.find_spec("_bz2").origin)  # type: ignore[arg-type, union-attr]
    data = extension.read_bytes()
    assert data.count(b"\0libbz2.so.1.0\0") == 1
    suffix = extension.name.removeprefix("_bz2")
    for module in ("QtCore", "QtGui", "QtWidgets"):
        (binding / f"{module}{suffix}").write_bytes(
            data.replace(b"\0libbz2.so.1.0\0", b"\0libbz9.so.1.0\0")
        )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    env.pop("QT_QPA_PLATFORM", None)
    run = subprocess.run(
        [sys.executable, "-m", "trochtrack"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 3, run.stderr
    assert "the system library libbz9.so.1.0 is not installed" in run.stderr
    assert "sudo apt-get install libbz9" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("arguments", "environ", "platforms"),
    [
        ([], {}, ["xcb"]),
        ([], {"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
        ([], {"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
        ([], {"QT_QPA_PLATFORM": "xcb:nomitshm"}, ["xcb"]),
        (["-platform", "offscreen"], {"QT_QPA_PLATFORM": "xcb"}, ["offscreen"]),
    ],
)
def test_the_platforms_are_those_qt_will_try(arguments, environ, platforms):
    assert qt_check.requested_platforms(arguments, environ) == platforms


def _owner(path: str) -> str | None:
    for candidate in dict.fromkeys([path, os.path.realpath(path), path.removeprefix("/usr")]):
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="needs dpkg to name the packages")
def test_the_apt_line_names_the_packages_that_really_ship_each_library():
    """Every system library the xcb plugin loads, against the package dpkg says owns it."""
    listed = subprocess.run(
        ["ldd", str(QT_PLATFORMS / "libqxcb.so")], capture_output=True, text=True, check=True
    ).stdout
    checked = 0
    for line in listed.splitlines():
        name, _, rest = line.strip().partition(" => ")
        path = rest.split(" (")[0]
        if not path.startswith("/") or str(PYSIDE) in path:
            continue
        owner = _owner(path)
        if owner is None:
            continue
        assert qt_check.debian_package(name) == owner, name
        checked += 1
    assert checked >= 20
