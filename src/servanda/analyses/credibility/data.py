"""Loading the training data: Berkemeier & Fuhrmann (2018) merged with ATOP 4.01 alliance-level design.

Only used by the refit and the tests; the installed tool never reads these files at run time.

Example (needs the data files, so not run as a doctest)::

    bf = read_bf("../shared/data/atop/BerkemeierFuhrmannRAP2018_0303.dta")
    atop = read_atop("../shared/data/atop/atop-alliance-level.csv")
    td = training_data(bf, atop)
    td.X.shape  # (146, 12)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from servanda.analyses.credibility.features import (
    FEATURES,
    PLEDGES,
    derive_features,
    pledge_class,
)
from servanda.diagnostics import Diagnostic, ServandaError

#: Relevant cases in the replication file (LLM coding), as in the research notes.
EXPECTED_RELEVANT = 146

#: ATOP alliance-level inputs used by the features.
ATOP_INPUTS: tuple[str, ...] = tuple(
    sorted({k for f in FEATURES.values() for k in f.inputs} | {"organ1", "organ2"})
)


def sha256(path: str | Path) -> str:
    """SHA-256 of a file, for provenance."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _fail(message: str) -> ServandaError:
    return ServandaError(Diagnostic("C711", message))


def read_bf(path: str | Path) -> pd.DataFrame:
    """Read the Berkemeier & Fuhrmann replication file (Stata) with pandas."""
    p = Path(path)
    if not p.is_file():
        raise _fail(f"replication file not found: {p}")
    try:
        df = pd.read_stata(p)
    except Exception as exc:  # pragma: no cover - depends on a corrupt file
        raise _fail(f"cannot read {p} as Stata: {exc}") from exc
    needed = {"atopid", "warid", "warname", "sample", "dnaLLM", "honorLLM", *PLEDGES}
    missing = needed - set(df.columns)
    if missing:
        raise _fail(f"{p} lacks columns {sorted(missing)}; is it BerkemeierFuhrmannRAP2018_0303.dta?")
    return df


def read_atop(path: str | Path) -> pd.DataFrame:
    """Read the ATOP 4.01 alliance-level CSV."""
    p = Path(path)
    if not p.is_file():
        raise _fail(f"ATOP alliance-level file not found: {p}")
    df = pd.read_csv(p)
    missing = ({"atopid", *ATOP_INPUTS} - {"organ2", "orgpurp2"}) - set(df.columns)
    if missing:
        raise _fail(f"{p} lacks ATOP columns {sorted(missing)}; is it the alliance-level file?")
    if not df["atopid"].is_unique:
        raise _fail(f"{p}: atopid is not unique; pass the alliance-level (not member-level) file")
    return df


def relevant_cases(bf: pd.DataFrame) -> pd.DataFrame:
    """Cases of alliance performance (``dnaLLM`` != 1) with outcome ``honoured`` (``honorLLM`` = 1).

    ``post1945`` is 1 - ``sample`` (BF: sample = 1 for wars 1816–1944, 0 for 1945–2003).
    """
    r = bf[bf["dnaLLM"] != 1].copy()
    r["honoured"] = (r["honorLLM"] == 1).astype(int)
    r["post1945"] = 1.0 - r["sample"].astype(float)
    r["atopid"] = r["atopid"].astype(int)
    r["warid"] = r["warid"].astype(int)
    return r.reset_index(drop=True)


def bf_counts(bf: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """The headline counts of the research notes, as (honoured, n), using BF's own pledge columns.

    Keys: ``all``, ``1816-1944``, ``1945-2003``, each pledge, and ``defense 1816-1944`` /
    ``defense 1945-2003``.
    """
    r = relevant_cases(bf)

    def c(mask: pd.Series) -> tuple[int, int]:
        return int(r.loc[mask, "honoured"].sum()), int(mask.sum())

    out = {
        "all": c(r["honoured"] >= 0),
        "1816-1944": c(r["post1945"] == 0),
        "1945-2003": c(r["post1945"] == 1),
    }
    for p in PLEDGES:
        out[p] = c(r[p] == 1)
    out["defense 1816-1944"] = c((r["defense"] == 1) & (r["post1945"] == 0))
    out["defense 1945-2003"] = c((r["defense"] == 1) & (r["post1945"] == 1))
    return out


@dataclass
class TrainingData:
    """Merged, feature-coded training cases."""

    frame: pd.DataFrame  # one row per relevant case: ids, outcome, derived features, pledge class
    X: pd.DataFrame  # candidate features (NaN = missing)
    y: np.ndarray
    groups: np.ndarray  # warid, for grouped CV and the cluster bootstrap
    merge: dict[str, object]  # merge report


def training_data(bf: pd.DataFrame, atop: pd.DataFrame) -> TrainingData:
    """Merge the relevant BF cases with ATOP alliance-level design features by ``atopid``.

    BF's ``atopid`` is an ATOP v3.0 id; the merge checks that every relevant case finds its alliance in
    ATOP 4.01 and reports the pledge agreement between BF's and ATOP 4.01's coding.
    """
    r = relevant_cases(bf)
    if len(r) != EXPECTED_RELEVANT:
        raise _fail(f"expected {EXPECTED_RELEVANT} relevant cases (dnaLLM != 1), found {len(r)}")
    all_ids = set(bf["atopid"].dropna().astype(int))
    atop_ids = set(atop["atopid"].astype(int))
    cols = ["atopid", *[c for c in ATOP_INPUTS if c in atop.columns]]
    m = r[["atopid", "warid", "warname", "post1945", "honoured", *PLEDGES]].merge(
        atop[cols], on="atopid", how="left", suffixes=("_bf", ""), indicator=True
    )
    unmatched = int((m["_merge"] != "both").sum())
    if unmatched:
        raise _fail(f"{unmatched} relevant cases have an atopid missing from the ATOP file")
    agreement = {p: int((m[f"{p}_bf"] == m[p]).sum()) for p in PLEDGES}
    merge: dict[str, object] = {
        "key": "atopid (BF: ATOP v3.0 id; ATOP file: v4.01 id)",
        "bf_rows": len(bf),
        "bf_rows_matched": int(bf["atopid"].dropna().astype(int).isin(atop_ids).sum()),
        "bf_atopids_unmatched": sorted(all_ids - atop_ids),
        "relevant_cases": len(r),
        "relevant_cases_matched": len(r) - unmatched,
        "relevant_alliances": int(r["atopid"].nunique()),
        "wars": int(r["warid"].nunique()),
        "pledge_agreement_bf_vs_atop401": agreement,
    }
    rows = []
    for rec in m.to_dict("records"):
        atop_vals = {k: rec.get(k) for k in ATOP_INPUTS}
        for p in PLEDGES:
            atop_vals[p] = rec[p]
        d = derive_features(atop_vals, post1945=float(rec["post1945"]))
        rows.append(d.values)
    X = pd.DataFrame(rows, columns=list(FEATURES)).astype(float)
    frame = pd.concat([m[["atopid", "warid", "warname", "honoured"]].reset_index(drop=True), X], axis=1)
    frame["atop_base"] = m["base"].to_numpy(dtype=float) if "base" in m.columns else np.nan
    frame["pledge_class"] = [pledge_class(v) for v in rows]
    return TrainingData(
        frame=frame,
        X=X,
        y=m["honoured"].to_numpy(dtype=int),
        groups=m["warid"].to_numpy(dtype=int),
        merge=merge,
    )


def atop_codes(atop: pd.DataFrame, columns: tuple[str, ...] = ATOP_INPUTS) -> dict[str, list[float]]:
    """Codes observed in ATOP 4.01 for each input variable (support check for C702)."""
    out: dict[str, list[float]] = {}
    for c in columns:
        if c in atop.columns:
            out[c] = sorted(float(v) for v in atop[c].dropna().unique())
    for p in PLEDGES:
        out.setdefault(p, [0.0, 1.0])
    return out
