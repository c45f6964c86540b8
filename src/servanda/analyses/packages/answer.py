"""Who must do what, by when, and how likely: a package of guarantees evaluated against a scenario.

For each instrument the reference evaluator gives the obligations that activate; they are grouped by
guarantor with their deadlines, discretion and conditions. Each guarantor whose obligations activate gets
an honouring probability from the credibility model (on the instrument's ATOP coding), and the package the
exact distribution of how many guarantors honour under the correlation assumption ``rho``
(:mod:`servanda.analyses.packages.probability`).

Example:
    >>> from servanda.analyses.packages.model import load_package
    >>> from servanda.analyses.packages.scenario import attack_scenario
    >>> package = load_package("examples/ukraine-2025").package
    >>> answer = analyse(package, attack_scenario("35.14,47.84", "2026-03-05", beneficiary="UKR", actor="RUS"))
    >>> [g.state for g in answer.triggered]
    ['USA', 'GBR', 'FRA', 'DEU', 'CAN', 'JPN']
    >>> answer.at_least()[0][0], 0.0 <= answer.at_least()[0][1] <= 1.0
    (1, True)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from servanda.analyses.atop.coding import AtopCoding, code_instrument
from servanda.analyses.credibility import CredibilityEstimate, load_model, predict
from servanda.analyses.credibility.features import ATOP_COLUMNS, derive_features
from servanda.analyses.packages.model import Package, PackageInstrument
from servanda.analyses.packages.probability import correlation_range, count_pmf
from servanda.analyses.packages.scenario import Scenario
from servanda.analyses.query import Citation, cite_clause
from servanda.diagnostics import Diagnostic
from servanda.evaluation.engine import get_engine
from servanda.evaluation.results import Activation, EvaluationError
from servanda.model.vocabulary import ACTION_RANK, DISCRETION_RANK, Action, Discretion, InstrumentStatus

Marginals = Literal["auto", "model", "reference"]
ANSWER_FORMAT = "servanda-package-answer/1"
LIVE = ("active", "modified", "conflict")


# --------------------------------------------------------------------------- credibility input


def credibility_features(coding: AtopCoding) -> tuple[dict[str, float | None], list[str]]:
    """ATOP values to pass to the credibility model, and notes on variables settled for it.

    A variable the encoding leaves open between several codes is passed as the smallest of them when every
    candidate yields the same model features (e.g. ``base`` in {1, 2, 3}: the model only asks whether
    ``base > 0``); otherwise it stays missing and the model imputes it.
    """
    values = {k: v for k, v in coding.features().items() if k in ATOP_COLUMNS}
    features = load_model().features
    notes: list[str] = []
    changed = True
    while changed:
        changed = False
        for var, coded in coding.alliance.items():
            if var not in values or values[var] is not None or not coded.candidates:
                continue
            outcomes = set()
            for candidate in coded.candidates:
                trial = {**values, var: float(candidate)}
                derived = derive_features(trial, post1945=1.0).values
                outcomes.add(tuple(derived.get(f) for f in features))
            if len(outcomes) == 1:
                values[var] = float(min(coded.candidates))
                notes.append(
                    f"{var} is one of {', '.join(map(str, coded.candidates))}; every one gives the model the same "
                    f"features, passed as {min(coded.candidates)}"
                )
                changed = True
    return values, notes


# --------------------------------------------------------------------------- results


@dataclass
class Duty:
    """An obligation a guarantor must perform in the scenario."""

    instrument: str
    obligation: str
    citation: Citation
    action: str
    means: list[str]
    discretion: str
    triggered_on: dt.date | None
    due: dt.datetime | None
    promptness: str
    conditions: list[str]
    status: str
    evidence: list[str]

    @property
    def strength(self) -> tuple[int, int]:
        """(action rank, discretion rank), as in ``servanda compare``."""
        rank = ACTION_RANK.get(Action(self.action), 0)
        if {"use_armed_force", "deploy_forces"} & set(self.means):
            rank = 5
        return (rank, DISCRETION_RANK[Discretion(self.discretion)])

    def by_when(self) -> str:
        """``2026-03-06 00:00 UTC`` (due), ``forthwith`` or ``no deadline``."""
        if self.due is not None:
            return self.due.isoformat(sep=" ", timespec="minutes") + " UTC"
        return self.promptness if self.promptness != "none" else "no deadline"

    def what(self) -> str:
        """``assist incl. use_armed_force``."""
        return self.action + (f" incl. {', '.join(self.means)}" if self.means else "")

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "instrument": self.instrument,
            "obligation": self.obligation,
            "clause": self.citation.to_json(),
            "action": self.action,
            "means": self.means,
            "discretion": self.discretion,
            "triggered_on": self.triggered_on.isoformat() if self.triggered_on else None,
            "due": self.due.isoformat() if self.due else None,
            "promptness": self.promptness,
            "conditions": self.conditions,
            "status": self.status,
            "evidence": self.evidence,
        }


@dataclass
class GuarantorAnswer:
    """What one guarantor must do in the scenario, and how likely it is to honour."""

    state: str
    instruments: list[str]
    duties: list[Duty] = field(default_factory=list)
    suspended: list[Duty] = field(default_factory=list)
    not_activated: list[str] = field(default_factory=list)
    basis_instrument: str | None = None
    estimate: CredibilityEstimate | None = None
    marginal: float | None = None
    interval: tuple[float, float] | None = None
    marginal_source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def triggered(self) -> bool:
        """Some obligation of this guarantor activated in the scenario."""
        return bool(self.duties)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        est = self.estimate
        return {
            "guarantor": self.state,
            "instruments": self.instruments,
            "triggered": self.triggered,
            "duties": [d.to_json() for d in self.duties],
            "suspended": [d.to_json() for d in self.suspended],
            "not_activated": self.not_activated,
            "honouring": None
            if est is None or not self.triggered
            else {
                "probability": self.marginal,
                "interval": list(self.interval) if self.interval else None,
                "level": est.level,
                "source": self.marginal_source,
                "instrument": self.basis_instrument,
                "reference_class": est.reference_class.describe(),
                "diagnostics": [d.to_json() for d in est.diagnostics if d.severity != "note"],
            },
            "notes": self.notes,
        }


@dataclass
class PackageAnswer:
    """The package's answer to one scenario."""

    package: Package
    scenario: Scenario
    rho: float
    marginals: Marginals
    guarantors: list[GuarantorAnswer]
    pmf: list[float]
    pmf_low: list[float]
    pmf_high: list[float]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def triggered(self) -> list[GuarantorAnswer]:
        """Guarantors whose obligations activated (the n of "at least k of n")."""
        return [g for g in self.guarantors if g.triggered]

    def at_least(self) -> list[tuple[int, float, float, float]]:
        """``(k, P(at least k honour), low, high)`` for k = 1..n; low/high use every interval's ends."""
        out = []
        for k in range(1, len(self.pmf)):
            out.append((k, sum(self.pmf[k:]), sum(self.pmf_low[k:]), sum(self.pmf_high[k:])))
        return out

    def correlation_range(self) -> tuple[float, float] | None:
        """Range of the pairwise correlations implied by ``rho`` and the marginals."""
        return correlation_range([g.marginal for g in self.triggered if g.marginal is not None], self.rho)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping (format ``servanda-package-answer/1``)."""
        spec = self.package.spec
        corr = self.correlation_range()
        return {
            "format": ANSWER_FORMAT,
            "package": {
                "id": spec.id,
                "title": spec.title,
                "file": str(self.package.file),
                "illustrative": spec.illustrative,
                "beneficiary": spec.beneficiary,
            },
            "scenario": self.scenario.to_json(),
            "assumptions": {
                "correlation": self.rho,
                "marginals": self.marginals,
                "model": "bloc mixture: independent with probability 1-rho, comonotone bloc with probability rho",
                "implied_pairwise_correlation": list(corr) if corr else None,
            },
            "guarantors": [g.to_json() for g in self.guarantors],
            "n": len(self.triggered),
            "count_pmf": self.pmf,
            "at_least": [
                {"k": k, "probability": p, "low": lo, "high": hi} for k, p, lo, hi in self.at_least()
            ],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


# --------------------------------------------------------------------------- analysis


def _duty(item: PackageInstrument, a: Activation) -> Duty:
    inst = item.instrument
    o = inst.obligations()[a.obligation]
    clause = next(c for c in inst.clauses if c.id == a.clause)
    return Duty(
        inst.id,
        a.obligation,
        cite_clause(clause),
        a.action,
        [m.value for m in o.means],
        a.discretion,
        a.triggered_on,
        a.due,
        o.promptness.value,
        [c.kind.value for c in o.conditions],
        a.status,
        list(a.evidence),
    )


def _marginal(est: CredibilityEstimate, how: Marginals) -> tuple[float, tuple[float, float], str]:
    rc = est.reference_class
    if how == "reference" and rc.rate is not None:
        return rc.rate, rc.interval(est.level) or est.interval, f"reference class ({rc.describe()})"
    if how == "model" and est.model_probability is not None and est.basis != "model":
        return est.model_probability, est.interval, f"model extrapolation ({est.model_spec})"
    source = f"model ({est.model_spec})" if est.basis == "model" else f"reference class ({rc.describe()})"
    return est.probability, est.interval, source


def analyse(
    package: Package,
    scenario: Scenario,
    *,
    rho: float = 0.0,
    marginals: Marginals = "auto",
    level: float = 0.9,
    engine: str = "reference",
) -> PackageAnswer:
    """Evaluate every instrument of ``package`` on ``scenario`` (with the named evaluation engine) and
    answer per guarantor and for the package."""
    diagnostics: list[Diagnostic] = []
    first = scenario.dates[0]
    answers: dict[str, GuarantorAnswer] = {}
    for state in package.guarantor_states():
        answers[state] = GuarantorAnswer(state, [])
    best: dict[str, tuple[tuple[int, int], PackageInstrument]] = {}
    for item in package.instruments:
        inst = item.instrument
        if inst.status is not InstrumentStatus.IN_FORCE or (inst.terminated and inst.terminated <= first):
            diagnostics.append(
                Diagnostic(
                    "P816",
                    f"`{inst.id}` is {inst.status.value}, not in force; evaluated as if it were",
                    str(item.path),
                    hint="read its duties as what it would require if it were in force",
                )
            )
        try:
            result = get_engine(engine).evaluate(
                inst, scenario.events, item.geometries, scenario.as_of, trace=True
            )
        except EvaluationError as exc:
            diagnostics.append(
                Diagnostic(
                    "P807", f"`{inst.id}` cannot be evaluated: {exc.diagnostics[0].message}", str(item.path)
                )
            )
            continue
        for state in item.guarantors:
            if state not in answers:
                continue
            answer = answers[state]
            answer.instruments.append(inst.id)
            mine = [a for a in result.activations if a.bearer == state and a.trigger is not None]
            for a in mine:
                duty = _duty(item, a)
                (answer.duties if a.status in LIVE else answer.suspended).append(duty)
                if a.status in LIVE and (state not in best or duty.strength > best[state][0]):
                    best[state] = (duty.strength, item)
            borne = {
                o.id
                for o in inst.obligations().values()
                if o.trigger is not None and state in inst.expand(o.bearer)
            }
            for obligation_id, node in result.why_not.items():
                if obligation_id in borne and not any(a.obligation == obligation_id for a in mine):
                    reason = next(
                        (c.detail for c in node.children if c.result is False and c.detail), node.detail
                    )
                    answer.not_activated.append(f"{inst.id}: `{obligation_id}` — {reason}")
    for state, answer in answers.items():
        if state not in best:
            continue
        _, item = best[state]
        coding = code_instrument(item.instrument)
        features, notes = credibility_features(coding)
        est = predict(features, war_year=first.year, level=level)
        answer.basis_instrument = item.instrument.id
        answer.estimate = est
        answer.marginal, answer.interval, answer.marginal_source = _marginal(est, marginals)
        answer.notes += notes
    live = [a for a in answers.values() if a.triggered and a.marginal is not None]
    ps = [a.marginal for a in live if a.marginal is not None]
    lows = [a.interval[0] if a.interval else a.marginal for a in live if a.marginal is not None]
    highs = [a.interval[1] if a.interval else a.marginal for a in live if a.marginal is not None]
    pmf = count_pmf(ps, rho) if ps else [1.0]
    pmf_low = count_pmf(lows, rho) if ps else [1.0]
    pmf_high = count_pmf(highs, rho) if ps else [1.0]
    return PackageAnswer(
        package, scenario, rho, marginals, list(answers.values()), pmf, pmf_low, pmf_high, diagnostics
    )
