"""Properties of the rules on generated cases (Hypothesis)."""

import json
import math
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from trochtrack.domain.features import Features
from trochtrack.domain.model import Case, Episode, Finding, Patient, Scan, Treatment, Visit
from trochtrack.domain.rules import (
    episode_evaluation_from_json,
    episode_evaluation_to_json,
    evaluate_case,
    evaluate_episode,
    evaluation_to_json,
)
from trochtrack.domain.vocabulary import (
    Diagnosis,
    DopplerFlow,
    EpisodeStatus,
    FluidContent,
    LesionChange,
    LesionKind,
    Modality,
    RedFlag,
    Sex,
    Side,
    TreatmentKind,
    Visibility,
    WallThickness,
)

T0 = date(2026, 3, 2)
PROPERTY = settings(max_examples=200, deadline=None)
LESIONS = {
    "b1": LesionKind.ADVENTITIAL_BURSA,
    "f1": LesionKind.FLUID_COLLECTION,
    "c1": LesionKind.CALCIFICATION,
    "t1": LesionKind.TENDINOPATHY,
}


def _day(offset: int) -> date:
    return T0 + timedelta(days=offset)


offsets = st.integers(-20, 150)
diameters = st.one_of(
    st.integers(1, 600).map(lambda tenths: tenths / 10),
    st.floats(0.1, 300, allow_nan=False, allow_infinity=False),
)
dims = st.tuples(diameters, diameters, diameters)


@st.composite
def visits(draw, offset=offsets):
    return Visit(
        date=_day(draw(offset)),
        pain_nrs=draw(st.integers(0, 10)),
        visa_g=draw(st.none() | st.integers(0, 100)),
        groc=draw(st.none() | st.integers(-5, 5)),
        temperature_c=draw(st.none() | st.integers(355, 410).map(lambda t: t / 10)),
        red_flags=draw(st.frozensets(st.sampled_from(RedFlag), max_size=3)),
    )


@st.composite
def treatments(draw, offset=offsets):
    start = draw(offset)
    length = draw(st.none() | st.integers(0, 60))
    return Treatment(
        kind=draw(st.sampled_from(TreatmentKind)),
        start=_day(start),
        end=None if length is None else _day(start + length),
    )


features = st.builds(
    Features,
    content=st.none() | st.sampled_from(FluidContent),
    wall=st.none() | st.sampled_from(WallThickness),
    doppler=st.none() | st.sampled_from(DopplerFlow),
    septations=st.none() | st.booleans(),
    compressible=st.none() | st.booleans(),
)


@st.composite
def findings(draw, lesion):
    kind = LESIONS[lesion]
    choice = draw(st.sampled_from(["measured", "not_visualised", "not_measured"]))
    recorded = draw(st.none() | features) if kind.size_tracked else None
    if choice == "measured" or (choice == "not_measured" and kind.needs_dimensions):
        return Finding(lesion=lesion, kind=kind, dims_mm=draw(dims), features=recorded)
    visibility = (
        Visibility.NOT_VISUALISED if choice == "not_visualised" else Visibility.NOT_MEASURED
    )
    return Finding(lesion=lesion, kind=kind, visibility=visibility, features=recorded)


@st.composite
def scans(draw, offset=offsets):
    lesions = draw(st.lists(st.sampled_from(sorted(LESIONS)), unique=True, max_size=3))
    return Scan(
        date=_day(draw(offset)),
        modality=draw(st.sampled_from([Modality.US, Modality.US, Modality.MRI])),
        findings=tuple(draw(findings(lesion)) for lesion in lesions),
    )


@st.composite
def episodes(draw, ref="E1"):
    return Episode(
        ref=ref,
        side=draw(st.sampled_from(Side)),
        diagnosis=Diagnosis.GTPS,
        first_line_start=T0,
        closed_date=draw(st.none() | st.integers(0, 150).map(_day)),
        visits=tuple(draw(st.lists(visits(), max_size=6))),
        treatments=tuple(draw(st.lists(treatments(), max_size=4))),
        scans=tuple(draw(st.lists(scans(), max_size=4))),
    )


patients = st.builds(
    Patient,
    ref=st.just("P-H"),
    given_name=st.just("Hypo"),
    family_name=st.just("Thesis"),
    date_of_birth=st.dates(date(1930, 1, 1), date(2000, 12, 31)),
    sex=st.sampled_from(Sex),
)


@st.composite
def cases(draw):
    count = draw(st.integers(1, 2))
    return Case(
        patient=draw(patients),
        episodes=tuple(draw(episodes(ref=f"E{index}")) for index in range(count)),
    )


as_of_dates = st.integers(-5, 160).map(_day)


@PROPERTY
@given(case=cases(), as_of=as_of_dates)
def test_evaluation_never_raises_and_keeps_its_promises(build, case, as_of):
    evaluation = evaluate_case(case, as_of, build.rules())
    for episode in evaluation.episodes:
        if episode.status is EpisodeStatus.CLOSED:
            assert episode.alerts == ()
        keys = [alert.sort_key for alert in episode.alerts]
        assert keys == sorted(keys)
        assert [lesion.lesion for lesion in episode.lesions] == sorted(
            lesion.lesion for lesion in episode.lesions
        )
        for alert in episode.alerts:
            assert alert.summary.startswith(("Consider", "Review"))
            assert alert.sources
    json.dumps(evaluation_to_json(evaluation), allow_nan=False)


@st.composite
def with_future(draw, case, as_of):
    """``case`` plus records dated after ``as_of``; ends and closures after it moved."""
    later = st.integers(1, 90).map(lambda days: as_of + timedelta(days=days))
    shift = timedelta(days=(as_of - T0).days + 31)
    episodes_after = []
    for episode in case.episodes:
        running = tuple(
            replace(t, end=draw(later)) if t.start <= as_of and t.end and t.end > as_of else t
            for t in episode.treatments
        )
        closed = episode.closed_date
        if closed is None or closed > as_of:
            closed = draw(st.none() | later.map(lambda day: max(day, T0)))
        extra_visits = draw(st.lists(visits(), min_size=1, max_size=2))
        extra_treatments = draw(st.lists(treatments(), max_size=2))
        extra_scans = draw(st.lists(scans(), max_size=2))
        episodes_after.append(
            replace(
                episode,
                closed_date=closed,
                visits=(*episode.visits, *(replace(v, date=v.date + shift) for v in extra_visits)),
                treatments=(
                    *running,
                    *(replace(t, start=t.start + shift, end=None) for t in extra_treatments),
                ),
                scans=(*episode.scans, *(replace(s, date=s.date + shift) for s in extra_scans)),
            )
        )
    return case.with_episodes(tuple(episodes_after))


@PROPERTY
@given(data=st.data(), case=cases(), as_of=as_of_dates)
def test_data_dated_after_as_of_never_changes_the_result(build, data, case, as_of):
    future = data.draw(with_future(case, as_of))
    rules = build.rules()
    assert evaluate_case(future, as_of, rules) == evaluate_case(case, as_of, rules)


@st.composite
def assessed(draw):
    """An episode with distinct visit dates, evaluated after the review point."""
    as_of = draw(st.integers(28, 160))
    later_visits = draw(
        st.lists(visits(st.integers(1, as_of)), max_size=5, unique_by=lambda v: v.date)
    )
    episode = Episode(
        ref="E1",
        side=Side.LEFT,
        diagnosis=Diagnosis.GTPS,
        first_line_start=T0,
        visits=(draw(visits(st.just(0))), *later_visits),
    )
    return episode, _day(as_of)


@PROPERTY
@given(
    assessed_episode=assessed(),
    better_pain=st.integers(0, 10),
    better_visa=st.integers(0, 100),
    better_groc=st.integers(0, 10),
)
def test_a_better_latest_score_never_undoes_a_response(
    build, assessed_episode, better_pain, better_visa, better_groc
):
    episode, as_of = assessed_episode
    rules = build.rules()
    before = evaluate_episode(build.patient, episode, as_of, rules).response
    if before is None or not before.responder:
        return
    decisive = next(v for v in episode.visits if v.date == before.visit_date)
    improved = replace(
        decisive,
        pain_nrs=max(0, decisive.pain_nrs - better_pain),
        visa_g=None if decisive.visa_g is None else min(100, decisive.visa_g + better_visa),
        groc=None if decisive.groc is None else min(5, decisive.groc + better_groc),
    )
    visits_after = tuple(improved if v is decisive else v for v in episode.visits)
    after = evaluate_episode(build.patient, replace(episode, visits=visits_after), as_of, rules)
    assert after.response is not None
    assert after.response.responder
    assert after.status is EpisodeStatus.RESPONDING


@PROPERTY
@given(case=cases(), as_of=as_of_dates)
def test_episode_evaluation_json_round_trip(build, case, as_of):
    for evaluation in evaluate_case(case, as_of, build.rules()).episodes:
        document = json.loads(json.dumps(episode_evaluation_to_json(evaluation), allow_nan=False))
        assert episode_evaluation_from_json(document) == evaluation


@PROPERTY
@given(diameters=dims)
def test_volume_is_pi_over_6_times_the_diameters(build, diameters):
    a, b, c = diameters
    episode = Episode(
        ref="E1",
        side=Side.LEFT,
        diagnosis=Diagnosis.GTPS,
        first_line_start=T0,
        scans=(
            Scan(
                date=T0,
                modality=Modality.US,
                findings=(
                    Finding(lesion="b1", kind=LesionKind.ADVENTITIAL_BURSA, dims_mm=diameters),
                ),
            ),
        ),
    )
    (lesion,) = evaluate_episode(build.patient, episode, T0, build.rules()).lesions
    semi_axes_volume = 4 / 3 * math.pi * (a / 2) * (b / 2) * (c / 2)
    assert abs(lesion.volume_mm3 - semi_axes_volume) <= 0.05 + 1e-9 * semi_axes_volume
    longest, shortest = Fraction(repr(max(diameters))), Fraction(repr(min(diameters)))
    assert lesion.volume_approximate is (longest > 3 * shortest)


@PROPERTY
@given(old_tenths=st.integers(1, 3000), new_tenths=st.integers(1, 3000))
def test_calcification_thresholds_agree_with_integer_arithmetic(build, old_tenths, new_tenths):
    """Diameters in tenths of a mm: grown >= 20 tenths and >= 20 %; halved or less."""
    old, new = old_tenths / 10, new_tenths / 10
    episode = Episode(
        ref="E1",
        side=Side.LEFT,
        diagnosis=Diagnosis.GTPS,
        first_line_start=T0,
        scans=tuple(
            Scan(
                date=_day(offset),
                modality=Modality.US,
                findings=(
                    Finding(lesion="c1", kind=LesionKind.CALCIFICATION, dims_mm=(d, 0.1, 0.1)),
                ),
            )
            for offset, d in ((0, old), (30, new))
        ),
    )
    (lesion,) = evaluate_episode(build.patient, episode, _day(30), build.rules()).lesions
    rise = new_tenths - old_tenths
    if rise >= 20 and 5 * rise >= old_tenths:
        expected = LesionChange.ENLARGED
    elif 2 * new_tenths <= old_tenths:
        expected = LesionChange.REDUCED
    else:
        expected = LesionChange.NO_RELIABLE_CHANGE
    assert lesion.change is expected
