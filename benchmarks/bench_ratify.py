"""Benchmark: exact ratification computations vs a 10^5-draw Monte Carlo of the same model.

Not a unit test. For each quantity it times the exact method (best of several repeats) and a
seeded 100,000-draw Monte Carlo, checks that the answers agree within sampling error, and prints
the speed ratio (Monte Carlo time / exact time).

Run:
    uv run --frozen python benchmarks/bench_ratify.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np

from servanda.analyses.legislatures.jurisdictions import ThresholdKind, load_jurisdiction
from servanda.analyses.packages.probability import p_at_least
from servanda.analyses.ratification.montecarlo import (
    simulate_approvals,
    simulate_completion_days,
    simulate_yes,
)
from servanda.analyses.ratification.timing import time_to_ratify
from servanda.analyses.ratification.votes import BlocVote, required_yes, vote

DRAWS = 100_000


def best_of(fn: Callable[[], Any], repeats: int = 7) -> tuple[float, Any]:
    """Fastest wall time of ``repeats`` runs and the last result."""
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def report(name: str, t_exact: float, t_mc: float, exact: float, mc: float) -> None:
    se = float(np.sqrt(max(exact * (1 - exact), 1e-12) / DRAWS))
    z = (mc - exact) / se if se > 0 else 0.0
    print(
        f"{name:<46} exact {exact:.5f} in {t_exact * 1e3:8.2f} ms | MC {mc:.5f} (SE {se:.5f}, z {z:+.2f}) "
        f"in {t_mc * 1e3:8.1f} ms | MC/exact time {t_mc / t_exact:7.1f}x"
    )


def main() -> None:
    print(f"Monte Carlo draws: {DRAWS:,}; exact = convolution (no sampling)\n")
    senate = [BlocVote("R", 53, 0.65, 0.5), BlocVote("D", 45, 0.8, 0.5), BlocVote("I", 2, 0.8, 0.5)]
    need = required_yes(ThresholdKind.THREE_FIFTHS_OF_MEMBERS, 100, 100)
    t_e, res = best_of(
        lambda: vote("senate", 100, senate, [ThresholdKind.THREE_FIFTHS_OF_MEMBERS]).probability
    )
    t_m, mc = best_of(
        lambda: float((simulate_yes(senate, DRAWS, np.random.default_rng(1)) >= need).mean()), 3
    )
    report("US Senate cloture (60 of 100), 3 blocs", t_e, t_m, res, mc)

    house = [BlocVote("R", 218, 0.65, 0.5), BlocVote("D", 213, 0.8, 0.5)]
    t_e, res = best_of(lambda: vote("house", 435, house, [ThresholdKind.MAJORITY_OF_VOTES_CAST]).probability)
    t_m, mc = best_of(lambda: float((simulate_yes(house, DRAWS, np.random.default_rng(2)) >= 216).mean()), 3)
    report("US House majority (216 of 431), 2 blocs", t_e, t_m, res, mc)

    bundestag = [
        BlocVote("CDU/CSU", 208, 0.93, 0.8),
        BlocVote("AfD", 152, 0.05, 0.9),
        BlocVote("SPD", 120, 0.88, 0.7),
        BlocVote("Gruene", 85, 0.9, 0.8),
        BlocVote("Linke", 64, 0.15, 0.7),
        BlocVote("SSW", 1, 0.7, 1.0),
    ]
    t_e, res = best_of(lambda: vote("bt", 630, bundestag, [ThresholdKind.MAJORITY_OF_VOTES_CAST]).probability)
    t_m, mc = best_of(
        lambda: float((simulate_yes(bundestag, DRAWS, np.random.default_rng(3)) >= 316).mean()), 3
    )
    report("Bundestag majority (316 of 630), 6 blocs", t_e, t_m, res, mc)

    ps = [0.584, 0.996, 0.873, 0.873, 1.0, 0.855]
    t_e, res = best_of(lambda: p_at_least(ps, 5, 0.0))
    t_m, mc = best_of(lambda: float(simulate_approvals(ps, DRAWS, seed=4)[5:].sum()), 3)
    report("package: P(at least 5 of 6 approve)", t_e, t_m, res, mc)

    jur = load_jurisdiction("FRA")
    route = jur.route("treaty")
    start = date(2026, 12, 1)
    t_e, dist = best_of(lambda: time_to_ratify(jur, route, start)[0], 3)
    t_m, days = best_of(
        lambda: simulate_completion_days(jur.agenda, route.stages, jur.calendar, start, DRAWS, seed=5), 3
    )
    report(
        "France time to ratify: P(done within 90 days)", t_e, t_m, dist.cdf(90), float((days <= 90).mean())
    )
    print(f"{'':<46} exact median {dist.quantile(0.5)} d vs MC median {int(np.median(days))} d")


if __name__ == "__main__":
    main()
