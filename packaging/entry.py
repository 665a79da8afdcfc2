"""Entry script of the frozen desktop app (``trochtrack`` in the bundle)."""

import sys

from trochtrack.paths import AppPaths, keep_matplotlib_cache

if getattr(sys, "frozen", False):
    keep_matplotlib_cache(AppPaths.from_environment())

from trochtrack.ui.launcher import main

raise SystemExit(main())
