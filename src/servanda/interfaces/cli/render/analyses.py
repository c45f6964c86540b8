"""Rich renderings of ``atop``, ``package`` and ``credibility`` results.

Example:
    >>> from servanda.services import atop
    >>> agreement_table(atop("anzus@1951", against=3215).reports[0]).title
    'anzus@1951 vs ATOP 4.01 atopid 3215'
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from servanda.analyses.atop.reference import AgreementReport
from servanda.analyses.packages.answer import PackageAnswer
from servanda.interfaces.cli.output import console
from servanda.model.codes import state_name
from servanda.services.atop import AtopResult
from servanda.services.credibility import CredibilityResult


def agreement_table(report: AgreementReport) -> Table:
    phase = f", phase {report.phase}" if report.phase is not None else ""
    table = Table(
        title=f"{escape(report.instrument)} vs ATOP 4.01 atopid {report.atopid}{phase}",
        caption=escape(f"source: {report.source}"),
        header_style="bold",
    )
    for column in ("variable", "members", "servanda", "ATOP", "status"):
        table.add_column(column)
    grouped: dict[tuple[str, Any, Any, str], list[str]] = {}
    for r in report.rows:
        grouped.setdefault((r.variable, r.ours, r.atop, r.status), []).append(r.member or "alliance")
    style = {"agree": "green", "differ": "bold red", "undecided": "yellow", "absent": "dim"}
    for (var, ours, atop, status), who in grouped.items():
        shown = (
            "alliance" if who == ["alliance"] else (f"{len(who)} members" if len(who) > 3 else ", ".join(who))
        )
        table.add_row(
            var,
            shown,
            "—" if ours is None else str(ours),
            "—" if atop is None else str(atop),
            f"[{style[status]}]{status}[/]",
        )
    counts = report.counts()
    table.caption = escape(
        f"source: {report.source}; " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    )
    return table


def coding_tables(result: AtopResult) -> list[Table]:
    """One table per coded instrument: variable, value, rule and the clauses it rests on."""
    tables = []
    for c in result.codings:
        table = Table(title=f"{escape(c.title)} ({c.instrument_id}): ATOP coding", header_style="bold")
        for column in ("variable", "value", "rule", "rests on"):
            table.add_column(column)
        for var, coded in c.alliance.items():
            value = coded.cell() or (
                f"[yellow]— ({'/'.join(map(str, coded.candidates))})[/]" if coded.candidates else "—"
            )
            rests = "; ".join(cite.short() for cite in coded.evidence[:3])
            table.add_row(var, value, coded.rule, escape(rests))
        tables.append(table)
    return tables


def _when(d: Any) -> str:
    return d.by_when()


def print_answer(answer: PackageAnswer) -> None:
    spec = answer.package.spec
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row(
        "package",
        f"{escape(spec.title)} ({spec.id})" + (" — [yellow]ILLUSTRATIVE[/]" if spec.illustrative else ""),
    )
    head.add_row("beneficiary", f"{spec.beneficiary} ({state_name(spec.beneficiary)})")
    s = answer.scenario
    first, last = s.dates
    span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    head.add_row(
        "scenario",
        f"{escape(s.label)}: {len(s.events)} event(s), {span}"
        + (f", [yellow]{len(s.rejected)} row(s) rejected[/] (listed below)" if s.rejected else "")
        + (f" [dim]({escape(s.file)})[/]" if s.file else ""),
    )
    console.print(Panel(head, title="[bold]Who must do what, by when, and how likely[/]", expand=True))
    duties = Table(
        title="Obligations activated, per guarantor", header_style="bold", expand=True, show_lines=False
    )
    for column in (
        "guarantor",
        "obligation",
        "what",
        "discretion · conditions",
        "triggered",
        "by when",
        "evidence",
    ):
        duties.add_column(column)
    for g in answer.guarantors:
        if not g.duties:
            continue
        for i, d in enumerate(g.duties):
            evidence = ", ".join(d.evidence[:3]) + (f" +{len(d.evidence) - 3}" if len(d.evidence) > 3 else "")
            duties.add_row(
                g.state if i == 0 else "",
                f"{d.obligation}\n[dim]{escape(d.citation.label)} [{d.citation.clause}][/]",
                escape(d.what()),
                d.discretion + (f"\n[dim]{', '.join(d.conditions)}[/]" if d.conditions else ""),
                str(d.triggered_on),
                _when(d),
                evidence,
            )
        duties.add_section()
    if any(g.duties for g in answer.guarantors):
        console.print(duties)
    quiet = [g for g in answer.guarantors if not g.triggered]
    for g in quiet:
        console.print(
            f"[bold]{g.state}[/]: no obligation activated"
            + (f" ({escape(g.not_activated[0])})" if g.not_activated else "")
        )
    live = answer.triggered
    if not live:
        console.print("No guarantor's obligations activate in this scenario.")
        return
    odds = Table(
        title="How likely each guarantor honours (credibility model)", header_style="bold", expand=True
    )
    for column in ("guarantor", "P(honour)", "interval", "basis", "warnings"):
        odds.add_column(column)
    for g in live:
        est = g.estimate
        warn = ", ".join(sorted({d.code for d in est.diagnostics if d.severity == "warning"})) if est else ""
        lo, hi = g.interval or (float("nan"), float("nan"))
        level = f"{est.level:.0%}" if est else ""
        odds.add_row(
            g.state,
            "—" if g.marginal is None else f"{g.marginal:.2f}",
            f"{lo:.2f}–{hi:.2f} ({level})",
            escape(f"{g.marginal_source}; {g.basis_instrument}"),
            warn,
        )
    console.print(odds)
    for g in live:
        if g.estimate is None:
            continue
        for note in g.estimate.diagnostics:
            if note.severity == "warning" and note.code != "C709":
                console.print(f"[yellow]{g.state}[/] [dim]{escape(str(note))}[/]")
    n = len(live)
    corr = answer.correlation_range()
    corr_text = (
        ""
        if corr is None
        else (
            f"; implied pairwise correlation {corr[0]:.2f}"
            if abs(corr[0] - corr[1]) < 5e-3
            else f"; implied pairwise correlation {corr[0]:.2f}–{corr[1]:.2f}"
        )
    )
    console.print(
        f"[bold]P(at least k of {n} guarantors honour)[/], correlation ρ = {answer.rho:g}{corr_text} "
        "[dim](bloc mixture, docs/packages.md; range: every guarantor at the low / high end of its interval)[/]"
    )
    k_table = Table(header_style="bold")
    for column in ("k", "P(≥ k)", "range"):
        k_table.add_column(column, justify="right")
    for k, p, lo, hi in answer.at_least():
        k_table.add_row(str(k), f"{p:.3f}", f"{lo:.3f}–{hi:.3f}")
    console.print(k_table)


def print_credibility(result: CredibilityResult) -> None:
    """The ATOP pledges, the settled notes and the estimate's summary."""
    features = result.features
    pledges = ", ".join(
        f"{p}={'—' if features.get(p) is None else int(features[p] or 0)}"
        for p in ("defense", "offense", "neutral", "nonagg", "consul")
    )
    console.print(f"[bold]{escape(result.coding.title)}[/] ({result.instrument.id}) — ATOP coding: {pledges}")
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/]")
    console.print(Text(result.estimate.summary()))
