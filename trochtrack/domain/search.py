"""Accent- and case-insensitive matching of patients by name, ref or date of birth."""

from __future__ import annotations

import unicodedata

from trochtrack.domain.model import Patient

# Letters that carry their mark inside them, so NFKD does not take it off.
_BASE_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` for matching ("Zoë" and "ZOE" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def search_key(patient: Patient) -> str:
    """Everything a user may type to find ``patient``: names, ref, date of birth."""
    born = patient.date_of_birth
    return fold(
        f"{patient.given_name} {patient.family_name} {patient.ref} {born.isoformat()} "
        f"{born:%d/%m/%Y} {born:%d.%m.%Y}"
    )


def matches(key: str, query: str) -> bool:
    """Whether every word of ``query`` occurs in ``key`` (a :func:`search_key`).

    Characters such as ``%`` and ``_`` are plain characters here, never wildcards.
    """
    return all(word in key for word in fold(query).split())
