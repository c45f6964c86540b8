"""How many of n guarantors deliver: a one-factor Gaussian copula, integrated by quadrature.

Guarantor *i* delivers with marginal probability ``p_i``. Correlation is one number ``rho`` in [0, 1], the
correlation of the latent propensities: guarantor *i* delivers iff ``sqrt(rho) Z + sqrt(1 - rho) e_i <
Phi^-1(p_i)`` with one common factor ``Z`` and independent ``e_i``, all standard normal. Given ``Z = z`` the
guarantors are independent with ``p_i(z) = Phi((Phi^-1(p_i) - sqrt(rho) z) / sqrt(1 - rho))``, so

    P(N = j) = ∫ PoissonBinomial(p(z))(j) φ(z) dz,

integrated with Gauss–Hermite quadrature (probabilists' weights; nodes × guarantors arrays, one
vectorised Poisson-binomial recursion). The two ends are closed forms used as they are: ``rho = 0`` is the
Poisson-binomial of the marginals; ``rho = 1`` is the comonotone bloc, ``P(N = j) = p_(j) - p_(j+1)`` with the
marginals sorted in decreasing order. Every guarantor keeps its marginal at every ``rho``, and raising ``rho``
moves mass to the ends: P(at least one) falls and P(all) rises.

Accuracy: the integrand is smooth on the scale ``sqrt(1 - rho)``; the number of nodes grows as ``rho`` nears
1 (up to 400; tests compare with the closed forms and with exact 2-guarantor bivariate-normal values).

Example:
    >>> round(p_at_least([0.5, 0.5], 2, 0.0), 12), round(p_at_least([0.5, 0.5], 2, 1.0), 12)
    (0.25, 0.5)
    >>> round(p_at_least([0.5, 0.5], 2, 0.5), 6)  # 1/4 + arcsin(0.5)/(2π) = 1/3
    0.333333
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr, ndtri

FloatArray = NDArray[np.float64]

#: Correlation grid of the sensitivity table and chart.
RHO_GRID: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(21))


def _check(ps: FloatArray, rho: float) -> None:
    if not 0.0 <= rho <= 1.0 or not np.isfinite(rho):
        raise ValueError(f"rho must be in [0, 1], got {rho}")
    if ps.size and (not np.all(np.isfinite(ps)) or ps.min() < 0.0 or ps.max() > 1.0):
        raise ValueError(f"probabilities must be in [0, 1], got {ps.tolist()}")


@lru_cache(maxsize=16)
def _nodes(n: int) -> tuple[FloatArray, FloatArray]:
    x, w = np.polynomial.hermite_e.hermegauss(n)
    return x, w / w.sum()


def _n_nodes(rho: float) -> int:
    """Nodes enough for an integrand smooth on the scale sqrt(1 - rho)."""
    return int(min(400, max(64, np.ceil(24.0 / np.sqrt(max(1.0 - rho, 1e-6))))))


def poisson_binomial_rows(p: FloatArray) -> FloatArray:
    """P(N = j) for each row of independent Bernoulli probabilities ``p`` (rows × n) → rows × (n + 1).

    >>> poisson_binomial_rows(np.array([[0.5, 0.5], [1.0, 0.0]])).tolist()
    [[0.25, 0.5, 0.25], [0.0, 1.0, 0.0]]
    """
    rows, n = p.shape
    pmf = np.zeros((rows, n + 1))
    pmf[:, 0] = 1.0
    for i in range(n):
        q = p[:, i : i + 1]
        pmf[:, 1 : i + 2] = pmf[:, 1 : i + 2] * (1.0 - q) + pmf[:, : i + 1] * q
        pmf[:, 0] *= 1.0 - q[:, 0]
    return pmf


def comonotone_pmf(ps: Sequence[float]) -> FloatArray:
    """P(N = j) when the guarantors decide as one bloc (rho = 1): ``p_(j) - p_(j+1)``.

    >>> comonotone_pmf([0.25, 0.75]).tolist()
    [0.25, 0.5, 0.25]
    """
    ordered = np.concatenate([[1.0], np.sort(np.asarray(ps, dtype=float))[::-1], [0.0]])
    return ordered[:-1] - ordered[1:]


def count_pmf(ps: Sequence[float], rho: float) -> FloatArray:
    """P(exactly j of n deliver), j = 0..n, under the one-factor Gaussian copula with correlation ``rho``.

    >>> count_pmf([0.2, 0.9], 0.0).round(6).tolist()
    [0.08, 0.74, 0.18]
    """
    p = np.asarray(ps, dtype=float)
    _check(p, rho)
    if p.size == 0:
        return np.ones(1)
    if rho == 1.0:
        return comonotone_pmf(p.tolist())
    if rho == 0.0:
        return poisson_binomial_rows(p[None, :])[0]
    x, w = _nodes(_n_nodes(rho))
    with np.errstate(divide="ignore"):
        t = ndtri(p)  # ±inf for p in {0, 1}: conditional probabilities stay 0 or 1
    cond = ndtr((t[None, :] - np.sqrt(rho) * x[:, None]) / np.sqrt(1.0 - rho))
    pmf = w @ poisson_binomial_rows(cond)
    pmf = np.clip(pmf, 0.0, None)
    return np.asarray(pmf / pmf.sum())


def at_least(ps: Sequence[float], rho: float) -> FloatArray:
    """P(at least k deliver) for k = 0..n.

    >>> at_least([0.5, 0.5], 1.0).tolist()
    [1.0, 0.5, 0.5]
    """
    pmf = count_pmf(ps, rho)
    out = np.cumsum(pmf[::-1])[::-1]
    out[0] = 1.0
    return np.asarray(np.clip(out, 0.0, 1.0))


def p_at_least(ps: Sequence[float], k: int, rho: float) -> float:
    """P(at least ``k`` of the guarantors deliver)."""
    tail = at_least(ps, rho)
    if k <= 0:
        return 1.0
    return float(tail[k]) if k < len(tail) else 0.0


def sensitivity(ps: Sequence[float], grid: Sequence[float] = RHO_GRID) -> FloatArray:
    """P(at least k) for k = 0..n (columns) at every correlation of ``grid`` (rows).

    >>> sensitivity([0.5, 0.5], [0.0, 1.0]).round(6).tolist()
    [[1.0, 0.75, 0.25], [1.0, 0.5, 0.5]]
    """
    return np.vstack([at_least(ps, float(r)) for r in grid])
