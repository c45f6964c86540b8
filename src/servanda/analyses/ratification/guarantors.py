"""Per-guarantor analysis (route → stage pass probabilities → timing) and the aggregate over all guarantors.

A guarantor's pass probability is the product of its stages' pass probabilities (stages treated
as independent given the stances). Guarantees from several states (the guarantors of one instrument,
or of every instrument of a package) are approved by all with probability ``∏ p_j`` and by at least
``k`` with the Poisson-binomial tail, computed exactly by
:func:`servanda.analyses.packages.probability.poisson_binomial`. "Within 12 months" multiplies each
state's pass probability by its completion-date CDF at 365 days (timing independent of passing).

Example:
    >>> from servanda.analyses.legislatures.stances import empty_stances
    >>> spec = GuaranteeSpec("x@1", "x", "USA", "treaty", signed=date(2026, 1, 1))
    >>> result = analyse_ratification("x", [spec], empty_stances(), date(2026, 12, 1))
    >>> len(result.at_least()) == 2 and 0.0 < result.p_all() < 1.0
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from servanda.analyses.legislatures.jurisdictions import (
    Jurisdiction,
    Route,
    Stage,
    StageKind,
    jurisdiction_for,
    model_parameters,
)
from servanda.analyses.legislatures.legislature import composition_at
from servanda.analyses.legislatures.stances import StanceSet
from servanda.analyses.packages.guarantees import GuaranteeSpec
from servanda.analyses.packages.probability import poisson_binomial
from servanda.analyses.ratification.timing import (
    DEFAULT_HORIZON,
    DayDistribution,
    StageTiming,
    ratify_timing,
    stance_holdout,
)
from servanda.analyses.ratification.votes import BlocVote, VoteResult, chamber_pmf, objection_carried, vote
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.yaml_source import read_source


def _where(spec: GuaranteeSpec) -> str:
    """Where a guarantor comes from, for diagnostics: ``file: guarantor XXX``."""
    return f"{spec.source}: guarantor {spec.jurisdiction}" if spec.source else "jurisdiction"


def _at_legal_form(diagnostics: list[Diagnostic], source: str) -> list[Diagnostic]:
    """R502 (no route for the legal form) pointed at ``legal_form.kind`` in the instrument file."""
    if not source or not Path(source).is_file():
        return diagnostics
    span = read_source(Path(source)).span_of(("legal_form", "kind"))
    return [replace(d, file=source, span=span, path="legal_form.kind") for d in diagnostics]


@dataclass(frozen=True)
class StageResult:
    """Pass probability of one stage."""

    label: str
    kind: str
    probability: float
    vote: VoteResult | None = None
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        out: dict[str, object] = {"stage": self.label, "kind": self.kind, "probability": self.probability}
        if self.vote is not None:
            out["vote"] = self.vote.to_json()
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class GuarantorResult:
    """Everything the ratification analysis says about one guarantor's instrument."""

    spec: GuaranteeSpec
    jurisdiction: Jurisdiction
    route: Route
    stages: list[StageResult]
    p_pass: float
    time: DayDistribution
    timings: list[StageTiming]
    notes: list[Diagnostic] = field(default_factory=list)

    def p_within(self, days: int) -> float:
        """P(approved and completed within ``days`` of the start)."""
        return self.p_pass * self.time.cdf(days)

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        return {
            "instrument": self.spec.instrument_id,
            "jurisdiction": self.jurisdiction.code,
            "name": self.jurisdiction.name,
            "legal_form": self.spec.legal_form,
            "route": self.route.description,
            "route_verified": self.route.verified,
            "p_pass": self.p_pass,
            "stages": [s.to_json() for s in self.stages],
            "time_to_ratify": self.time.summary(),
            "stage_medians": [
                {"stage": t.label, "unit": t.unit, "median_days": t.median_days} for t in self.timings
            ],
            "p_approved_within_12_months": self.p_within(365),
            "notes": [n.to_json() for n in self.notes],
        }


def _blocs(
    jur: Jurisdiction, chamber: str, on: date, stances: StanceSet
) -> tuple[list[BlocVote], int, list[Diagnostic]]:
    comp, notes = composition_at(jur, chamber, on)
    blocs = []
    for b in comp.voting_blocs:
        st = stances.bloc(jur.code, b.id, b.family, b.government)
        blocs.append(BlocVote(b.id, b.seats, st.support, st.cohesion))
    return blocs, comp.total, notes


def stage_probability(
    jur: Jurisdiction,
    stage: Stage,
    on: date,
    stances: StanceSet,
    options: dict[str, bool],
    bypass: float | None,
) -> tuple[StageResult, list[Diagnostic]]:
    """Pass probability of one stage on date ``on``."""
    label, kind = stage.label, stage.kind.value
    if stage.kind is StageKind.VOTE:
        assert stage.chamber is not None and stage.threshold is not None
        blocs, seats, notes = _blocs(jur, stage.chamber, on, stances)
        thresholds = [stage.threshold]
        note = None
        if stage.cloture is not None and options.get("cloture", True):
            thresholds.append(stage.cloture)
            note = f"cloture ({stage.cloture.value}) required"
            label = f"{label} + cloture"
        result = vote(stage.chamber, seats, blocs, thresholds)
        return StageResult(label, kind, result.probability, result, note), notes
    if stage.kind is StageKind.NEGATIVE_PROCEDURE:
        assert stage.chamber is not None
        blocs, _, notes = _blocs(jur, stage.chamber, on, stances)
        pmf = chamber_pmf([b.seats for b in blocs], [b.support for b in blocs], [b.cohesion for b in blocs])
        against = objection_carried(pmf, sum(b.seats for b in blocs))
        b = stage.bypass_probability if bypass is None else bypass
        p = 1.0 - (1.0 - b) * stage.probability * against
        note = f"objection carried with P={against:.3g} if a vote is held (P={stage.probability:g}); waiver P={b:g}"
        return StageResult(label, kind, p, None, note), notes
    if stage.kind is StageKind.CONSTITUTIONAL_REVIEW:
        return StageResult(
            label,
            kind,
            1.0 - stage.probability * stage.p_block,
            note=f"referral P={stage.probability:g}, blocks P={stage.p_block:g}",
        ), []
    return StageResult(label, kind, 1.0 - stage.p_block), []


def analyse_guarantee(
    spec: GuaranteeSpec,
    stances: StanceSet,
    on: date,
    *,
    horizon: int = DEFAULT_HORIZON,
    until_parliament: bool = False,
) -> GuarantorResult:
    """Route, pass probability and time to ratify of one guarantor's instrument.

    ``on`` is the analysis date: the legislature's composition on that date is used, and the
    clock starts at ``spec.signed`` if given, else at ``on``.
    """
    jur = jurisdiction_for(spec.jurisdiction, _where(spec))
    try:
        route = jur.route(spec.legal_form)
    except ServandaError as exc:
        raise ServandaError(_at_legal_form(exc.diagnostics, spec.source)) from None
    js = stances.for_jurisdiction(jur.code)
    options = {**route.options, **js.options}
    notes: list[Diagnostic] = []
    stage_results = []
    prio_waiver = model_parameters()["priority_multiplier"][stances.priority].get("waiver_probability")
    waiver_p = js.bypass_probability if js.bypass_probability is not None else prio_waiver
    for stage in route.stages:
        res, n = stage_probability(jur, stage, on, stances, options, waiver_p)
        stage_results.append(res)
        notes.extend(n)
    p_pass = float(np.prod([s.probability for s in stage_results]))
    start = spec.signed or on
    # time to ratify: the fitted model (timing.py, docs/ratification.md §3); the structural stage model
    # stays available as timing.time_to_ratify
    dist, timings = ratify_timing(
        jur,
        route,
        start,
        priority=stances.priority,
        prepared=js.prepared,
        horizon=horizon,
        until_parliament=until_parliament,
        holdout=stance_holdout(jur, js.agenda),
    )
    unique = list({(n.code, n.message): n for n in notes}.values())
    return GuarantorResult(spec, jur, route, stage_results, p_pass, dist, timings, unique)


@dataclass
class RatificationResult:
    """Ratification of a set of guarantees: per-guarantor results and exact aggregates over the guarantors."""

    name: str
    results: list[GuarantorResult]

    @property
    def p_pass(self) -> list[float]:
        """Per-guarantor pass probabilities."""
        return [r.p_pass for r in self.results]

    def p_all(self) -> float:
        """P(every guarantor approves)."""
        return float(np.prod(self.p_pass))

    def p_all_within(self, days: int) -> float:
        """P(every guarantor approves within ``days``)."""
        return float(np.prod([r.p_within(days) for r in self.results]))

    def at_least(self, days: int | None = None) -> list[float]:
        """P(at least k approve) for k = 0..n (within ``days`` if given)."""
        ps = [r.p_within(days) if days is not None else r.p_pass for r in self.results]
        pmf = np.asarray(poisson_binomial(ps, 1.0))
        return [float(x) for x in np.cumsum(pmf[::-1])[::-1]]

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        return {
            "package": self.name,
            "guarantors": [r.to_json() for r in self.results],
            "p_all_approve": self.p_all(),
            "p_all_approve_within_12_months": self.p_all_within(365),
            "p_at_least_k_approve": {str(k): v for k, v in enumerate(self.at_least())},
            "p_at_least_k_approve_within_12_months": {str(k): v for k, v in enumerate(self.at_least(365))},
        }


def analyse_ratification(
    name: str, specs: Sequence[GuaranteeSpec], stances: StanceSet, on: date
) -> RatificationResult:
    """Analyse every guarantee (of an instrument or a package); collect all diagnostics before failing."""
    results: list[GuarantorResult] = []
    errors: list[Diagnostic] = []
    for spec in specs:
        try:
            results.append(analyse_guarantee(spec, stances, on))
        except ServandaError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise ServandaError(errors)
    return RatificationResult(name, results)
