"""Loading the shipped credibility model and predicting for an instrument's ATOP coding.

>>> est = predict({"defense": 1, "offense": 0, "neutral": 0, "nonagg": 1, "consul": 1})
>>> 0.0 <= est.interval[0] <= est.probability <= est.interval[1] <= 1.0
True
>>> est.reference_class.label
'defence pacts, 1945–2003'
>>> (est.reference_class.honoured, est.reference_class.n)
(6, 43)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import beta

from servanda.analyses.credibility.features import (
    ATOP_COLUMNS,
    DATA_YEARS,
    FEATURES,
    clean_value,
    derive_features,
    era_of_year,
    pledge_class,
)
from servanda.diagnostics import Diagnostic, ServandaError

SCHEMA = "servanda.credibility/1"
#: Seed of the Monte Carlo draws behind the interval (fixed, so results are reproducible).
PREDICT_SEED = 0
#: Reference classes with fewer cases than this are pooled over eras (C706).
MIN_CLASS_N = 10
#: Combinations shared by fewer training cases than this are flagged (C704).
RARE_PATTERN_N = 5

#: Legal forms outside the population of the data: ATOP codes written agreements between states; a unilateral
#: statute or a non-binding political declaration is neither (C712).
OUTSIDE_FORMS: dict[str, str] = {
    "statute": "a unilateral statute",
    "political_declaration": "a non-binding political declaration",
}

STANDING_NOTES: tuple[str, ...] = (
    "Estimated from 146 wars-and-alliances cases, 1816–2003 (Berkemeier & Fuhrmann 2018, LLM coding); "
    "a war after 2003 is outside the data's years.",
    "Only cases where the casus foederis arose are included; an instrument that deters an attack never "
    "enters the data.",
    "Honouring is the coders' judgement of fulfilment; design features are associations, not causes.",
)


def _model_path() -> Path:
    return Path(str(resources.files("servanda").joinpath("data/credibility/model.json")))


@dataclass(frozen=True)
class ReferenceClass:
    """A class of past cases with its record, e.g. defence pacts, 1945–2003: 6 of 43 honoured."""

    pledge_class: str
    era: str
    label: str
    honoured: int
    n: int

    @property
    def rate(self) -> float | None:
        """Share honoured, or None for an empty class."""
        return self.honoured / self.n if self.n else None

    def interval(self, level: float = 0.9) -> tuple[float, float] | None:
        """Jeffreys interval for the class rate.

        >>> ReferenceClass("defense", "1945–2003", "x", 6, 43).interval()
        (0.0706..., 0.2431...)
        """
        if not self.n:
            return None
        a, b = self.honoured + 0.5, self.n - self.honoured + 0.5
        lo, hi = beta.ppf([(1 - level) / 2, (1 + level) / 2], a, b)
        return float(lo), float(hi)

    def describe(self) -> str:
        """``'defence pacts, 1945–2003: 6 of 43 honoured'``."""
        return f"{self.label}: {self.honoured} of {self.n} honoured"


@dataclass(frozen=True)
class CredibilityEstimate:
    """Result of :func:`predict`.

    ``basis`` is ``'model'`` normally. For a pledge type with no case in the data (C705) it is
    ``'reference_class'``: ``probability`` and ``interval`` are then the fallback class rate and its
    Jeffreys interval, and the model's extrapolation is kept in ``model_probability``.

    ``contributions`` are on the log-odds scale relative to the average training case:
    ``logit(model_probability) = logit(baseline_probability) + sum(contributions.values())``.
    """

    probability: float
    interval: tuple[float, float]
    level: float
    reference_class: ReferenceClass
    base_rate: float | None
    contributions: dict[str, float]
    baseline_probability: float
    features: dict[str, float | None]
    imputed: dict[str, float]
    diagnostics: tuple[Diagnostic, ...]
    skill: dict[str, float]
    model_spec: str
    basis: str = "model"
    model_probability: float | None = None
    notes: tuple[str, ...] = field(default=STANDING_NOTES)
    #: The model's own interval (bootstrap and imputation only), before widening by reference classes.
    sampling_interval: tuple[float, float] | None = None
    #: The defensible reference classes the instrument belongs to (pledge × era, pooled, by design).
    classes: tuple[ReferenceClass, ...] = ()

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Diagnostics of severity ``warning``."""
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes of all diagnostics, in order."""
        return tuple(d.code for d in self.diagnostics)

    def summary(self) -> str:
        """One paragraph for a terminal or a report."""
        lo, hi = self.interval
        rc = self.reference_class
        rate = f" ({rc.rate:.0%})" if rc.rate is not None else ""
        source = "model" if self.basis == "model" else "reference-class rate (no model estimate)"
        lines = [
            f"P(honoured if the casus foederis arises) = {self.probability:.2f} "
            f"({self.level:.0%} interval {lo:.2f}–{hi:.2f}, across reference classes; {source}).",
            f"Reference class: {rc.describe()}{rate}.",
        ]
        if self.sampling_interval is not None:
            slo, shi = self.sampling_interval
            lines.append(f"Model sampling interval alone: {slo:.2f}–{shi:.2f}.")
        if len(self.classes) > 1:
            lines.append(
                "Defensible reference classes: "
                + "; ".join(f"{c.describe()} ({c.rate:.0%})" for c in self.classes if c.rate is not None)
                + "."
            )
        lines += [
            f"Model '{self.model_spec}': CV Brier {self.skill['brier_model']:.3f} vs "
            f"{self.skill['brier_era_base_rate']:.3f} for the era base rate, "
            f"{self.skill['brier_base_rate']:.3f} for the overall base rate and "
            f"{self.skill['brier_reference_class']:.3f} for the reference-class rates.",
        ]
        lines += [str(d) for d in self.diagnostics if d.severity != "note"]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        rc = self.reference_class
        return {
            "probability": self.probability,
            "interval": list(self.interval),
            "level": self.level,
            "reference_class": {
                "pledge_class": rc.pledge_class,
                "era": rc.era,
                "label": rc.label,
                "honoured": rc.honoured,
                "n": rc.n,
                "rate": rc.rate,
                "interval": list(rc.interval(self.level) or []) or None,
            },
            "base_rate": self.base_rate,
            "contributions": self.contributions,
            "baseline_probability": self.baseline_probability,
            "features": self.features,
            "imputed": self.imputed,
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "skill": self.skill,
            "model_spec": self.model_spec,
            "basis": self.basis,
            "model_probability": self.model_probability,
            "sampling_interval": list(self.sampling_interval) if self.sampling_interval else None,
            "reference_classes": [
                {
                    "label": c.label,
                    "honoured": c.honoured,
                    "n": c.n,
                    "rate": c.rate,
                    "interval": list(c.interval(self.level) or []) or None,
                }
                for c in self.classes
            ],
            "notes": list(self.notes),
        }


def _logistic(z: np.ndarray | float) -> Any:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


class CredibilityModel:
    """The fitted model as shipped in ``model.json``.

    >>> m = load_model()
    >>> m.spec in ("class_era", "class_era_design"), len(m.features) == len(m.coef)
    (True, True)
    """

    def __init__(self, doc: Mapping[str, Any], source: str = "model.json") -> None:
        try:
            if doc.get("schema") != SCHEMA:
                raise KeyError(f"schema {doc.get('schema')!r} != {SCHEMA!r}")
            self.doc = doc
            self.spec: str = doc["selected_spec"]
            self.features: tuple[str, ...] = tuple(doc["features"])
            self.intercept = float(doc["intercept"])
            self.coef = np.array([doc["coef"][f] for f in self.features], dtype=float)
            self.means = np.array([doc["means"][f] for f in self.features], dtype=float)
            boot = doc["bootstrap"]
            if boot["columns"] != ["intercept", *self.features]:
                raise KeyError("bootstrap columns do not match the features")
            self.draws = np.array(boot["values"], dtype=float)
            self.patterns = np.array([p["x"] for p in doc["support"]["patterns"]], dtype=float)
            self.pattern_n = np.array([p["n"] for p in doc["support"]["patterns"]], dtype=float)
            self.atop_codes: dict[str, list[float]] = doc["support"]["atop_codes"]
            self.n_cases = int(doc["outcome"]["cases"])
            self.classes = {
                (c["pledge_class"], c["era"]): ReferenceClass(
                    c["pledge_class"], c["era"], c["label"], int(c["honoured"]), int(c["n"])
                )
                for c in doc["reference_classes"]
            }
            self.alternatives: dict[tuple[str, str, str], ReferenceClass] = {
                (c["id"], c["pledge_class"], c["era"]): ReferenceClass(
                    c["pledge_class"], c["era"], c["label"], int(c["honoured"]), int(c["n"])
                )
                for c in doc.get("alternative_classes", [])
            }
            cv = doc["cv"]["repeated_stratified_5fold"]["brier"]
            self.skill = {
                "brier_model": float(cv["model"]),
                "brier_base_rate": float(cv["base_rate"]),
                "brier_era_base_rate": float(cv["era_base_rate"]),
                "brier_reference_class": float(cv["reference_class"]),
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise ServandaError(Diagnostic("C710", f"{source}: invalid credibility model ({exc})")) from exc
        if any(f not in FEATURES for f in self.features):
            raise ServandaError(Diagnostic("C710", f"{source}: unknown feature in model"))
        self.notes: tuple[str, ...] = (*STANDING_NOTES, *doc.get("notes", []))

    @classmethod
    def from_path(cls, path: str | Path) -> CredibilityModel:
        """Load a model file (e.g. a refit written elsewhere)."""
        p = Path(path)
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ServandaError(Diagnostic("C710", f"cannot read credibility model {p}: {exc}")) from exc
        return cls(doc, source=str(p))

    # -- prediction ------------------------------------------------------------------------------

    def _validate(self, features: Mapping[str, object]) -> tuple[dict[str, object], list[Diagnostic]]:
        diags: list[Diagnostic] = []
        clean: dict[str, object] = {}
        for key, value in features.items():
            if not isinstance(key, str):
                raise ServandaError(Diagnostic("C708", f"feature keys must be strings, got {key!r}"))
            k = key.lower()
            if k not in ATOP_COLUMNS:
                diags.append(Diagnostic("C707", f"'{key}' is not an ATOP 4.01 column; ignored", path=key))
                continue
            try:
                v = clean_value(value)
            except TypeError:
                raise ServandaError(
                    Diagnostic(
                        "C708",
                        f"{key} = {value!r}: expected a number or None",
                        path=key,
                    )
                ) from None
            if v is not None and not math.isfinite(v):
                raise ServandaError(Diagnostic("C708", f"{key} = {value!r} is not finite", path=key))
            clean[k] = v
        return clean, diags

    def _impute(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Conditional means for missing entries, given the known ones, and the matching patterns."""
        known = ~np.isnan(x)
        match = np.all((self.patterns[:, known] == x[known]) | (self.patterns[:, known] < 0), axis=1)
        weights = self.pattern_n * match
        filled = x.copy()
        for j in np.flatnonzero(~known):
            col = self.patterns[:, j]
            ok = (col >= 0) & (weights > 0)
            filled[j] = float(np.average(col[ok], weights=weights[ok])) if ok.any() else self.means[j]
        return filled, match, weights

    def _support(self, x: np.ndarray) -> list[Diagnostic]:
        diags: list[Diagnostic] = []
        known = ~np.isnan(x)
        for j in np.flatnonzero(known):
            seen = set(self.patterns[:, j][self.patterns[:, j] >= 0])
            if x[j] not in seen:
                diags.append(
                    Diagnostic(
                        "C702",
                        f"{self.features[j]} = {x[j]:g} never occurs in the training data "
                        f"(seen: {', '.join(f'{s:g}' for s in sorted(seen))})",
                        path=self.features[j],
                    )
                )
        if not known.any():
            return diags
        eq = (self.patterns[:, known] == x[known]) | (self.patterns[:, known] < 0)
        n_same = int(self.pattern_n[np.all(eq, axis=1)].sum())
        names = [self.features[j] for j in np.flatnonzero(known)]
        combo = ", ".join(f"{f}={x[self.features.index(f)]:g}" for f in names)
        if n_same == 0:
            dist = (~eq).sum(axis=1)
            dmin = int(dist.min())
            near = np.flatnonzero(dist == dmin)
            best = near[np.argmax(self.pattern_n[near])]
            differ = [names[i] for i in np.flatnonzero(~eq[best])]
            n_near = int(self.pattern_n[near].sum())
            diags.append(
                Diagnostic(
                    "C703",
                    f"no training case has {combo}; the nearest {n_near} case(s) differ in {dmin} "
                    f"feature(s) (e.g. {', '.join(differ)})",
                )
            )
        elif n_same < RARE_PATTERN_N:
            diags.append(
                Diagnostic(
                    "C704",
                    f"only {n_same} training case(s) have {combo}",
                )
            )
        return diags

    def _reference(
        self, values: Mapping[str, float | None], post1945: float
    ) -> tuple[ReferenceClass, list[Diagnostic]]:
        era = "1945–2003" if post1945 == 1.0 else "1816–1944"
        cls = pledge_class(values)
        if cls is None:
            return self.classes[("all", era)], []
        exact = self.classes[(cls, era)]
        pooled = self.classes[(cls, "1816–2003")]
        if exact.n >= MIN_CLASS_N:
            return exact, []
        if pooled.n > 0:
            return pooled, [
                Diagnostic(
                    "C706",
                    f"{exact.describe()} (fewer than {MIN_CLASS_N}); reporting the class over both eras: "
                    f"{pooled.describe()}",
                )
            ]
        fallback = self.classes[("all", era)]
        return fallback, [
            Diagnostic(
                "C705",
                f"none of the {self.n_cases} cases is among the {exact.label.split(',')[0]} (Berkemeier & Fuhrmann "
                "count a consultation or non-aggression pact as a performance case only when the allies "
                "fought each other); the reported probability is the rate of the fallback class "
                f"{fallback.describe()}, not an estimate for this type, and the model's extrapolation is "
                "kept only as model_probability",
                path="pledges",
            )
        ]

    def predict(
        self,
        features: Mapping[str, float | None],
        *,
        war_year: int | None = None,
        level: float = 0.9,
        legal_form: str | None = None,
    ) -> CredibilityEstimate:
        """Probability that the commitment is honoured if its casus foederis arises in a war.

        ``features`` maps ATOP column names to values (None = not decided). ``war_year`` is the year of
        the hypothetical war; None means a present-day war (post-1945 era). ``legal_form`` (the instrument's)
        lets the model warn (C712) when the instrument is of a type the data do not contain.

        The interval covers the model's sampling uncertainty (bootstrap, imputation) **and** the choice of
        reference class: it spans the Jeffreys intervals of every defensible class the instrument belongs to
        (its pledge class in its era and over both eras; asymmetric, with basing or stationed forces, highly
        institutionalised, when the coding says so). It does not cover selection on deterrence failure.
        """
        if not 0.0 < level < 1.0:
            raise ServandaError(Diagnostic("C708", f"level must be in (0, 1), got {level!r}"))
        if war_year is not None and (isinstance(war_year, bool) or not isinstance(war_year, int)):
            raise ServandaError(Diagnostic("C708", f"war_year must be an int or None, got {war_year!r}"))
        clean, diags = self._validate(features)
        if war_year is not None and war_year < DATA_YEARS[0]:
            diags.append(
                Diagnostic(
                    "C702",
                    f"war_year {war_year} is before the first war in the data ({DATA_YEARS[0]})",
                    path="war_year",
                )
            )
        diags += self._range(war_year, legal_form)
        post1945 = era_of_year(war_year)
        derivation = derive_features(clean, post1945=post1945, atop_codes=self.atop_codes)
        used = set(self.features) | {k for f in self.features for k in FEATURES[f].inputs}
        diags += [d for d in derivation.notes if d.path in used]
        values = derivation.values
        x = np.array([np.nan if values[f] is None else values[f] for f in self.features], dtype=float)

        diags += self._support(x)
        filled, _, weights = self._impute(x)
        missing = np.flatnonzero(np.isnan(x))
        imputed = {self.features[j]: float(filled[j]) for j in missing}
        if imputed:
            absent = sorted({k for f in imputed for k in FEATURES[f].inputs if clean.get(k) is None})
            diags.append(
                Diagnostic(
                    "C701",
                    f"ATOP input(s) {', '.join(absent)} missing or invalid, so "
                    + ", ".join(f"{f} (imputed {v:.2f})" for f, v in imputed.items())
                    + " could not be derived; imputed values are means among training cases matching the "
                    "known features, and the interval samples from those cases",
                    path=",".join(absent),
                )
            )

        z = self.intercept + float(filled @ self.coef)
        p = float(_logistic(z))
        contributions = {
            f: float(c * (v - m))
            for f, c, v, m in zip(self.features, self.coef, filled, self.means, strict=True)
        }
        baseline = float(_logistic(self.intercept + float(self.means @ self.coef)))

        # Interval: bootstrap coefficient draws x missing features sampled from matching training cases.
        rng = np.random.default_rng(PREDICT_SEED)
        X = np.tile(filled, (len(self.draws), 1))
        if len(missing):
            w = weights / weights.sum() if weights.sum() > 0 else self.pattern_n / self.pattern_n.sum()
            rows = rng.choice(len(self.patterns), size=len(self.draws), p=w)
            sampled = self.patterns[rows][:, missing]
            fallback = rng.random((len(self.draws), len(missing))) < self.means[missing]
            X[:, missing] = np.where(sampled >= 0, sampled, fallback.astype(float))
        ps = _logistic(self.draws[:, 0] + np.sum(X * self.draws[:, 1:], axis=1))
        lo, hi = (float(v) for v in np.quantile(ps, [(1 - level) / 2, (1 + level) / 2]))
        lo, hi = min(lo, p), max(hi, p)

        ref, ref_diags = self._reference(values, post1945)
        diags += ref_diags
        diags += self._skill_diagnostics()
        basis = "model"
        if any(d.code == "C705" for d in ref_diags) and ref.rate is not None:
            basis = "reference_class"
            p_out, (lo, hi) = ref.rate, ref.interval(level) or (lo, hi)
        else:
            p_out = p
        sampling = (lo, hi)
        classes = self._classes(ref, values, clean, post1945)
        for c in classes:
            ci = c.interval(level)
            if ci is not None:
                lo, hi = min(lo, ci[0]), max(hi, ci[1])
        return CredibilityEstimate(
            sampling_interval=sampling,
            classes=tuple(classes),
            probability=p_out,
            interval=(lo, hi),
            level=level,
            reference_class=ref,
            base_rate=ref.rate,
            contributions=contributions,
            baseline_probability=baseline,
            features={f: values[f] for f in self.features},
            imputed=imputed,
            diagnostics=tuple(diags),
            skill=dict(self.skill),
            model_spec=self.spec,
            basis=basis,
            model_probability=p,
            notes=self.notes,
        )

    def _classes(
        self,
        ref: ReferenceClass,
        values: Mapping[str, float | None],
        clean: Mapping[str, object],
        post1945: float,
    ) -> list[ReferenceClass]:
        """The defensible reference classes of an instrument: its pledge class in the scenario's era (or pooled
        when that is small, C706) and the same class restricted to each design the instrument has, in the
        scenario's era (both eras when its pledge class had to be pooled)."""
        out = [ref]
        cls = ref.pledge_class
        base = clean.get("base")
        has = {
            "asymmetric": values.get("asymm") == 1,
            "forward_deployed": isinstance(base, int | float) and base > 0,
            "institutionalised": values.get("inst_high") == 1,
        }
        era = ref.era if ref.era == "1816–2003" else ("1945–2003" if post1945 == 1.0 else "1816–2003")
        eras = [era]
        for key, applies in has.items():
            if not applies:
                continue
            for era in eras:
                alt = self.alternatives.get((key, cls, era))
                if alt is not None and alt.n >= 1:
                    out.append(alt)
        return out

    def _range(self, war_year: int | None, legal_form: str | None) -> list[Diagnostic]:
        """C712: a scenario outside the data's years or instrument types."""
        out: list[Diagnostic] = []
        last = DATA_YEARS[1]
        if war_year is None or war_year > last:
            when = "a present-day war" if war_year is None else f"a war in {war_year}"
            out.append(
                Diagnostic(
                    "C712",
                    f"the scenario is {when}, after the last war in the data ({last}); the estimate "
                    f"extrapolates the 1945–{last} record",
                    path="war_year",
                )
            )
        if legal_form in OUTSIDE_FORMS:
            out.append(
                Diagnostic(
                    "C712",
                    f"the instrument is {OUTSIDE_FORMS[legal_form]}; the data hold only written alliance "
                    "agreements between states (ATOP), so no case of this type entered the estimate",
                    path="legal_form",
                )
            )
        return out

    def _skill_diagnostics(self) -> list[Diagnostic]:
        s = self.skill
        worse = [
            name
            for name, key in (
                ("the overall base rate", "brier_base_rate"),
                ("the era base rate", "brier_era_base_rate"),
            )
            if s["brier_model"] >= s[key]
        ]
        if worse:
            return [
                Diagnostic(
                    "C709",
                    f"in cross-validation the model (Brier {s['brier_model']:.3f}) does not beat "
                    f"{' or '.join(worse)}",
                )
            ]
        if s["brier_model"] >= s["brier_reference_class"]:
            return [
                Diagnostic(
                    "C709",
                    f"in cross-validation the model (Brier {s['brier_model']:.3f}) does no better than the "
                    f"reference-class rates ({s['brier_reference_class']:.3f})",
                    level="note",
                )
            ]
        return []


@lru_cache(maxsize=1)
def load_model() -> CredibilityModel:
    """The model shipped with servanda (``servanda/data/credibility/model.json``)."""
    return CredibilityModel.from_path(_model_path())


def predict(
    features: Mapping[str, float | None],
    *,
    war_year: int | None = None,
    level: float = 0.9,
    model: CredibilityModel | None = None,
    legal_form: str | None = None,
) -> CredibilityEstimate:
    """Estimate how likely an instrument's commitment is honoured, from its ATOP coding.

    See :meth:`CredibilityModel.predict`.

    >>> "C703" in predict({"defense": 0, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1}).codes
    True
    """
    return (model or load_model()).predict(features, war_year=war_year, level=level, legal_form=legal_form)
