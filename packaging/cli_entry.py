"""Entry script of the frozen command line (``trochtrack-cli`` in the bundle)."""

import sys

from trochtrack.paths import AppPaths, keep_matplotlib_cache

if getattr(sys, "frozen", False):
    keep_matplotlib_cache(AppPaths.from_environment())

from trochtrack.cli.main import main

raise SystemExit(main())
