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
