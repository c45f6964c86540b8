"""``servanda events inspect``: see how an events download (ACLED, UCDP, GDELT, canonical) is read.

Exit status: 0 when no row was rejected for an error (out-of-scope events and duplicate ids are warnings);
1 when rows were rejected as unreadable (they are counted and grouped) or the file cannot be read; 2 for usage errors (unknown ``--source``, missing file).

Example:
    $ servanda events inspect tests/fixtures/sources/ucdp_ged_ukraine_mixeddates_excerpt.csv
    $ servanda events inspect 20191024143000.export.CSV.zip --source gdelt2 --format json
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda.interfaces.cli.errors import service_errors
from servanda.interfaces.cli.output import err_console, print_json

events_app = typer.Typer(
    name="events", help="Read conflict-event files (ACLED, UCDP, GDELT).", no_args_is_help=True
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def inspect_command(
    path: Annotated[
        Path,
        typer.Argument(help="Events file: ACLED/UCDP CSV, UCDP/ACLED API JSON, GDELT export, canonical."),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source", "-s", help="acled, ucdp_ged, ucdp_api, gdelt2, gdelt1 or canonical (default: detect)."
        ),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text (default) or json.")
    ] = OutputFormat.text,
    sample: Annotated[int, typer.Option("--sample", help="How many canonical rows to show.")] = 5,
) -> None:
    """Print how PATH is read: rows read = accepted + rejected, grouped reasons, unmapped values."""
    from servanda.services.events import inspect_events

    json_output = output is OutputFormat.json
    with service_errors(json_output):
        if json_output or not err_console.is_terminal:
            result = inspect_events(path, source, sample=sample)
        else:
            with err_console.status("reading events") as status:
                result = inspect_events(path, source, sample=sample, progress=lambda m: status.update(m))
    if json_output:
        print_json(result.to_json())
    else:
        from servanda.interfaces.cli.render.events import print_inspection

        print_inspection(result)
    if result.report.errors:
        raise typer.Exit(1)


events_app.command("inspect")(inspect_command)


def register(app: typer.Typer) -> None:
    """Add the ``events`` command group to the CLI."""
    app.add_typer(events_app, name="events")
