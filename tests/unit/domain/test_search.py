"""Patient search: the query folded once per keystroke, narrowing as the user types."""

from __future__ import annotations

import random
from datetime import date

import pytest

from trochtrack.domain import search
from trochtrack.domain.model import Patient
from trochtrack.domain.search import SearchIndex, fold, matches, query_words, search_key
from trochtrack.domain.vocabulary import Sex

NAMES = [
    ("Siobhán", "O'Brien"),
    ("Zoë", "Müller"),
    ("José", "Núñez"),
    ("Jean-Luc", "Smith-Jones"),
    ("Łukasz", "Łukasiewicz"),
    ("Anne", "O'Neill"),
    ("Søren", "Øvergaard"),
    ("Mary", "100%_Real"),
]


def key(number: int, given: str, family: str) -> str:
    patient = Patient(
        ref=f"P-{number:05d}",
        given_name=given,
        family_name=family,
        date_of_birth=date(1950 + number % 40, 1 + number % 12, 1 + number % 28),
        sex=Sex.FEMALE,
    )
    return search_key(patient)


@pytest.fixture
def clinic_keys() -> list[tuple[int, str]]:
    rng = random.Random(3)
    return [(number, key(number, *rng.choice(NAMES))) for number in range(1, 2001)]


def found(index: SearchIndex, typed: str) -> frozenset[int] | None:
    """The ids the index finds, as a set (or None when nothing was typed)."""
    ids = index.search(typed)
    return None if ids is None else frozenset(ids)


def test_what_is_found_comes_in_the_order_the_keys_were_given(clinic_keys):
    found_ids = SearchIndex(clinic_keys).search("o")
    assert found_ids is not None
    assert len(found_ids) > 100
    assert list(found_ids) == [patient_id for patient_id, text in clinic_keys if "o" in text]
    backwards = SearchIndex(reversed(clinic_keys)).search("o")
    assert backwards is not None
    assert list(backwards) == list(reversed(found_ids))


def brute_force(keys: list[tuple[int, str]], query: str) -> frozenset[int] | None:
    if not fold(query).split():
        return None
    return frozenset(patient_id for patient_id, text in keys if matches(text, query))


def test_typing_key_by_key_finds_what_a_fresh_search_finds(clinic_keys):
    index = SearchIndex(clinic_keys)
    for typed in ["o'brien", "zoe mu", "p-0004", "1975-0", "jean-luc smith", "ł", "100%"]:
        for end in range(1, len(typed) + 1):
            assert found(index, typed[:end]) == brute_force(clinic_keys, typed[:end]), typed[:end]


def test_backspace_and_a_new_query_widen_the_search_again(clinic_keys):
    index = SearchIndex(clinic_keys)
    narrow = found(index, "o'brien")
    wider = found(index, "o'")
    other = found(index, "muller")
    assert narrow
    assert wider
    assert other
    assert narrow < wider
    assert wider == brute_force(clinic_keys, "o'")
    assert other == brute_force(clinic_keys, "muller")
    assert not other & narrow


def test_a_query_that_only_looks_like_an_extension_is_not_narrowed(clinic_keys):
    # "o" then "o'" are prefixes in text; "o zo" adds a word: still a subset, still right.
    index = SearchIndex(clinic_keys)
    for typed in ["o", "o ", "o z", "o zo", "o", "oe"]:
        assert found(index, typed) == brute_force(clinic_keys, typed), typed


def test_nothing_typed_means_every_patient(clinic_keys):
    index = SearchIndex(clinic_keys)
    assert found(index, "müller") is not None
    assert found(index, "   ") is None
    assert found(index, "") is None
    assert len(index) == len(clinic_keys)


def test_accents_case_and_punctuation_fold_away_in_the_index_too(clinic_keys):
    index = SearchIndex(clinic_keys)
    assert found(index, "ZOE MÜLLER") == found(index, "zoe muller")
    assert found(index, "%") is None  # punctuation alone is nothing typed
    assert found(index, "100%_real") == brute_force(clinic_keys, "100real")
    assert found(index, "lukasz") == brute_force(clinic_keys, "Łukasz")


def test_the_query_is_folded_once_per_keystroke_not_once_per_patient(
    clinic_keys, monkeypatch: pytest.MonkeyPatch
):
    calls: list[str] = []
    real_fold = search.fold

    def counting_fold(text: str) -> str:
        calls.append(text)
        return real_fold(text)

    monkeypatch.setattr(search, "fold", counting_fold)
    query_words.cache_clear()
    index = SearchIndex(clinic_keys)
    found(index, "o'brien")
    assert calls == ["o'brien"]
    # The per-patient check the list's proxy makes folds nothing more for the same text.
    for _, text in clinic_keys:
        matches(text, "o'brien")
    assert calls == ["o'brien"]
    query_words.cache_clear()


@pytest.mark.parametrize(
    ("typed", "family"),
    [
        ("obrien", "O'Brien"),
        ("o’brien", "O'Brien"),
        ("O'Brien", "O’Brien"),
        ("smith jones", "Smith-Jones"),
        ("smithjones", "Smith-Jones"),
    ],
)
def test_punctuation_is_ignored_as_accents_and_case_are(typed: str, family: str):
    assert matches(key(1, "Siobhán", family), typed)


def test_a_ref_and_a_date_of_birth_are_found_with_or_without_their_separators():
    patient_key = key(7, "Anne", "O'Neill")  # ref P-00007, born 1957-08-08
    for typed in ["P-00007", "p00007", "1957-08-08", "08/08/1957", "08.08.1957", "19570808"]:
        assert matches(patient_key, typed), typed
