"""How many of n guarantors deliver: a one-factor Gaussian copula, integrated by quadrature.

Guarantor *i* delivers with marginal probability ``p_i``. Correlation is one number ``rho`` in [0, 1], the
correlation of the latent propensities: guarantor *i* delivers iff ``sqrt(rho) Z + sqrt(1 - rho) e_i <
Phi^-1(p_i)`` with one common factor ``Z`` and independent ``e_i``, all standard normal. Given ``Z = z`` the
guarantors are independent with ``p_i(z) = Phi((Phi^-1(p_i) - sqrt(rho) z) / sqrt(1 - rho))``, so

    P(N = j) = ∫ PoissonBinomial(p(z))(j) φ(z) dz,

integrated by quadrature over ``z`` (nodes × guarantors arrays, one vectorised Poisson-binomial
recursion): Gauss–Hermite with 160 nodes while ``sqrt(1 - rho) >= 0.2``, composite Gauss–Legendre on
[-8.5, 8.5] with panels a quarter of ``sqrt(1 - rho)`` wide above that (the integrand steps ever more sharply
as ``rho`` nears 1). The two ends are closed forms used as they are: ``rho = 0`` is the
Poisson-binomial of the marginals; ``rho = 1`` is the comonotone bloc, ``P(N = j) = p_(j) - p_(j+1)`` with the
marginals sorted in decreasing order. Every guarantor keeps its marginal at every ``rho``, and raising ``rho``
moves mass to the ends: P(at least one) falls and P(all) rises.

Accuracy: tests compare with the closed forms at 0 and 1, with the limit as ``rho`` → 1, and with exact
two-guarantor bivariate-normal values (agreement to 2e-5).

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


#: Gauss–Hermite is used while the integrand's scale sqrt(1 - rho) is at least this; below, composite
#: Gauss–Legendre on [-Z_MAX, Z_MAX] with panels a fraction of that scale wide.
_GH_MIN_SCALE = 0.2
_GH_NODES = 160
_Z_MAX = 8.5
_GL_ORDER = 8


@lru_cache(maxsize=8)
def _hermite() -> tuple[FloatArray, FloatArray]:
    x, w = np.polynomial.hermite_e.hermegauss(_GH_NODES)
    return x, w / w.sum()


@lru_cache(maxsize=32)
def _legendre(panels: int) -> tuple[FloatArray, FloatArray]:
    g, gw = np.polynomial.legendre.leggauss(_GL_ORDER)
    edges = np.linspace(-_Z_MAX, _Z_MAX, panels + 1)
    half = (edges[1:] - edges[:-1])[:, None] / 2
    mid = (edges[1:] + edges[:-1])[:, None] / 2
    x = (mid + half * g[None, :]).ravel()
    w = (half * gw[None, :]).ravel() * np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)
    return x, w / w.sum()


def _nodes(rho: float) -> tuple[FloatArray, FloatArray]:
    """Quadrature nodes and weights for the standard normal factor at correlation ``rho``."""
    scale = np.sqrt(1.0 - rho)
    if scale >= _GH_MIN_SCALE:
        return _hermite()
    panels = int(min(8192, 2 ** np.ceil(np.log2(4 * 2 * _Z_MAX / scale))))
    return _legendre(panels)


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
    x, w = _nodes(rho)
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
