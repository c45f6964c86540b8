"""Core commands: ``check``, ``show``, ``library``, ``evaluate``, ``schema``.

Each command parses its options, calls its service (imported when the command runs, so ``--help`` stays
fast) and renders the result.

Example:
    $ servanda check src/servanda/data/library examples/ukraine-2025
    $ servanda show nato.nat@1949
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from servanda.interfaces.cli.errors import service_errors
from servanda.interfaces.cli.options import (
    EngineOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    SchedulerOption,
    WorkersOption,
)
from servanda.interfaces.cli.output import check_output, console, err_console, print_json, to_json, write

if TYPE_CHECKING:
    from servanda.diagnostics import Diagnostic


class EvaluateFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    geojson = "geojson"


def check_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Instrument, package, scenario or stance files, folders or bundled ids."),
    ],
    output: FormatOption = OutputFormat.text,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    explain: Annotated[bool, typer.Option(help="Show what the static trigger checks tried.")] = False,
) -> None:
    """Check files like a compiler: every problem, with code, location and fix.

    Instrument files are checked in full; package (servanda-package/1), scenario (servanda-scenario/1),
    stance and case files by their own loaders. Exit 0 clean, 1 errors (or warnings with --strict), 2 usage.
    """
    from servanda.services.check import check

    with service_errors(output is OutputFormat.json):
        result = check(list(paths), strict=strict)
    if output is OutputFormat.json:
        print_json(result.to_json())
    else:
        from servanda.interfaces.cli.render.core import print_check

        print_check(result, explain)
    if result.failed:
        raise typer.Exit(1)


def show_command(
    name: Annotated[str, typer.Argument(help="Bundled id (e.g. nato.nat@1949) or path.")],
    output: FormatOption = OutputFormat.text,
) -> None:
    """Print an instrument readably: each clause's text beside its encoding."""
    from servanda.services.core import show

    with service_errors(output is OutputFormat.json):
        result = show(name)
    if output is OutputFormat.json:
        print_json(result.to_json())
        return
    from servanda.interfaces.cli.render.core import print_show

    print_show(result)


def library_command(output: FormatOption = OutputFormat.text) -> None:
    """List the bundled reference instruments."""
    from servanda.services.core import library

    result = library()
    if output is OutputFormat.json:
        print_json(result.to_json())
        return
    from servanda.interfaces.cli.render.core import library_table

    console.print(library_table(result))


def evaluate_command(
    name: Annotated[str, typer.Argument(help="Instrument path or bundled id.")],
    events: Annotated[
        Path,
        typer.Option(
            "--events", "-e", help="Events file: canonical .yaml/.json/.csv/.parquet, or ACLED, UCDP, GDELT."
        ),
    ],
    as_of: Annotated[str | None, typer.Option(help="Ignore events after this date (YYYY-MM-DD).")] = None,
    why: Annotated[bool, typer.Option(help="Explain obligations that did not activate.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every rejected event row (default: grouped by cause).")
    ] = False,
    allow_rejected: Annotated[
        bool, typer.Option(help="Exit 0 even if some event rows were rejected (they are still reported).")
    ] = False,
    output: Annotated[
        EvaluateFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (default), json, csv (one row per activation) or geojson (evidence events as points).",
        ),
    ] = EvaluateFormat.text,
    bom: Annotated[
        bool, typer.Option("--bom", help="With --format csv: start with a UTF-8 BOM (for Excel).")
    ] = False,
    output_file: OutputOption = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Events source: acled, ucdp_ged, ucdp_api, gdelt2, gdelt1, canonical (detected)."
        ),
    ] = None,
) -> None:
    """Run an evaluation engine (columnar by default; --engine reference runs the oracle): which obligations activate, for whom, by when, on what evidence.

    Exit status: 0; 1 if the instrument has errors or event rows were rejected (unless --allow-rejected);
    2 for usage errors (unknown instrument, unreadable events file).
    """
    from servanda.services.evaluate import evaluate

    check_output(output_file, json_output=output in (EvaluateFormat.json, EvaluateFormat.geojson))
    with service_errors(output in (EvaluateFormat.json, EvaluateFormat.geojson)):
        out = evaluate(
            name, events, as_of=as_of, engine=engine, source=source, scheduler=scheduler, workers=workers
        )
    failed_rows = bool(out.events_rejected) and not allow_rejected
    if output is EvaluateFormat.json:
        write(to_json(out.to_json()) + "\n", output_file, json_output=True)
    elif output is EvaluateFormat.csv:
        _rejected_rows(out.rejected_rows(show_all))
        write(out.to_csv(bom=bom), output_file)
    elif output is EvaluateFormat.geojson:
        _rejected_rows(out.rejected_rows(show_all))
        write(to_json(out.to_geojson()) + "\n", output_file, json_output=True)
    else:
        from servanda.interfaces.cli.output import plain_console
        from servanda.interfaces.cli.render.core import print_evaluation

        if output_file is None:
            print_evaluation(out, why, show_all=show_all)
        else:
            target, buffer = plain_console()
            print_evaluation(out, why, target, show_all)
            write(buffer.getvalue(), output_file)
    if failed_rows:
        err_console.print(
            f"[red]{out.events_rejected} event row(s) rejected[/] (above); fix them or pass --allow-rejected"
        )
        raise typer.Exit(1)


def _rejected_rows(diagnostics: list[Diagnostic]) -> None:
    from servanda.interfaces.cli.errors import print_diagnostics

    print_diagnostics(diagnostics, style="yellow")


def schema_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json (the schema is JSON; text is the same).")
    ] = OutputFormat.json,
) -> None:
    """Print the JSON Schema of the instrument format (for editors)."""
    from servanda.services.core import schema

    check_output(output)
    write(to_json(schema().to_json()) + "\n", output)


def register(app: typer.Typer) -> None:
    """Add the core commands to ``app``."""
    app.command("check")(check_command)
    app.command("show")(show_command)
    app.command("library")(library_command)
    app.command("evaluate")(evaluate_command)
    app.command("schema")(schema_command)
