"""Before Qt starts: are the system libraries of its window-system plugin installed?

Without them, creating the QApplication ends the process with Qt's own abort ("Could not
load the Qt platform plugin xcb"), which names no library. The dynamic loader knows
better: ``ldd`` on the plugin lists every library it needs and cannot find. This module
asks it, and turns the answer into the missing names and the one ``apt-get`` line that
installs them. No Qt is imported here (a missing libGL makes even that import fail).

The check is skipped, and Qt left to try, wherever it cannot speak: not Linux, a
platform other than xcb or wayland asked for (``offscreen`` in tests and CI), a plugin
that is not where PySide6 keeps it, or no ``ldd``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

PLUGIN_FILES: Final = {
    "xcb": ("libqxcb.so",),
    "wayland": ("libqwayland.so", "libqwayland-generic.so"),
}
LDD_TIMEOUT_S: Final = 20
NOT_FOUND = re.compile(r"^\s*(?P<soname>\S+) => not found\s*$", re.MULTILINE)
SONAME = re.compile(r"^lib(?P<name>[A-Za-z0-9_.+-]+?)\.so\.(?P<version>[0-9]+)")
IMPORT_ERROR = re.compile(r"(?P<soname>lib[^\s:/]+\.so[.0-9]*): cannot open shared object file")
# Libraries whose Debian package is not named after the soname (Debian policy 8.1).
PACKAGE_EXCEPTIONS: Final = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlienc.so.1": "libbrotli1",
    "libz.so.1": "zlib1g",
    "libgcc_s.so.1": "libgcc-s1",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
}
# Shipped with the app (PySide6's own Qt); a missing one means a damaged installation.
OWN_LIBRARY_PREFIXES: Final = ("libQt6", "libpyside6", "libshiboken6", "libicu")


@dataclass(frozen=True, slots=True)
class MissingLibraries:
    """What one platform plugin needs and the loader cannot find."""

    platform: str
    plugin: Path
    sonames: tuple[str, ...]

    @property
    def system(self) -> tuple[str, ...]:
        return tuple(s for s in self.sonames if not s.startswith(OWN_LIBRARY_PREFIXES))

    @property
    def own(self) -> tuple[str, ...]:
        return tuple(s for s in self.sonames if s.startswith(OWN_LIBRARY_PREFIXES))


def debian_package(soname: str) -> str | None:
    """The Debian (and Ubuntu) package that ships ``soname``, by Debian's naming policy."""
    if soname in PACKAGE_EXCEPTIONS:
        return PACKAGE_EXCEPTIONS[soname]
    match = SONAME.match(soname)
    if match is None:
        return None
    name = match["name"].lower()
    separator = "-" if name[-1].isdigit() else ""
    return f"lib{name}{separator}{match['version']}"


def requested_platforms(arguments: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order, as Qt itself picks them.

    ``-platform NAME`` wins over QT_QPA_PLATFORM; ``NAME:options`` and ``a;b`` lists are
    Qt's syntax. With neither, a Wayland session tries wayland and then xcb.
    """
    requested = environ.get("QT_QPA_PLATFORM", "")
    for index, argument in enumerate(arguments[:-1]):
        if argument in ("-platform", "--platform"):
            requested = arguments[index + 1]
    if requested:
        return [part.split(":", 1)[0].strip() for part in requested.split(";") if part.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_directories(environ: Mapping[str, str]) -> list[Path]:
    """Where Qt looks for ``platforms/``: QT_PLUGIN_PATH first, then PySide6's own."""
    found = [Path(p) for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        found.extend(Path(p) / "Qt" / "plugins" for p in spec.submodule_search_locations)
    return found


def find_plugin(platform: str, directories: Sequence[Path]) -> Path | None:
    for directory in directories:
        for name in PLUGIN_FILES.get(platform, ()):
            candidate = directory / "platforms" / name
            if candidate.is_file():
                return candidate
    return None


def unresolved_libraries(plugin: Path) -> tuple[str, ...] | None:
    """The sonames the loader cannot find for ``plugin``; ``None`` if ldd cannot tell."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        listed = subprocess.run(  # noqa: S603 (a fixed tool on a file of our own)
            [ldd, str(plugin)],
            capture_output=True,
            text=True,
            timeout=LDD_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if listed.returncode != 0 and "=>" not in listed.stdout:
        return None
    return tuple(dict.fromkeys(m["soname"] for m in NOT_FOUND.finditer(listed.stdout)))


def missing_for_start(
    arguments: Sequence[str], environ: Mapping[str, str] | None = None
) -> MissingLibraries | None:
    """What stops Qt from starting, or ``None`` when it can start (or we cannot tell).

    Qt starts if any plugin it will try has every library; the report is about xcb, the
    one the system packages complete, when it is among those tried.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platforms = requested_platforms(arguments, env)
    if any(name not in PLUGIN_FILES for name in platforms):
        return None
    directories = plugin_directories(env)
    reports: list[MissingLibraries] = []
    for platform in platforms:
        plugin = find_plugin(platform, directories)
        if plugin is None:
            return None
        sonames = unresolved_libraries(plugin)
        if not sonames:
            return None
        reports.append(MissingLibraries(platform, plugin, sonames))
    return next((r for r in reports if r.platform == "xcb"), reports[-1])


def install_line(sonames: Sequence[str]) -> str | None:
    packages = dict.fromkeys(p for s in sonames if (p := debian_package(s)) is not None)
    return f"sudo apt-get install {' '.join(packages)}" if packages else None


def missing_message(missing: MissingLibraries) -> str:
    """What to tell the user instead of Qt's abort."""
    lines = [f"trochtrack cannot open its window: Qt's {missing.platform} plugin cannot load."]
    if missing.system:
        lines.append("These system libraries are not installed:")
        lines += [f"  {soname}" for soname in missing.system]
    if missing.own:
        lines.append("These libraries of trochtrack's own are missing (reinstall trochtrack):")
        lines += [f"  {soname}" for soname in missing.own]
    line = install_line(missing.system)
    if line is not None:
        lines += ["Install them with:", f"  {line}"]
    return "\n".join(lines)


def import_failure_message(error: ImportError) -> str | None:
    """For Qt's own import failing on a missing system library (libGL, libEGL…)."""
    match = IMPORT_ERROR.search(str(error))
    if match is None:
        return None
    soname = match["soname"]
    lines = [f"trochtrack cannot start Qt: the system library {soname} is not installed."]
    line = install_line([soname])
    if line is not None:
        lines += ["Install it with:", f"  {line}"]
    return "\n".join(lines)
