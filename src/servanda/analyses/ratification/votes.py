"""Exact pass probabilities of chamber votes: beta-binomial blocs, convolved.

Model. Each bloc ``b`` of ``n_b`` voting members has a support probability ``p_b`` and a
cohesion ``c_b`` in (0, 1]. The bloc's yes votes follow a beta-binomial: a bloc-wide support
rate ``θ_b ~ Beta(α_b, β_b)`` is drawn once, then each member votes yes with probability ``θ_b``.
Cohesion is the intra-class correlation of two members' votes:

    c = 1 / (α + β + 1)   so   α + β = (1 − c) / c,  α = p(α + β),  β = (1 − p)(α + β).

``c → 0`` gives independent members (binomial); ``c = 1`` a bloc that votes as one (all yes
with probability ``p``, else all no). The mean is ``n p`` and the variance
``n p (1 − p) (1 + (n − 1) c)``. Blocs are independent; the chamber's yes-vote distribution is
the convolution of the bloc distributions, and P(pass) = P(yes ≥ required) is read off exactly.

Assumptions: every seated member votes (no abstentions or absences), so "votes cast" and
"present" equal the voting members; abstention would only help votes-cast thresholds, so this
is conservative for them.

Example:
    >>> pmf = chamber_pmf([3], [0.5], [1e-9])       # three independent coin flips
    >>> [round(float(x), 6) for x in pmf]
    [0.125, 0.375, 0.375, 0.125]
    >>> round(pass_probability(pmf, 2), 6)
    0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from servanda.analyses.legislatures.jurisdictions import ThresholdKind

FloatArray = NDArray[np.float64]

#: Above this concentration the beta-binomial is numerically a binomial.
_BINOMIAL_LIMIT = 1e9


def concentration(cohesion: float) -> float:
    """Beta concentration ``α + β`` for a cohesion (intra-class correlation).

    >>> concentration(0.5), concentration(0.2)
    (1.0, 4.0)
    """
    if not 0.0 < cohesion <= 1.0:
        raise ValueError(f"cohesion must be in (0, 1], got {cohesion}")
    return (1.0 - cohesion) / cohesion


def bloc_pmf(n: int, support: float, cohesion: float) -> FloatArray:
    """P(k yes votes), k = 0..n, for one bloc.

    >>> bloc_pmf(4, 0.7, 1.0).round(3).tolist()
    [0.3, 0.0, 0.0, 0.0, 0.7]
    """
    if n < 0:
        raise ValueError("bloc size must be >= 0")
    if not 0.0 <= support <= 1.0:
        raise ValueError(f"support must be in [0, 1], got {support}")
    out = np.zeros(n + 1)
    if n == 0:
        out[0] = 1.0
        return out
    if support <= 0.0:
        out[0] = 1.0
        return out
    if support >= 1.0:
        out[n] = 1.0
        return out
    kappa = concentration(cohesion)
    k = np.arange(n + 1)
    if kappa == 0.0:
        out[0], out[n] = 1.0 - support, support
        return out
    if kappa > _BINOMIAL_LIMIT:
        return np.asarray(stats.binom.pmf(k, n, support), dtype=float)
    pmf = np.asarray(stats.betabinom.pmf(k, n, support * kappa, (1.0 - support) * kappa), dtype=float)
    return pmf / pmf.sum()


def chamber_pmf(sizes: Sequence[int], supports: Sequence[float], cohesions: Sequence[float]) -> FloatArray:
    """Distribution of total yes votes over independent blocs (exact convolution).

    >>> chamber_pmf([1, 1], [0.5, 1.0], [0.5, 0.5]).tolist()
    [0.0, 0.5, 0.5]
    """
    total = np.ones(1)
    for n, p, c in zip(sizes, supports, cohesions, strict=True):
        total = np.convolve(total, bloc_pmf(int(n), float(p), float(c)))
    total = np.clip(total, 0.0, None)
    return total / total.sum()


def required_yes(kind: ThresholdKind, seats: int, voting: int) -> int:
    """Smallest number of yes votes that passes.

    ``seats`` is the chamber's membership, ``voting`` the members present and voting.

    >>> required_yes(ThresholdKind.TWO_THIRDS_PRESENT, 100, 100)
    67
    >>> required_yes(ThresholdKind.THREE_FIFTHS_OF_MEMBERS, 100, 99)
    60
    >>> required_yes(ThresholdKind.MAJORITY_OF_VOTES_CAST, 435, 431)
    216
    """
    if kind is ThresholdKind.MAJORITY_OF_VOTES_CAST:
        return voting // 2 + 1
    if kind is ThresholdKind.MAJORITY_OF_MEMBERS:
        return seats // 2 + 1
    if kind is ThresholdKind.TWO_THIRDS_PRESENT:
        return -(-2 * voting // 3)
    if kind is ThresholdKind.TWO_THIRDS_OF_MEMBERS:
        return -(-2 * seats // 3)
    if kind is ThresholdKind.THREE_FIFTHS_OF_MEMBERS:
        return -(-3 * seats // 5)
    raise ValueError(kind)


def pass_probability(pmf: FloatArray, required: int) -> float:
    """P(yes ≥ required) from a yes-vote pmf."""
    if required <= 0:
        return 1.0
    if required >= len(pmf):
        return 0.0
    return float(np.clip(pmf[required:].sum(), 0.0, 1.0))


@dataclass(frozen=True)
class BlocVote:
    """One bloc's inputs to a vote."""

    id: str
    seats: int
    support: float
    cohesion: float


@dataclass(frozen=True)
class VoteResult:
    """The exact outcome distribution of one chamber vote."""

    chamber: str
    seats: int
    voting: int
    required: int
    probability: float
    expected_yes: float
    pmf: FloatArray

    def to_json(self) -> dict[str, object]:
        """JSON-ready summary (without the pmf)."""
        return {
            "chamber": self.chamber,
            "seats": self.seats,
            "voting": self.voting,
            "required": self.required,
            "probability": self.probability,
            "expected_yes": self.expected_yes,
        }


def vote(
    chamber: str, seats: int, blocs: Sequence[BlocVote], thresholds: Sequence[ThresholdKind]
) -> VoteResult:
    """P(pass) of a vote that must meet every threshold in ``thresholds`` (e.g. cloture and majority).

    >>> r = vote("senate", 100, [BlocVote("R", 53, 1.0, 1.0), BlocVote("D", 47, 0.0, 1.0)],
    ...          [ThresholdKind.MAJORITY_OF_VOTES_CAST])
    >>> r.required, r.probability
    (51, 1.0)
    """
    voting = sum(b.seats for b in blocs)
    pmf = chamber_pmf([b.seats for b in blocs], [b.support for b in blocs], [b.cohesion for b in blocs])
    required = max(required_yes(t, seats, voting) for t in thresholds)
    expected = float(np.dot(np.arange(len(pmf)), pmf))
    return VoteResult(chamber, seats, voting, required, pass_probability(pmf, required), expected, pmf)


def objection_carried(pmf: FloatArray, voting: int) -> float:
    """P(a motion against the instrument is carried): fewer supporters than opponents.

    >>> round(objection_carried(np.array([0.25, 0.5, 0.25]), 2), 6)
    0.25
    """
    k = np.arange(len(pmf))
    return float(pmf[2 * k < voting].sum())


# --------------------------------------------------------------------------- latent party stances

#: Scrambled-Sobol points: outer draws of the parties' support (epistemic prior) × inner draws of the
#: latent stances given that support.
OUTER_DRAWS = 64
INNER_DRAWS = 512
#: Default prior strength of a stance's ``support`` (as if it rested on this many observed votes).
PRIOR_STRENGTH = 20.0


@dataclass(frozen=True)
class LatentParty:
    """One party's stance: ``support`` (prior mean), ``cohesion`` and, for governing parties, ``defeat_cap``.

    Two levels. The party's support rate ``s`` is uncertain: ``s ~ Beta(support·m, (1 − support)·m)`` with
    prior strength ``m``. Given ``s``, the party's latent stance on this vote — the support rate of its members,
    shared by every chamber the party sits in — is ``θ ~ Beta(s·κ, (1 − s)·κ)`` with κ from cohesion (a
    cohesive party moves as one). ``defeat_cap`` caps P(θ < ½), the party as a whole turning against its own
    government's instrument: the Beta's mass below ½ is scaled down to the cap and the mass above ½ up,
    keeping the shape within each half. ``None``: the stance as written.
    """

    id: str
    support: float
    cohesion: float
    defeat_cap: float | None = None


#: Supports within this distance of 0 or 1 are taken as 0 or 1 (the Beta is then degenerate).
_EDGE = 1e-9


def _kappa(cohesion: float) -> float:
    return min(concentration(cohesion), _BINOMIAL_LIMIT)


def _theta(u: FloatArray, s: FloatArray, cohesion: float, cap: float | None) -> FloatArray:
    """Inverse-CDF transform of uniforms ``u`` to latent stances given supports ``s`` (broadcast)."""
    s = np.clip(np.broadcast_to(s, np.broadcast(u, s).shape).astype(float), 0.0, 1.0)
    s = np.where(s < _EDGE, 0.0, np.where(s > 1.0 - _EDGE, 1.0, s))
    u = np.broadcast_to(u, s.shape)
    kappa = _kappa(cohesion)
    inner = (s > 0.0) & (s < 1.0)
    a = np.where(inner, s * kappa, 1.0)
    b = np.where(inner, (1.0 - s) * kappa, 1.0)
    if kappa >= 1e6:  # members independent: the stance is the support itself
        return np.asarray(s, dtype=float)
    if kappa == 0.0:  # votes as one: θ ∈ {0, 1}
        low = 1.0 - s
        if cap is not None:
            low = np.minimum(low, cap)
        return np.asarray((u >= low).astype(float))
    target = u
    if cap is not None and cap >= 1.0:
        cap = None
    if cap is not None:
        with np.errstate(all="ignore"):
            low = np.where(inner, stats.beta.cdf(0.5, a, b), np.where(s <= 0.0, 1.0, 0.0))
        capped = low > cap
        reweighted = np.where(u < cap, u / cap * low, low + (u - cap) / (1.0 - cap) * (1.0 - low))
        target = np.where(capped, reweighted, u)
        if np.any(capped & (s <= 0.0)):  # written as certain opposition: the cap lifts it to support 1
            target = np.where(capped & (s <= 0.0), u, target)
            s = np.where(capped & (s <= 0.0) & (u >= cap), 1.0, s)
            inner = (s > 0.0) & (s < 1.0)
    with np.errstate(all="ignore"):
        theta = stats.beta.ppf(np.clip(target, 0.0, 1.0), a, b)
    return np.asarray(np.where(inner, theta, np.where(s >= 1.0, 1.0, 0.0)), dtype=float)


def latent_stances(
    parties: Sequence[LatentParty],
    *,
    strength: float | None = PRIOR_STRENGTH,
    outer: int = OUTER_DRAWS,
    inner: int = INNER_DRAWS,
    seed: int = 0,
) -> FloatArray:
    """(outer, inner, parties) draws of the parties' latent stances (scrambled Sobol, seeded: deterministic).

    ``[i, j, k]``: party ``k``'s stance in inner draw ``j`` given outer support draw ``i``. One value per
    party, shared by every chamber and stage it votes in. ``strength=None`` takes each support as known
    (one outer draw).

    >>> th = latent_stances([LatentParty("a", 0.7, 0.5), LatentParty("g", 0.85, 0.7, defeat_cap=0.03)])
    >>> th.shape, round(float(th[..., 0].mean()), 2), round(float((th[..., 1] < 0.5).mean()), 2)
    ((64, 512, 2), 0.7, 0.03)
    """
    k = len(parties)
    n_out = 1 if strength is None else outer
    if k == 0:
        return np.zeros((n_out, inner, 0))
    from scipy.stats import qmc

    u_in = np.clip(qmc.Sobol(d=k, scramble=True, seed=seed).random(inner), 1e-12, 1.0 - 1e-12)
    out = np.empty((n_out, inner, k))
    if strength is not None:
        u_out = np.clip(qmc.Sobol(d=k, scramble=True, seed=seed + 1).random(outer), 1e-12, 1.0 - 1e-12)
    for j, p in enumerate(parties):
        if strength is None or p.support <= _EDGE or p.support >= 1.0 - _EDGE:
            s = np.full((n_out, 1), p.support)
        else:
            s = stats.beta.ppf(u_out[:, j], p.support * strength, (1.0 - p.support) * strength)[:, None]
        out[:, :, j] = _theta(u_in[None, :, j], s, p.cohesion, p.defeat_cap)
    return out


def p_at_least_given(sizes: Sequence[int], theta: FloatArray, required: int) -> FloatArray:
    """P(Σ_b Bin(n_b, θ_b) ≥ required) for each draw of ``theta`` (… × blocs; the last axis is the bloc).

    Given the latent stances, members vote independently; the tail of the sum of binomials is computed with
    the normal approximation with continuity correction and a one-term Edgeworth (skewness) correction,
    exact when every θ is 0 or 1. Vectorised over draws.

    >>> th = np.array([[1.0, 0.0], [0.5, 0.5]])
    >>> p_at_least_given([60, 40], th, 51).round(3).tolist()      # exact: 1.0 and 0.460
    [1.0, 0.46]
    """
    n = np.asarray(sizes, dtype=float)
    theta = np.asarray(theta, dtype=float)
    if required <= 0:
        return np.ones(theta.shape[:-1])
    if required > n.sum():
        return np.zeros(theta.shape[:-1])
    mu = theta @ n
    var = (theta * (1.0 - theta)) @ n
    third = (theta * (1.0 - theta) * (1.0 - 2.0 * theta)) @ n
    spread = var > 1e-12
    sd = np.sqrt(np.where(spread, var, 1.0))
    z = np.clip((required - 0.5 - mu) / sd, -40.0, 40.0)
    gamma = np.where(spread, third / (sd**3), 0.0)
    tail = stats.norm.sf(z) + stats.norm.pdf(z) * gamma / 6.0 * (z**2 - 1.0)
    exact = (mu >= required - 0.5).astype(float)
    return np.asarray(np.clip(np.where(spread, tail, exact), 0.0, 1.0), dtype=float)


def credible_interval(values: FloatArray, level: float = 0.8) -> tuple[float, float]:
    """Equal-tailed interval of P(pass | supports) over the outer (support) draws.

    >>> credible_interval(np.linspace(0, 1, 11))
    (0.1, 0.9)
    """
    lo, hi = np.quantile(values, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return round(float(lo), 10), round(float(hi), 10)
