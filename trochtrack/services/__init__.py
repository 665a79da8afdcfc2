"""Use cases: what the GUI and the CLI can do, one transaction each.

Every error a service lets through derives from :class:`TrochtrackError` (re-exported
here), whose message is written for the user.
"""

from trochtrack.domain.errors import TrochtrackError

__all__ = ["TrochtrackError"]
