"""How many guarantors honour: exact distribution of the count under an explicit correlation assumption.

Each guarantor *i* honours with marginal probability ``p_i`` (from the credibility model). Correlation is
an explicit, adjustable assumption ``rho`` in [0, 1], modelled as a *bloc mixture*:

* with probability ``1 - rho`` the guarantors decide independently (the count is Poisson-binomial);
* with probability ``rho`` they decide as a bloc: one common draw ``U ~ Uniform(0, 1)`` and guarantor *i*
  honours iff ``U < p_i`` (comonotone: whenever a less willing guarantor honours, every more willing one does).

Every guarantor keeps its marginal ``p_i`` in both regimes. With equal marginals ``rho`` is exactly the
pairwise correlation of the honouring indicators; with unequal marginals the pairwise correlation is ``rho``
times the largest correlation the two marginals allow (the Fréchet–Hoeffding bound), see
:func:`pairwise_correlation`. The count distribution is computed exactly (finite sums, no sampling):

    P(N = j) = (1 - rho) * PoissonBinomial(p)(j) + rho * (p_(j) - p_(j+1)),

with ``p_(1) >= ... >= p_(n)`` the sorted marginals, ``p_(0) = 1`` and ``p_(n+1) = 0``. The functions accept
``float`` or :class:`fractions.Fraction` (exact rational arithmetic, used by the tests).

Example:
    >>> from fractions import Fraction as F
    >>> p_at_least([F(1, 2), F(1, 2)], 2, F(0))
    Fraction(1, 4)
    >>> p_at_least([F(1, 2), F(1, 2)], 2, F(1))
    Fraction(1, 2)
    >>> round(p_at_least([0.9, 0.6, 0.3], 2, 0.5), 6)
    0.633
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import product
from typing import TypeVar

Num = TypeVar("Num", float, Fraction)


def _check(ps: Sequence[Num], rho: Num) -> None:
    if not 0 <= rho <= 1:
        raise ValueError(f"rho must be in [0, 1], got {rho}")
    for p in ps:
        if not 0 <= p <= 1:
            raise ValueError(f"probabilities must be in [0, 1], got {p}")


def poisson_binomial(ps: Sequence[Num], one: Num) -> list[Num]:
    """P(N = j), j = 0..n, for independent Bernoulli(p_i) (exact convolution); ``one`` sets the number type.

    >>> from fractions import Fraction as F
    >>> poisson_binomial([F(1, 2), F(1, 3)], F(1))
    [Fraction(1, 3), Fraction(1, 2), Fraction(1, 6)]
    """
    pmf: list[Num] = [one]
    for p in ps:
        q = one - p
        nxt = [pmf[0] * q]
        nxt += [pmf[j] * q + pmf[j - 1] * p for j in range(1, len(pmf))]
        nxt.append(pmf[-1] * p)
        pmf = nxt
    return pmf


def bloc_pmf(ps: Sequence[Num], one: Num) -> list[Num]:
    """P(N = j) when the guarantors decide as a bloc (comonotone): ``p_(j) - p_(j+1)``.

    >>> from fractions import Fraction as F
    >>> bloc_pmf([F(1, 4), F(3, 4)], F(1))
    [Fraction(1, 4), Fraction(1, 2), Fraction(1, 4)]
    """
    zero = one - one
    ordered: list[Num] = [one]
    ordered.extend(sorted(ps, reverse=True))
    ordered.append(zero)
    return [ordered[j] - ordered[j + 1] for j in range(len(ps) + 1)]


def count_pmf(ps: Sequence[Num], rho: Num) -> list[Num]:
    """P(exactly j of n guarantors honour), j = 0..n, under the bloc mixture with weight ``rho``."""
    _check(ps, rho)
    one = rho - rho + 1
    independent = poisson_binomial(ps, one)
    bloc = bloc_pmf(ps, one)
    return [(one - rho) * a + rho * b for a, b in zip(independent, bloc, strict=True)]


def p_at_least(ps: Sequence[Num], k: int, rho: Num) -> Num:
    """P(at least ``k`` of the guarantors honour)."""
    total = rho - rho
    for value in count_pmf(ps, rho)[max(k, 0) :]:
        total += value
    return total


def joint_probability(ps: Sequence[Num], rho: Num, outcome: Sequence[bool]) -> Num:
    """Probability of one outcome (who honours) under the bloc mixture; used for brute-force checks.

    >>> from fractions import Fraction as F
    >>> joint_probability([F(1, 2), F(1, 4)], F(0), [True, False])
    Fraction(3, 8)
    """
    _check(ps, rho)
    zero = rho - rho
    one = zero + 1
    independent = one
    for p, x in zip(ps, outcome, strict=True):
        independent *= p if x else one - p
    lowest_yes = min([p for p, x in zip(ps, outcome, strict=True) if x], default=one)
    highest_no = max([p for p, x in zip(ps, outcome, strict=True) if not x], default=zero)
    bloc = max(zero, lowest_yes - highest_no)
    return (one - rho) * independent + rho * bloc


def brute_force_at_least(ps: Sequence[Num], k: int, rho: Num) -> Num:
    """P(at least ``k`` honour) by enumerating all 2^n outcomes (for tests; n small)."""
    total = rho - rho
    for outcome in product((False, True), repeat=len(ps)):
        if sum(outcome) >= k:
            total += joint_probability(ps, rho, outcome)
    return total


def pairwise_correlation(p_i: float, p_j: float, rho: float) -> float:
    """Correlation of two guarantors' honouring under the bloc mixture (NaN if a marginal is 0 or 1).

    >>> round(pairwise_correlation(0.5, 0.5, 0.3), 12), round(pairwise_correlation(0.9, 0.2, 1.0), 3)
    (0.3, 0.167)
    """
    var = p_i * (1 - p_i) * p_j * (1 - p_j)
    if var <= 0:
        return math.nan
    return rho * (min(p_i, p_j) - p_i * p_j) / math.sqrt(var)


def correlation_range(ps: Sequence[float], rho: float) -> tuple[float, float] | None:
    """Smallest and largest pairwise correlation implied by ``rho`` (None with fewer than two guarantors)."""
    values = [pairwise_correlation(ps[i], ps[j], rho) for i in range(len(ps)) for j in range(i + 1, len(ps))]
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return None
    return min(values), max(values)
