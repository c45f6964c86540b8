"""``servanda store``: the as-of event store (ingest, list, export, import).

Exit status: 0 on success; 1 when the data is refused (duplicate or missing ids V933, an
ingest time before the latest snapshot V935, bad Parquet V937) or a file cannot be read; 2 for usage
errors: a store path that is a folder, unwritable, not a store or in use (V930–V932), a missing file.
A full export with rejected rows records no deletions and says so (warning V934).

Example:
    $ servanda store ingest ucdp_ged_ukraine.csv --store events.duckdb
    $ servanda store list --store events.duckdb --format json
    $ servanda store export backup/ --store events.duckdb
    $ servanda store import backup/ --store copy.duckdb
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda.interfaces.cli.errors import print_diagnostics, service_errors
from servanda.interfaces.cli.output import console, err_console, print_json


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="text (default) or json.")]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Event store file (default: $SERVANDA_STORE, else $XDG_DATA_HOME/servanda/events.duckdb).",
    ),
]

store_app = typer.Typer(
    name="store",
    no_args_is_help=True,
    help="The as-of event store: every ingest kept as a snapshot (DuckDB file).",
)


@store_app.command("ingest")
def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="Event files (ACLED, UCDP GED, GDELT, canonical).")],
    source: Annotated[
        str | None, typer.Option("--source", help="Force the source format (default: detected).")
    ] = None,
    store: StoreOpt = None,
    partial: Annotated[
        bool | None,
        typer.Option(
            "--partial/--full",
            help="Partial downloads record no deletions; full exports delete the events they lack "
            "(default: full, except GDELT files and UCDP API pages).",
        ),
    ] = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    """Read each file and record it as a snapshot: added, changed, deleted and unchanged events."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from servanda.services.store import store_ingest

    json_output = output is OutputFormat.json
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    task = bar.add_task("starting", total=2 * len(files))

    def progress(message: str, done: int, total: int) -> None:
        bar.update(task, description=message, completed=done, total=total)

    with bar, service_errors(json_output):
        result = store_ingest(files, source=source, store=store, partial=partial, progress=progress)
    if json_output:
        print_json(result.to_json())
        return
    from servanda.interfaces.cli.render.store import ingest_lines

    for line in ingest_lines(result):
        console.print(line, markup=False)
    print_diagnostics(result.diagnostics, stderr=False)


@store_app.command("list")
def list_command(store: StoreOpt = None, output: FormatOpt = OutputFormat.text) -> None:
    """The store's snapshots, oldest first, and its current events per source."""
    from servanda.services.store import store_list

    with service_errors(output is OutputFormat.json):
        result = store_list(store=store)
    if output is OutputFormat.json:
        print_json(result.to_json())
        return
    from servanda.interfaces.cli.render.store import snapshot_table

    if not result.exists:
        console.print(
            f"no event store at {result.store} yet (`servanda store ingest FILE` creates it)", markup=False
        )
        return
    console.print(snapshot_table(result))
    current = ", ".join(f"{k} {v}" for k, v in result.current.items()) or "none"
    console.print(f"current events: {current}", markup=False)


@store_app.command("export")
def export_command(
    directory: Annotated[Path, typer.Argument(help="Folder to write (created if missing).")],
    store: StoreOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    """Write the store as Parquet: current/ and history/ (partitioned by source), snapshots.parquet."""
    from servanda.services.store import store_export

    with service_errors(output is OutputFormat.json):
        result = store_export(directory, store=store)
    if output is OutputFormat.json:
        print_json(result.to_json())
        return
    console.print(
        f"exported {result.current} current events, {result.versions} versions and "
        f"{result.snapshots} snapshots from {result.store} to {result.directory}",
        markup=False,
    )


@store_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="Canonical Parquet file or folder (e.g. an export).")],
    store: StoreOpt = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="The Parquet is a full export: events of its sources it lacks are deleted."
        ),
    ] = False,
    output: FormatOpt = OutputFormat.text,
) -> None:
    """Ingest canonical Parquet as snapshots (one per source)."""
    from servanda.services.store import store_import

    with service_errors(output is OutputFormat.json):
        result = store_import(path, store=store, full_export=full)
    if output is OutputFormat.json:
        print_json(result.to_json())
        return
    for snap in result.snapshots:
        console.print(snap.line(), markup=False)
    if not result.snapshots:
        console.print(f"{path}: no events", markup=False)


class EventsFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


@store_app.command("events")
def events_command(
    store: StoreOpt = None,
    as_of_data: Annotated[
        str | None,
        typer.Option("--as-of-data", help="As known on this date (YYYY-MM-DD, end of day UTC) or instant."),
    ] = None,
    sources: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source (repeatable).")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="Events on or after this date.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Events on or before this date.")] = None,
    output: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="text (default), json or csv.")
    ] = EventsFormat.text,
    out_file: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """The canonical events in the store, as known on a date (--as-of-data) or now."""
    from servanda.interfaces.cli.output import check_output, to_json, write
    from servanda.services.store import store_events

    json_output = output is EventsFormat.json
    check_output(out_file, json_output=json_output)
    with service_errors(json_output):
        result = store_events(store=store, as_of_data=as_of_data, sources=sources, start=start, end=end)
    if output is EventsFormat.json:
        write(to_json(result.to_json()) + "\n", out_file)
    elif output is EventsFormat.csv:
        write(result.events.write_csv(), out_file)
    else:
        from servanda.interfaces.cli.render.store import events_text

        write(events_text(result), out_file)


def register(app: typer.Typer) -> None:
    """Add ``store`` (with ingest, list, export, import) to the CLI."""
    app.add_typer(store_app, name="store")
