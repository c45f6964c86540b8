"""Rich tables, text lines and plots for the ratification and durability analyses (matplotlib lazily).

Example:
    >>> fmt_p(0.12345), fmt_p(0.99996)
    ('0.123', '>0.999')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import cast

import numpy as np
from rich.table import Table

from servanda.analyses.durability.analysis import DurabilityResult
from servanda.analyses.durability.model import SurvivalCurve
from servanda.analyses.legislatures.jurisdictions import Route, StageKind
from servanda.analyses.ratification.guarantors import GuarantorResult, RatificationResult
from servanda.analyses.ratification.historical import CaseResult


def fmt_p(p: float | None) -> str:
    """Probability with three decimals, saturating at the ends."""
    if p is None or np.isnan(p):
        return "—"
    if p > 0.999:
        return ">0.999"
    if 0 < p < 0.001:
        return "<0.001"
    return f"{p:.3f}"


def fmt_days(d: int | None, start: date) -> str:
    """``2027-02-01 (70 d)``."""
    if d is None:
        return "> horizon"
    return f"{(start + timedelta(days=d)).isoformat()} ({d} d)"


#: Abbreviations of the legal forms in tables.
FORM_SHORT = {
    "treaty": "treaty",
    "congressional_executive_agreement": "CEA",
    "sole_executive_agreement": "SEA",
    "statute": "statute",
    "political_declaration": "PD",
}

_THRESHOLD_SHORT = {
    "majority_of_votes_cast": "maj",
    "majority_of_members": "abs maj",
    "two_thirds_present": "2/3 present",
    "two_thirds_of_members": "2/3 members",
    "three_fifths_of_members": "3/5",
}


def route_summary(route: Route) -> str:
    """Compact stage chain, e.g. ``house maj → senate maj+3/5 → signature → deposit``.

    >>> from servanda.analyses.legislatures.jurisdictions import load_jurisdiction
    >>> route_summary(load_jurisdiction("USA").route("treaty"))
    'senate 2/3 present → ratification → deposit'
    """
    parts = []
    for st in route.stages:
        k = st.kind
        if k is StageKind.VOTE and st.threshold is not None:
            extra = f"+{_THRESHOLD_SHORT[st.cloture.value]}" if st.cloture is not None else ""
            parts.append(f"{st.chamber} {_THRESHOLD_SHORT[st.threshold.value]}{extra}")
        elif k is StageKind.NEGATIVE_PROCEDURE:
            parts.append(f"{st.chamber} {st.min_days} sitting days (negative)")
        elif k is StageKind.UPPER_HOUSE_DELAY:
            parts.append(f"{st.chamber} delay" + (f" ≤{st.cap_days} d" if st.cap_days is not None else ""))
        elif k is StageKind.CONSTITUTIONAL_REVIEW:
            parts.append("review?")
        elif k is StageKind.EXECUTIVE_RATIFICATION:
            parts.append("ratification")
        elif k is StageKind.EXECUTIVE_SIGNATURE:
            parts.append("signature")
        else:
            parts.append(k.value)
    return " → ".join(parts)


def fmt_interval(r: GuarantorResult) -> str:
    """``0.879 [0.810–0.940]``: P(pass) and its 80 % credible interval; ``ratified`` when already in force.

    >>> from servanda.analyses.ratification.guarantors import analyse_guarantee
    >>> from servanda.analyses.legislatures.stances import empty_stances
    >>> from servanda.analyses.packages.guarantees import GuaranteeSpec
    >>> r = analyse_guarantee(GuaranteeSpec("x@1", "x", "USA", "sole_executive_agreement"), empty_stances(), date(2026, 1, 1))
    >>> fmt_interval(r)
    '>0.999 [1.000–1.000]'
    """
    if r.status == "ratified":
        return "ratified"
    if r.p_interval is None:
        return fmt_p(r.p_pass)
    lo, hi = r.p_interval
    return f"{fmt_p(r.p_pass)} [{lo:.3f}–{hi:.3f}]"


def ratify_table(pkg: RatificationResult, curves: Sequence[SurvivalCurve | None]) -> Table:
    """One row per guarantor: route, P(pass) [80 % credible interval], time to ratify, P(≤ 12 months), survival."""
    t = Table(title=f"Ratification — {pkg.name}", show_lines=False)
    t.add_column("state")
    t.add_column("form")
    t.add_column("route", overflow="fold", ratio=3)
    for col in ("P(pass) [80 % CrI]", "median completion", "80 % int. (days)", "P(≤12 mo)", "10-y surv."):
        t.add_column(col, overflow="fold")
    for r, curve in zip(pkg.results, curves, strict=True):
        s = r.time
        lo, med, hi = s.quantile(0.1), s.quantile(0.5), s.quantile(0.9)
        surv = None if curve is None else curve.at_year(min(10.0, curve.inputs.term_months / 12))
        t.add_row(
            r.jurisdiction.code,
            FORM_SHORT.get(r.spec.legal_form, r.spec.legal_form),
            route_summary(r.route),
            fmt_interval(r),
            fmt_days(med, s.start),
            f"{lo if lo is not None else '>'}–{hi if hi is not None else '>'}",
            fmt_p(r.p_within(365)),
            fmt_p(surv),
        )
    return t


def stage_table(r: GuarantorResult) -> Table:
    """Stages of one guarantor's route with their pass probabilities and median durations."""
    t = Table(title=f"{r.jurisdiction.name}: {r.route.description}")
    for col in ("stage", "P(pass)", "detail"):
        t.add_column(col, overflow="fold")
    for s in r.stages:
        detail = ""
        if s.vote is not None:
            v = s.vote
            detail = f"needs {v.required} of {v.voting} voting ({v.seats} seats); expected yes {v.expected_yes:.1f}"
        if s.note:
            detail = (detail + "; " if detail else "") + s.note
        t.add_row(s.label, fmt_p(s.probability), detail)
    return t


def package_lines(pkg: RatificationResult) -> list[str]:
    """Package aggregates as text lines."""
    n = len(pkg.results)
    lines = [
        f"P(all {n} approve) = {fmt_p(pkg.p_all())}",
        f"P(all {n} approve within 12 months) = {fmt_p(pkg.p_all_within(365))}",
    ]
    at_least = pkg.at_least()
    within = pkg.at_least(365)
    lines.append(
        "P(at least k approve): " + ", ".join(f"k={k}: {fmt_p(at_least[k])}" for k in range(1, n + 1))
    )
    lines.append(
        "P(at least k approve within 12 months): "
        + ", ".join(f"k={k}: {fmt_p(within[k])}" for k in range(1, n + 1))
    )
    for r in pkg.results:
        for alt in r.alternatives:
            lo, hi = cast(list[float], alt["p_pass_interval_80"])
            form, other = r.spec.legal_form, str(alt["legal_form"])
            lines.append(
                f"{r.jurisdiction.code} side by side (same stances): {FORM_SHORT.get(form, form)} "
                f"{fmt_interval(r)} vs {FORM_SHORT.get(other, other)} "
                f"{fmt_p(cast(float, alt['p_pass']))} [{lo:.3f}–{hi:.3f}]"
            )
    lines.append(
        "P(pass) is the mean over the prior on party stances (one latent stance per party, shared across "
        "chambers); [80 % CrI] is the spread of P(pass | stances) — docs/ratification.md §2"
    )
    return lines


def durability_table(dp: DurabilityResult) -> Table:
    """One row per guarantor: legal form, exit parameters and survival at 1, 5, 10 years and term."""
    t = Table(title=f"Durability — {dp.name}")
    for col in (
        "state",
        "form",
        "lock",
        "notice",
        "P(opp.)",
        "next exec. change",
        "1 y",
        "5 y",
        "10 y",
        "term",
    ):
        t.add_column(col, overflow="fold")
    for c in dp.curves:
        i = c.inputs
        nxt = i.events[0].label.rsplit(" ", 1)[-1] if i.events else "none"
        t.add_row(
            i.jurisdiction,
            FORM_SHORT.get(i.legal_form, i.legal_form),
            "yes" if i.locked else "no",
            f"{i.notice_months} mo",
            fmt_p(i.p_oppose),
            nxt,
            fmt_p(c.at_year(1)),
            fmt_p(c.at_year(5)),
            fmt_p(c.at_year(10)),
            f"{fmt_p(float(c.survival[i.term_months]))} ({i.term_months / 12:g} y)",
        )
    return t


def case_table(cr: CaseResult) -> Table:
    """Predicted completion date vs the record, per state."""
    t = Table(
        title=f"{cr.case.title} — protocol {cr.protocol}: predicted vs actual (end of parliamentary procedure)"
    )
    for col in ("state", "P(pass)", "p10", "median", "p90", "actual", "PIT", "in 80 %"):
        t.add_column(col)
    for row in sorted(cr.rows, key=lambda r: r.actual_days if r.actual_days is not None else 10**9):
        d = row.to_json()
        act = f"{d['actual_date']}{'' if d['actual_verified'] else ' (unverified)'}"
        t.add_row(
            str(d["jurisdiction"]),
            fmt_p(row.result.p_pass),
            str(d["predicted_p10_date"]),
            str(d["predicted_median_date"]),
            str(d["predicted_p90_date"]),
            act,
            fmt_p(row.pit),
            "yes" if row.inside_80 else "no",
        )
    return t


def case_lines(cr: CaseResult) -> list[str]:
    """Scores of a case."""
    return [
        f"80 % interval coverage: {cr.coverage_80():.2f} (calibrated ≈ 0.80)",
        f"median |predicted median − actual|: {cr.median_abs_error():.0f} days",
        f"Spearman(predicted median, actual): {cr.rank_correlation():.2f}",
    ]


def plot(
    path: Path,
    results: Sequence[GuarantorResult] = (),
    curves: Sequence[tuple[str, SurvivalCurve]] = (),
    case: CaseResult | None = None,
) -> None:
    """Write time-to-ratify CDFs and/or survival curves to ``path`` (PNG or SVG; Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = int(bool(results) or case is not None) + int(bool(curves))
    fig, axes = plt.subplots(1, max(panels, 1), figsize=(6.5 * max(panels, 1), 4.5), squeeze=False)
    k = 0
    rows = list(results) if results else ([r.result for r in case.rows] if case else [])
    if rows:
        ax = axes[0][k]
        k += 1
        for r in rows:
            cdf = np.cumsum(r.time.pmf) * r.p_pass
            days = np.arange(len(cdf))
            ax.plot(days, cdf, label=r.jurisdiction.code, lw=1.2)
        if case is not None:
            for row in case.rows:
                if row.actual_days is not None and row.pit is not None:
                    ax.plot([row.actual_days], [row.pit * row.result.p_pass], "k.", ms=4)
        ax.set_xscale("symlog", linthresh=30)
        ax.set_xlabel(f"days after {rows[0].time.start.isoformat()}")
        ax.set_ylabel("P(approved by day)")
        ax.set_title("Time to ratify" + (" (dots: actual)" if case is not None else ""))
        ax.axvline(365, color="grey", ls=":", lw=0.8)
        ax.legend(fontsize=6, ncol=2)
    if curves:
        ax = axes[0][k]
        for label, c in curves:
            months = np.arange(len(c.survival))
            ax.step(months / 12, c.survival, where="post", label=label)
        ax.set_xlabel("years in force")
        ax.set_ylabel("P(still in force)")
        ax.set_ylim(0, 1.02)
        ax.set_title("Durability")
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
