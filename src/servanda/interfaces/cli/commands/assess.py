"""``servanda assess``: one chained answer — ratified by the attack, still in force, honoured — per
guarantor and for the package, with the correlation used and its sensitivity chart.

Exit status: 0 on success; 1 when the package or scenario is invalid or no duty activates (P819);
2 for usage errors: a bad date or ``--k`` (P818), a correlation outside [0, 1] (P815), a plot path
that is not .png/.svg or cannot be written (E101).

Example:
    $ servanda assess examples/ukraine-2025 --on 2026-12-01 --at 2028-12-01 --plot assess.png
    $ servanda assess examples/ukraine-2025 --correlation 0 --k 2 --format json
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from servanda.interfaces.cli.errors import print_diagnostics, service_errors, usage_error
from servanda.interfaces.cli.options import FormatOption, OutputFormat
from servanda.interfaces.cli.output import check_output, console, print_json, save


def assess_command(
    path: Annotated[Path, typer.Argument(help="Package folder or package.yaml (format servanda-package/1).")],
    on: Annotated[str | None, typer.Option("--on", help="Analysis date YYYY-MM-DD (default: today).")] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Date of the attack YYYY-MM-DD (default: two years after --on)."),
    ] = None,
    correlation: Annotated[
        float | None,
        typer.Option(
            "--correlation",
            "--rho",
            help="Correlation between guarantors, 0–1 (default: estimated, see docs).",
        ),
    ] = None,
    k: Annotated[int | None, typer.Option("--k", help="Headline: P(at least K guarantors deliver).")] = None,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", "-s", help="Attack events file (default: the package's).")
    ] = None,
    stances: Annotated[
        Path | None, typer.Option("--stances", help="Stance file (servanda-stances/1) for ratification.")
    ] = None,
    prior: Annotated[
        list[str] | None,
        typer.Option(
            "--prior",
            help="Your own P(honoured) for an obligation type, TYPE=P (repeatable), e.g. economic_aid=0.6.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
    plot_file: Annotated[
        Path | None, typer.Option("--plot", help="Write the sensitivity chart (PNG or SVG).")
    ] = None,
) -> None:
    """Chained P(ratified by the attack) × P(still in force) × P(honoured), per guarantor and for the package."""
    from servanda.services.assess import DEFAULT_YEARS, assess

    json_output = output_format is OutputFormat.json
    if plot_file is not None:
        if plot_file.suffix.lower() not in (".png", ".svg"):
            usage_error(
                "E101",
                f"--plot: unsupported format `{plot_file.suffix}`",
                "use a .png or .svg file name",
                json_output=json_output,
            )
        check_output(plot_file, "--plot", json_output=json_output)
    priors: dict[str, float] = {}
    for item in prior or []:
        kind, _, value = item.partition("=")
        try:
            priors[kind.strip()] = float(value)
        except ValueError:
            usage_error(
                "P818",
                f"`--prior {item}` is not TYPE=P",
                "write e.g. `--prior economic_aid=0.6`",
                json_output=json_output,
            )
    with service_errors(json_output):
        result = assess(
            path,
            on=on,
            horizon=at if at is not None else DEFAULT_YEARS,
            correlation=correlation,
            k=k,
            scenario=scenario,
            stances=stances,
            priors=priors or None,
        )
    from servanda.interfaces.cli.render import assess as render

    if json_output:
        print_json(result.to_json())
    else:
        c = result.chain
        console.print(render.guarantor_table(c))
        console.print(render.package_table(c))
        console.print(render.sensitivity_table(c))
        for line in render.lines(c, result.scenario):
            console.print(line, markup=False, soft_wrap=True)
        print_diagnostics(result.diagnostics, stderr=False, unique=True)
    if plot_file is not None:
        save(
            plot_file,
            lambda target: render.plot(target, result.chain),
            "--plot",
            "sensitivity chart",
            json_output=json_output,
        )


def register(app: typer.Typer) -> None:
    """Add ``assess`` to the CLI."""
    app.command("assess")(assess_command)
