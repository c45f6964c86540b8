"""Out-of-sample evaluation: nested cross-validated Brier score against base-rate models.

The whole fitting procedure (:func:`~servanda.analyses.credibility.fit.fit`, including the choice of
specification and penalty) is rerun inside every outer training fold, so the reported score is not
flattered by those choices. Comparators, each estimated on the outer training fold only:

* ``base_rate`` — the overall share honoured;
* ``era_base_rate`` — the share honoured in the case's era (1816–1944 or 1945–2003);
* ``reference_class`` — the share honoured in the case's pledge class × era, pooled over eras below
  10 cases and falling back to the era rate for a class with no case (the rule ``predict`` reports).

Two outer schemes: repeated stratified 5-fold (10 repeats) and leave-one-war-out (all cases of a war are
held out together, which is harsher because cases of one war are not independent).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import LeaveOneGroupOut, RepeatedStratifiedKFold

from servanda.analyses.credibility.fit import MIN_CLASS_N, fit

OUTER_FOLDS = 5
OUTER_REPEATS = 10
OUTER_SEED = 2018
CALIBRATION_EDGES: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
COMPARATORS = ("model", "base_rate", "era_base_rate", "reference_class")


def _ref_class_rate(frame_tr: pd.DataFrame, y_tr: np.ndarray, cls: str | None, era: float) -> float:
    era_mask = frame_tr["post1945"].to_numpy() == era
    era_rate = float(y_tr[era_mask].mean()) if era_mask.any() else float(y_tr.mean())
    if cls is None:
        return era_rate
    cls_mask = frame_tr["pledge_class"].to_numpy() == cls
    both = cls_mask & era_mask
    if both.sum() >= MIN_CLASS_N:
        return float(y_tr[both].mean())
    if cls_mask.sum() > 0:
        return float(y_tr[cls_mask].mean())
    return era_rate


def _splits(
    scheme: str, X: pd.DataFrame, y: np.ndarray, groups: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    if scheme == "repeated_stratified_5fold":
        rskf = RepeatedStratifiedKFold(n_splits=OUTER_FOLDS, n_repeats=OUTER_REPEATS, random_state=OUTER_SEED)
        yield from rskf.split(X, y)
    elif scheme == "leave_one_war_out":
        yield from LeaveOneGroupOut().split(X, y, groups=groups)
    else:
        raise ValueError(scheme)


@dataclass
class CVResult:
    """Out-of-fold predictions (averaged over repeats) and summary metrics of one scheme."""

    scheme: str
    oof: dict[str, np.ndarray]  # comparator -> per-case mean out-of-fold prediction
    sq_err: dict[str, np.ndarray]  # comparator -> per-case mean squared error over repeats
    selected_specs: dict[str, int]  # how often each specification won the inner selection
    y: np.ndarray

    def brier(self, comparator: str) -> float:
        return float(self.sq_err[comparator].mean())

    def diff(self, a: str, b: str) -> tuple[float, float]:
        """Mean per-case Brier difference ``a - b`` and its standard error (cases as units)."""
        d = self.sq_err[a] - self.sq_err[b]
        return float(d.mean()), float(d.std(ddof=1) / np.sqrt(len(d)))

    def calibration(self, comparator: str = "model") -> list[dict[str, float | int]]:
        """Fixed-width bins of the out-of-fold prediction: mean predicted, observed share, n."""
        p = self.oof[comparator]
        rows: list[dict[str, float | int]] = []
        edges = CALIBRATION_EDGES
        for i in range(len(edges) - 1):
            lo, hi = edges[i], edges[i + 1]
            mask = (p >= lo) & ((p < hi) if i < len(edges) - 2 else (p <= hi))
            n = int(mask.sum())
            rows.append(
                {
                    "bin_low": lo,
                    "bin_high": hi,
                    "n": n,
                    "mean_predicted": float(p[mask].mean()) if n else float("nan"),
                    "observed": float(self.y[mask].mean()) if n else float("nan"),
                }
            )
        return rows

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {
            "scheme": self.scheme,
            "brier": {c: round(self.brier(c), 6) for c in COMPARATORS},
            "log_loss_model": round(
                float(
                    -np.mean(
                        self.y * np.log(np.clip(self.oof["model"], 1e-9, 1))
                        + (1 - self.y) * np.log(np.clip(1 - self.oof["model"], 1e-9, 1))
                    )
                ),
                6,
            ),
            "selected_specs": self.selected_specs,
        }
        for b in ("base_rate", "era_base_rate", "reference_class"):
            d, se = self.diff("model", b)
            out[f"model_minus_{b}"] = {"mean": round(d, 6), "se": round(se, 6)}
            out[f"skill_vs_{b}"] = round(1.0 - self.brier("model") / self.brier(b), 6)
        out["calibration"] = [
            {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
            for row in self.calibration("model")
        ]
        return out


def cross_validate(
    X: pd.DataFrame, y: np.ndarray, groups: np.ndarray, frame: pd.DataFrame, scheme: str
) -> CVResult:
    """Run one outer CV scheme; every fold refits the full procedure on its training part."""
    n = len(y)
    sums = {c: np.zeros(n) for c in COMPARATORS}
    sq = {c: np.zeros(n) for c in COMPARATORS}
    counts = np.zeros(n)
    specs: dict[str, int] = {}
    era = frame["post1945"].to_numpy()
    cls = frame["pledge_class"].to_numpy()
    for tr, te in _splits(scheme, X, y, groups):
        fitted = fit(X.iloc[tr], y[tr])
        specs[fitted.spec] = specs.get(fitted.spec, 0) + 1
        preds = {
            "model": fitted.selected.predict_proba(X.iloc[te]),
            "base_rate": np.full(len(te), y[tr].mean()),
            "era_base_rate": np.array(
                [y[tr][era[tr] == e].mean() if (era[tr] == e).any() else y[tr].mean() for e in era[te]]
            ),
            "reference_class": np.array([_ref_class_rate(frame.iloc[tr], y[tr], cls[i], era[i]) for i in te]),
        }
        for c, p in preds.items():
            sums[c][te] += p
            sq[c][te] += (p - y[te]) ** 2
        counts[te] += 1
    return CVResult(
        scheme=scheme,
        oof={c: sums[c] / counts for c in COMPARATORS},
        sq_err={c: sq[c] / counts for c in COMPARATORS},
        selected_specs=dict(sorted(specs.items())),
        y=y,
    )
