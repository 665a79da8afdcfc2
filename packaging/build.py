"""Build the one-folder desktop bundle: ``python packaging/build.py`` (writes dist/)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            "requirements/constraints.txt",
            ".[build,encryption]",
        ],
        cwd=ROOT,
        check=True,
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            "dist",
            "--workpath",
            "build",
            "packaging/trochtrack.spec",
        ],
        cwd=ROOT,
        check=False,
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
