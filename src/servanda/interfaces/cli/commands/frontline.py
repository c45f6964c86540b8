"""``servanda frontline``: the front line as a time series — areas, changes, maps, a plot.

Exit status: 0 on success; 1 when a snapshot file is unusable (V960-V969, V972-V974); 2 for a bad option
(V971), ``--oblast`` without ``--regions`` (V975), an unusable ``--regions`` layer (V960-V965, V971, V972)
or an output file that cannot be written (E101).

Example:
    $ servanda frontline --series examples/ukraine-2025/geometries/frontline
    $ servanda frontline --series ../shared/data/frontline/deepstate_occupied_monthly --from 2024-07-01 --to 2026-08-22 \\
        --changes 2025-12-01,2026-08-22 --map line.png --html line.html --plot areas.svg --geojson changes.geojson
    $ servanda frontline --series examples/ukraine-2025/geometries/frontline --regions ukr_admin1.geojson \\
        --changes 2025-06-01,2025-12-01 --format csv
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from servanda.interfaces.cli.errors import print_diagnostics, service_errors, usage_error
from servanda.interfaces.cli.output import check_output, console, print_json, save


class FrontlineFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


_SUFFIXES = {
    "--map": (".png", ".svg"),
    "--plot": (".png", ".svg"),
    "--html": (".html", ".htm"),
    "--geojson": (".geojson", ".json"),
}


def _check(path: Path | None, option: str, json_output: bool) -> None:
    if path is None:
        return
    if path.suffix.lower() not in _SUFFIXES[option]:
        usage_error(
            "V971",
            f"{option}: unsupported file type `{path.suffix or path.name}`",
            f"use a {' or '.join(_SUFFIXES[option])} file name",
            option,
            json_output=json_output,
        )
    check_output(path, option, json_output=json_output)


def frontline_command(
    series: Annotated[
        str, typer.Option("--series", help="Folder of snapshot files, or one layer file (with --date-field).")
    ],
    start: Annotated[
        str | None, typer.Option("--from", help="First date YYYY-MM-DD (earlier snapshot carried in).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last date YYYY-MM-DD; the map shows the line on it.")
    ] = None,
    regions: Annotated[
        str | None,
        typer.Option(
            "--regions",
            help="Admin-1 polygon layer (GeoJSON/Shapefile, lon/lat): occupied km² and share per region.",
        ),
    ] = None,
    region_field: Annotated[
        str | None,
        typer.Option(
            "--region-field", help="Property naming each region (default: name, NAME_1, shapeName, name_en)."
        ),
    ] = None,
    oblast: Annotated[
        bool, typer.Option("--oblast", help="Per-oblast areas: an alias that needs --regions (none bundled).")
    ] = False,
    changes: Annotated[
        str | None, typer.Option("--changes", help="Two dates D1,D2: polygons gained and lost.")
    ] = None,
    map_file: Annotated[Path | None, typer.Option("--map", help="Write a static map (.png or .svg).")] = None,
    html_file: Annotated[
        Path | None, typer.Option("--html", help="Write an offline interactive map (.html).")
    ] = None,
    plot_file: Annotated[
        Path | None, typer.Option("--plot", help="Write a plot of the area series (.png or .svg).")
    ] = None,
    geojson_file: Annotated[
        Path | None, typer.Option("--geojson", help="Write the changed polygons (or the line) as GeoJSON.")
    ] = None,
    date_field: Annotated[
        str | None, typer.Option("--date-field", help="Feature property holding the date (user layers).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="A date without a snapshot is an error.")] = False,
    output: Annotated[
        FrontlineFormat, typer.Option("--format", "-f", help="text (default), json or csv.")
    ] = FrontlineFormat.text,
) -> None:
    """Occupied area by date (km², ellipsoidal), changes between two dates, static and offline HTML maps."""
    json_output = output is FrontlineFormat.json
    for path, option in (
        (map_file, "--map"),
        (html_file, "--html"),
        (plot_file, "--plot"),
        (geojson_file, "--geojson"),
    ):
        _check(path, option, json_output)
    from servanda.services.frontline import frontline

    with service_errors(json_output):
        result = frontline(
            series,
            start=start,
            end=end,
            changes=changes,
            strict=strict,
            date_field=date_field,
            oblast=oblast,
            regions=regions,
            region_field=region_field,
        )
    from servanda.interfaces.cli.render import frontline as render

    if output is FrontlineFormat.json:
        print_json(result.to_json())
    elif output is FrontlineFormat.csv:
        typer.echo(render.csv_text(result), nl=False)
    else:
        console.print(render.series_table(result))
        if result.regions is not None:
            console.print(render.regions_table(result))
        for line in render.change_lines(result):
            console.print(line, markup=False)
        console.print(f"line drawn from {result.line.file} ({result.line.date})", markup=False)
    print_diagnostics(result.diagnostics, unique=True)
    if map_file is not None:
        save(map_file, lambda p: render.write_map(p, result), "--map", "map", json_output=json_output)
    if plot_file is not None:
        save(plot_file, lambda p: render.write_plot(p, result), "--plot", "plot", json_output=json_output)
    if html_file is not None:
        html = render.html_map(result)
        save(
            html_file,
            lambda p: p.write_text(html, encoding="utf-8"),
            "--html",
            "HTML map",
            json_output=json_output,
        )
    if geojson_file is not None:
        text = json.dumps(render.changes_geojson(result), ensure_ascii=False) + "\n"
        save(
            geojson_file,
            lambda p: p.write_text(text, encoding="utf-8"),
            "--geojson",
            "GeoJSON",
            json_output=json_output,
        )


def register(app: typer.Typer) -> None:
    """Add ``frontline`` to the CLI."""
    app.command("frontline")(frontline_command)
