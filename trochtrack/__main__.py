"""python -m trochtrack: the desktop app."""

from trochtrack.ui.launcher import main

raise SystemExit(main())
