"""Accent- and case-insensitive matching of patients by name, ref or date of birth.

Keys are folded once, when a patient is saved (:func:`search_key`); what is typed is
folded once per distinct query (:func:`query_words`, cached), never once per patient.
A change to :func:`fold` changes the stored keys: it comes with a revision that folds
them again (0010 for punctuation).
:class:`SearchIndex` holds a clinic's keys for the search-as-you-type of the patient
list: a keystroke that extends the last query searches only the last query's matches.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

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
    """Lower-case, accent- and punctuation-free form of ``text`` for matching.

    "Zoë" and "ZOE" fold alike, and so do "O'Brien", "O’Brien" and "obrien": a name is
    found however its apostrophe or hyphen was typed, or if it was left out.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    stripped = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and not unicodedata.category(char).startswith("P")
    )
    return " ".join(stripped.casefold().split())


def search_key(patient: Patient) -> str:
    """Everything a user may type to find ``patient``: names, ref, date of birth."""
    born = patient.date_of_birth
    return fold(
        f"{patient.given_name} {patient.family_name} {patient.ref} {born.isoformat()} "
        f"{born:%d/%m/%Y} {born:%d.%m.%Y}"
    )


@lru_cache(maxsize=256)
def query_words(query: str) -> tuple[str, ...]:
    """The folded words of what was typed, each to be found somewhere in a key."""
    return tuple(fold(query).split())


def matches(key: str, query: str) -> bool:
    """Whether every word of ``query`` occurs in ``key`` (a :func:`search_key`).

    Characters such as ``%`` and ``_`` are never wildcards here.
    """
    return all(word in key for word in query_words(query))


class SearchIndex:
    """The folded search keys of a list of patients, searched as the user types.

    The keys are taken as stored (already folded by :func:`search_key`). A query whose
    folded text starts with the previous query's finds a subset of the previous
    matches (each earlier word is still there, whole or as the start of a longer
    word), so only those are searched again; any other query searches every key.
    """

    def __init__(self, keys: Iterable[tuple[int, str]]) -> None:
        pairs = list(keys)
        self._ids = [patient_id for patient_id, _ in pairs]
        self._keys = [key for _, key in pairs]
        self._last_text = ""
        self._last_ids = self._ids
        self._last_keys = self._keys

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, query: str) -> Sequence[int] | None:
        """The ids whose key holds every word of ``query``, in the order the keys were given.

        ``None`` when nothing was typed. Read only: the next keystroke that extends the
        query narrows from them.
        """
        words = query_words(query)
        if not words:
            self._last_text, self._last_ids, self._last_keys = "", self._ids, self._keys
            return None
        text = " ".join(words)
        if self._last_text and text.startswith(self._last_text):
            ids, keys = self._last_ids, self._last_keys
        else:
            ids, keys = self._ids, self._keys
        # One pass per word over what is still in: a comprehension per word costs far
        # less than a generator per key.
        found: Iterable[int] = range(len(keys))
        for word in words:
            found = [index for index in found if word in keys[index]]
        self._last_text = text
        self._last_ids = [ids[index] for index in found]
        self._last_keys = [keys[index] for index in found]
        return self._last_ids
