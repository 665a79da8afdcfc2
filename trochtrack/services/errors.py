"""Errors services raise besides the domain's validation and the store's database errors."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out, with a message for the user."""


class UnknownPatientError(ServiceError):
    """No patient has the ref asked for."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"No patient with ref {ref!r} in this database.")
        self.ref = ref
