"""The errors callers of the services catch, all under one root: :class:`TrochtrackError`.

Services raise :class:`ServiceError` for a request they cannot carry out; the domain's
:class:`ValidationError` and the store's database errors pass through them unchanged.
The UI and the CLI import every error they tell apart from here, never from the store.
"""

from __future__ import annotations

from trochtrack.domain.errors import TrochtrackError, ValidationError
from trochtrack.store.errors import (
    DatabaseDamagedError,
    DatabaseInUseError,
    DatabaseTooNewError,
    PassphraseRequiredError,
    StoreError,
    WrongPassphraseError,
)

__all__ = [
    "DatabaseDamagedError",
    "DatabaseInUseError",
    "DatabaseTooNewError",
    "PassphraseRequiredError",
    "ServiceError",
    "StoreError",
    "TrochtrackError",
    "UnknownPatientError",
    "ValidationError",
    "WrongPassphraseError",
]


class ServiceError(TrochtrackError):
    """A request that cannot be carried out, with a message for the user."""


class UnknownPatientError(ServiceError):
    """No patient has the ref asked for."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"No patient with ref {ref!r} in this database.")
        self.ref = ref
