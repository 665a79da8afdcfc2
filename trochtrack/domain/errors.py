"""Errors raised by the domain: every one names the field it is about."""

from __future__ import annotations


class DomainError(Exception):
    """Base class for every error the domain raises."""


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
