"""The default correlation between guarantors, and the fit behind it (Berkemeier & Fuhrmann 2018).

The data: the 146 cases of alliance performance in Berkemeier & Fuhrmann's replication file (alliance × war,
1816–2003, LLM coding), 45 wars, 121 cases in the 20 wars with more than one case. The model is the copula of
:mod:`.copula` with the war as the common factor: case *i* of war *w* is honoured iff
``sqrt(rho) Z_w + sqrt(1 - rho) e_i < tau_c(i)``, with one threshold per pledge class × era cell (the reference
classes of ``docs/credibility.md``; the marginals are the cells' rates) and ``rho`` the latent correlation of
two cases in the same war. It is fitted by maximum likelihood (each war's likelihood integrated over
``Z_w`` by Gauss–Hermite quadrature) and profiled over ``rho``.

What it measures and what it does not: the correlation between *different alliances* whose casus foederis
arose in the *same war*. A multilateral alliance is one case (its members are judged together), so the
correlation between co-guarantors of one beneficiary deciding in the same crisis is not in the data; it is
at least as strong as that between unrelated alliances in one war. The shipped default is therefore the
upper end of the 95 % profile-likelihood interval (the largest correlation the data do not reject), not the
point estimate, which is close to 0 (see ``docs/assess.md``).

Refit (about 10 s; prints the numbers and writes the JSON shipped in ``servanda/data/assess``)::

    uv run --frozen python -m servanda.analyses.assess.correlation \
        --data ../shared/data/atop/BerkemeierFuhrmannRAP2018_0303.dta --out src/servanda/data/assess/correlation.json

>>> d = default_correlation()
>>> 0.0 <= d.estimate <= d.default <= d.upper <= 1.0, d.source.startswith("Berkemeier")
(True, True)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import brentq, minimize
from scipy.special import log_ndtr, ndtri

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = "servanda.assess-correlation/1"
#: chi-square(1) 95 % quantile / 2: the drop in log-likelihood at the ends of the 95 % profile interval.
_HALF_CHI2_95 = 3.841458820694124 / 2
_TAU_BOUND = 4.0
_RHO_MAX = 0.99


@dataclass(frozen=True)
class CorrelationDefault:
    """The shipped default correlation, its estimate and interval, and where they come from."""

    default: float
    estimate: float
    lower: float
    upper: float
    cases: int
    wars: int
    wars_with_several_cases: int
    source: str
    measures: str
    rationale: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "default": self.default,
            "estimate": self.estimate,
            "interval_95": [self.lower, self.upper],
            "cases": self.cases,
            "wars": self.wars,
            "wars_with_several_cases": self.wars_with_several_cases,
            "source": self.source,
            "measures": self.measures,
            "rationale": self.rationale,
        }


def _data_path() -> Path:
    return Path(str(resources.files("servanda").joinpath("data/assess/correlation.json")))


@lru_cache(maxsize=1)
def default_correlation() -> CorrelationDefault:
    """The shipped default (``servanda/data/assess/correlation.json``)."""
    doc = json.loads(_data_path().read_text(encoding="utf-8"))
    if doc.get("schema") != SCHEMA:
        raise ValueError(f"correlation.json: schema {doc.get('schema')!r} != {SCHEMA!r}")
    fit = doc["fit"]
    return CorrelationDefault(
        default=float(doc["default"]),
        estimate=float(fit["estimate"]),
        lower=float(fit["interval_95"][0]),
        upper=float(fit["interval_95"][1]),
        cases=int(fit["cases"]),
        wars=int(fit["wars"]),
        wars_with_several_cases=int(fit["wars_with_several_cases"]),
        source=str(doc["source"]),
        measures=str(doc["measures"]),
        rationale=str(doc["rationale"]),
    )


# --------------------------------------------------------------------------- fit


@dataclass(frozen=True)
class WarData:
    """Outcomes, cell index and war index of each case."""

    y: np.ndarray
    cell: np.ndarray
    war: np.ndarray
    cells: tuple[str, ...]


def war_data(cases: pd.DataFrame) -> WarData:
    """Cases (``honoured``, ``warid``, ``post1945`` and the five pledge columns) as arrays for the fit."""
    from servanda.analyses.credibility.features import pledge_class

    pledges = ("defense", "offense", "neutral", "nonagg", "consul")
    rows = cases[list(pledges)].astype(float).to_numpy()
    cls = [str(pledge_class(dict(zip(pledges, map(float, row), strict=True)))) for row in rows]
    era = cases["post1945"].astype(int).astype(str).tolist()
    labels = [f"{c}_{e}" for c, e in zip(cls, era, strict=True)]
    cells = tuple(sorted(set(labels)))
    index = {c: i for i, c in enumerate(cells)}
    _, war = np.unique(cases["warid"].to_numpy(), return_inverse=True)
    return WarData(
        cases["honoured"].to_numpy(dtype=float),
        np.array([index[c] for c in labels]),
        war,
        cells,
    )


def log_likelihood(data: WarData, tau: np.ndarray, rho: float, nodes: int = 80) -> float:
    """Log-likelihood of the copula model (war as the common factor), quadrature over each war's factor."""
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    logw = np.log(w / w.sum())
    z = (tau[data.cell][:, None] - np.sqrt(rho) * x[None, :]) / np.sqrt(1.0 - rho)
    ll = np.where(data.y[:, None] == 1.0, log_ndtr(z), log_ndtr(-z))
    per_war = np.zeros((int(data.war.max()) + 1, len(x)))
    np.add.at(per_war, data.war, ll)
    top = per_war.max(axis=1, keepdims=True)
    return float((top[:, 0] + np.log(np.exp(per_war - top + logw).sum(axis=1))).sum())


def _profile(data: WarData, rho: float, start: np.ndarray) -> tuple[float, np.ndarray]:
    bounds = [(-_TAU_BOUND, _TAU_BOUND)] * len(start)
    res = minimize(lambda t: -log_likelihood(data, t, rho), start, method="L-BFGS-B", bounds=bounds)
    return -float(res.fun), np.asarray(res.x)


def fit(data: WarData) -> dict[str, Any]:
    """Maximum-likelihood rho and its 95 % profile-likelihood interval."""
    rates = np.array([data.y[data.cell == c].mean() for c in range(len(data.cells))])
    start = np.clip(ndtri(np.clip(rates, 1e-3, 1 - 1e-3)), -_TAU_BOUND, _TAU_BOUND)
    grid = np.round(np.linspace(0.0, 0.9, 19), 2)
    profile = [_profile(data, float(r), start) for r in grid]
    lls = np.array([ll for ll, _ in profile])
    best = int(np.argmax(lls))
    lo_b, hi_b = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
    res = minimize(
        lambda v: -_profile(data, float(v[0]), profile[best][1])[0],
        [grid[best]],
        method="L-BFGS-B",
        bounds=[(float(lo_b), float(hi_b))],
    )
    rho_hat = float(res.x[0])
    ll_hat = max(-float(res.fun), float(lls.max()))
    cut = ll_hat - _HALF_CHI2_95

    def gap(r: float) -> float:
        return _profile(data, r, start)[0] - cut

    upper = brentq(gap, rho_hat, _RHO_MAX, xtol=1e-4) if gap(_RHO_MAX) < 0 else _RHO_MAX
    lower = 0.0 if gap(0.0) >= 0 else brentq(gap, 0.0, rho_hat, xtol=1e-4)
    sizes = np.bincount(data.war)
    return {
        "estimate": round(rho_hat, 4),
        "interval_95": [round(float(lower), 4), round(float(upper), 4)],
        "log_likelihood": round(ll_hat, 4),
        "profile": {f"{r:.2f}": round(float(v), 4) for r, v in zip(grid, lls, strict=True)},
        "cases": len(data.y),
        "wars": len(sizes),
        "wars_with_several_cases": int((sizes > 1).sum()),
        "cells": {
            c: [int(data.y[data.cell == i].sum()), int((data.cell == i).sum())]
            for i, c in enumerate(data.cells)
        },
    }


def build(path: Path) -> dict[str, Any]:
    """The JSON document shipped as ``data/assess/correlation.json``."""
    from servanda.analyses.credibility.data import read_bf, relevant_cases, sha256

    result = fit(war_data(relevant_cases(read_bf(path))))
    upper = result["interval_95"][1]
    return {
        "schema": SCHEMA,
        "default": round(upper, 2),
        "source": "Berkemeier, Molly and Matthew Fuhrmann. 2018. 'Reassessing the Fulfillment of Alliance "
        "Commitments in War.' Research & Politics 5(2); replication file BerkemeierFuhrmannRAP2018_0303.dta "
        "(LLM coding, dnaLLM != 1: 146 cases).",
        "data_sha256": sha256(path),
        "measures": "latent correlation of honouring between two alliance cases whose casus foederis arose "
        "in the same war (one-factor Gaussian copula, war as the factor, thresholds per pledge class x era)",
        "rationale": "co-guarantors of one beneficiary decide in one crisis and coordinate; the data measure "
        "only unrelated alliances in one war (a multilateral alliance is one case), a lower bound for them. "
        "The default is the upper end of the 95 % profile-likelihood interval, rounded to 0.01: the largest "
        "correlation the data do not reject.",
        "reproduce": "python -m servanda.analyses.assess.correlation --data BerkemeierFuhrmannRAP2018_0303.dta "
        "--out src/servanda/data/assess/correlation.json",
        "fit": result,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the refit (exit 2 when the data file is missing, C711)."""
    from servanda.diagnostics import ServandaError

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="BerkemeierFuhrmannRAP2018_0303.dta")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here (default: print)")
    args = parser.parse_args(argv)
    try:
        doc = build(args.data)
    except ServandaError as exc:
        print(exc, file=sys.stderr)
        return 2
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        fitted = doc["fit"]
        print(
            f"rho = {fitted['estimate']} (95 % {fitted['interval_95'][0]}–{fitted['interval_95'][1]}); "
            f"default {doc['default']}; {fitted['cases']} cases in {fitted['wars']} wars"
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
