"""Rendering of ``servanda assess``: the factor table per guarantor, the package rows, the correlation
used, the sensitivity table, and the sensitivity chart (matplotlib, imported only when a chart is written).

Example:
    >>> fmt(0.12345), fmt(None), fmt(0.99996)
    ('0.123', '—', '>0.999')
"""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from servanda.analyses.assess.chain import PackageChain
from servanda.analyses.assess.copula import RHO_GRID
from servanda.interfaces.cli.render.ratification import FORM_SHORT

#: Correlations shown in the text sensitivity table (the chart shows the whole grid).
TEXT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)


def fmt(p: float | None) -> str:
    """Probability with three decimals, saturating at the ends."""
    if p is None:
        return "—"
    if p > 0.999:
        return ">0.999"
    if 0 < p < 0.001:
        return "<0.001"
    return f"{p:.3f}"


def guarantor_table(c: PackageChain) -> Table:
    """One row per guarantor: the three factors, their product, the obligation type and its basis."""
    t = Table(title=f"{c.name}: attack on {c.at.isoformat()} (analysis date {c.on.isoformat()})")
    for col in ("guarantor", "duty judged", "P(ratified by attack)", "× P(in force | ratified)"):
        t.add_column(col, justify="left" if col in ("guarantor", "duty judged") else "right")
    t.add_column("× P(honoured | in force)", justify="right")
    t.add_column("= P(delivers)", justify="right", style="bold")
    t.add_column("basis of honoured")
    for g in c.guarantors:
        lo, hi = g.honour.interval
        t.add_row(
            f"{g.state} ({FORM_SHORT.get(g.legal_form, g.legal_form)})",
            g.type,
            fmt(g.ratified),
            fmt(g.in_force),
            f"{fmt(g.honour.probability)} ({fmt(lo)}–{fmt(hi)})",
            fmt(g.delivers),
            g.honour.basis,
        )
    return t


def package_table(c: PackageChain) -> Table:
    """P(at least k of n) at each stage, under the correlation used."""
    low, high = c.interval()
    stages = {s: c.at_least(s) for s in ("ratified", "in_force", "delivers")}
    t = Table(title=f"package: at least k of {c.n} guarantors (correlation {c.rho:g}, {c.rho_source})")
    t.add_column("k", justify="right")
    t.add_column("ratified by attack", justify="right")
    t.add_column("and in force", justify="right")
    t.add_column("and honour = deliver", justify="right", style="bold")
    t.add_column("honouring at interval ends", justify="right")
    for k in range(1, c.n + 1):
        mark = " ←" if k == c.k else ""
        t.add_row(
            f"{k}{mark}",
            fmt(stages["ratified"][k]),
            fmt(stages["in_force"][k]),
            fmt(stages["delivers"][k]),
            f"{fmt(low[k])}–{fmt(high[k])}",
        )
    return t


def sensitivity_table(c: PackageChain) -> Table:
    """P(at least k deliver) at a few correlations."""
    grid = sorted({*TEXT_GRID, round(c.rho, 4)})
    rows = c.sensitivity(grid)
    t = Table(title="sensitivity: P(at least k deliver) by correlation")
    t.add_column("correlation", justify="right")
    for k in range(1, c.n + 1):
        t.add_column(f"k≥{k}", justify="right")
    for rho, row in zip(grid, rows, strict=True):
        label = f"{rho:g}" + (" (used)" if abs(rho - c.rho) < 1e-9 else "")
        t.add_row(label, *[fmt(float(v)) for v in row[1:]])
    return t


def lines(c: PackageChain, scenario: str) -> list[str]:
    """The headline and what the numbers cover."""
    d = c.correlation
    k = c.k
    p = c.at_least()[k] if k <= c.n else 0.0
    out = [
        f"P(at least {k} of {c.n} guarantors deliver by an attack on {c.at.isoformat()}) = {fmt(p)} "
        f"at correlation {c.rho:g} ({c.rho_source}).",
        f"correlation default {d.default:g}: upper end of the 95 % interval {d.lower:g}–{d.upper:g} "
        f"(estimate {d.estimate:g}) of the within-war correlation of honouring, {d.cases} cases in {d.wars} wars "
        "(Berkemeier & Fuhrmann 2018); see docs/assess.md.",
        f"duties activate as in scenario `{scenario}`; each guarantor is judged on its strongest activated duty.",
        "P(delivers) = P(ratified by the attack) × P(still in force | ratified) × P(honoured | in force); "
        "honouring rests on wars 1816–2003 and on cases where deterrence failed.",
    ]
    from servanda.analyses.assess.chain import COVERS

    for name, (covers, not_covered) in COVERS.items():
        out.append(f"{name}: covers {covers}; not {not_covered}.")
    if c.not_triggered:
        out.append(f"no duty activates for: {', '.join(c.not_triggered)} (not counted in n)")
    for g in c.guarantors:
        out += [f"{g.state}: {note}" for note in g.notes]
    return out


def plot(path: Path, c: PackageChain) -> None:
    """Sensitivity chart: P(at least k deliver) against the correlation, the value used marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = c.sensitivity(RHO_GRID)
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for k in range(1, c.n + 1):
        ax.plot(RHO_GRID, table[:, k], marker=".", label=f"at least {k} of {c.n}")
    d = c.correlation
    ax.axvspan(d.lower, d.upper, color="grey", alpha=0.15, label="95 % interval of the estimate")
    ax.axvline(c.rho, color="black", linestyle="--", linewidth=1, label=f"correlation used ({c.rho:g})")
    ax.set_xlabel("correlation between guarantors (latent, one-factor Gaussian copula)")
    ax.set_ylabel("P(at least k deliver)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(f"{c.name}: attack on {c.at.isoformat()}", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
