"""P(at least k of n guarantors honour): exact, checked against brute-force enumeration."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.analyses.packages.probability import (
    brute_force_at_least,
    count_pmf,
    joint_probability,
    p_at_least,
    pairwise_correlation,
    poisson_binomial,
)

fractions = st.fractions(min_value=0, max_value=1, max_denominator=50)


@settings(max_examples=60, deadline=None)
@given(ps=st.lists(fractions, min_size=1, max_size=6), rho=fractions, k=st.integers(0, 7))
def test_p_at_least_equals_brute_force_exactly(ps: list[F], rho: F, k: int) -> None:
    assert p_at_least(ps, k, rho) == brute_force_at_least(ps, k, rho)


@settings(max_examples=40, deadline=None)
@given(ps=st.lists(fractions, min_size=1, max_size=6), rho=fractions)
def test_joint_probabilities_sum_to_one_and_keep_the_marginals(ps: list[F], rho: F) -> None:
    outcomes = list(product((False, True), repeat=len(ps)))
    assert sum(joint_probability(ps, rho, o) for o in outcomes) == 1
    for i, p in enumerate(ps):
        assert sum(joint_probability(ps, rho, o) for o in outcomes if o[i]) == p
    assert sum(count_pmf(ps, rho)) == 1


def _independent_brute_force(ps: list[F], k: int) -> F:
    total = F(0)
    for outcome in product((False, True), repeat=len(ps)):
        if sum(outcome) >= k:
            term = F(1)
            for p, x in zip(ps, outcome, strict=True):
                term *= p if x else 1 - p
            total += term
    return total


@settings(max_examples=40, deadline=None)
@given(ps=st.lists(fractions, min_size=1, max_size=6), k=st.integers(0, 6))
def test_correlation_zero_is_the_poisson_binomial(ps: list[F], k: int) -> None:
    pmf = count_pmf(ps, F(0))
    assert pmf == poisson_binomial(ps, F(1))
    assert sum(pmf[k:], F(0)) == _independent_brute_force(ps, k)


def test_full_correlation_with_equal_marginals_is_all_or_nothing() -> None:
    assert count_pmf([F(1, 3)] * 4, F(1)) == [F(2, 3), 0, 0, 0, F(1, 3)]


def test_equal_marginals_give_pairwise_correlation_rho() -> None:
    p, rho = F(1, 4), F(3, 10)
    both = sum(joint_probability([p, p, p], rho, (True, True, x)) for x in (False, True))
    covariance = both - p * p
    assert covariance / (p * (1 - p)) == rho
    assert pairwise_correlation(0.25, 0.25, 0.3) == pytest.approx(0.3)


def test_known_values() -> None:
    # two coins: P(both) = 1/4 independent, 1/2 as a bloc
    assert p_at_least([F(1, 2), F(1, 2)], 2, F(0)) == F(1, 4)
    assert p_at_least([F(1, 2), F(1, 2)], 2, F(1)) == F(1, 2)
    # the bloc regime honours at least k iff U < the k-th largest marginal
    assert p_at_least([F(9, 10), F(3, 5), F(3, 10)], 2, F(1)) == F(3, 5)
    assert p_at_least([0.9, 0.6, 0.3], 2, 0.5) == pytest.approx(0.5 * 0.666 + 0.5 * 0.6)


def test_p_at_least_is_monotone_in_the_marginals() -> None:
    low = [0.1, 0.2, 0.3]
    high = [0.2, 0.3, 0.4]
    for k in range(4):
        for rho in (0.0, 0.5, 1.0):
            assert p_at_least(low, k, rho) <= p_at_least(high, k, rho) + 1e-15


def test_invalid_inputs_raise() -> None:
    with pytest.raises(ValueError):
        count_pmf([0.5], 1.5)
    with pytest.raises(ValueError):
        count_pmf([1.2], 0.0)
