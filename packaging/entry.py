"""Entry script of the frozen app.

PyInstaller's matplotlib hook points MPLCONFIGDIR at a new temporary folder on every
start, which rebuilds the font cache each time; a lasting cache folder avoids that.
"""

import os
import sys

if getattr(sys, "frozen", False):
    from trochtrack.paths import AppPaths

    cache = AppPaths.from_environment().cache / "matplotlib"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["MPLCONFIGDIR"] = str(cache)

from trochtrack.ui.app import main

raise SystemExit(main())
