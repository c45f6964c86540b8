"""``servanda ratify`` and ``servanda durability``: will the guarantees pass, when, and will they last?

Exit status: 0 on success; 1 when an input is invalid (coded diagnostics, located where the loaders
can locate them); 2 for usage errors: a path that is no file, folder or bundled id (R510), a bad option
value (R506; E210 for ``--years``), or an output path that cannot be written (E101).

An instrument already in force on the analysis date is simulated from ``--as-of`` (not from its
signature), and the output says so.

Example:
    $ servanda ratify examples/ukraine-2025 --as-of 2026-12-01
    $ servanda ratify src/servanda/data/stances/nato-2022-finland-sweden.yaml --protocol FIN
    $ servanda durability examples/ukraine-2025 --format json
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from servanda.interfaces.cli.errors import print_diagnostics, service_errors, usage_error
from servanda.interfaces.cli.options import FormatOption, OutputFormat
from servanda.interfaces.cli.output import console, to_json, wrote
from servanda.io.writer import OutputError, output_problem, write_with

#: The longest ``--years`` horizon, for the help text (equal to ``servanda.model.periods.MAX_YEARS``, which
#: the service enforces; kept as a literal so ``--help`` does not build the pydantic models).
MAX_YEARS = 200


StancesOpt = Annotated[
    Path | None, typer.Option("--stances", help="Stance file (servanda-stances/1) overriding the default.")
]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Analysis date YYYY-MM-DD (default: today).")]
PlotOpt = Annotated[Path | None, typer.Option("--plot", help="Write a PNG or SVG plot of the curves.")]


def _usage(code: str, message: str, location: str, fix: str, json_output: bool = False) -> NoReturn:
    """A usage error (bad option, unwritable output): exit status 2."""
    usage_error(code, message, fix, location, json_output=json_output)


def _check_plot(path: Path | None, json_output: bool = False) -> None:
    if path is None:
        return
    if path.suffix.lower() not in (".png", ".svg"):
        _usage(
            "R506",
            f"unsupported plot format `{path.suffix}`",
            "--plot",
            "use a .png or .svg file name",
            json_output,
        )
    problem = output_problem(path)
    if problem is not None:
        _usage("E101", problem.message, "--plot", problem.hint or "choose another path", json_output)


def _write_plot(path: Path, **curves: Any) -> None:
    from servanda.interfaces.cli.render.ratification import plot

    try:
        write_with(path, lambda target: plot(target, **curves))
    except OutputError as exc:
        _usage("E101", exc.diagnostic.message, "--plot", exc.diagnostic.hint or "choose another path")
    wrote(path, "plot")


def _lines(lines: list[str], style: str | None = None) -> None:
    for line in lines:
        console.print(line, markup=False, style=style)


def ratify_command(
    path: Annotated[
        str, typer.Argument(help="Instrument YAML, package folder, or historical case file/name.")
    ],
    stances: StancesOpt = None,
    as_of: AsOfOpt = None,
    output: FormatOption = OutputFormat.text,
    plot_file: PlotOpt = None,
    protocol: Annotated[
        str | None, typer.Option(help="Case files only: which protocol to score (e.g. FIN).")
    ] = None,
    details: Annotated[bool, typer.Option("--details", help="Show each guarantor's stages.")] = False,
    score_historical: Annotated[
        bool,
        typer.Option(
            "--score-historical",
            help="Score instruments already in force against the legislature of their signature date "
            "(default: report them as ratified).",
        ),
    ] = False,
) -> None:
    """Pass probability (80 % credible interval), time to ratify and 10-year survival per guarantor."""
    from servanda.services.ratify import in_force_lines, ratify

    _check_plot(plot_file, output is OutputFormat.json)
    with service_errors(output is OutputFormat.json):
        result = ratify(
            path, stances=stances, as_of=as_of, protocol=protocol, score_historical=score_historical
        )
    if output is OutputFormat.json:
        typer.echo(to_json(result.to_json()))
    if result.analysis is None:
        if output is OutputFormat.text:
            from servanda.interfaces.cli.render.ratification import case_lines, case_table

            for case in result.cases:
                console.print(case_table(case))
                _lines(case_lines(case))
        if plot_file is not None:
            _write_plot(plot_file, case=result.cases[0])
        return
    a = result.analysis
    if output is OutputFormat.text:
        from servanda.interfaces.cli.render.ratification import (
            package_lines,
            ratify_table,
            stage_table,
        )

        _lines(in_force_lines(a.in_force, a.as_of, a.score_historical), "yellow")
        console.print(ratify_table(a.package, a.durability.curves))
        if details:
            for guarantor in a.package.results:
                console.print(stage_table(guarantor))
        _lines(package_lines(a.package))
        st = a.stances
        console.print(
            f"stances: {st.id} ({'illustrative assumptions' if st.illustrative else 'inputs'}); "
            f"analysis date {a.as_of}; 10-y survival from the median completion date",
            markup=False,
        )
        print_diagnostics(a.diagnostics, stderr=False, unique=True)
    if plot_file is not None:
        _write_plot(plot_file, results=a.package.results, curves=a.curves())


def durability_command(
    path: Annotated[str, typer.Argument(help="Instrument YAML or package folder.")],
    stances: StancesOpt = None,
    as_of: AsOfOpt = None,
    years: Annotated[
        float | None,
        typer.Option(
            "--years",
            help=f"Horizon in years, 0 < years <= {MAX_YEARS} (default: the instrument's term).",
        ),
    ] = None,
    output: FormatOption = OutputFormat.text,
    plot_file: PlotOpt = None,
) -> None:
    """P(still in force) by year for each guarantor, from elections, opposition risk and exit difficulty."""
    from servanda.services.ratify import durability, in_force_lines

    if years is not None:
        from servanda.analyses.durability.analysis import check_years
        from servanda.services.errors import translated

        with service_errors(output is OutputFormat.json), translated(exit_code=2):
            check_years(years)
    _check_plot(plot_file, output is OutputFormat.json)
    with service_errors(output is OutputFormat.json):
        result = durability(path, stances=stances, as_of=as_of, years=years)
    a = result.analysis
    if output is OutputFormat.json:
        typer.echo(to_json(result.to_json()))
    else:
        from servanda.interfaces.cli.render.ratification import durability_table

        dpkg = a.durability
        _lines(in_force_lines(a.in_force, a.as_of), "yellow")
        console.print(durability_table(dpkg))
        console.print(
            f"P(all in force after 10 years) = {dpkg.p_all_in_force(10):.3f}; "
            f"expected number in force = {dpkg.expected_in_force(10):.2f} of {len(dpkg.curves)}",
            markup=False,
        )
        console.print("clock starts at each guarantor's median ratification date", markup=False)
        print_diagnostics(a.diagnostics, stderr=False, unique=True)
    if plot_file is not None:
        _write_plot(plot_file, curves=a.curves())


def register(app: typer.Typer) -> None:
    """Add ``ratify`` and ``durability`` to the CLI."""
    app.command("ratify")(ratify_command)
    app.command("durability")(durability_command)
