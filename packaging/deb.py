"""The Debian package, from the built bundle, with dpkg-deb: ``build(ROOT)``.

Layout: the bundle under /opt/trochtrack; /usr/bin/trochtrack and trochtrack-cli link to
it; the .desktop file, the hicolor icons (packaging/icons.py writes them) and the
AppStream metainfo under /usr/share. The package holds no user data: a user's database,
settings and backups live in their home folder, which dpkg never touches, so removing
(or purging) the package leaves them. ``Depends:`` names the system libraries that Qt's
window-system plugin and the bundled Qt load from the system (PyInstaller bundles
neither libGL nor the X libraries), and the glibc the bundle was built against.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Final

PACKAGE: Final = "trochtrack"
INSTALL_DIR: Final = Path("opt") / PACKAGE
APP_ID: Final = "org.trochtrack.trochtrack"
HICOLOR_SIZES: Final = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# What the bundled Qt loads from the system: GL, fonts, D-Bus, CUPS (print dialog) and
# every library of the xcb platform plugin; fonts-dejavu-core gives Qt a font to draw
# with (without one, all Qt text is boxes).
QT_SYSTEM_PACKAGES: Final = (
    "libglib2.0-0",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "fonts-dejavu-core",
    "libdbus-1-3",
    "libcups2",
    "libbrotli1",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
)
GLIBC_NEED = re.compile(rb"GLIBC_(\d+)\.(\d+)")


def version(root: Path) -> str:
    text = (root / "trochtrack" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if match is None:
        raise ValueError("trochtrack/__init__.py: no __version__")
    return match.group(1)


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def glibc_needed(bundle: Path) -> str:
    """The newest glibc symbol version any ELF file of the bundle asks for."""
    newest = (2, 17)
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        needs = subprocess.run(
            ["readelf", "--version-info", "--wide", str(path)], capture_output=True, check=False
        ).stdout
        for major, minor in GLIBC_NEED.findall(needs):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def depends(bundle: Path) -> str:
    return ", ".join([f"libc6 (>= {glibc_needed(bundle)})", *QT_SYSTEM_PACKAGES])


def control(root: Path, bundle: Path, installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version(root)}\n"
        f"Architecture: {architecture()}\n"
        "Maintainer: trochtrack developers <trochtrack@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends(bundle)}\n"
        "Section: science\n"
        "Priority: optional\n"
        "Description: follow-up of lateral hip pain for physiotherapists\n"
        " Records visits, scans and treatments of patients with greater trochanteric\n"
        " pain syndrome, shows when care is due for review or an escalation decision,\n"
        " and prints GP letters, referral letters and patient handouts with charts.\n"
        " Decision support for licensed clinicians; the clinician decides.\n"
    )


def stage(root: Path, staging: Path) -> None:
    """The package's file tree under ``staging`` (``DEBIAN/control`` excepted)."""
    bundle = root / "dist" / PACKAGE
    icons = root / "build" / "icons"
    shutil.copytree(bundle, staging / INSTALL_DIR, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in ("trochtrack", "trochtrack-cli"):
        (bin_dir / program).symlink_to(Path("/") / INSTALL_DIR / program)
    share = staging / "usr" / "share"
    applications = share / "applications"
    applications.mkdir(parents=True)
    shutil.copy(root / "resources" / "trochtrack.desktop", applications)
    metainfo = share / "metainfo"
    metainfo.mkdir()
    shutil.copy(root / "resources" / f"{APP_ID}.metainfo.xml", metainfo)
    for size in HICOLOR_SIZES:
        apps = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        apps.mkdir(parents=True)
        shutil.copy(icons / f"trochtrack-{size}.png", apps / "trochtrack.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(icons / "trochtrack.svg", scalable / "trochtrack.svg")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy(root / "trochtrack" / "reports" / "fonts" / "LICENSE-DejaVu.txt", doc)
    for path in staging.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o100 else 0o644)


def build(root: Path) -> Path:
    """Build ``dist/trochtrack_VERSION_ARCH.deb`` from ``dist/trochtrack``; returns its path."""
    staging = root / "build" / "deb"
    if staging.exists():
        shutil.rmtree(staging)
    stage(root, staging)
    installed_kib = sum(p.lstat().st_size for p in staging.rglob("*")) // 1024 + 1
    (staging / "DEBIAN").mkdir(mode=0o755)
    (staging / "DEBIAN" / "control").write_text(
        control(root, root / "dist" / PACKAGE, installed_kib), encoding="utf-8"
    )
    output = root / "dist" / f"{PACKAGE}_{version(root)}_{architecture()}.deb"
    # gzip: every dpkg reads it, and it packs the 300 MB bundle far faster than xz; level 6
    # gives the same size as dpkg-deb's default 9 (150.2 against 150.0 MB) in a third the time.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(staging), str(output)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return output
