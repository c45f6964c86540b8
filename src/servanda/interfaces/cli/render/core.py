"""Rich renderings of ``check``, ``show``, ``library`` and ``evaluate`` results.

Example:
    >>> from servanda.services import library
    >>> library_table(library()).title
    'servanda reference library'
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from servanda.interfaces.cli.errors import print_diagnostics
from servanda.interfaces.cli.output import console, err_console
from servanda.model.instrument import Clause, Instrument
from servanda.services.check import CheckResult, FileCheck
from servanda.services.core import LibraryResult, ShowResult
from servanda.services.evaluate import EvaluateResult


def print_file_check(check: FileCheck) -> None:
    """A file's diagnostics (on standard output), or ``ok FILE (ID)``."""
    print_diagnostics(check.diagnostics, {check.file: check.text}, stderr=False)
    if not check.diagnostics:
        ident = check.instrument or check.kind
        console.print(f"[green]ok[/] {escape(check.file)} ({escape(ident)})")


def print_explain(check: FileCheck) -> None:
    """What the static trigger checks tried, for an instrument file."""
    from servanda.language.checker import explain_triggers

    if check.report is None:
        return
    rows = explain_triggers(check.report)
    if not rows:
        console.print(f"static trigger checks: {escape(check.file)} has no trigger to check")
        return
    table = Table(title=f"static trigger checks: {escape(check.file)}", header_style="bold")
    for column in ("trigger", "witness events", "can fire", "fires on every event"):
        table.add_column(column)
    shown = {True: "yes", False: "no", None: "undecided"}
    for row in rows:
        table.add_row(
            row["trigger"],
            "composite" if row["witnesses"] is None else f"{row['witnesses']:,}",
            shown[row["can_fire"]],
            shown[row["fires_on_every_event"]],
        )
    console.print(table)


def print_check(result: CheckResult, explain: bool = False) -> None:
    """Every file's diagnostics, then the totals (and why ``--strict`` fails on warnings)."""
    for check in result.files:
        print_file_check(check)
        if explain:
            print_explain(check)
    errors, warnings = result.errors, result.warnings
    colour = "red" if errors else ("yellow" if warnings else "green")
    kinds: dict[str, int] = {}
    for f in result.files:
        if f.kind != "instrument":
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
    other = (" (" + ", ".join(f"{n} {k} file(s)" for k, n in kinds.items()) + " among them)") if kinds else ""
    if result.skipped:
        other += f" ({result.skipped} scenario test file(s) skipped: `pytest` runs them)"
    console.print(
        f"[{colour}]checked {len(result.files)} file(s): {errors} error(s), {warnings} warning(s)[/]{other}"
    )
    if result.strict and warnings and not errors:
        console.print(f"[yellow]--strict: {warnings} warning(s) count as errors, so the exit status is 1[/]")


def print_show(result: ShowResult) -> None:
    """The instrument's head panel, then one table per clause: text beside encoding."""
    instrument, path = result.instrument, result.path
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("id", instrument.id)
    head.add_row("status", instrument.status.value + (" — ILLUSTRATIVE" if instrument.illustrative else ""))
    head.add_row(
        "legal form", f"{instrument.legal_form.kind.value} ({instrument.legal_form.ratification.value})"
    )
    if instrument.legal_form.note:
        head.add_row("", escape(instrument.legal_form.note))
    head.add_row("signed / in force", f"{instrument.signed or '—'} / {instrument.in_force or '—'}")
    term = instrument.term
    exit_terms = "withdrawal: " + (
        f"notice {term.withdrawal.notice or 'none'}"
        + (f", not before {term.withdrawal.earliest_after}" if term.withdrawal.earliest_after else "")
        if term.withdrawal.allowed is True
        else "not provided"
    )
    if term.locks:
        exit_terms += "; locks: " + ", ".join(f"{lk.state} ({lk.legal_basis})" for lk in term.locks)
    head.add_row("term", f"{term.length}; renewal {term.renewal.value}; {exit_terms}")
    parties = ", ".join(
        f"{p.state}[{'/'.join(r.value[0].upper() for r in p.roles)}]" for p in instrument.parties
    )
    head.add_row("parties", parties)
    head.add_row("file", str(path))
    if instrument.illustrative_note:
        head.add_row("note", instrument.illustrative_note)
    console.print(Panel(head, title=f"[bold]{escape(instrument.title)}[/]", expand=True))
    for clause in instrument.clauses:
        console.print(clause_table(clause))


def clause_table(clause: Clause) -> Table:
    """One clause: its text and sources beside its encoding."""
    table = Table(
        title=f"{clause.label}  [dim]({clause.id})[/]",
        title_justify="left",
        show_header=True,
        expand=True,
        header_style="bold",
    )
    table.add_column("text", ratio=3)
    table.add_column("encoding", ratio=2)
    cites = "; ".join(f"{s.ref}{' ' + s.pinpoint if s.pinpoint else ''}" for s in clause.sources)
    encoding: list[str] = []
    for t in clause.triggers:
        body = (
            "match"
            if t.match
            else f"territory: ≥ {t.territory.min_km2:g} km² gained on `{t.territory.line}`"
            + (f" in {t.territory.window}" if t.territory.window else "")
            if t.territory
            else (
                "all of " + ", ".join(t.all_of or []) if t.all_of else "any of " + ", ".join(t.any_of or [])
            )
        )
        thr = (
            f"; ≥{t.threshold.min_deaths} deaths, ≥{t.threshold.min_events} events in {t.threshold.window}"
            if t.threshold
            else ""
        )
        encoding.append(f"[cyan]trigger[/] {t.id} ({t.kind.value}): {body}{thr}")
    for o in clause.obligations:
        when = "standing" if o.standing else f"on {o.trigger}"
        due = (
            f", within {o.deadline.within}"
            if o.deadline
            else (f", {o.promptness.value}" if o.promptness.value != "none" else "")
        )
        means = f" incl. {', '.join(m.value for m in o.means)}" if o.means else ""
        conds = f" [dim]({'; '.join(c.kind.value for c in o.conditions)})[/]" if o.conditions else ""
        encoding.append(
            f"[green]{o.modality.value}[/] {o.id}: {', '.join(o.bearer)} → {o.action.value}{means}"
            f"{' for ' + ', '.join(o.beneficiary) if o.beneficiary else ''}; {o.discretion.value}; {when}{due}{conds}"
        )
    for x in clause.exceptions:
        encoding.append(f"[magenta]exception[/] {x.id}: {x.effect.value} {', '.join(x.to)} when {x.when}")
    for e in clause.enforcement:
        encoding.append(
            f"[red]enforcement[/] {e.id}: {e.mechanism.value} by {', '.join(e.by)} on {e.activated_by}"
        )
    for f in clause.funding:
        encoding.append(
            f"[yellow]funding[/] {f.id}: {f.amount:,.0f} {f.currency} {'per year' if f.per == 'year' else 'total'}"
            f" from {', '.join(f.by)} ({f.source.value}{', subject to appropriations' if f.subject_to_appropriations else ''})"
        )
    for i in clause.institutions:
        planned = " (planned)" if i.planned else ""
        encoding.append(f"[blue]institution[/] {i.id}: {i.kind.value}{planned}")
    for group in (clause.triggers, clause.obligations):
        for element in group:
            note = getattr(element, "note", None) or getattr(element, "description", None)
            if note:
                encoding.append(f"[dim]  {element.id}: {escape(note)}[/]")
    note = f"\n[italic dim]note: {escape(clause.note)}[/]" if clause.note else ""
    table.add_row(
        escape(clause.text) + f"\n[dim]— {escape(cites)}[/]" + note,
        "\n".join(encoding) or "[dim](no encoding: context)[/]",
    )
    return table


def library_table(result: LibraryResult) -> Table:
    """The bundled instruments as a table."""
    table = Table(title="servanda reference library", header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1)
    for column in ("legal form", "status", "signed", "parties", "clauses"):
        table.add_column(column, no_wrap=True)
    for row in result.rows:
        if row.get("id") is None:
            table.add_row("[red]invalid[/]", row["file"], row.get("error", ""), "", "", "", "")
            continue
        table.add_row(
            row["id"],
            row["title"],
            row["legal_form"],
            row["status"],
            str(row["signed"] or "—"),
            str(row["parties"]),
            str(row["clauses"]),
        )
    return table


def _promptness(instrument: Instrument, obligation: str) -> str:
    words = instrument.obligations()[obligation].promptness.value
    return "—" if words == "none" else words


def print_evaluation(
    out: EvaluateResult, why: bool = False, to: Console | None = None, show_all: bool = False
) -> None:
    """Rejected rows (stderr; grouped by cause unless ``show_all``), counts, the activations table (or a
    sentence), enforcement, notes, why-not."""
    result, instrument, read = out.result, out.instrument, out.events
    target = to or console
    for d in out.rejected_rows(show_all):
        err_console.print(Text(str(_plain(d)), style="yellow"))
    target.print(
        f"events: {read.summary()}"
        f"; {result.events_considered} considered{f' (as of {out.as_of})' if out.as_of else ''}"
    )
    table = Table(
        title=f"{escape(instrument.title)}: obligations activated", header_style="bold", expand=True
    )
    for column in ("obligation", "clause"):
        table.add_column(column, no_wrap=True)
    table.add_column("bearer(s)", ratio=1)
    table.add_column("action (discretion)", ratio=1)
    for column in ("for", "triggered", "due (UTC)", "status"):
        table.add_column(column, no_wrap=True)
    table.add_column("evidence", ratio=1)
    groups: dict[tuple[Any, ...], list[str]] = {}
    for a in result.activations:
        if a.trigger is None:
            continue
        key = (
            a.obligation,
            a.clause,
            f"{a.action} ({a.discretion})",
            ", ".join(a.beneficiaries),
            str(a.triggered_on),
            a.due,
            a.status,
            tuple(a.evidence),
        )
        groups.setdefault(key, []).append(a.bearer)
    for (obligation, clause, action, beneficiaries, on, due, status, evidence), bearers in groups.items():
        shown = ", ".join(bearers) if len(bearers) <= 4 else f"{len(bearers)} parties"
        table.add_row(
            obligation,
            clause,
            shown,
            action,
            beneficiaries,
            on,
            due.isoformat(timespec="minutes") if due else _promptness(instrument, obligation),
            status,
            ", ".join(evidence[:4]) + (f" +{len(evidence) - 4}" if len(evidence) > 4 else ""),
        )
    if groups:
        target.print(table)
    else:
        target.print(f"No obligation of {escape(instrument.title)} activated by these events.")
    for e in result.enforcement:
        target.print(
            f"[red]enforcement[/] {e.enforcement} ({e.mechanism}) set off on {e.on} by {e.trigger}: "
            f"{', '.join(e.evidence[:5])}"
        )
    for c in result.conflicts:
        target.print(f"[red]conflict[/] {c}")
    for note in result.notes:
        target.print(f"[yellow]note[/] {escape(note)}")
    if why:
        if not result.why_not:
            target.print("why not: every obligation activated")
        for obligation, node in result.why_not.items():
            target.print(f"[bold]why not[/] {obligation}:")
            target.print(Text("\n".join(node.lines(1))))


def _plain(diagnostic: Any) -> str:
    from servanda.services.errors import render_diagnostic

    return render_diagnostic(diagnostic)
