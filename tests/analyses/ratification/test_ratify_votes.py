"""Exact vote model: hand calculations, properties, and agreement with Monte Carlo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.analyses.legislatures.jurisdictions import ThresholdKind
from servanda.analyses.ratification.montecarlo import simulate_pass
from servanda.analyses.ratification.votes import (
    BlocVote,
    LatentParty,
    bloc_pmf,
    chamber_pmf,
    concentration,
    latent_stances,
    objection_carried,
    p_at_least_given,
    pass_probability,
    required_yes,
    vote,
)


def test_beta_binomial_hand_calculation() -> None:
    # n=2, p=0.5, c=0.5 -> alpha=beta=0.5; P(0)=B(0.5,2.5)/B(0.5,0.5)=0.375π/π
    assert concentration(0.5) == pytest.approx(1.0)
    np.testing.assert_allclose(bloc_pmf(2, 0.5, 0.5), [0.375, 0.25, 0.375], atol=1e-12)


def test_binomial_limit_and_unit_cohesion() -> None:
    np.testing.assert_allclose(bloc_pmf(3, 0.5, 1e-12), [0.125, 0.375, 0.375, 0.125], atol=1e-9)
    np.testing.assert_allclose(bloc_pmf(5, 0.3, 1.0), [0.7, 0, 0, 0, 0, 0.3])
    np.testing.assert_allclose(bloc_pmf(4, 0.0, 0.5), [1, 0, 0, 0, 0])
    np.testing.assert_allclose(bloc_pmf(4, 1.0, 0.5), [0, 0, 0, 0, 1])


def test_bloc_rejects_bad_inputs() -> None:
    with pytest.raises(ValueError):
        bloc_pmf(3, 1.2, 0.5)
    with pytest.raises(ValueError):
        bloc_pmf(3, 0.5, 0.0)


@given(n=st.integers(1, 60), p=st.floats(0.01, 0.99), c=st.floats(0.01, 1.0))
@settings(max_examples=60, deadline=None)
def test_bloc_moments(n: int, p: float, c: float) -> None:
    pmf = bloc_pmf(n, p, c)
    k = np.arange(n + 1)
    mean = float(k @ pmf)
    var = float(((k - mean) ** 2) @ pmf)
    assert pmf.sum() == pytest.approx(1.0)
    assert mean == pytest.approx(n * p, rel=1e-6, abs=1e-9)
    assert var == pytest.approx(n * p * (1 - p) * (1 + (n - 1) * c), rel=1e-5, abs=1e-8)


def test_convolution_hand_example() -> None:
    # a sure yes and a fair coin: yes in {1, 2} with 1/2 each
    np.testing.assert_allclose(chamber_pmf([1, 1], [1.0, 0.5], [0.5, 0.5]), [0.0, 0.5, 0.5])


@pytest.mark.parametrize(
    ("kind", "seats", "voting", "expected"),
    [
        (ThresholdKind.MAJORITY_OF_VOTES_CAST, 100, 100, 51),
        (ThresholdKind.MAJORITY_OF_VOTES_CAST, 435, 431, 216),
        (ThresholdKind.MAJORITY_OF_MEMBERS, 630, 600, 316),
        (ThresholdKind.TWO_THIRDS_PRESENT, 100, 100, 67),
        (ThresholdKind.TWO_THIRDS_PRESENT, 100, 99, 66),
        (ThresholdKind.TWO_THIRDS_OF_MEMBERS, 300, 280, 200),
        (ThresholdKind.THREE_FIFTHS_OF_MEMBERS, 100, 98, 60),
    ],
)
def test_required_yes(kind: ThresholdKind, seats: int, voting: int, expected: int) -> None:
    assert required_yes(kind, seats, voting) == expected


def test_senate_two_thirds_deterministic_blocs() -> None:
    # 53 sure yes + 47 sure no cannot reach 67; adding 14 sure yes can
    blocs = [BlocVote("R", 53, 1.0, 1.0), BlocVote("D", 47, 0.0, 1.0)]
    assert vote("senate", 100, blocs, [ThresholdKind.TWO_THIRDS_PRESENT]).probability == 0.0
    blocs = [BlocVote("R", 53, 1.0, 1.0), BlocVote("D", 14, 1.0, 1.0), BlocVote("x", 33, 0.0, 1.0)]
    assert vote("senate", 100, blocs, [ThresholdKind.TWO_THIRDS_PRESENT]).probability == 1.0


def test_cloture_is_binding_threshold() -> None:
    # 55 sure yes, 45 coin-flips as one bloc: majority surely, 60 only if the bloc joins
    blocs = [BlocVote("a", 55, 1.0, 1.0), BlocVote("b", 45, 0.3, 1.0)]
    only_majority = vote("s", 100, blocs, [ThresholdKind.MAJORITY_OF_VOTES_CAST])
    with_cloture = vote(
        "s", 100, blocs, [ThresholdKind.MAJORITY_OF_VOTES_CAST, ThresholdKind.THREE_FIFTHS_OF_MEMBERS]
    )
    assert only_majority.probability == 1.0
    assert with_cloture.probability == pytest.approx(0.3)
    assert with_cloture.required == 60


def test_objection_carried() -> None:
    assert objection_carried(np.array([0.25, 0.5, 0.25]), 2) == pytest.approx(0.25)


@given(
    sizes=st.lists(st.integers(1, 40), min_size=1, max_size=4),
    p_low=st.floats(0.05, 0.5),
    delta=st.floats(0.0, 0.45),
    c=st.floats(0.05, 0.95),
    req=st.integers(1, 100),
)
@settings(max_examples=50, deadline=None)
def test_pass_probability_monotone_in_support(
    sizes: list[int], p_low: float, delta: float, c: float, req: int
) -> None:
    lo = chamber_pmf(sizes, [p_low] * len(sizes), [c] * len(sizes))
    hi = chamber_pmf(sizes, [p_low + delta] * len(sizes), [c] * len(sizes))
    assert pass_probability(hi, req) >= pass_probability(lo, req) - 1e-12


@given(req=st.integers(0, 60))
@settings(max_examples=30, deadline=None)
def test_pass_probability_decreasing_in_threshold(req: int) -> None:
    pmf = chamber_pmf([30, 20], [0.6, 0.4], [0.3, 0.5])
    assert pass_probability(pmf, req + 1) <= pass_probability(pmf, req) + 1e-15


@pytest.mark.parametrize(
    ("blocs", "required"),
    [
        ([BlocVote("R", 53, 0.65, 0.5), BlocVote("D", 45, 0.8, 0.5), BlocVote("I", 2, 0.8, 0.5)], 60),
        ([BlocVote("R", 53, 0.65, 0.5), BlocVote("D", 45, 0.8, 0.5), BlocVote("I", 2, 0.8, 0.5)], 67),
        ([BlocVote("a", 218, 0.7, 0.2), BlocVote("b", 213, 0.6, 0.3)], 216),
        ([BlocVote("a", 150, 0.9, 0.9), BlocVote("b", 120, 0.4, 0.05), BlocVote("c", 30, 0.2, 1.0)], 151),
    ],
)
def test_exact_agrees_with_monte_carlo(blocs: list[BlocVote], required: int) -> None:
    pmf = chamber_pmf([b.seats for b in blocs], [b.support for b in blocs], [b.cohesion for b in blocs])
    exact = pass_probability(pmf, required)
    n = 40_000
    mc, _ = simulate_pass(blocs, required, n, seed=7)
    se = math.sqrt(max(exact * (1 - exact), 1e-6) / n)
    assert abs(mc - exact) < 4.5 * se, (exact, mc, se)


@pytest.mark.parametrize(
    ("blocs", "required"),
    [
        ([BlocVote("R", 53, 0.65, 0.5), BlocVote("D", 45, 0.8, 0.5), BlocVote("I", 2, 0.8, 0.5)], 60),
        ([BlocVote("R", 53, 0.65, 0.5), BlocVote("D", 45, 0.8, 0.5), BlocVote("I", 2, 0.8, 0.5)], 67),
        ([BlocVote("a", 218, 0.7, 0.2), BlocVote("b", 213, 0.6, 0.3)], 216),
        ([BlocVote("a", 150, 0.9, 0.9), BlocVote("b", 120, 0.4, 0.05), BlocVote("c", 30, 0.2, 1.0)], 151),
        (
            [BlocVote("LDP", 316, 0.85, 0.7), BlocVote("Ishin", 35, 0.7, 0.6), BlocVote("o", 114, 0.4, 0.4)],
            233,
        ),
    ],
)
def test_latent_integration_agrees_with_the_exact_beta_binomial(blocs: list[BlocVote], required: int) -> None:
    """With supports known (no outer prior, no government cap) the latent model is the exact beta-binomial."""
    pmf = chamber_pmf([b.seats for b in blocs], [b.support for b in blocs], [b.cohesion for b in blocs])
    exact = pass_probability(pmf, required)
    theta = latent_stances([LatentParty(b.id, b.support, b.cohesion) for b in blocs], strength=None)
    latent = float(p_at_least_given([b.seats for b in blocs], theta, required).mean())
    assert abs(latent - exact) < 0.005, (exact, latent)


def test_government_defeat_cap() -> None:
    gov = LatentParty("LDP", 0.85, 0.7, defeat_cap=0.03)
    free = LatentParty("LDP", 0.85, 0.7)
    capped, written = (latent_stances([p], strength=None)[..., 0] for p in (gov, free))
    assert float((written < 0.5).mean()) == pytest.approx(0.15, abs=0.01)  # the old 15 % self-defeat
    assert float((capped < 0.5).mean()) == pytest.approx(0.03, abs=0.005)
    # the cap never lowers support: a stance already below the cap is kept as written
    keen = LatentParty("g", 0.99, 0.7, defeat_cap=0.03)
    assert float((latent_stances([keen], strength=None)[..., 0] < 0.5).mean()) < 0.03


def test_prior_on_supports_gives_an_interval_around_the_mean() -> None:
    parties = [LatentParty("R", 0.65, 0.5), LatentParty("D", 0.8, 0.5)]
    theta = latent_stances(parties)
    per_support = p_at_least_given([53, 47], theta, 60).mean(axis=1)
    lo, hi = np.quantile(per_support, [0.1, 0.9])
    assert 0.0 <= lo < per_support.mean() < hi <= 1.0
