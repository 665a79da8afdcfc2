"""``make package``: icons, the one-folder bundle in dist/trochtrack/, then the .deb.

Run with the venv's Python (``make package`` does); PyInstaller comes from the build
extra. The .deb is built on Debian-family machines only (where dpkg-deb is).
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import deb  # noqa: E402 (packaging/ is not a package: its name is taken by PyPI's)
import icons  # noqa: E402


def main() -> int:
    icons.write_all(ROOT / "build" / "icons")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(ROOT / "dist"),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "trochtrack.spec"),
        ],
        cwd=ROOT,
        check=False,
    )
    if built.returncode != 0:
        return built.returncode
    print(f"bundle: {ROOT / 'dist' / 'trochtrack'}")
    if shutil.which("dpkg-deb") is not None:
        print(f"package: {deb.build(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
