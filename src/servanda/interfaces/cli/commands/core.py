"""Core commands: ``check``, ``show``, ``library``, ``evaluate``, ``schema``.

Example:
    $ servanda check src/servanda/data/library examples/ukraine-2025
    $ servanda show nato.nat@1949
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from servanda.evaluation.events_io import read_events
from servanda.evaluation.reference import EvaluationError, evaluate
from servanda.interfaces.cli.output import (
    console,
    err_console,
    load_or_exit,
    print_json,
    resolve_or_exit,
    to_json,
    usage_error,
)
from servanda.io.reader import read_head
from servanda.language.checker import CheckReport, check_file, explain_triggers
from servanda.language.diagnostics import render
from servanda.language.library import UnknownInstrument, library_files, resolve
from servanda.language.loader import load_instrument
from servanda.model.instrument import Clause, Instrument
from servanda.model.periods import parse_user_date
from servanda.model.schema import instrument_schema


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="text (default) or json.")]

#: Other servanda file formats found in folders; `check` skips them (and says how many it skipped).
_OTHER_FORMATS = (
    "format: servanda-package/",
    "format: servanda-scenario/",
    "format: servanda-stances/",
    "format: servanda-test/",
    "format: servanda-case/",
)


def collect_files(paths: list[Path]) -> tuple[list[Path], list[str], int]:
    """Instrument files named by ``paths`` (folders searched recursively), paths that do not exist, and the
    number of files of other servanda formats skipped in folders."""
    files: list[Path] = []
    missing: list[str] = []
    skipped = 0
    for path in paths:
        if path.is_dir():
            for candidate in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
                head = read_head(candidate, 2000)
                if any(marker in head for marker in _OTHER_FORMATS):
                    skipped += 1
                else:
                    files.append(candidate)
        elif path.exists():
            files.append(path)
        else:
            try:
                files.append(resolve(str(path)))
            except UnknownInstrument:
                missing.append(str(path))
    return files, missing, skipped


def check_command(
    paths: Annotated[list[Path], typer.Argument(help="Instrument files, folders or bundled ids.")],
    output: FormatOption = OutputFormat.text,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    explain: Annotated[bool, typer.Option(help="Show what the static trigger checks tried.")] = False,
) -> None:
    """Check instrument files like a compiler: every problem, with code, location and fix."""
    files, missing, skipped = collect_files(paths)
    for name in missing:
        usage_error(
            "E101", f"no such file, folder or bundled id `{name}`", "`servanda library` lists bundled ids"
        )
    reports = [check_file(f) for f in files]
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    if output is OutputFormat.json:
        print_json(
            {
                "format": "servanda-check/1",
                "files": [
                    {
                        "file": r.file,
                        "instrument": r.instrument.id if r.instrument else None,
                        "errors": r.errors,
                        "warnings": r.warnings,
                        "diagnostics": [d.to_json() for d in r.diagnostics],
                    }
                    for r in reports
                ],
                "errors": errors,
                "warnings": warnings,
            }
        )
    else:
        for report in reports:
            _print_report(report)
            if explain:
                _print_explain(report)
        colour = "red" if errors else ("yellow" if warnings else "green")
        other = f" ({skipped} file(s) of other servanda formats skipped)" if skipped else ""
        console.print(
            f"[{colour}]checked {len(reports)} file(s): {errors} error(s), {warnings} warning(s)[/]{other}"
        )
    if not files:
        usage_error("E101", "no instrument files found", "name .yaml files or folders that contain them")
    if errors or (strict and warnings):
        raise typer.Exit(1)


def _print_report(report: CheckReport) -> None:
    text = report.load.document.text
    for diagnostic in report.diagnostics:
        style = "red" if diagnostic.severity == "error" else "yellow"
        rendered = render(diagnostic, text)
        head, _, rest = rendered.partition("\n")
        console.print(Text(head, style=f"bold {style}"), soft_wrap=True)
        console.print(Text(rest), soft_wrap=True)
    if not report.diagnostics:
        ident = report.instrument.id if report.instrument else "?"
        console.print(f"[green]ok[/] {escape(report.file)} ({ident})")


def _print_explain(report: CheckReport) -> None:
    rows = explain_triggers(report)
    if not rows:
        return
    table = Table(title=f"static trigger checks: {escape(report.file)}", header_style="bold")
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


def show_command(
    name: Annotated[str, typer.Argument(help="Bundled id (e.g. nato.nat@1949) or path.")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Print an instrument readably: each clause's text beside its encoding."""
    instrument, path = load_or_exit(name)
    if output is OutputFormat.json:
        print_json(instrument.model_dump(mode="json", by_alias=True, exclude_none=True))
        return
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
        console.print(_clause_table(clause))


def _clause_table(clause: Clause) -> Table:
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


def library_command(output: FormatOption = OutputFormat.text) -> None:
    """List the bundled reference instruments."""
    rows: list[dict[str, Any]] = []
    for path in library_files():
        result = load_instrument(path)
        inst = result.instrument
        if inst is None:
            rows.append({"id": None, "file": str(path), "error": result.diagnostics[0].message})
            continue
        rows.append(
            {
                "id": inst.id,
                "title": inst.short_title or inst.title,
                "legal_form": inst.legal_form.kind.value,
                "status": inst.status.value,
                "signed": inst.signed,
                "parties": len(inst.parties),
                "clauses": len(inst.clauses),
                "file": path.name,
            }
        )
    if output is OutputFormat.json:
        print_json(rows)
        return
    table = Table(title="servanda reference library", header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1)
    for column in ("legal form", "status", "signed", "parties", "clauses"):
        table.add_column(column, no_wrap=True)
    for row in rows:
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
    console.print(table)


def evaluate_command(
    name: Annotated[str, typer.Argument(help="Instrument path or bundled id.")],
    events: Annotated[Path, typer.Option("--events", "-e", help="Events file (.yaml, .json or .csv).")],
    as_of: Annotated[str | None, typer.Option(help="Ignore events after this date (YYYY-MM-DD).")] = None,
    why: Annotated[bool, typer.Option(help="Explain obligations that did not activate.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every rejected event row (default: grouped by cause).")
    ] = False,
    allow_rejected: Annotated[
        bool, typer.Option(help="Exit 0 even if some event rows were rejected (they are still reported).")
    ] = False,
    output: FormatOption = OutputFormat.text,
) -> None:
    """Run the reference evaluator: which obligations activate, for whom, by when, on what evidence.

    Exit status: 0; 1 if the instrument has errors or event rows were rejected (unless --allow-rejected);
    2 for usage errors (unknown instrument, unreadable events file).
    """
    path = resolve_or_exit(name)
    cutoff = None
    if as_of is not None:
        try:
            cutoff = parse_user_date(as_of)
        except ValueError as exc:
            usage_error("E205", f"`--as-of {as_of}`: {exc}", "write YYYY-MM-DD")
    batch = read_events(events)
    if not batch.events and batch.diagnostics and batch.rows == 0:
        for d in batch.diagnostics:
            err_console.print(Text(render(d, None)), soft_wrap=True)
        raise typer.Exit(2)
    failed_rows = bool(batch.rejected) and not allow_rejected
    report = check_file(path)  # loads once; evaluation needs the checked geometries anyway
    if report.errors or report.instrument is None:
        _print_report(report)
        raise typer.Exit(1)
    instrument = report.instrument
    try:
        result = evaluate(instrument, batch.events, report.geometries, cutoff)
    except EvaluationError as exc:
        usage_error("E302", str(exc))
    if output is OutputFormat.json:
        data = result.to_json()
        counts = batch.counts()
        data["events_rejected"] = counts.rejected
        data["input_diagnostics"] = [d.to_json() for d in counts.diagnostics]
        data["events_file"] = counts.to_json()
        print_json(data)
        if failed_rows:
            raise typer.Exit(1)
        return
    for d in batch.diagnostics if show_all else batch.grouped():
        err_console.print(Text(render(d, None), style="yellow"))
    console.print(
        f"events: {batch.rows} rows, {len(batch.events)} accepted, {batch.rejected} rejected"
        f"; {result.events_considered} considered{f' (as of {cutoff})' if cutoff else ''}"
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
    console.print(table)
    for e in result.enforcement:
        console.print(
            f"[red]enforcement[/] {e.enforcement} ({e.mechanism}) set off on {e.on} by {e.trigger}: "
            f"{', '.join(e.evidence[:5])}"
        )
    for c in result.conflicts:
        console.print(f"[red]conflict[/] {c}")
    for note in result.notes:
        console.print(f"[yellow]note[/] {escape(note)}")
    if why:
        for obligation, node in result.why_not.items():
            console.print(f"[bold]why not[/] {obligation}:")
            console.print(Text("\n".join(node.lines(1))))
    if failed_rows:
        err_console.print(
            f"[red]{batch.rejected} event row(s) rejected[/] (above); fix them or pass --allow-rejected"
        )
        raise typer.Exit(1)


def _promptness(instrument: Instrument, obligation: str) -> str:
    words = instrument.obligations()[obligation].promptness.value
    return "—" if words == "none" else words


def schema_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the instrument format (for editors)."""
    from servanda.io.writer import OutputError, write_text

    text = to_json(instrument_schema()) + "\n"
    if output is None:
        console.file.write(text)
        return
    try:
        write_text(output, text)
    except OutputError as exc:
        usage_error("E101", f"--output: {exc.diagnostic.message}", exc.diagnostic.hint)
    err_console.print(f"wrote `{output}`")


def register(app: typer.Typer) -> None:
    """Add the core commands to ``app``."""
    app.command("check")(check_command)
    app.command("show")(show_command)
    app.command("library")(library_command)
    app.command("evaluate")(evaluate_command)
    app.command("schema")(schema_command)
