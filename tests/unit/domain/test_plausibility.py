"""Unlikely entries: each doubt at its threshold, and nothing asked about the usual."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from factories import make_episode, make_patient

from trochtrack.domain.model import Scan, Treatment, Visit
from trochtrack.domain.plausibility import (
    DoubtKind,
    patient_doubts,
    scan_doubts,
    treatment_doubts,
    visit_doubts,
)
from trochtrack.domain.vocabulary import Modality, TreatmentKind
from trochtrack.wording.doubts import doubt_text

START = date(2026, 9, 7)


def test_an_age_over_110_is_doubted_and_110_is_not():
    today = date(2026, 12, 1)
    assert patient_doubts(make_patient(date_of_birth=date(1916, 12, 1)), today) == []
    (doubt,) = patient_doubts(make_patient(date_of_birth=date(1915, 12, 1)), today)
    assert (doubt.kind, doubt.field, doubt.years) == (DoubtKind.OLD_AGE, "date_of_birth", 111)
    assert doubt_text(doubt) == (
        "The date of birth 1 Dec 1915 makes the patient 111 years old. Is it right?"
    )


def test_a_scan_over_a_year_before_the_episode_began_is_doubted():
    episode = make_episode(first_line_start=START)
    year_before = Scan(date=START - timedelta(days=365), modality=Modality.US)
    assert scan_doubts(episode, year_before) == []
    (doubt,) = scan_doubts(episode, replace(year_before, date=START - timedelta(days=366)))
    assert doubt.kind is DoubtKind.SCAN_LONG_BEFORE_EPISODE
    assert "6 Sep 2025, more than a year before this episode began (7 Sep 2026)" in (
        doubt_text(doubt)
    )


def test_the_episode_begins_at_its_onset_when_that_came_first():
    episode = replace(make_episode(first_line_start=START), onset_date=date(2025, 1, 10))
    scan = Scan(date=date(2024, 6, 1), modality=Modality.MRI)
    assert scan_doubts(episode, scan) == []


def test_a_second_visit_on_one_day_is_doubted_but_not_its_own_correction():
    first = Visit(date=START, pain_nrs=6, id=11)
    episode = make_episode(first_line_start=START, visits=(first,))
    assert visit_doubts(episode, replace(first, pain_nrs=5)) == []
    assert visit_doubts(episode, Visit(date=START + timedelta(days=1), pain_nrs=5)) == []
    (doubt,) = visit_doubts(episode, Visit(date=START, pain_nrs=5))
    assert doubt.kind is DoubtKind.SECOND_VISIT_SAME_DAY


def test_a_treatment_begun_before_first_line_care_is_doubted():
    episode = make_episode(first_line_start=START)
    on_the_day = Treatment(kind=TreatmentKind.EDUCATION, start=START)
    assert treatment_doubts(episode, on_the_day) == []
    (doubt,) = treatment_doubts(episode, replace(on_the_day, start=START - timedelta(days=1)))
    assert (doubt.kind, doubt.field) == (DoubtKind.TREATMENT_BEFORE_EPISODE, "start")
