"""``servanda monitor``: every obligation from trigger to honoured, breached or disputed, on real events.

Example:
    $ servanda monitor budapest.memorandum --events conflict.csv
    $ servanda monitor examples/ukraine-2025 --events ucdp.csv --as-if-in-force 2022-02-24 --format json
    $ servanda monitor examples/ukraine-2025 --store events.duckdb --as-of-data 2025-06-01 --plot timeline.svg
    $ servanda monitor nato.nat --events 'events/*.parquet' --engine dask --workers 2
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda.interfaces.cli.errors import print_diagnostics, service_errors
from servanda.interfaces.cli.options import EngineOption, OutputOption, SchedulerOption, WorkersOption
from servanda.interfaces.cli.output import check_output, err_console, save, to_json, write


class MonitorFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


def monitor_command(
    target: Annotated[
        str, typer.Argument(help="Instrument (path or bundled id) or package (folder or file).")
    ],
    events: Annotated[
        list[Path] | None,
        typer.Option(
            "--events",
            "-e",
            help="Events file (repeatable): ACLED, UCDP, GDELT, canonical; or canonical Parquet partitions "
            "as a folder or a quoted glob ('dir/*.parquet'), read lazily.",
        ),
    ] = None,
    store: Annotated[Path | None, typer.Option("--store", help="Read events from this event store.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source of the events files (default: detected).")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day monitored (YYYY-MM-DD).")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day monitored (default: the latest event or record).")
    ] = None,
    compliance: Annotated[
        Path | None,
        typer.Option("--compliance", help="Compliance records (servanda-compliance/1, YAML or CSV)."),
    ] = None,
    as_if_in_force: Annotated[
        str | None, typer.Option("--as-if-in-force", help="Counterfactual: as if in force from this day.")
    ] = None,
    as_of_data: Annotated[
        str | None, typer.Option("--as-of-data", help="With --store: the data as known on this day.")
    ] = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    output: Annotated[
        MonitorFormat,
        typer.Option("--format", "-f", help="text (default), json, or csv (one row per activation)."),
    ] = MonitorFormat.text,
    output_file: OutputOption = None,
    series: Annotated[
        Path | None, typer.Option("--series", help="Write the daily time series (CSV) here.")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a timeline plot (.png or .svg) here.")
    ] = None,
    allow_rejected: Annotated[
        bool,
        typer.Option(help="Exit 0 even if event rows or compliance records were rejected (still reported)."),
    ] = False,
) -> None:
    """Track each obligation an instrument or package activated: pending, honoured, breached or disputed.

    Exit status: 0; 1 if event rows or compliance records were rejected (unless --allow-rejected) or the
    instrument has errors; 2 for usage errors.
    """
    from servanda.services.monitor import monitor

    json_output = output is MonitorFormat.json
    check_output(output_file, json_output=json_output)
    check_output(series, "--series", json_output=json_output)
    check_output(plot, "--plot", json_output=json_output)
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        from servanda.interfaces.cli.errors import usage_error

        usage_error(
            "E101",
            f"--plot: `{plot}` must end in .png or .svg",
            "e.g. --plot timeline.svg",
            json_output=json_output,
        )
    with service_errors(json_output):
        if output is MonitorFormat.text and err_console.is_terminal:
            from rich.progress import Progress

            with Progress(console=err_console, transient=True) as bar:
                task = bar.add_task("evaluating", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                out = monitor(
                    target, events=events, store=store, source=source, start=start, end=end,
                    compliance=compliance, as_if_in_force=as_if_in_force, as_of_data=as_of_data,
                    engine=engine, scheduler=scheduler, workers=workers, progress=advance,
                )  # fmt: skip
        else:
            out = monitor(
                target, events=events, store=store, source=source, start=start, end=end,
                compliance=compliance, as_if_in_force=as_if_in_force, as_of_data=as_of_data, engine=engine,
                scheduler=scheduler, workers=workers,
            )  # fmt: skip
    if output is MonitorFormat.json:
        write(to_json(out.to_json()) + "\n", output_file)
    elif output is MonitorFormat.csv:
        print_diagnostics(out.diagnostics, style="yellow")
        write(out.to_csv(), output_file)
    else:
        from servanda.interfaces.cli.output import plain_console
        from servanda.interfaces.cli.render.monitor import print_monitor

        print_diagnostics(out.diagnostics, style="yellow")
        if output_file is None:
            print_monitor(out)
        else:
            target_console, buffer = plain_console()
            print_monitor(out, target_console)
            write(buffer.getvalue(), output_file)
    if series is not None:
        write(out.series_csv(), series, "--series")
    if plot is not None:
        from servanda.interfaces.cli.render.monitor import plot_timeline

        save(plot, lambda p: plot_timeline(out, p), "--plot", "plot", json_output=json_output)
    rejected = out.events_rejected + out.records_rejected
    if rejected and not allow_rejected:
        err_console.print(
            f"[red]{rejected} event row(s) or compliance record(s) rejected[/] (reported); fix them or pass --allow-rejected"
        )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``monitor`` to ``app``."""
    app.command("monitor")(monitor_command)
