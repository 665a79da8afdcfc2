"""Logging to a rotating file in the log directory (0600).

Messages carry ids, never names or clinical values: the log is not a place for patient data.
"""

from __future__ import annotations

import logging
import logging.handlers

from trochtrack.paths import PRIVATE_FILE_MODE, AppPaths, own_private_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(paths: AppPaths, *, level: int = logging.INFO) -> None:
    own_private_dir(paths.logs)
    log_file = paths.logs / "trochtrack.log"
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    log_file.chmod(PRIVATE_FILE_MODE)
    root = logging.getLogger()
    for existing in [
        h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)
    ]:
        root.removeHandler(existing)
        existing.close()
    root.addHandler(handler)
    root.setLevel(level)
