"""Analysis commands: ``compare``, ``atop``, ``package``, ``credibility``.

Each command parses its options, calls its service (imported when the command runs) and renders.

Example:
    $ servanda compare examples/ukraine-2025/usa.yaml                # against NATO Art. 5
    $ servanda compare us_kor.mdt@1953 --against anzus@1951 --format markdown
    $ servanda atop nato.nat@1949 --member-level
    $ servanda atop --benchmarks                                      # agreement with ATOP 4.01
    $ servanda package examples/ukraine-2025 --attack-at 35.14,47.84 --date 2026-03-05 --actor RUS
    $ servanda credibility examples/ukraine-2025/usa.yaml
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from servanda.interfaces.cli.errors import print_diagnostics, service_errors
from servanda.interfaces.cli.options import (
    EngineOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    SchedulerOption,
    WorkersOption,
)
from servanda.interfaces.cli.output import check_output, err_console, print_json, show, to_json, write

#: The default baseline of ``compare`` (kept equal to ``servanda.services.compare.DEFAULT_BASELINE``).
DEFAULT_BASELINE = "nato.nat@1949"


class CompareFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class AtopFormat(StrEnum):
    csv = "csv"
    json = "json"
    table = "table"


class MarginalsChoice(StrEnum):
    auto = "auto"
    model = "model"
    reference = "reference"


# --------------------------------------------------------------------------- compare


def compare_command(
    instruments: Annotated[list[str], typer.Argument(help="Instrument files or bundled ids to compare.")],
    against: Annotated[
        str, typer.Option("--against", "-a", help="Baseline instrument (file or id).")
    ] = DEFAULT_BASELINE,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="text (default), markdown or json.")
    ] = CompareFormat.text,
    practice: Annotated[
        bool,
        typer.Option(
            "--practice/--text-only",
            help="Read the cited layer of practice (NATO's integrated command, forward presence, nuclear "
            "umbrella) with the text (default), or compare texts only.",
        ),
    ] = True,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights",
            "-w",
            help="Add a user-weighted summary, e.g. 'obligation=3,automaticity=2,clock=1' (weights printed).",
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """Compare instruments point by point with a baseline (default NATO Art. 5), every cell cited."""
    from servanda.services.compare import compare

    check_output(output, json_output=output_format is CompareFormat.json)
    with service_errors(output_format is CompareFormat.json):
        result = compare(list(instruments), against=against, practice=practice, weights=weights)
    if output_format is CompareFormat.json:
        write(to_json(result.to_json()) + "\n", output, json_output=True)
        return
    from servanda.interfaces.cli.render.compare import markdown, rich_tables

    if output_format is CompareFormat.markdown:
        write(markdown(result.comparisons), output)
        return
    from rich.markup import escape

    shown: list[Any] = list(rich_tables(result.comparisons))
    for c in result.comparisons:
        layer = "text and cited practice" if c.practice else "text only"
        summary = f"; {c.summary.describe()}" if c.summary is not None else ""
        shown.append(
            f"[bold]{escape(c.subject.title)}[/]: per-dimension verdicts ({layer}; rules: docs/compare.md)"
            f"{escape(summary)}"
        )
    show(shown, output)


# --------------------------------------------------------------------------- atop


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
    output: OutputOption = None,
) -> None:
    """Code instruments into ATOP 4.01 variables (CSV with ATOP's column names); undecided cells stay empty."""
    from servanda.services.atop import atop

    check_output(output, json_output=output_format is AtopFormat.json)
    with service_errors(output_format is AtopFormat.json):
        result = atop(
            paths or None, member_level=member_level, against=against, phase=phase, benchmarks=benchmarks
        )
    fmt = output_format or (AtopFormat.table if result.is_agreement else AtopFormat.csv)
    if fmt is AtopFormat.json:
        write(to_json(result.to_json()) + "\n", output, json_output=True)
    elif fmt is AtopFormat.csv:
        write(result.to_csv(), output)
    else:
        from servanda.interfaces.cli.render.analyses import agreement_table, coding_tables

        if result.is_agreement:
            show([agreement_table(r) for r in result.reports], output)
        else:
            show(list(coding_tables(result)), output)


# --------------------------------------------------------------------------- package


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
    output_format: FormatOption = OutputFormat.text,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every rejected scenario row (default: grouped by cause).")
    ] = False,
) -> None:
    """Which obligations of a package of guarantees activate in a scenario, by when, and how likely they are honoured."""
    from servanda.services.package import package

    with service_errors(output_format is OutputFormat.json):
        result = package(
            path,
            scenario=scenario,
            attack_at=attack_at,
            date=date,
            actor=actor,
            event_class=event_class,
            deaths=deaths,
            target=target,
            country=country,
            correlation=correlation,
            marginals=marginals.value,
            level=level,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
        )
    if output_format is OutputFormat.json:
        print_json(result.to_json())
        return
    from servanda.interfaces.cli.render.analyses import print_answer

    for a in result.answers:
        print_answer(a)
        counts = a.scenario.counts
        if counts is not None and counts.rejected:
            print_diagnostics(list(counts.diagnostics if show_all else counts.grouped), style="yellow")
            err_console.print(
                f"[yellow]{counts.rejected} scenario row(s) rejected[/] in {a.scenario.label} (above): "
                f"{counts.summary()}"
            )
    print_diagnostics(result.diagnostics, result.texts)


# --------------------------------------------------------------------------- credibility


def credibility_command(
    name: Annotated[str, typer.Argument(help="Instrument file or bundled id.")],
    war_year: Annotated[
        int | None, typer.Option("--war-year", help="Year of the hypothetical war (default: today's era).")
    ] = None,
    level: Annotated[float, typer.Option("--level", help="Interval level.")] = 0.9,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """How often commitments like this instrument's were honoured in war (credibility model on its ATOP coding)."""
    from servanda.services.credibility import credibility

    with service_errors(output_format is OutputFormat.json):
        result = credibility(name, war_year=war_year, level=level)
    if output_format is OutputFormat.json:
        print_json(result.to_json())
        return
    from servanda.interfaces.cli.render.analyses import print_credibility

    print_credibility(result)


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app``."""
    app.command("compare")(compare_command)
    app.command("atop")(atop_command)
    app.command("package")(package_command)
    app.command("credibility")(credibility_command)
