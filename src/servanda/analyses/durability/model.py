"""Durability: P(instrument still in force at year t), exactly, by a Markov chain over months.

States, per guarantor: ``S`` in force with a supportive executive; ``O`` in force with an
opposed executive that has not (yet) given notice; ``N_k`` notice given, ``k`` months until the
withdrawal takes effect (the instrument is still in force); ``W`` withdrawn (absorbing).

Each month ``m``:

1. **turnover** — at an executive-changing election taking office in month ``m`` (from the
   election calendar, recurring every ``interval_years``) the party in power changes with
   ``p_turnover``; between elections with the monthly equivalent of
   ``early_turnover_per_year``. A new executive opposes the instrument with ``p_oppose``
   (``S → O``), otherwise supports it (``O → S``);
2. **exit** — an opposed executive gives notice with monthly hazard ``h`` set by the legal form's
   exit difficulty (``1 − (1 − p_exit)^(1/48)``; × ``lock_factor`` under a statutory withdrawal
   lock): ``O → N_L`` (``L`` = notice months; straight to ``W`` when ``L = 0``);
3. **notice** — ``N_k → N_{k−1}``, ``N_1 → W``.

Survival ``S(t) = 1 − P(W at month t)``. The fixed term ends the curve (renewal not modelled).
No sampling is involved; the chain is a product of small transition matrices.

Example:
    >>> inp = DurabilityInputs("X", "treaty", date(2026, 1, 1), 24, 0, False, [], 0.0, 0.5, 0.4, 1.0)
    >>> survival(inp).at_year(2)    # no elections, no early turnover: nothing can change
    1.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date

import numpy as np
from numpy.typing import NDArray

from servanda.analyses.legislatures.jurisdictions import Election, Jurisdiction, model_parameters
from servanda.analyses.legislatures.parlgov import early_turnover_rate, turnover_rate
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.model.periods import MAX_YEARS

FloatArray = NDArray[np.float64]

#: Longest horizon the chain runs (years): the instrument model's limit on durations
#: (``servanda.model.periods.MAX_YEARS``). Longer terms or ``--years`` are refused, never truncated.
MAX_HORIZON_YEARS = MAX_YEARS
MAX_TERM_MONTHS = 12 * MAX_HORIZON_YEARS

#: Order of exit difficulty required by the model (easiest exit first).
EXIT_ORDER = (
    "political_declaration",
    "sole_executive_agreement",
    "congressional_executive_agreement",
    "treaty",
)


@dataclass(frozen=True)
class ElectionEvent:
    """An executive-changing election taking effect in month ``month`` after the start."""

    month: int
    p_turnover: float
    label: str


@dataclass(frozen=True)
class DurabilityInputs:
    """Inputs of the chain for one guarantor."""

    jurisdiction: str
    legal_form: str
    start: date
    term_months: int
    notice_months: int
    locked: bool
    events: list[ElectionEvent]
    early_turnover_per_year: float
    p_oppose: float
    p_exit: float
    lock_factor: float
    exit_horizon_months: int = 48


@dataclass
class SurvivalCurve:
    """Monthly survival and the probability the executive opposes the instrument."""

    inputs: DurabilityInputs
    survival: FloatArray
    p_opposed: FloatArray
    notes: list[Diagnostic] = field(default_factory=list)

    def at_month(self, month: int) -> float:
        """P(in force after ``month`` months); beyond the term, 0."""
        if month > self.inputs.term_months:
            return 0.0
        return float(self.survival[month])

    def at_year(self, years: float) -> float:
        """P(in force after ``years`` years)."""
        return self.at_month(round(years * 12))

    def yearly(self) -> list[float]:
        """Survival at years 0, 1, … up to the term."""
        return [float(self.survival[12 * y]) for y in range(self.inputs.term_months // 12 + 1)]

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        i = self.inputs
        return {
            "jurisdiction": i.jurisdiction,
            "legal_form": i.legal_form,
            "start": i.start.isoformat(),
            "term_years": i.term_months / 12,
            "notice_months": i.notice_months,
            "withdrawal_lock": i.locked,
            "p_oppose_after_turnover": i.p_oppose,
            "p_exit_per_48_months_if_opposed": i.p_exit * (i.lock_factor if i.locked else 1.0),
            "elections": [{"month": e.month, "p_turnover": e.p_turnover, "label": e.label} for e in i.events],
            "survival_by_year": self.yearly(),
            "survival_10y": self.at_year(10) if i.term_months >= 120 else None,
            "survival_at_term": float(self.survival[i.term_months]),
            "notes": [n.to_json() for n in self.notes],
        }


def monthly_hazard(p: float, months: int) -> float:
    """Constant monthly hazard giving probability ``p`` of the event within ``months``.

    >>> round(monthly_hazard(0.5, 12), 6)
    0.056126
    """
    if p >= 1.0:
        return 1.0
    return float(1.0 - (1.0 - p) ** (1.0 / months))


def survival(inp: DurabilityInputs) -> SurvivalCurve:
    """Run the chain month by month over the term."""
    for name in ("p_oppose", "p_exit", "lock_factor", "early_turnover_per_year"):
        v = getattr(inp, name)
        if not 0.0 <= v <= 1.0:
            raise ServandaError.one(
                "D602",
                f"{name} {v!r} is outside [0, 1]",
                path=inp.jurisdiction,
                hint="write a probability between 0 and 1",
            )
    if inp.term_months <= 0:
        raise ServandaError.one(
            "D603",
            "the instrument's term is not positive",
            path=inp.jurisdiction,
            hint="give `term.length` (e.g. `10 years`) or pass --years",
        )
    if inp.term_months > MAX_TERM_MONTHS:
        raise ServandaError.one(
            "E210",
            f"a horizon of {inp.term_months} months is longer than the {MAX_HORIZON_YEARS}-year maximum",
            path=inp.jurisdiction,
            hint=f"give a term (or --years) of at most {MAX_HORIZON_YEARS} years",
        )
    if inp.notice_months < 0:
        raise ServandaError.one(
            "E210",
            f"a withdrawal notice of {inp.notice_months} months is negative",
            path=inp.jurisdiction,
            hint="give a notice period of zero or more months",
        )
    # Notice longer than the term never takes effect within it: L = term + 1 is exactly equivalent.
    n_notice = min(inp.notice_months, inp.term_months + 1)
    p_exit = inp.p_exit * (inp.lock_factor if inp.locked else 1.0)
    h = monthly_hazard(p_exit, inp.exit_horizon_months)
    background = monthly_hazard(inp.early_turnover_per_year, 12)
    election = np.zeros(inp.term_months + 1)
    for e in inp.events:
        if 0 < e.month <= inp.term_months:
            election[e.month] = 1.0 - (1.0 - election[e.month]) * (1.0 - e.p_turnover)
    # The notice states N_L..N_1 form a delay line: mass entering N_L in month m reaches W in month
    # m + L. Tracking what enters each month keeps the chain O(term) in time and memory for any L.
    entered = np.zeros(inp.term_months + 1)
    s_mass, o_mass, withdrawn = 1.0, 0.0, 0.0
    surv = np.empty(inp.term_months + 1)
    opposed = np.empty(inp.term_months + 1)
    surv[0], opposed[0] = 1.0, 0.0
    for m in range(1, inp.term_months + 1):
        # 3. notice counts down first (notice given this month waits its full L months).
        if n_notice and m - n_notice >= 1:
            withdrawn += entered[m - n_notice]
        # 1. turnover.
        turn = 1.0 - (1.0 - election[m]) * (1.0 - background)
        s_next = s_mass * (1.0 - turn * inp.p_oppose) + o_mass * turn * (1.0 - inp.p_oppose)
        o_next = s_mass * turn * inp.p_oppose + o_mass * (1.0 - turn * (1.0 - inp.p_oppose))
        # 2. exit: an opposed executive gives notice (or withdraws at once without notice).
        gives = o_next * h
        s_mass, o_mass = s_next, o_next - gives
        if n_notice:
            entered[m] = gives
        else:
            withdrawn += gives
        surv[m] = 1.0 - withdrawn
        opposed[m] = o_mass
    return SurvivalCurve(inp, surv, opposed)


# --------------------------------------------------------------------------- inputs from data


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month) + (1 if b.day >= a.day else 0)


def election_events(
    elections: list[Election], start: date, term_months: int, p_default: float, *, strict: bool, where: str
) -> tuple[list[ElectionEvent], list[Diagnostic]]:
    """Expand executive-changing elections over the term; a calendar in the past is D601.

    With ``strict`` (user-supplied calendars) a past ``next`` date is an error; for bundled data
    it is rolled forward by ``interval_years`` with a warning.
    """
    events: list[ElectionEvent] = []
    notes: list[Diagnostic] = []
    for i, el in enumerate(elections):
        if not el.changes_executive:
            continue
        if round(el.interval_years * 12) < 1:
            raise ServandaError.one(
                "E210",
                f"election interval of {el.interval_years:g} years is shorter than a month",
                f"{where}: elections.{i}",
                hint="give `interval_years` as the regular term, e.g. 4",
            )
        effect = el.takes_office or el.next
        lag_days = (effect - el.next).days
        nxt = el.next
        if nxt < start:
            diag = Diagnostic(
                "D601",
                f"election calendar in the past: next {el.kind} election {nxt} is before the start {start}",
                f"{where}: elections.{i}.next",
                hint=f"set `next` to the coming {el.kind} election (after {start})",
                level="error" if strict else "warning",
            )
            if strict:
                raise ServandaError([diag])
            notes.append(diag)
            step = 0
            rolled: date | None = nxt
            while rolled is not None and rolled < start:
                step += 1
                rolled = _add_years(el.next, el.interval_years * step)
            if rolled is None:  # the next election would fall after year 9999
                continue
            nxt = rolled
        p = el.p_turnover if el.p_turnover is not None else p_default
        k = 0
        while True:
            when = _add_years(nxt, el.interval_years * k)
            if when is None:  # past the end of the calendar (year 9999): no later election exists
                break
            month = _months_between(start, when) + round(lag_days / 30.4375)
            if month > term_months:
                break
            events.append(ElectionEvent(max(month, 1), p, f"{el.kind} {when.isoformat()}"))
            k += 1
    return events, notes


def _add_years(d: date, years: float) -> date | None:
    """``d`` plus ``years`` (whole months, day clamped to the month's end); None past year 9999."""
    months = round(years * 12)
    index = d.month - 1 + months
    y, mth = d.year + index // 12, index % 12 + 1
    if not MINYEAR <= y <= MAXYEAR:
        return None
    import calendar

    return date(y, mth, min(d.day, calendar.monthrange(y, mth)[1]))


def parlgov_turnover(code: str) -> tuple[float, str]:
    """Laplace-smoothed per-election turnover rate from ParlGov cabinets, with its provenance."""
    changes, n = turnover_rate(code)
    if n == 0:
        d = float(model_parameters()["default_p_turnover"]["value"])
        return d, "default_p_turnover (_model_parameters.yaml)"
    return (changes + 1) / (
        n + 2
    ), f"ParlGov 2005-2023: PM party changed at {changes} of {n} elections (Laplace-smoothed)"


def early_turnover(jur: Jurisdiction) -> float:
    """Yearly between-election turnover: the file's value, else the ParlGov base rate, else 0.05."""
    if jur.early_turnover_per_year is not None:
        return jur.early_turnover_per_year
    changes, years = early_turnover_rate(jur.code)
    if years <= 0:
        return 0.05
    return min(1.0, (changes + 0.5) / years)


def exit_probability(form: str) -> float:
    """P(exit within 48 months | opposed executive) for a legal form (D604 if unknown)."""
    params = model_parameters()["exit_difficulty"]
    if form not in params or form in ("lock_factor", "horizon_months"):
        raise ServandaError.one(
            "D604",
            f"no exit difficulty for legal form `{form}`",
            "legal_form",
            hint="use one of: " + ", ".join((*EXIT_ORDER, "statute")),
        )
    return float(params[form]["p_exit"])


def inputs_for(
    jur: Jurisdiction,
    legal_form: str,
    start: date,
    term_months: int,
    *,
    notice_months: int | None = None,
    locked: bool = False,
    p_oppose: float | None = None,
    p_turnover: float | None = None,
    elections: list[Election] | None = None,
) -> tuple[DurabilityInputs, list[Diagnostic]]:
    """Assemble chain inputs from a jurisdiction's data and the model parameters.

    ``elections`` (a user-supplied calendar) replaces the bundled one and is checked strictly.
    """
    params = model_parameters()
    p_default, _ = parlgov_turnover(jur.code)
    if p_turnover is not None:
        p_default = p_turnover
    strict = elections is not None
    cal = elections if elections is not None else jur.elections
    events, notes = election_events(
        cal,
        start,
        term_months,
        p_default,
        strict=strict,
        where=("stances" if strict else f"jurisdictions/{jur.code}.yaml"),
    )
    if p_turnover is not None:
        events = [ElectionEvent(e.month, p_turnover, e.label) for e in events]
    notice = notice_months if notice_months is not None else int(params["default_notice_months"]["value"])
    inp = DurabilityInputs(
        jurisdiction=jur.code,
        legal_form=legal_form,
        start=start,
        term_months=term_months,
        notice_months=notice,
        locked=locked,
        events=events,
        early_turnover_per_year=early_turnover(jur),
        p_oppose=p_oppose
        if p_oppose is not None
        else float(params["default_p_oppose_after_turnover"]["value"]),
        p_exit=exit_probability(legal_form),
        lock_factor=float(params["exit_difficulty"]["lock_factor"]["value"]),
        exit_horizon_months=int(params["exit_difficulty"]["horizon_months"]),
    )
    return inp, notes
