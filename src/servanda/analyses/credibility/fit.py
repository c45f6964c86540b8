"""Fitting: L2-regularised logistic regression with specification and penalty chosen by CV.

scikit-learn does the optimisation (``LogisticRegressionCV`` / ``LogisticRegression``, newton-cholesky solver). The
procedure, used both for the shipped fit and inside every outer cross-validation fold:

1. for each candidate specification in :data:`~servanda.analyses.credibility.features.SPECS`, impute
   missing features with the training mean and pick the inverse penalty ``C`` from :data:`CS` by
   stratified 5-fold CV on the Brier score;
2. keep the specification with the best inner CV Brier score.

Features are 0/1 indicators and are *not* standardised: the L2 penalty ``||w||² / 2`` then acts as a
normal prior N(0, C) on every log-odds effect, so effects of small pledge classes shrink more than those
of large ones. The grid stops at C = 10 (prior SD ≈ 3.2 log-odds, a weakly informative prior): without a
cap, classes with no variation in the outcome (non-aggression 0 of 8, offence 7 of 7) push the fit
towards infinite coefficients and probabilities of 0 or 1.

Example (needs the data files)::

    fitted = fit(td.X, td.y)
    fitted.spec, fitted.C, fitted.coef
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold

from servanda.analyses.credibility.features import PLEDGES, SPECS

#: Grid of inverse penalty strengths = prior variances of the log-odds effects.
CS: tuple[float, ...] = tuple(float(c) for c in np.logspace(-2, 1, 13))
INNER_FOLDS = 5
INNER_SEED = 1
#: Inner-CV score used to choose C and the specification.
INNER_SCORING = "neg_brier_score"
#: Solver: exact Newton steps with a Cholesky solve; fast and stable for a handful of 0/1 features.
SOLVER = "newton-cholesky"
BOOTSTRAP_SEED = 20180303
BOOTSTRAP_DRAWS = 400
#: Minimum class size before the reference class pools the two eras.
MIN_CLASS_N = 10


@dataclass
class SpecFit:
    """One specification fitted on the given data."""

    spec: str
    features: tuple[str, ...]
    C: float
    inner_brier: float  # mean inner-CV Brier at the chosen C
    means: np.ndarray  # imputation and centring values (training means of observed values)
    coef: np.ndarray  # log-odds effects of the 0/1 features
    intercept: float

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of honouring for rows of ``X`` (missing features imputed with the means)."""
        A = X[list(self.features)].to_numpy(dtype=float)
        A = np.where(np.isnan(A), self.means, A)
        z = self.intercept + A @ self.coef
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class Fitted:
    """The selected specification plus the fits of all candidates."""

    selected: SpecFit
    candidates: dict[str, SpecFit] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        return self.selected.spec


def _impute(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    means = np.nanmean(A, axis=0)
    return np.where(np.isnan(A), means, A), means


def fit_spec(X: pd.DataFrame, y: np.ndarray, spec: str) -> SpecFit:
    """Fit one specification, choosing ``C`` by stratified 5-fold CV on the Brier score.

    Mean imputation uses the whole training set (a simplification shared by all candidates).
    """
    features = SPECS[spec]
    Z, means = _impute(X[list(features)].to_numpy(dtype=float))
    cv = StratifiedKFold(n_splits=INNER_FOLDS, shuffle=True, random_state=INNER_SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        lr = LogisticRegressionCV(
            Cs=list(CS),
            l1_ratios=(0.0,),
            cv=cv,
            scoring=INNER_SCORING,
            solver=SOLVER,
            max_iter=2000,
            use_legacy_attributes=False,
        )
        lr.fit(Z, y)
    scores = np.asarray(lr.scores_)  # (folds, Cs) or with an l1_ratio axis
    scores = scores.reshape(scores.shape[0], -1)
    best = int(np.argmax(scores.mean(axis=0)))
    return SpecFit(
        spec=spec,
        features=features,
        C=float(np.ravel(lr.C_)[0]),
        inner_brier=float(-scores.mean(axis=0)[best]),
        means=means,
        coef=np.asarray(lr.coef_, dtype=float).ravel(),
        intercept=float(np.ravel(lr.intercept_)[0]),
    )


def fit(X: pd.DataFrame, y: np.ndarray, specs: tuple[str, ...] = tuple(SPECS)) -> Fitted:
    """Fit all candidate specifications and select the one with the best inner CV Brier score."""
    cands = {s: fit_spec(X, y, s) for s in specs}
    best = min(cands.values(), key=lambda f: (round(f.inner_brier, 12), len(f.features)))
    return Fitted(selected=best, candidates=cands)


def bootstrap_draws(
    X: pd.DataFrame,
    y: np.ndarray,
    groups: np.ndarray,
    sf: SpecFit,
    *,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
) -> np.ndarray:
    """War-cluster bootstrap of the coefficients at the selected ``C``.

    Resamples wars (not cases) with replacement, refits with the training set's imputation means, and
    returns ``[intercept, coef...]`` rows. Draw ``i`` depends only on the seed and
    ``i``'s position, so the first ``k`` draws of a longer run equal a run with ``draws=k``.
    """
    rng = np.random.default_rng(seed)
    A = X[list(sf.features)].to_numpy(dtype=float)
    Z = np.where(np.isnan(A), sf.means, A)
    wars = np.unique(groups)
    rows_of = {w: np.flatnonzero(groups == w) for w in wars}
    out = np.empty((draws, len(sf.features) + 1))
    i = 0
    while i < draws:
        pick = rng.choice(wars, size=len(wars), replace=True)
        idx = np.concatenate([rows_of[w] for w in pick])
        if len(np.unique(y[idx])) < 2:
            continue
        lr = LogisticRegression(C=sf.C, l1_ratio=0.0, solver=SOLVER, max_iter=2000)
        lr.fit(Z[idx], y[idx])
        out[i, 0] = float(lr.intercept_[0])
        out[i, 1:] = lr.coef_.ravel()
        i += 1
    return out


CLASS_LABELS: dict[str, str] = {
    "defense": "defence pacts",
    "offense": "offence pacts without a defence pledge",
    "neutral": "neutrality pacts without an active pledge",
    "nonagg": "non-aggression pacts without an active or neutrality pledge",
    "consul": "consultation-only pacts",
    "none": "instruments with none of the five ATOP pledges",
    "all": "all alliance commitments",
}


def reference_classes(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Honoured / n for each pledge class × era, each class pooled over eras, and each era overall.

    Pledge classes come from ATOP 4.01 (strongest pledge first: defence, offence, neutrality,
    non-aggression, consultation). Classes with no case are listed with n = 0.
    """
    out: list[dict[str, object]] = []
    classes = [*PLEDGES, "none", "all"]
    for cls in classes:
        sub_c = frame if cls == "all" else frame[frame["pledge_class"] == cls]
        for era in ("1816–1944", "1945–2003", "1816–2003"):
            if era == "1816–2003":
                sub = sub_c
            else:
                sub = sub_c[sub_c["post1945"] == (1.0 if era == "1945–2003" else 0.0)]
            out.append(
                {
                    "pledge_class": cls,
                    "era": era,
                    "label": f"{CLASS_LABELS[cls]}, {era}",
                    "honoured": int(sub["honoured"].sum()),
                    "n": len(sub),
                }
            )
    return out


#: Alternative reference classes by design (issue 12, item 5): id -> (label, definition, case filter).
ALTERNATIVE_CLASSES: dict[str, tuple[str, str]] = {
    "asymmetric": ("asymmetric", "obligations differ across members (ATOP asymm = 1)"),
    "forward_deployed": (
        "with basing or stationed forces",
        "ATOP base > 0 (bases or forces on an ally's soil)",
    ),
    "institutionalised": (
        "highly institutionalised",
        "Leeds & Anac (2005) high: intcom = 1 or milcon = 3 or base > 0",
    ),
}


def alternative_classes(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Honoured / n of each pledge class restricted to a design (asymmetric, forward-deployed forces,
    highly institutionalised), per era and pooled. The counts bound how much the reference class alone moves
    the estimate; they are not model inputs.
    """
    masks = {
        "asymmetric": frame["asymm"] == 1,
        "forward_deployed": frame["atop_base"].fillna(0) > 0,
        "institutionalised": frame["inst_high"] == 1,
    }
    out: list[dict[str, object]] = []
    for cls in [*PLEDGES, "all"]:
        sub_c = frame if cls == "all" else frame[frame["pledge_class"] == cls]
        for key, (label, definition) in ALTERNATIVE_CLASSES.items():
            for era in ("1945–2003", "1816–2003"):
                sub = sub_c[masks[key].loc[sub_c.index]]
                if era == "1945–2003":
                    sub = sub[sub["post1945"] == 1.0]
                out.append(
                    {
                        "id": key,
                        "pledge_class": cls,
                        "era": era,
                        "label": f"{CLASS_LABELS[cls]}, {label}, {era}",
                        "definition": definition,
                        "honoured": int(sub["honoured"].sum()),
                        "n": len(sub),
                    }
                )
    return out


def support_patterns(X: pd.DataFrame, features: tuple[str, ...]) -> list[dict[str, object]]:
    """Distinct training feature vectors (missing imputed as NaN→-1) with their case counts."""
    A = X[list(features)].fillna(-1.0)
    counts = A.value_counts().sort_index()
    return [
        {"x": [float(v) for v in (key if isinstance(key, tuple) else (key,))], "n": int(n)}
        for key, n in counts.items()
    ]
