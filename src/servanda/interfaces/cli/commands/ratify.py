"""``servanda ratify`` and ``servanda durability``: will the guarantees pass, when, and will they last?

Example:
    $ servanda ratify examples/ukraine-2025 --as-of 2026-12-01
    $ servanda ratify src/servanda/data/stances/nato-2022-finland-sweden.yaml --protocol FIN
    $ servanda durability examples/ukraine-2025 --format json
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from servanda.analyses.durability.analysis import DurabilityPackage, analyse_durability_package
from servanda.analyses.ratification.diagnostics import AnalysisError, Diagnostic
from servanda.analyses.ratification.historical import bundled_case, is_case_file, load_case, run_case
from servanda.analyses.ratification.inputs import specs_from_path
from servanda.analyses.ratification.package import GuaranteeSpec, PackageResult, analyse_package
from servanda.analyses.ratification.report import (
    case_lines,
    case_table,
    diagnostics_lines,
    durability_table,
    package_lines,
    plot,
    ratify_table,
    stage_table,
)
from servanda.analyses.ratification.stances import StanceSet, bundled_stances, empty_stances, load_stances
from servanda.interfaces.cli.output import terminal_width

console = Console(highlight=False, width=terminal_width())
err_console = Console(stderr=True, highlight=False, width=terminal_width())


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="text (default) or json.")]
StancesOpt = Annotated[
    Path | None, typer.Option("--stances", help="Stance file (servanda-stances/1) overriding the default.")
]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Analysis date YYYY-MM-DD (default: today).")]
PlotOpt = Annotated[Path | None, typer.Option("--plot", help="Write a PNG or SVG plot of the curves.")]


def _fail(diags: list[Diagnostic]) -> None:
    for line in diagnostics_lines(diags):
        err_console.print(line, markup=False)
    raise typer.Exit(1)


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(
            [Diagnostic("R506", f"`{value}` is not a date", "--as-of", "write YYYY-MM-DD, e.g. 2026-12-01")]
        )
        raise AssertionError("unreachable") from None


def _check_plot(path: Path | None) -> None:
    if path is not None and path.suffix.lower() not in (".png", ".svg"):
        _fail(
            [
                Diagnostic(
                    "R506",
                    f"unsupported plot format `{path.suffix}`",
                    "--plot",
                    "use a .png or .svg file name",
                )
            ]
        )


def _bundled_stance_names() -> set[str]:
    root = resources.files("servanda").joinpath("data", "stances")
    return {p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml")}


def resolve_stances(option: Path | None, target: Path) -> tuple[StanceSet, list[Diagnostic]]:
    """The stance file to use: ``--stances``, else a bundled file named after the package, else defaults."""
    if option is not None:
        return load_stances(option), []
    name = target.name if target.is_dir() else target.stem
    if name in _bundled_stance_names():
        return bundled_stances(name), []
    note = Diagnostic(
        "R509",
        "no stance file for this package: every bloc uses the global default stance",
        str(target),
        "pass --stances FILE (see docs/ratification.md, 'Stance files')",
        "warning",
    )
    return empty_stances(), [note]


def _entry_dates(pkg: PackageResult, on: date) -> list[date]:
    out = []
    for r in pkg.results:
        med = r.time.quantile(0.5)
        out.append(r.time.date_at(med) or (on + timedelta(days=r.time.horizon)))
    return out


def _analyse(
    path: Path, stances_opt: Path | None, on: date, years: float | None
) -> tuple[PackageResult, DurabilityPackage, StanceSet, list[Diagnostic], list[GuaranteeSpec]]:
    name, specs, notes = specs_from_path(path)
    stances, snotes = resolve_stances(stances_opt, path)
    pkg = analyse_package(name, specs, stances, on)
    dpkg = analyse_durability_package(name, specs, stances, _entry_dates(pkg, on), years=years)
    diags = (
        notes + snotes + [n for r in pkg.results for n in r.notes] + [n for c in dpkg.curves for n in c.notes]
    )
    return pkg, dpkg, stances, diags, specs


def _stance_info(s: StanceSet) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "illustrative": s.illustrative,
        "assumption_note": s.assumption_note,
        "priority": s.priority,
    }


def ratify_command(
    path: Annotated[
        str, typer.Argument(help="Instrument YAML, package folder, or historical case file/name.")
    ],
    stances: StancesOpt = None,
    as_of: AsOfOpt = None,
    output: FormatOpt = OutputFormat.text,
    plot_file: PlotOpt = None,
    protocol: Annotated[
        str | None, typer.Option(help="Case files only: which protocol to score (e.g. FIN).")
    ] = None,
    details: Annotated[bool, typer.Option("--details", help="Show each guarantor's stages.")] = False,
) -> None:
    """Pass probability, time to ratify and 10-year survival per guarantor, with package aggregates."""
    _check_plot(plot_file)
    on = _as_of(as_of)
    target = Path(path)
    try:
        if is_case_file(target) or (not target.exists() and path in _bundled_stance_names()):
            _run_case(target, path, stances, output, plot_file, protocol)
            return
        pkg, dpkg, st, diags, _ = _analyse(target, stances, on, None)
    except AnalysisError as exc:
        _fail(exc.diagnostics)
        return
    if output is OutputFormat.json:
        payload = {
            "as_of": on.isoformat(),
            "stances": _stance_info(st),
            **pkg.to_dict(),
            "durability": dpkg.to_dict(),
            "diagnostics": [d.to_dict() for d in diags],
        }
        typer.echo(_dumps(payload))
    else:
        console.print(ratify_table(pkg, dpkg.curves))
        if details:
            for r in pkg.results:
                console.print(stage_table(r))
        for line in package_lines(pkg):
            console.print(line, markup=False)
        console.print(
            f"stances: {st.id} ({'illustrative assumptions' if st.illustrative else 'inputs'}); "
            f"analysis date {on}; 10-y survival from the median completion date",
            markup=False,
        )
        for line in diagnostics_lines(diags):
            console.print(line, markup=False, style="yellow")
    if plot_file is not None:
        plot(
            plot_file,
            pkg.results,
            [(f"{s.jurisdiction} {s.legal_form}", c) for s, c in zip(dpkg.specs, dpkg.curves, strict=True)],
        )
        if output is OutputFormat.text:
            console.print(f"plot written to {plot_file}", markup=False)


def _run_case(
    target: Path,
    name: str,
    stances: Path | None,
    output: OutputFormat,
    plot_file: Path | None,
    protocol: str | None,
) -> None:
    case = load_case(target) if target.exists() else bundled_case(name)
    st = load_stances(stances) if stances is not None else None
    protos = [protocol] if protocol else list(case.actual)
    results = [run_case(case, p, st) for p in protos]
    if output is OutputFormat.json:
        typer.echo(_dumps({"cases": [r.to_dict() for r in results]}))
    else:
        for r in results:
            console.print(case_table(r))
            for line in case_lines(r):
                console.print(line, markup=False)
    if plot_file is not None:
        plot(plot_file, case=results[0])


def durability_command(
    path: Annotated[str, typer.Argument(help="Instrument YAML or package folder.")],
    stances: StancesOpt = None,
    as_of: AsOfOpt = None,
    years: Annotated[
        float | None, typer.Option("--years", help="Horizon in years (default: the instrument's term).")
    ] = None,
    output: FormatOpt = OutputFormat.text,
    plot_file: PlotOpt = None,
) -> None:
    """P(still in force) by year for each guarantor, from elections, opposition risk and exit difficulty."""
    _check_plot(plot_file)
    on = _as_of(as_of)
    try:
        _, dpkg, st, diags, _ = _analyse(Path(path), stances, on, years)
    except AnalysisError as exc:
        _fail(exc.diagnostics)
        return
    if output is OutputFormat.json:
        typer.echo(
            _dumps(
                {
                    "as_of": on.isoformat(),
                    "stances": _stance_info(st),
                    **dpkg.to_dict(),
                    "diagnostics": [d.to_dict() for d in diags],
                }
            )
        )
    else:
        console.print(durability_table(dpkg))
        console.print(
            f"P(all in force after 10 years) = {dpkg.p_all_in_force(10):.3f}; "
            f"expected number in force = {dpkg.expected_in_force(10):.2f} of {len(dpkg.curves)}",
            markup=False,
        )
        console.print("clock starts at each guarantor's median ratification date", markup=False)
        for line in diagnostics_lines(diags):
            console.print(line, markup=False, style="yellow")
    if plot_file is not None:
        plot(
            plot_file,
            curves=[
                (f"{s.jurisdiction} {s.legal_form}", c) for s, c in zip(dpkg.specs, dpkg.curves, strict=True)
            ],
        )


def _dumps(data: Any) -> str:
    import json

    def default(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        raise TypeError(type(v).__name__)

    return json.dumps(data, indent=2, ensure_ascii=False, default=default)


def register(app: typer.Typer) -> None:
    """Add ``ratify`` and ``durability`` to the CLI."""
    app.command("ratify")(ratify_command)
    app.command("durability")(durability_command)
