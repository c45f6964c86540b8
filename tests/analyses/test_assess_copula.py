"""The copula behind P(at least k of n): closed forms at 0 and 1, exact bivariate values, and monotonicity."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_normal, norm

from servanda.analyses.assess.copula import at_least, comonotone_pmf, count_pmf, p_at_least, sensitivity
from servanda.analyses.packages.probability import poisson_binomial

probabilities = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=7)


@settings(deadline=None)
@given(probabilities)
def test_rho_zero_is_the_poisson_binomial(ps: list[float]) -> None:
    assert np.allclose(count_pmf(ps, 0.0), poisson_binomial(ps, 1.0), atol=1e-12)


@settings(deadline=None)
@given(probabilities)
def test_rho_one_is_the_comonotone_bloc(ps: list[float]) -> None:
    tail = at_least(ps, 1.0)
    assert tail[1] == pytest.approx(max(ps), abs=1e-12)  # P(at least one) = the most willing guarantor
    assert tail[-1] == pytest.approx(min(ps), abs=1e-12)  # P(all) = the least willing guarantor


@settings(max_examples=30, deadline=None)
@given(probabilities)
def test_near_one_converges_to_the_bloc(ps: list[float]) -> None:
    assert np.allclose(count_pmf(ps, 0.9999), comonotone_pmf(ps), atol=2e-2)


@pytest.mark.parametrize("rho", [0.1, 0.33, 0.6, 0.9, 0.98])
@pytest.mark.parametrize(("p1", "p2"), [(0.146, 0.146), (0.2, 0.7), (0.05, 0.95)])
def test_two_guarantors_match_the_bivariate_normal(rho: float, p1: float, p2: float) -> None:
    both = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf([norm.ppf(p1), norm.ppf(p2)])
    pmf = count_pmf([p1, p2], rho)
    assert pmf[2] == pytest.approx(both, abs=2e-5)
    assert pmf[0] == pytest.approx(1 - p1 - p2 + both, abs=2e-5)


def test_equal_halves_at_one_half_is_one_third() -> None:
    # Sheppard: P(both) = 1/4 + arcsin(rho) / (2 pi)
    assert p_at_least([0.5, 0.5], 2, 0.5) == pytest.approx(0.25 + math.asin(0.5) / (2 * math.pi), abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 0.99), min_size=2, max_size=6), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_more_correlation_fewer_at_least_one_more_all(ps: list[float], a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    t_lo, t_hi = at_least(ps, lo), at_least(ps, hi)
    assert t_hi[1] <= t_lo[1] + 1e-7
    assert t_hi[-1] >= t_lo[-1] - 1e-7


@settings(max_examples=40, deadline=None)
@given(probabilities, st.floats(0.0, 1.0))
def test_marginals_are_kept(ps: list[float], rho: float) -> None:
    pmf = count_pmf(ps, rho)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
    assert float(np.arange(len(pmf)) @ pmf) == pytest.approx(sum(ps), abs=1e-6)  # E[N] = sum of marginals


def test_sensitivity_rows_are_at_least_tables() -> None:
    grid = [0.0, 0.4, 1.0]
    table = sensitivity([0.3, 0.6, 0.1], grid)
    for row, rho in zip(table, grid, strict=True):
        assert np.allclose(row, at_least([0.3, 0.6, 0.1], rho))


def test_bad_inputs_raise() -> None:
    with pytest.raises(ValueError, match="rho"):
        count_pmf([0.5], 1.5)
    with pytest.raises(ValueError, match="probabilities"):
        count_pmf([1.5], 0.5)


def test_four_guarantors_match_a_simulation_of_the_latent_model() -> None:
    ps, rho, n = np.array([0.15, 0.6, 0.85, 0.3]), 0.45, 400_000
    rng = np.random.default_rng(20260101)
    latent = np.sqrt(rho) * rng.standard_normal((n, 1)) + np.sqrt(1 - rho) * rng.standard_normal((n, 4))
    counts = (latent < norm.ppf(ps)).sum(axis=1)
    simulated = np.bincount(counts, minlength=5) / n
    assert np.allclose(count_pmf(ps.tolist(), rho), simulated, atol=4e-3)  # ~5 standard errors
