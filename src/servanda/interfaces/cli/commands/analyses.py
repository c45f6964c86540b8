"""Analysis commands: ``compare``, ``atop``, ``package``, ``credibility``.

Example:
    $ servanda compare examples/ukraine-2025/usa.yaml                # against NATO Art. 5
    $ servanda compare us_kor.mdt@1953 --against anzus@1951 --format markdown
    $ servanda atop nato.nat@1949 --member-level
    $ servanda atop --benchmarks                                      # agreement with ATOP 4.01
    $ servanda package examples/ukraine-2025 --attack-at 35.14,47.84 --date 2026-03-05 --actor RUS
    $ servanda credibility examples/ukraine-2025/usa.yaml
"""

from __future__ import annotations

import csv
import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from servanda.analyses.atop.coding import ALLIANCE_COLUMNS, MEMBER_COLUMNS, AtopCoding, code_instrument
from servanda.analyses.atop.reference import BENCHMARKS, AgreementReport, agreement, phases
from servanda.analyses.compare import DEFAULT_BASELINE, compare
from servanda.analyses.compare.render import json_data, markdown, rich_tables
from servanda.analyses.credibility import CredibilityError, predict
from servanda.analyses.packages.analysis import PackageAnswer, analyse, credibility_features
from servanda.analyses.packages.diagnostics import PackageDiagnostic, PackageError
from servanda.analyses.packages.diagnostics import render as render_package
from servanda.analyses.packages.model import PackageLoad, load_package
from servanda.analyses.packages.scenario import SCENARIO_FORMAT, Scenario, attack_scenario, load_scenario
from servanda.interfaces.cli.output import (
    console,
    err_console,
    load_or_exit,
    print_json,
    to_json,
    usage_error,
)
from servanda.io.reader import read_head
from servanda.io.writer import OutputError, output_problem, write_text
from servanda.model.codes import state_name


class CompareFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class AtopFormat(StrEnum):
    csv = "csv"
    json = "json"
    table = "table"


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


class MarginalsChoice(StrEnum):
    auto = "auto"
    model = "model"
    reference = "reference"


def check_output(path: Path | None, option: str = "--output") -> None:
    """Exit with E101 (status 2) unless ``path`` (given with ``option``) can be written."""
    if path is None:
        return
    problem = output_problem(path)
    if problem is not None:
        usage_error("E101", f"{option}: {problem.message}", problem.hint)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_text(output, text)
    except OutputError as exc:
        usage_error("E101", f"--output: {exc.diagnostic.message}", exc.diagnostic.hint)


def _plain(renderables: list[RenderableType | str]) -> str:
    """What ``console.print`` would show, as plain text (no colours or markup) for ``-o FILE``."""
    buffer = io.StringIO()
    plain = Console(
        file=buffer,
        width=console.width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        soft_wrap=False,
    )
    for item in renderables:
        plain.print(item)
    return buffer.getvalue()


def _show(renderables: list[RenderableType | str], output: Path | None) -> None:
    """Print rich renderables, or write their plain rendering to ``output``."""
    if output is None:
        for item in renderables:
            console.print(item)
    else:
        _write(_plain(renderables), output)


# --------------------------------------------------------------------------- compare


def compare_command(
    instruments: Annotated[list[str], typer.Argument(help="Instrument files or bundled ids to compare.")],
    against: Annotated[
        str, typer.Option("--against", "-a", help="Baseline instrument (file or id).")
    ] = DEFAULT_BASELINE,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="text (default), markdown or json.")
    ] = CompareFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Compare instruments point by point with a baseline (default NATO Art. 5), every cell cited."""
    check_output(output)
    baseline, baseline_path = load_or_exit(against, "baseline")
    results = []
    for name in instruments:
        subject, path = load_or_exit(name)
        results.append(compare(subject, baseline, subject_file=str(path), baseline_file=str(baseline_path)))
    if output_format is CompareFormat.markdown:
        _write(markdown(results), output)
    elif output_format is CompareFormat.json:
        _write(to_json(json_data(results)) + "\n", output)
    else:
        shown: list[RenderableType | str] = list(rich_tables(results))
        for c in results:
            tally = ", ".join(f"{n} {v}" for v, n in c.tally().items() if n)
            shown.append(f"[bold]{escape(c.subject.title)}[/]: {tally} (rules: docs/compare.md)")
        _show(shown, output)


# --------------------------------------------------------------------------- atop


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _agreement_table(report: AgreementReport) -> Table:
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


def atop_command(
    paths: Annotated[list[str] | None, typer.Argument(help="Instrument files or bundled ids.")] = None,
    member_level: Annotated[
        bool, typer.Option("--member-level", help="One row per member (ATOP member file).")
    ] = False,
    output_format: Annotated[
        AtopFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv (default; table with --against or --benchmarks), json (rules and evidence) or table.",
        ),
    ] = None,
    against: Annotated[
        int | None, typer.Option("--against", help="Compare with this ATOP alliance (atopid), e.g. 3180.")
    ] = None,
    phase: Annotated[
        int | None, typer.Option("--phase", help="ATOP phase to compare with (default: all).")
    ] = None,
    benchmarks: Annotated[
        bool, typer.Option("--benchmarks", help="Agreement with ATOP 4.01 for NATO, US-Japan, US-ROK, ANZUS.")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Code instruments into ATOP 4.01 variables (CSV with ATOP's column names); undecided cells stay empty."""
    check_output(output)
    if phase is not None:
        if against is None:
            usage_error(
                "E204",
                f"`--phase {phase}` applies only to a comparison with `--against ATOPID`",
                "e.g. `servanda atop nato.nat@1949 --against 3180 --phase 1`",
            )
        known = phases(against)
        if known and phase not in known:
            listed = ", ".join(map(str, known))
            usage_error(
                "E204",
                f"ATOP alliance {against} has no phase {phase}",
                f"use one of: {listed}"
                + (" (0: the alliance has a single phase)" if known == [0] else "")
                + ", or leave out `--phase` to compare with every phase",
            )
    if benchmarks or against is not None:
        output_format = output_format or AtopFormat.table
        reports = []
        if benchmarks:
            for b in BENCHMARKS:
                reports.append(agreement(code_instrument(load_or_exit(b.instrument)[0]), b.atopid, b.phase))
        if against is not None:
            if not paths:
                usage_error(
                    "E101",
                    "`--against` needs an instrument",
                    "e.g. `servanda atop nato.nat@1949 --against 3180`",
                )
            for name in paths:
                coding = code_instrument(load_or_exit(name)[0])
                default = next(
                    (
                        b.phase
                        for b in BENCHMARKS
                        if b.atopid == against and b.instrument == coding.instrument_id
                    ),
                    None,
                )
                reports.append(agreement(coding, against, phase if phase is not None else default))
        if any(not r.rows or r.source is None for r in reports):
            usage_error(
                "E101",
                "no ATOP rows found for that atopid",
                "the bundled excerpt holds 3075, 3180, 3215, 3220, 3240, 3375",
            )
        if output_format is AtopFormat.json:
            _write(to_json([r.to_json() for r in reports]) + "\n", output)
        elif output_format is AtopFormat.csv:
            rows = [
                {
                    "servanda_id": r.instrument,
                    "atopid": str(r.atopid),
                    **{k: "" if v is None else str(v) for k, v in row.to_json().items()},
                }
                for r in reports
                for row in r.rows
            ]
            _write(
                _csv(
                    rows,
                    ["servanda_id", "atopid", "variable", "member", "servanda", "atop", "status", "rule"],
                ),
                output,
            )
        else:
            _show([_agreement_table(r) for r in reports], output)
        return
    if not paths:
        usage_error("E101", "no instrument given", "e.g. `servanda atop nato.nat@1949`, or `--benchmarks`")
    output_format = output_format or AtopFormat.csv
    codings: list[AtopCoding] = [code_instrument(load_or_exit(name)[0]) for name in paths]
    if output_format is AtopFormat.json:
        _write(to_json([c.to_json() for c in codings]) + "\n", output)
        return
    if member_level:
        rows = [row for c in codings for row in c.member_rows()]
        columns = ["servanda_id", "servanda_member", *MEMBER_COLUMNS]
    else:
        rows = [c.alliance_row() for c in codings]
        columns = ["servanda_id", "servanda_title", *ALLIANCE_COLUMNS]
    if output_format is AtopFormat.csv:
        _write(_csv(rows, columns), output)
        return
    tables: list[RenderableType | str] = []
    for c in codings:
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
    _show(tables, output)


# --------------------------------------------------------------------------- package


def _print_diagnostics(diagnostics: list[PackageDiagnostic], texts: dict[str, str | None]) -> None:
    for d in diagnostics:
        style = "red" if d.severity == "error" else "yellow"
        rendered = render_package(d, texts.get(d.file))
        head, _, rest = rendered.partition("\n")
        err_console.print(Text(head, style=f"bold {style}"), soft_wrap=True)
        if rest:
            err_console.print(Text(rest), soft_wrap=True)


def _fail(
    diagnostics: list[PackageDiagnostic], texts: dict[str, str | None] | None = None, code: int = 1
) -> NoReturn:
    _print_diagnostics(diagnostics, texts or {})
    raise typer.Exit(code)


def _scenarios(
    folder: Path,
    scenario: Path | None,
    attack_at: str | None,
    date: str | None,
    beneficiary: str,
    actor: str | None,
    event_class: str,
    deaths: int,
    target: str | None,
    country: str | None,
) -> list[Scenario]:
    out: list[Scenario] = []
    if scenario is not None:
        out.append(load_scenario(scenario))
    if attack_at is not None or date is not None:
        if attack_at is None:
            raise PackageError(
                [
                    PackageDiagnostic(
                        "P814",
                        "`--date` needs `--attack-at LON,LAT`",
                        "--date",
                        hint="e.g. `--attack-at 35.14,47.84 --date 2026-03-05`",
                    )
                ]
            )
        out.append(
            attack_scenario(
                attack_at,
                date,
                beneficiary=beneficiary,
                actor=actor,
                event_class=event_class,
                deaths=deaths,
                target=target,
                country=country,
            )
        )
    if not out:
        found = sorted((folder / "scenarios").glob("*.y*ml")) if (folder / "scenarios").is_dir() else []
        for path in found:
            head = read_head(path, 3000)
            if f"format: {SCENARIO_FORMAT}" in head:
                out.append(load_scenario(path))
    return out


def _when(d: Any) -> str:
    return d.by_when()


def _print_answer(answer: PackageAnswer) -> None:
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
        + (
            f", [yellow]{len(s.rejected)} row(s) rejected[/] (listed by `--format json`)"
            if s.rejected
            else ""
        )
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


def package_command(
    path: Annotated[Path, typer.Argument(help="Package folder or package.yaml (format servanda-package/1).")],
    scenario: Annotated[
        Path | None, typer.Option("--scenario", "-s", help="Events file (.yaml with `events:`).")
    ] = None,
    attack_at: Annotated[
        str | None, typer.Option("--attack-at", help="One attack at LON,LAT (WGS84).")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date of that attack (YYYY-MM-DD).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Attacker (ISO3), e.g. RUS.")] = None,
    event_class: Annotated[
        str, typer.Option("--class", help="Event class of that attack.")
    ] = "missile_strike",
    deaths: Annotated[int, typer.Option("--deaths", min=0, help="Deaths caused by that attack.")] = 0,
    target: Annotated[
        str | None, typer.Option("--target", help="State attacked (default: the beneficiary).")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Country where it happens (default: the beneficiary).")
    ] = None,
    correlation: Annotated[
        float, typer.Option("--correlation", "--rho", help="Correlation between guarantors, 0–1.")
    ] = 0.0,
    marginals: Annotated[
        MarginalsChoice,
        typer.Option(
            "--marginals",
            help="auto (model; reference class where the model has no data), model or reference.",
        ),
    ] = MarginalsChoice.auto,
    level: Annotated[float, typer.Option("--level", help="Level of the credibility intervals.")] = 0.9,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="text (default) or json.")
    ] = TextOrJson.text,
) -> None:
    """Which obligations of a package of guarantees activate in a scenario, by when, and how likely they are honoured."""
    if not 0.0 <= correlation <= 1.0:
        _fail(
            [
                PackageDiagnostic(
                    "P815",
                    f"`--correlation {correlation:g}` is outside [0, 1]",
                    "--correlation",
                    hint="pass e.g. `--correlation 0.3`",
                )
            ],
            code=2,
        )
    if not 0.0 < level < 1.0:
        _fail(
            [
                PackageDiagnostic(
                    "P815",
                    f"`--level {level:g}` is outside (0, 1)",
                    "--level",
                    hint="pass e.g. `--level 0.9`",
                )
            ],
            code=2,
        )
    if scenario is not None and not scenario.is_file():
        _fail(
            [
                PackageDiagnostic(
                    "P813",
                    f"no scenario file `{scenario}`",
                    str(scenario),
                    hint="pass an events file (.yaml with `events:`), or `--attack-at LON,LAT --date YYYY-MM-DD`",
                )
            ],
            code=2,
        )
    loaded: PackageLoad = load_package(path)
    if not loaded.ok or loaded.package is None:
        # A missing package is a usage error (exit 2, like `check`); an invalid one exits 1.
        missing = any(d.code == "P801" for d in loaded.diagnostics)
        _fail(loaded.diagnostics, loaded.texts, code=2 if missing else 1)
    package = loaded.package
    try:
        scenarios = _scenarios(
            package.file.parent,
            scenario,
            attack_at,
            date,
            package.beneficiary,
            actor,
            event_class,
            deaths,
            target,
            country,
        )
    except PackageError as exc:
        _fail(exc.diagnostics, exc.texts, code=1)
    if not scenarios:
        _fail(
            [
                PackageDiagnostic(
                    "P812",
                    "no scenario: give `--scenario FILE` or `--attack-at LON,LAT --date YYYY-MM-DD`",
                    str(package.file),
                    hint=f"or put scenario files (format {SCENARIO_FORMAT}) in {package.file.parent / 'scenarios'}",
                )
            ],
            code=2,
        )
    answers = []
    for s in scenarios:
        try:
            answers.append(analyse(package, s, rho=correlation, marginals=marginals.value, level=level))
        except CredibilityError as exc:
            usage_error(exc.code, str(exc.diagnostic.message), exc.diagnostic.hint)
    warnings = [d for d in loaded.diagnostics if d.severity == "warning"]
    if output_format is TextOrJson.json:
        print_json(
            {"answers": [a.to_json() for a in answers], "diagnostics": [d.to_json() for d in warnings]}
        )
        return
    for a in answers:
        _print_answer(a)
    seen: set[tuple[str, str]] = set()
    notes = []
    for d in [*warnings, *(d for a in answers for d in a.diagnostics)]:
        if (d.code, d.message) not in seen:
            seen.add((d.code, d.message))
            notes.append(d)
    _print_diagnostics(notes, loaded.texts)


# --------------------------------------------------------------------------- credibility


def credibility_command(
    name: Annotated[str, typer.Argument(help="Instrument file or bundled id.")],
    war_year: Annotated[
        int | None, typer.Option("--war-year", help="Year of the hypothetical war (default: today's era).")
    ] = None,
    level: Annotated[float, typer.Option("--level", help="Interval level.")] = 0.9,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="text (default) or json.")
    ] = TextOrJson.text,
) -> None:
    """How often commitments like this instrument's were honoured in war (credibility model on its ATOP coding)."""
    instrument, _ = load_or_exit(name)
    coding = code_instrument(instrument)
    features, notes = credibility_features(coding)
    try:
        estimate = predict(features, war_year=war_year, level=level)
    except CredibilityError as exc:
        usage_error(exc.code, str(exc.diagnostic.message), exc.diagnostic.hint)
    if output_format is TextOrJson.json:
        print_json(
            {
                "instrument": instrument.id,
                "atop": {k: v for k, v in features.items()},
                "settled": notes,
                "estimate": estimate.to_dict(),
            }
        )
        return
    pledges = ", ".join(
        f"{p}={'—' if features.get(p) is None else int(features[p] or 0)}"
        for p in ("defense", "offense", "neutral", "nonagg", "consul")
    )
    console.print(f"[bold]{escape(coding.title)}[/] ({instrument.id}) — ATOP coding: {pledges}")
    for note in notes:
        console.print(f"[dim]{escape(note)}[/]")
    console.print(Text(estimate.summary()))


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app``."""
    app.command("compare")(compare_command)
    app.command("atop")(atop_command)
    app.command("package")(package_command)
    app.command("credibility")(credibility_command)
