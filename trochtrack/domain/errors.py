"""The root of every error shown to the user, and the domain's own errors.

:class:`TrochtrackError` is the one error root: the domain's validation, the store's
database problems and the services' refusals all derive from it, and its message is
written for the person at the screen or the terminal. The UI catches it in one place
(``trochtrack.ui.operations``) and the CLI in one place (``trochtrack.cli.main``); both
import it from :mod:`trochtrack.services`. It lives here, in the lowest layer, because
every layer raises it and every layer may import the domain.
"""

from __future__ import annotations


class TrochtrackError(Exception):
    """A problem the user can act on; the message says what happened and what was kept."""


class DomainError(TrochtrackError):
    """Base class for every error the domain raises: every one names the field it is about."""


class ValidationError(DomainError):
    """A value is not acceptable; ``path`` names the field, ``problem`` says why.

    Paths read like ``episodes[0].visits[2].pain_nrs``, so a user can find the
    field in a case file or a form.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem

    def within(self, prefix: str) -> ValidationError:
        """Return the same error with ``prefix`` put in front of its path."""
        if not prefix:
            return self
        if not self.path:
            return ValidationError(prefix, self.problem)
        joiner = "" if self.path.startswith("[") else "."
        return ValidationError(f"{prefix}{joiner}{self.path}", self.problem)
