"""Per-guarantor analysis (route → stage pass probabilities → timing) and the aggregate over all guarantors.

Each party of a jurisdiction has **one latent stance** θ (its members' support rate on this instrument),
shared by every chamber and stage of the route: an upper chamber that borrows the lower chamber's party
shares, or a second chamber where the same party sits, uses the same draw. Given the stances, stages are
independent; a guarantor's pass probability is ``E_θ[∏_stages P(stage | θ)]`` over the stance prior
(:func:`servanda.analyses.ratification.votes.latent_stances`), and its 80 % credible interval the spread of
``∏ P(stage | θ)`` over that prior. A governing party turns against its own government's instrument with
probability at most ``government_defeat`` (default 0.03; docs/ratification.md §2).

Already-ratified instruments (in force on the analysis date) are reported as ratified (P = 1) unless
``score_historical`` asks to score them against the legislature of their own time (their signature date).
For the US, the Art. II treaty and the congressional-executive agreement are computed side by side on the
same stance draws. When the predicted completion may fall after the next legislative election, the share
of completion dates after it is reported (R513): the vote is still scored against the composition in force
on the analysis date, since the next composition is not in the data.

Guarantees from several states are approved by all with probability ``∏ p_j`` and by at least ``k`` with
the Poisson-binomial tail, computed exactly by
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
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from servanda.analyses.legislatures.jurisdictions import (
    Jurisdiction,
    Route,
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
from servanda.analyses.ratification.votes import (
    LatentParty,
    VoteResult,
    credible_interval,
    latent_stances,
    p_at_least_given,
    required_yes,
)
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
    #: 80 % credible interval of P(pass | latent party stances) over the stance prior.
    p_interval: tuple[float, float] | None = None
    #: ``to_ratify``; ``ratified`` (in force on the analysis date, not scored); ``scored_historical``.
    status: str = "to_ratify"
    #: The same stances on the other US route: {"legal_form", "p_pass", "p_interval"}.
    alternatives: list[dict[str, object]] = field(default_factory=list)
    #: Share of completion dates after the next legislative election (None: no election in the horizon).
    election: dict[str, object] | None = None

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
            "status": self.status,
            "p_pass": self.p_pass,
            "p_pass_interval_80": list(self.p_interval) if self.p_interval is not None else None,
            "alternatives": self.alternatives,
            "vote_after_election": self.election,
            "stages": [s.to_json() for s in self.stages],
            "time_to_ratify": self.time.summary(),
            "stage_medians": [
                {"stage": t.label, "unit": t.unit, "median_days": t.median_days} for t in self.timings
            ],
            "p_approved_within_12_months": self.p_within(365),
            "notes": [n.to_json() for n in self.notes],
        }


@dataclass(frozen=True)
class _Chamber:
    seats: int
    ids: tuple[str, ...]
    sizes: tuple[int, ...]


def _chamber(
    jur: Jurisdiction, chamber: str, on: date, stances: StanceSet, parties: dict[str, LatentParty]
) -> tuple[_Chamber, list[Diagnostic]]:
    """The chamber's voting blocs on ``on``; registers each party's latent stance prior once."""
    comp, notes = composition_at(jur, chamber, on)
    cap = stances.government_defeat(jur.code)
    for b in comp.voting_blocs:
        if b.id not in parties:
            st = stances.bloc(jur.code, b.id, b.family, b.government)
            parties[b.id] = LatentParty(b.id, st.support, st.cohesion, cap if b.government else None)
    blocs = comp.voting_blocs
    return _Chamber(comp.total, tuple(b.id for b in blocs), tuple(b.seats for b in blocs)), notes


def route_draws(
    jur: Jurisdiction,
    route: Route,
    on: date,
    stances: StanceSet,
    options: dict[str, bool],
    bypass: float | None,
    strength: float | None = None,
) -> tuple[list[StageResult], NDArray[np.float64], list[Diagnostic]]:
    """Stage results (marginal P over the stance prior) and P(route passes | supports) per outer draw.

    The second value has one entry per outer draw of the parties' supports: the mean over the inner draws
    of the latent stances of ∏_stages P(stage | θ). Its mean is P(pass); its spread the credible interval.
    """
    if strength is None:
        strength = float(model_parameters()["latent_stances"]["prior_strength"])
    parties: dict[str, LatentParty] = {}
    notes: list[Diagnostic] = []
    chambers: list[_Chamber | None] = []
    for stage in route.stages:
        if stage.kind in (StageKind.VOTE, StageKind.NEGATIVE_PROCEDURE):
            assert stage.chamber is not None
            seated, found = _chamber(jur, stage.chamber, on, stances, parties)
            chambers.append(seated)
            notes.extend(found)
        else:
            chambers.append(None)
    order = sorted(parties)
    theta = latent_stances([parties[k] for k in order], strength=strength)
    shape = theta.shape[:2]
    col = {k: i for i, k in enumerate(order)}
    joint = np.ones(shape)
    results: list[StageResult] = []
    for stage, ch in zip(route.stages, chambers, strict=True):
        label, kind = stage.label, stage.kind.value
        if ch is not None:
            th = theta[..., [col[i] for i in ch.ids]] if ch.ids else np.zeros((*shape, 0))
            voting = sum(ch.sizes)
        if stage.kind is StageKind.VOTE and ch is not None:
            assert stage.chamber is not None and stage.threshold is not None
            thresholds = [stage.threshold]
            note = None
            if stage.cloture is not None and options.get("cloture", True):
                thresholds.append(stage.cloture)
                note = f"cloture ({stage.cloture.value}) required"
                label = f"{label} + cloture"
            required = max(required_yes(t, ch.seats, voting) for t in thresholds)
            per = p_at_least_given(ch.sizes, th, required)
            expected = float((th @ np.asarray(ch.sizes, dtype=float)).mean()) if ch.ids else 0.0
            v = VoteResult(
                stage.chamber, ch.seats, voting, required, float(per.mean()), expected, np.empty(0)
            )
            results.append(StageResult(label, kind, v.probability, v, note))
        elif stage.kind is StageKind.NEGATIVE_PROCEDURE and ch is not None:
            # an objection carries when fewer members support than oppose: yes ≤ (voting − 1) // 2
            against = 1.0 - p_at_least_given(ch.sizes, th, (voting - 1) // 2 + 1)
            b = stage.bypass_probability if bypass is None else bypass
            per = 1.0 - (1.0 - b) * stage.probability * against
            note = (
                f"objection carried with P={float(against.mean()):.3g} if a vote is held "
                f"(P={stage.probability:g}); waiver P={b:g}"
            )
            results.append(StageResult(label, kind, float(per.mean()), None, note))
        elif stage.kind is StageKind.CONSTITUTIONAL_REVIEW:
            per = np.full(shape, 1.0 - stage.probability * stage.p_block)
            note = f"referral P={stage.probability:g}, blocks P={stage.p_block:g}"
            results.append(StageResult(label, kind, float(per.flat[0]), note=note))
        else:
            per = np.full(shape, 1.0 - stage.p_block)
            results.append(StageResult(label, kind, float(per.flat[0])))
        joint = joint * per
    return results, joint.mean(axis=1), notes


def _election_share(jur: Jurisdiction, dist: DayDistribution) -> dict[str, object] | None:
    """Share of completion dates after the next election that can change a chamber (R513 data)."""
    found: list[tuple[date, date, str]] = []
    for e in jur.elections:
        if e.kind == "presidential":
            continue
        lag = ((e.takes_office or e.next) - e.next).days
        step, when = 0, e.next
        while when + timedelta(days=lag) < dist.start and step < 100:  # bundled calendars roll forward
            step += 1
            when = e.next + timedelta(days=round(365.25 * e.interval_years * step))
        found.append((when + timedelta(days=lag), when, e.kind))
    if not found:
        return None
    seated, voted, kind = min(found)
    days = (seated - dist.start).days
    if days >= dist.horizon:
        return None
    after = 1.0 - dist.cdf(days)
    return {"election": kind, "date": voted.isoformat(), "seated": seated.isoformat(), "share_after": after}


def _election_note(
    jur: Jurisdiction, spec: GuaranteeSpec, info: dict[str, object] | None, on: date
) -> list[Diagnostic]:
    if info is None:
        return []
    share = float(info["share_after"])  # type: ignore[arg-type]
    if share < 0.05:
        return []
    return [
        Diagnostic(
            "R513",
            f"{jur.name}: {share:.0%} of the predicted completion dates fall after the {info['election']} "
            f"election of {info['date']} (new legislature seated {info['seated']}); the vote is scored against "
            f"the composition in force on {on.isoformat()}",
            _where(spec),
            hint="the next composition is not in the data: read P(pass) as conditional on today's legislature, "
            "or add the expected composition with its source in a stance file's jurisdiction entry",
            level="warning",
        )
    ]


def _other_us_route(form: str) -> str | None:
    return {
        "treaty": "congressional_executive_agreement",
        "congressional_executive_agreement": "treaty",
    }.get(form)


def analyse_guarantee(
    spec: GuaranteeSpec,
    stances: StanceSet,
    on: date,
    *,
    horizon: int = DEFAULT_HORIZON,
    until_parliament: bool = False,
    ratified_on: date | None = None,
    score_historical: bool = False,
) -> GuarantorResult:
    """Route, pass probability (with its credible interval) and time to ratify of one guarantor's instrument.

    ``on`` is the analysis date: the legislature's composition on that date is used, and the clock starts at
    ``spec.signed`` if given, else at ``on``. ``ratified_on`` (the instrument is in force since then) reports
    the guarantee as ratified (P = 1, no vote scored); with ``score_historical`` it is scored against the
    legislature of its signature date instead.
    """
    jur = jurisdiction_for(spec.jurisdiction, _where(spec))
    try:
        route = jur.route(spec.legal_form)
    except ServandaError as exc:
        raise ServandaError(_at_legal_form(exc.diagnostics, spec.source)) from None
    js = stances.for_jurisdiction(jur.code)
    options = {**route.options, **js.options}
    prio_waiver = model_parameters()["priority_multiplier"][stances.priority].get("waiver_probability")
    waiver_p = js.bypass_probability if js.bypass_probability is not None else prio_waiver
    if ratified_on is not None and not score_historical:
        return _ratified(spec, jur, route, ratified_on, on, horizon)
    when = spec.signed if (ratified_on is not None and spec.signed is not None) else on
    stage_results, joint, notes = route_draws(jur, route, when, stances, options, waiver_p)
    p_pass = float(joint.mean())
    interval = credible_interval(joint, float(model_parameters()["latent_stances"]["interval"]))
    alternatives: list[dict[str, object]] = []
    other = _other_us_route(spec.legal_form) if jur.code == "USA" else None
    if other is not None and other in {k.value for k in jur.routes}:
        alt = jur.route(other)
        _, alt_joint, _ = route_draws(jur, alt, when, stances, {**alt.options, **js.options}, waiver_p)
        alternatives.append(
            {
                "legal_form": other,
                "p_pass": float(alt_joint.mean()),
                "p_pass_interval_80": list(credible_interval(alt_joint)),
                "note": "same stances and stance draws; shown side by side",
            }
        )
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
    election = None if ratified_on is not None else _election_share(jur, dist)
    notes.extend(_election_note(jur, spec, election, when))
    unique = list({(n.code, n.message): n for n in notes}.values())
    status = "scored_historical" if ratified_on is not None else "to_ratify"
    return GuarantorResult(
        spec,
        jur,
        route,
        stage_results,
        p_pass,
        dist,
        timings,
        unique,
        p_interval=interval,
        status=status,
        alternatives=alternatives,
        election=election,
    )


def _ratified(
    spec: GuaranteeSpec, jur: Jurisdiction, route: Route, since: date, on: date, horizon: int
) -> GuarantorResult:
    """An instrument already in force: reported as ratified, no vote scored against today's legislature."""
    pmf = np.zeros(horizon)
    pmf[0] = 1.0
    dist = DayDistribution(on, pmf, 0.0)
    stages = [StageResult("already ratified", "ratified", 1.0, note=f"in force since {since.isoformat()}")]
    return GuarantorResult(spec, jur, route, stages, 1.0, dist, [], [], (1.0, 1.0), "ratified")


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
    name: str,
    specs: Sequence[GuaranteeSpec],
    stances: StanceSet,
    on: date,
    *,
    ratified: dict[str, date] | None = None,
    score_historical: bool = False,
) -> RatificationResult:
    """Analyse every guarantee (of an instrument or a package); collect all diagnostics before failing.

    ``ratified`` maps instrument ids already in force to their entry-into-force date: those are reported as
    ratified, or scored against the legislature of their signature date with ``score_historical``.
    """
    results: list[GuarantorResult] = []
    errors: list[Diagnostic] = []
    for spec in specs:
        since = (ratified or {}).get(spec.instrument_id)
        try:
            results.append(
                analyse_guarantee(spec, stances, on, ratified_on=since, score_historical=score_historical)
            )
        except ServandaError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise ServandaError(errors)
    return RatificationResult(name, results)
