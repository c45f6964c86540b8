"""One chained answer: ratified by the attack date × still in force then × honoured, per guarantor and package.

For guarantor *i* and an attack on date ``t``:

* ``ratified`` = P(approved and completed by ``t``) = P(pass) × P(completion day ≤ t) — the ratification
  analysis (``docs/ratification.md``: pass probability and the fitted completion-day distribution; timing
  taken as independent of passing, as there). 1 for an instrument already in force on the analysis date.
* ``in_force`` = P(still in force at ``t`` | ratified by ``t``) — the durability chain
  (``docs/durability.md``), started at five entry dates (the 10/30/50/70/90 % points of the completion day
  given completion by ``t``) and averaged: a quadrature over the entry date.
* ``honoured`` = P(performs its strongest activated duty | in force, attack) — :mod:`.honour`.

``delivers`` = ratified × in_force × honoured. The package gets P(at least k of n deliver) for every k
under the one-factor Gaussian copula of :mod:`.copula` with correlation ``rho``, the same for the first
stages (at least k ratified; ratified and in force), and a sensitivity table over ``rho`` in 0…1.

Example:
    >>> g = GuarantorChain("USA", "x@1", "treaty", "armed_defence", ["armed_defence"], 0.5, 0.8,
    ...                    Honouring("armed_defence", 0.25, (0.1, 0.4), "data", "x", True))
    >>> g.delivers
    0.1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from servanda.analyses.assess.copula import RHO_GRID, at_least, sensitivity
from servanda.analyses.assess.correlation import CorrelationDefault
from servanda.analyses.assess.honour import MEANING, Honouring, duty_type, honouring, strongest
from servanda.analyses.durability.analysis import analyse_durability
from servanda.analyses.legislatures.stances import StanceSet
from servanda.analyses.packages.answer import GuarantorAnswer
from servanda.analyses.ratification.guarantors import GuarantorResult
from servanda.diagnostics import Diagnostic

ASSESS_FORMAT = "servanda-assess/1"
#: Quantiles of the entry date (given entry by the attack date) at which durability is evaluated.
ENTRY_QUANTILES: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)

COVERS: dict[str, tuple[str, str]] = {
    "ratified": (
        "passing every stage of the guarantor's route (votes from the stance file) and finishing by the "
        "attack date (the fitted time-to-ratify model)",
        "a government that never submits the instrument, renegotiation, timing correlated with passing",
    ),
    "in_force": (
        "withdrawal after a change of executive that opposes the instrument (elections, early turnover, "
        "exit difficulty, withdrawal locks and notice) from the entry date to the attack date, and expiry of "
        "the term",
        "suspension without withdrawal, termination for breach, the other party's conduct",
    ),
    "honoured": (
        "performing the strongest activated duty when the casus foederis arises, at the rate of past "
        "commitments of that type (defence pacts 1945–2003 for armed defence)",
        "deterrence (the data hold only cases where deterrence failed), the size or speed of the help, "
        "any type the data cannot separate (then a borrowed prior, P817)",
    ),
}


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 if ``end`` is earlier).

    >>> months_between(date(2026, 1, 31), date(2026, 3, 30)), months_between(date(2026, 1, 1), date(2027, 1, 1))
    (1, 12)
    """
    months = (end.year - start.year) * 12 + (end.month - start.month) - (1 if end.day < start.day else 0)
    return max(months, 0)


@dataclass
class GuarantorChain:
    """The three factors of one guarantor and their product."""

    state: str
    instrument: str
    legal_form: str
    type: str
    types: list[str]
    ratified: float
    in_force: float | None
    honour: Honouring
    entry_dates: list[date] = field(default_factory=list)
    already_in_force: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def delivers(self) -> float:
        """ratified × in_force × honoured (0 when it cannot be ratified by the attack date)."""
        if self.in_force is None:
            return 0.0
        return self.ratified * self.in_force * self.honour.probability

    def factors(self) -> list[dict[str, Any]]:
        """Each factor with what it covers and does not cover."""
        values = {"ratified": self.ratified, "in_force": self.in_force, "honoured": self.honour.probability}
        return [
            {"factor": name, "probability": values[name], "covers": cov, "does_not_cover": not_cov}
            for name, (cov, not_cov) in COVERS.items()
        ]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "guarantor": self.state,
            "instrument": self.instrument,
            "legal_form": self.legal_form,
            "obligation_type": self.type,
            "honoured_means": MEANING[self.type],
            "obligation_types_activated": self.types,
            "p_ratified_by_attack": self.ratified,
            "p_in_force_given_ratified": self.in_force,
            "p_honoured_given_in_force": self.honour.probability,
            "p_delivers": self.delivers,
            "honouring": self.honour.to_json(),
            "already_in_force": self.already_in_force,
            "entry_dates": [d.isoformat() for d in self.entry_dates],
            "factors": self.factors(),
            "notes": self.notes,
        }


@dataclass
class PackageChain:
    """Per-guarantor chains and the package's at-least-k answer under the correlation ``rho``."""

    name: str
    on: date
    at: date
    rho: float
    rho_source: str
    correlation: CorrelationDefault
    k: int
    guarantors: list[GuarantorChain]
    not_triggered: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def n(self) -> int:
        """Number of guarantors with an activated duty."""
        return len(self.guarantors)

    def stage(self, name: str) -> list[float]:
        """Marginals of every guarantor at a cumulative stage: ratified, in_force (and ratified), delivers."""
        out = []
        for g in self.guarantors:
            if name == "ratified":
                out.append(g.ratified)
            elif name == "in_force":
                out.append(0.0 if g.in_force is None else g.ratified * g.in_force)
            else:
                out.append(g.delivers)
        return out

    def at_least(self, stage: str = "delivers", rho: float | None = None) -> list[float]:
        """P(at least k of n reach ``stage``), k = 0..n."""
        return [float(v) for v in at_least(self.stage(stage), self.rho if rho is None else rho)]

    def interval(self) -> tuple[list[float], list[float]]:
        """P(at least k deliver) with every honouring probability at the low / high end of its interval."""
        lo = [
            g.delivers / g.honour.probability * g.honour.interval[0] if g.honour.probability else 0.0
            for g in self.guarantors
        ]
        hi = [
            g.delivers / g.honour.probability * g.honour.interval[1] if g.honour.probability else 0.0
            for g in self.guarantors
        ]
        return [float(v) for v in at_least(lo, self.rho)], [float(v) for v in at_least(hi, self.rho)]

    def sensitivity(self, grid: Sequence[float] = RHO_GRID) -> np.ndarray:
        """P(at least k deliver) (columns k = 0..n) at each correlation of ``grid`` (rows)."""
        return sensitivity(self.stage("delivers"), grid)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping (format ``servanda-assess/1``)."""
        low, high = self.interval()
        table = self.sensitivity()
        stages = {s: self.at_least(s) for s in ("ratified", "in_force", "delivers")}
        return {
            "format": ASSESS_FORMAT,
            "package": self.name,
            "analysis_date": self.on.isoformat(),
            "attack_date": self.at.isoformat(),
            "correlation": {
                "rho": self.rho,
                "source": self.rho_source,
                "model": "one-factor Gaussian copula on whether each guarantor delivers; rho is the latent "
                "correlation; P(at least k) by Gauss-Hermite quadrature (closed forms at 0 and 1)",
                "default": self.correlation.to_json(),
            },
            "guarantors": [g.to_json() for g in self.guarantors],
            "not_triggered": self.not_triggered,
            "n": self.n,
            "k": self.k,
            "package_row": {
                "p_at_least_k": {
                    "ratified": stages["ratified"][self.k] if self.k <= self.n else 0.0,
                    "ratified_and_in_force": stages["in_force"][self.k] if self.k <= self.n else 0.0,
                    "delivers": stages["delivers"][self.k] if self.k <= self.n else 0.0,
                },
                "at_least": [
                    {
                        "k": k,
                        "ratified": stages["ratified"][k],
                        "ratified_and_in_force": stages["in_force"][k],
                        "delivers": stages["delivers"][k],
                        "delivers_low": low[k],
                        "delivers_high": high[k],
                    }
                    for k in range(1, self.n + 1)
                ],
            },
            "sensitivity": {
                "rho": list(RHO_GRID),
                "p_at_least": {str(k): [float(v) for v in table[:, k]] for k in range(1, self.n + 1)},
            },
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _entry_nodes(result: GuarantorResult, at: date) -> tuple[float, list[date]]:
    """P(completed by ``at``) and the entry-date nodes given completion by then."""
    dist = result.time
    days = (at - dist.start).days
    if days < 0:
        return 0.0, []
    pmf = dist.pmf[: days + 1]
    mass = float(pmf.sum())
    if mass <= 0.0:
        return 0.0, []
    cum = np.cumsum(pmf) / mass
    idx = np.searchsorted(cum, np.asarray(ENTRY_QUANTILES) - 1e-12, side="left")
    return min(mass, 1.0), [dist.start + timedelta(days=int(i)) for i in idx]


def _defence_record(
    triggered: Sequence[GuarantorAnswer], war_year: int, level: float
) -> tuple[float, tuple[float, float], str]:
    """The credibility model's defence-pact estimate for a present-day war (the record other types borrow)."""
    from servanda.analyses.credibility import predict

    for g in triggered:
        est = g.estimate
        if est is not None and est.basis == "model" and est.reference_class.pledge_class == "defense":
            return est.probability, est.interval, est.reference_class.describe()
    est = predict(
        {"defense": 1, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1}, war_year=war_year, level=level
    )
    return est.probability, est.interval, est.reference_class.describe()


def chain(
    name: str,
    on: date,
    at: date,
    ratification: Sequence[GuarantorResult],
    in_force_since: Mapping[str, date],
    stances: StanceSet,
    answers: Sequence[GuarantorAnswer],
    *,
    rho: float,
    rho_source: str,
    correlation: CorrelationDefault,
    k: int = 1,
    level: float = 0.9,
    priors: Mapping[str, float] | None = None,
) -> PackageChain:
    """Chain ratification, durability and honouring for each guarantor whose duties activate in the attack.

    ``ratification`` holds one result per (instrument, guarantor); ``in_force_since`` the instruments already
    in force on ``on``; ``answers`` the package analysis of the attack scenario (which duties activate).
    """
    diagnostics: list[Diagnostic] = []
    triggered = [g for g in answers if g.triggered]
    defence = _defence_record(triggered, at.year, level)
    by_key = {(r.spec.instrument_id, r.spec.jurisdiction): r for r in ratification}
    out: list[GuarantorChain] = []
    borrowed: set[str] = set()
    for g in triggered:
        typed = [(duty_type(d.action, d.means), d) for d in g.duties]
        kind = strongest(t for t, _ in typed)
        if kind is None:
            continue
        instrument = next(d.instrument for t, d in typed if t == kind)
        result = by_key.get((instrument, g.state))
        if result is None:  # pragma: no cover - every package instrument is analysed
            continue
        notes: list[str] = []
        since = in_force_since.get(instrument)
        if since is not None:
            ratified, entries = 1.0, [since]
            notes.append(f"{instrument} is in force since {since.isoformat()}")
        else:
            ratified_time, entries = _entry_nodes(result, at)
            ratified = result.p_pass * ratified_time
            if (at - result.time.start).days >= result.time.horizon:
                notes.append(
                    f"the attack date lies beyond the {result.time.horizon}-day horizon of the timing model: "
                    "completion later than that counts as not ratified"
                )
        in_force: float | None = None
        if entries:
            values = []
            for entry in entries:
                curve = analyse_durability(result.spec, stances, entry)
                values.append(curve.at_month(months_between(entry, at)))
            in_force = float(np.mean(values))
        honour = honouring(kind, defence, level=level, priors=priors)
        if not honour.separated and honour.basis == "prior":
            borrowed.add(kind)
        out.append(
            GuarantorChain(
                g.state,
                instrument,
                result.spec.legal_form,
                kind,
                sorted({t for t, _ in typed if t is not None}, key=lambda t: list(MEANING).index(t)),
                float(ratified),
                in_force,
                honour,
                entries,
                since is not None,
                notes,
            )
        )
    for kind in sorted(borrowed, key=lambda t: list(MEANING).index(t)):
        states = ", ".join(c.state for c in out if c.type == kind)
        diagnostics.append(
            Diagnostic(
                "P817",
                f"the credibility data cannot separate `{kind}` from other duties ({states}): "
                f"P(honoured) borrows the defence-pact record ({defence[2]}) with a wider interval",
                name,
                hint="read it as a prior, not an estimate; state your own with `--prior TYPE=P` "
                "(`priors` in Python) and compare (docs/assess.md)",
            )
        )
    return PackageChain(
        name,
        on,
        at,
        rho,
        rho_source,
        correlation,
        k,
        out,
        [g.state for g in answers if not g.triggered],
        diagnostics,
    )
