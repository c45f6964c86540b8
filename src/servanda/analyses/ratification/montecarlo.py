"""Monte Carlo of the same models — only as a cross-check of the exact computations.

Draws are vectorised (draws × blocs arrays) and seeded. Used by tests and by
``benchmarks/bench_ratify.py``; the analyses themselves never sample.

Example:
    >>> import numpy as np
    >>> from servanda.analyses.ratification.votes import BlocVote
    >>> yes = simulate_yes([BlocVote("a", 10, 1.0, 0.5)], 5, np.random.default_rng(0))
    >>> yes.tolist()
    [10, 10, 10, 10, 10]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from servanda.analyses.legislatures.jurisdictions import Agenda, DayUnit, LegislativeCalendar, Stage
from servanda.analyses.ratification.votes import BlocVote, concentration

IntArray = NDArray[np.int64]


def simulate_yes(blocs: Sequence[BlocVote], n_draws: int, rng: np.random.Generator) -> IntArray:
    """Total yes votes in ``n_draws`` simulated chamber votes (beta-binomial blocs)."""
    total = np.zeros(n_draws, dtype=np.int64)
    for b in blocs:
        if b.seats == 0:
            continue
        if b.support <= 0.0 or b.support >= 1.0:
            theta = np.full(n_draws, float(b.support >= 1.0))
        else:
            kappa = concentration(b.cohesion)
            if kappa == 0.0:
                theta = (rng.random(n_draws) < b.support).astype(float)
            else:
                theta = rng.beta(b.support * kappa, (1.0 - b.support) * kappa, size=n_draws)
        total += rng.binomial(b.seats, theta)
    return total


def simulate_pass(
    blocs: Sequence[BlocVote], required: int, n_draws: int, seed: int = 0
) -> tuple[float, float]:
    """Estimated P(yes ≥ required) and its standard error."""
    rng = np.random.default_rng(seed)
    hits = simulate_yes(blocs, n_draws, rng) >= required
    p = float(hits.mean())
    return p, float(np.sqrt(max(p * (1.0 - p), 1e-12) / n_draws))


def simulate_approvals(ps: Sequence[float], n_draws: int, seed: int = 0) -> NDArray[np.float64]:
    """Simulated distribution of the number of approvals of independent Bernoulli(p_j)."""
    rng = np.random.default_rng(seed)
    draws = rng.random((n_draws, len(ps))) < np.asarray(ps)
    counts = draws.sum(axis=1)
    return np.bincount(counts, minlength=len(ps) + 1) / n_draws


def _lognormal_days(rng: np.random.Generator, median: float, sigma: float, n: int) -> IntArray:
    if median <= 0:
        return np.zeros(n, dtype=np.int64)
    return np.rint(rng.lognormal(np.log(median), sigma, n)).astype(np.int64)


def simulate_completion_days(
    agenda: Agenda | None,
    stages: Sequence[Stage],
    cal: LegislativeCalendar,
    start: date,
    n_draws: int,
    seed: int = 0,
    horizon: int = 4 * 365 + 1,
) -> IntArray:
    """Simulated completion day indices (``horizon`` = beyond the horizon) of a route.

    Mirrors :func:`.timing.time_to_ratify` (agenda delay, stage durations with caps, optional
    stages, waivers, sitting-day counting) for use as a cross-check.
    """
    from servanda.analyses.legislatures.jurisdictions import StageKind
    from servanda.analyses.ratification.timing import sitting_days

    rng = np.random.default_rng(seed)
    sits = sitting_days(cal, start, horizon)
    cum = np.concatenate([np.cumsum(sits), [np.iinfo(np.int64).max]])
    pos = np.concatenate([np.flatnonzero(sits), [horizon]])
    day = np.zeros(n_draws, dtype=np.int64)
    if agenda is not None:
        hold = rng.random(n_draws) < agenda.holdout_probability
        routine = _lognormal_days(rng, agenda.routine_median_days, agenda.routine_sigma, n_draws)
        held = _lognormal_days(rng, agenda.holdout_median_days, agenda.holdout_sigma, n_draws)
        day += np.where(hold, held, routine)
    for st in stages:
        dur = st.min_days + _lognormal_days(rng, st.median_extra_days, st.sigma, n_draws)
        if st.cap_days is not None:
            dur = np.minimum(dur, st.cap_days)
        if st.kind is StageKind.CONSTITUTIONAL_REVIEW and st.probability < 1.0:
            dur = np.where(rng.random(n_draws) < st.probability, dur, 0)
        if st.kind is StageKind.NEGATIVE_PROCEDURE and st.bypass_probability > 0.0:
            dur = np.where(rng.random(n_draws) < st.bypass_probability, 0, dur)
        if st.unit is DayUnit.SITTING:
            inside = day < horizon
            idx = np.minimum(day, horizon - 1)
            target = cum[idx] + dur  # index of the needed sitting day (1-based)
            new = np.where(dur == 0, day, pos[np.minimum(target - 1, len(pos) - 1)])
            day = np.where(inside, new, horizon)
        else:
            day = day + dur
        day = np.minimum(day, horizon)
    return day
