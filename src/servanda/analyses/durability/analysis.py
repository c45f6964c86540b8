"""Durability of guarantees: per-guarantor survival curves and their aggregate over all guarantors.

Example:
    >>> from datetime import date
    >>> from servanda.analyses.packages.guarantees import GuaranteeSpec
    >>> from servanda.analyses.legislatures.stances import empty_stances
    >>> spec = GuaranteeSpec("x@1", "x", "USA", "treaty", term_years=10, locks=("senate_two_thirds",))
    >>> curve = analyse_durability(spec, empty_stances(), date(2026, 12, 1))
    >>> 0.0 < curve.at_year(10) < 1.0
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from servanda.analyses.durability.model import MAX_HORIZON_YEARS, SurvivalCurve, inputs_for, survival
from servanda.analyses.legislatures.jurisdictions import jurisdiction_for
from servanda.analyses.legislatures.stances import StanceSet
from servanda.analyses.packages.guarantees import GuaranteeSpec
from servanda.diagnostics import Diagnostic, ServandaError

#: Used when the instrument's term is indefinite or unspecified.
DEFAULT_YEARS = 10


def check_years(years: float, location: str = "--years") -> None:
    """Refuse a horizon that is not a finite number of years in (0, MAX_HORIZON_YEARS] (E210).

    >>> check_years(15)
    >>> check_years(float("nan"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    servanda.diagnostics.errors.ServandaError: error[E210]: `nan` is not ...
    """
    if not math.isfinite(years) or not 0 < years <= MAX_HORIZON_YEARS:
        raise ServandaError.one(
            "E210",
            f"`{years:g}` is not a horizon between 0 and {MAX_HORIZON_YEARS} years",
            location,
            hint=f"pass a number of years with 0 < years <= {MAX_HORIZON_YEARS}, e.g. `--years 15`",
        )


def analyse_durability(
    spec: GuaranteeSpec, stances: StanceSet, start: date, *, years: float | None = None
) -> SurvivalCurve:
    """Survival curve of one guarantor's commitment from ``start`` (entry into force)."""
    jur = jurisdiction_for(
        spec.jurisdiction, f"{spec.source}: guarantor {spec.jurisdiction}" if spec.source else ""
    )
    notes: list[Diagnostic] = []
    if years is not None:
        check_years(years, "years")
    term = years if years is not None else spec.term_years
    if term is None:
        term = DEFAULT_YEARS
        notes.append(
            Diagnostic(
                "D603",
                f"`{spec.instrument_id}` states no fixed term; survival shown for {DEFAULT_YEARS} years",
                spec.source,
                hint="give `term.length` or pass --years",
                level="note",
            )
        )
    if not math.isfinite(term) or term <= 0:
        raise ServandaError.one(
            "D603",
            "the instrument's term is not positive",
            spec.source,
            hint="give `term.length` (e.g. `10 years`) or pass --years",
        )
    if term > MAX_HORIZON_YEARS:
        raise ServandaError.one(
            "E210",
            f"the instrument's term ({term:g} years) is longer than the {MAX_HORIZON_YEARS}-year maximum "
            "of the durability model",
            spec.source,
            hint=f"pass --years N (N <= {MAX_HORIZON_YEARS}) to look at the first N years",
        )
    notice = spec.notice_months
    if notice is not None and (not math.isfinite(notice) or not 0 <= notice <= MAX_HORIZON_YEARS * 12):
        raise ServandaError.one(
            "E210",
            f"the withdrawal notice ({notice:g} months) is outside 0..{MAX_HORIZON_YEARS} years",
            spec.source,
            hint="give `term.withdrawal.notice` as a duration of at most "
            f"{MAX_HORIZON_YEARS} years (e.g. `12 months`)",
        )
    js = stances.for_jurisdiction(jur.code)
    try:
        inp, n = inputs_for(
            jur,
            spec.legal_form,
            start,
            round(term * 12),
            notice_months=None if notice is None else round(notice),
            locked=bool(spec.locks),
            p_oppose=stances.p_oppose(jur.code),
            p_turnover=js.p_turnover,
            elections=js.elections,
        )
    except ServandaError as exc:
        raise ServandaError(stances.locate(exc.diagnostics, jur.code), exc.texts) from None
    curve = survival(inp)
    curve.notes = notes + n
    return curve


@dataclass
class DurabilityResult:
    """Survival of every guarantor's commitment (of an instrument or a package) and aggregates over them."""

    name: str
    specs: list[GuaranteeSpec]
    curves: list[SurvivalCurve]

    def p_all_in_force(self, years: float) -> float:
        """P(every commitment still in force after ``years``) (independent guarantors)."""
        return float(np.prod([c.at_year(years) for c in self.curves]))

    def expected_in_force(self, years: float) -> float:
        """Expected number of commitments still in force after ``years``."""
        return float(sum(c.at_year(years) for c in self.curves))

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        return {
            "package": self.name,
            "guarantors": [
                {"instrument": s.instrument_id, **c.to_json()}
                for s, c in zip(self.specs, self.curves, strict=True)
            ],
            "p_all_in_force_10y": self.p_all_in_force(10),
            "expected_in_force_10y": self.expected_in_force(10),
        }


def analyse_durability_all(
    name: str,
    specs: Sequence[GuaranteeSpec],
    stances: StanceSet,
    starts: Sequence[date],
    *,
    years: float | None = None,
) -> DurabilityResult:
    """Durability of each guarantee; all diagnostics collected before failing."""
    curves: list[SurvivalCurve] = []
    errors: list[Diagnostic] = []
    for spec, start in zip(specs, starts, strict=True):
        try:
            curves.append(analyse_durability(spec, stances, start, years=years))
        except ServandaError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise ServandaError(errors)
    return DurabilityResult(name, list(specs), curves)
