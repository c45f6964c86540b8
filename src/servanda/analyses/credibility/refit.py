"""Refit the credibility model and rewrite ``model.json``; print the evaluation as Markdown.

Usage (from the repository root)::

    uv run --frozen python -m servanda.analyses.credibility.refit \\
        --data ../shared/data/atop/BerkemeierFuhrmannRAP2018_0303.dta \\
        --atop ../shared/data/atop/atop-alliance-level.csv \\
        --out src/servanda/data/credibility/model.json

Exit status 0 on success, 2 on bad input (diagnostic C711).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sklearn

from servanda.analyses.credibility.data import (
    atop_codes,
    bf_counts,
    read_atop,
    read_bf,
    sha256,
    training_data,
)
from servanda.analyses.credibility.features import FEATURES
from servanda.analyses.credibility.fit import (
    BOOTSTRAP_DRAWS,
    BOOTSTRAP_SEED,
    CS,
    INNER_FOLDS,
    INNER_SEED,
    Fitted,
    SpecFit,
    alternative_classes,
    bootstrap_draws,
    fit,
    reference_classes,
    support_patterns,
)
from servanda.analyses.credibility.model import SCHEMA
from servanda.analyses.credibility.validation import (
    OUTER_FOLDS,
    OUTER_REPEATS,
    OUTER_SEED,
    cross_validate,
)
from servanda.diagnostics import ServandaError

COMMAND = (
    "uv run --frozen python -m servanda.analyses.credibility.refit "
    "--data ../shared/data/atop/BerkemeierFuhrmannRAP2018_0303.dta "
    "--atop ../shared/data/atop/atop-alliance-level.csv "
    "--out src/servanda/data/credibility/model.json"
)

#: The counts in the research notes (honoured, n), checked on every refit.
NOTES_COUNTS: dict[str, tuple[int, int]] = {
    "all": (73, 146),
    "1816-1944": (61, 92),
    "1945-2003": (12, 54),
    "defense": (42, 102),
    "offense": (31, 42),
    "neutral": (35, 45),
    "nonagg": (18, 49),
    "defense 1816-1944": (36, 59),
    "defense 1945-2003": (6, 43),
}


def _r(v: float, nd: int = 8) -> float:
    return round(float(v), nd)


def _spec_doc(sf: SpecFit) -> dict[str, Any]:
    return {
        "features": list(sf.features),
        "C": _r(sf.C, 10),
        "inner_cv_brier": _r(sf.inner_brier),
        "intercept": _r(sf.intercept),
        "coef": {f: _r(c) for f, c in zip(sf.features, sf.coef, strict=True)},
    }


#: Note on the alternative reference classes (shipped in model.json).
ALTERNATIVE_NOTE = (
    "alternative_classes (issue 12, item 5): honoured/n of each pledge class restricted to asymmetric pledges, "
    "basing or stationed forces (ATOP base > 0) and high institutionalisation, from the same two files "
    "(servanda.analyses.credibility.fit.alternative_classes; written by the refit too)."
)


def _notes(fitted: Fitted) -> list[str]:
    sel = fitted.selected
    scores = ", ".join(f"{n} {sf.inner_brier:.4f}" for n, sf in fitted.candidates.items())
    notes = [f"Specification '{sel.spec}' selected by inner-CV Brier score ({scores})."]
    unused = [f for sf in fitted.candidates.values() for f in sf.features if f not in sel.features]
    if unused:
        notes.append(
            "Design features "
            + ", ".join(dict.fromkeys(unused))
            + " were evaluated and not selected: adding them did not improve the cross-validated Brier "
            "score, so they do not change the estimate."
        )
    notes.append(ALTERNATIVE_NOTE)
    return notes


def build(data: Path, atop_path: Path, *, draws: int = BOOTSTRAP_DRAWS, cv: bool = True) -> dict[str, Any]:
    """Fit, bootstrap and (optionally) cross-validate; return the ``model.json`` document."""
    bf = read_bf(data)
    atop = read_atop(atop_path)
    counts = bf_counts(bf)
    td = training_data(bf, atop)
    fitted = fit(td.X, td.y)
    sel = fitted.selected
    boot = bootstrap_draws(td.X, td.y, td.groups, sel, draws=draws)
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "title": "Honouring of alliance commitments in war: regularised logistic regression",
        "outcome": {
            "variable": "honorLLM (1 = honoured) among cases with dnaLLM != 1",
            "cases": len(td.y),
            "honoured": int(td.y.sum()),
            "coding": "Leeds, Long & Mitchell standard as extended by Berkemeier & Fuhrmann (2018)",
        },
        "provenance": {
            "data": [
                {
                    "file": data.name,
                    "sha256": sha256(data),
                    "source": "joshuaalley/arms-allies data/leeds-anac-replication/, commit "
                    "12c80c53fb68fba17d7d55b805a538ad456537cc (re-posted replication file)",
                    "citation": "Berkemeier, Molly and Matthew Fuhrmann. 2018. Reassessing the Fulfillment of "
                    "Alliance Commitments in War. Research & Politics 5(2).",
                },
                {
                    "file": atop_path.name,
                    "sha256": sha256(atop_path),
                    "source": "ATOP 4.01 alliance-level file via joshuaalley/arms-allies data/, commit "
                    "3bfbe39b58ab330dd67787e4089dfc0d285f3524",
                    "citation": "Leeds, Ritter, Mitchell & Long. 2002. Alliance Treaty Obligations and "
                    "Provisions, 1815-1944. International Interactions 28: 237-60; ATOP codebook v4.01.",
                },
            ],
            "licence": "The data carry no licence; only derived coefficients, counts and design patterns "
            "are shipped here.",
            "command": COMMAND,
            "software": {
                "scikit-learn": sklearn.__version__,
                "numpy": np.__version__,
                "pandas": pd.__version__,
            },
        },
        "notes_counts_bf_pledges": {k: list(v) for k, v in counts.items()},
        "merge": td.merge,
        "procedure": {
            "estimator": "sklearn LogisticRegressionCV, L2 penalty (l1_ratio 0), newton-cholesky, unstandardised "
            "0/1 features (penalty = N(0, C) prior on each log-odds effect), mean imputation",
            "C_grid": [_r(c, 10) for c in CS],
            "inner_cv": f"StratifiedKFold({INNER_FOLDS}, shuffle, random_state={INNER_SEED}), Brier score",
            "selection": "specification with the lowest inner-CV Brier score (ties: fewer features)",
            "outer_cv": f"RepeatedStratifiedKFold({OUTER_FOLDS}, {OUTER_REPEATS}, random_state={OUTER_SEED}) "
            "and LeaveOneGroupOut by war; the whole procedure reruns in every outer fold",
        },
        "selected_spec": sel.spec,
        "features": list(sel.features),
        "feature_descriptions": {f: FEATURES[f].description for f in FEATURES},
        "C": _r(sel.C, 10),
        "intercept": _r(sel.intercept),
        "coef": {f: _r(c) for f, c in zip(sel.features, sel.coef, strict=True)},
        "means": {f: _r(m) for f, m in zip(sel.features, sel.means, strict=True)},
        "candidates": {name: _spec_doc(sf) for name, sf in fitted.candidates.items()},
        "bootstrap": {
            "method": "war-cluster bootstrap (wars resampled with replacement), C fixed at the selected value",
            "seed": BOOTSTRAP_SEED,
            "draws": int(boot.shape[0]),
            "columns": ["intercept", *sel.features],
            "values": [[round(float(v), 6) for v in row] for row in boot],
        },
        "support": {
            "patterns": support_patterns(td.X, sel.features),
            "patterns_note": "distinct training feature vectors with case counts; -1 = missing",
            "atop_codes": atop_codes(atop),
        },
        "reference_classes": reference_classes(td.frame),
        "alternative_classes": alternative_classes(td.frame),
        "notes": _notes(fitted),
        "cv": {},
    }
    if cv:
        for scheme in ("repeated_stratified_5fold", "leave_one_war_out"):
            doc["cv"][scheme] = cross_validate(td.X, td.y, td.groups, td.frame, scheme).summary()
    return doc


def _fmt(v: float) -> str:
    return "–" if isinstance(v, float) and math.isnan(v) else f"{v:.3f}"


def report(doc: dict[str, Any]) -> str:
    """Markdown tables of the evaluation, as pasted into ``docs/credibility.md``."""
    out = [f"Selected specification: `{doc['selected_spec']}` (C = {doc['C']:.4g})", ""]
    out += ["| scheme | model | base rate | era base rate | reference class | model − era (± SE) |"]
    out += ["|---|---|---|---|---|---|"]
    for scheme, s in doc["cv"].items():
        b = s["brier"]
        d = s["model_minus_era_base_rate"]
        out.append(
            f"| {scheme} | {b['model']:.4f} | {b['base_rate']:.4f} | {b['era_base_rate']:.4f} | "
            f"{b['reference_class']:.4f} | {d['mean']:+.4f} ± {d['se']:.4f} |"
        )
    for scheme, s in doc["cv"].items():
        out += ["", f"Calibration ({scheme}, out-of-fold predictions):", ""]
        out += ["| predicted | n | mean predicted | observed |", "|---|---|---|---|"]
        for row in s["calibration"]:
            out.append(
                f"| {row['bin_low']:.1f}–{row['bin_high']:.1f} | {row['n']} | "
                f"{_fmt(row['mean_predicted'])} | {_fmt(row['observed'])} |"
            )
        out += ["", f"Specification chosen in the outer folds: {s['selected_specs']}"]
    out += ["", "Coefficients (log-odds, raw 0/1 features):", ""]
    names = list(doc["candidates"])
    out += ["| feature | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    feats = list(dict.fromkeys(f for n in names for f in doc["candidates"][n]["features"]))
    out.append(
        "| intercept | " + " | ".join(f"{doc['candidates'][n]['intercept']:+.3f}" for n in names) + " |"
    )
    for f in feats:
        cells = [
            f"{doc['candidates'][n]['coef'][f]:+.3f}" if f in doc["candidates"][n]["coef"] else ""
            for n in names
        ]
        out.append(f"| {f} | " + " | ".join(cells) + " |")
    out.append("| C | " + " | ".join(f"{doc['candidates'][n]['C']:.4g}" for n in names) + " |")
    out.append(
        "| inner-CV Brier | "
        + " | ".join(f"{doc['candidates'][n]['inner_cv_brier']:.4f}" for n in names)
        + " |"
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(
        prog="python -m servanda.analyses.credibility.refit", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--data", required=True, type=Path, help="BerkemeierFuhrmannRAP2018_0303.dta")
    ap.add_argument("--atop", required=True, type=Path, help="ATOP 4.01 alliance-level CSV")
    ap.add_argument("--out", required=True, type=Path, help="model.json to write")
    ap.add_argument("--draws", type=int, default=BOOTSTRAP_DRAWS, help="bootstrap draws")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        doc = build(args.data, args.atop, draws=args.draws)
    except ServandaError as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    mismatched = {
        k: (doc["notes_counts_bf_pledges"].get(k), list(v))
        for k, v in NOTES_COUNTS.items()
        if doc["notes_counts_bf_pledges"].get(k) != list(v)
    }
    if mismatched:
        print(f"warning: counts differ from the research notes: {mismatched}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report(doc))
    print(f"\nwrote {args.out} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
