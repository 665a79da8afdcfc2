"""python -m trochtrack: the desktop app."""

from trochtrack.ui.app import main

raise SystemExit(main())
