"""The desktop app's entry point: check that Qt can start, then start the app.

Nothing here imports Qt before the check: on a machine without Qt's system libraries the
user reads which are missing and the apt line that installs them, not Qt's abort.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Final

from trochtrack.ui.qt_check import import_failure_message, missing_for_start, missing_message

EXIT_QT_CANNOT_START: Final = 3
# These answer on the terminal and exit before any window is made.
WINDOWLESS_OPTIONS: Final = frozenset({"--version", "-h", "--help"})


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    missing = None if WINDOWLESS_OPTIONS & set(arguments) else missing_for_start(arguments)
    if missing is not None:
        print(missing_message(missing), file=sys.stderr)
        return EXIT_QT_CANNOT_START
    try:
        from trochtrack.ui import app
    except ImportError as error:
        message = import_failure_message(error)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return EXIT_QT_CANNOT_START
    return app.main(arguments)
