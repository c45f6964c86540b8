"""``servanda ratify`` and ``servanda durability``: will the guarantees pass, when, and will they last?

Exit status: 0 on success; 1 when an input is invalid (coded diagnostics, located where the loaders
can locate them); 2 for usage errors: a path that is no file, folder or bundled id (R510), a bad option
value (R506; E210 for ``--years``), or an output path that cannot be written (E101).

Example:
    $ servanda ratify examples/ukraine-2025 --as-of 2026-12-01
    $ servanda ratify src/servanda/data/stances/nato-2022-finland-sweden.yaml --protocol FIN
    $ servanda durability examples/ukraine-2025 --format json
"""

from __future__ import annotations

from datetime import MAXYEAR, date, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from servanda.analyses.durability.analysis import (
    DurabilityPackage,
    analyse_durability_package,
    check_years,
)
from servanda.analyses.durability.model import MAX_HORIZON_YEARS
from servanda.analyses.packages.model import MANIFEST
from servanda.analyses.ratification.diagnostics import AnalysisError, Diagnostic
from servanda.analyses.ratification.historical import Case, bundled_case, is_case_file, load_case, run_case
from servanda.analyses.ratification.inputs import InputNotFound, resolve_input, specs_from_path
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
from servanda.io.writer import OutputError, output_problem, write_with

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


def _fail(diags: list[Diagnostic], code: int = 1) -> NoReturn:
    for line in diagnostics_lines(diags):
        err_console.print(line, markup=False)
    raise typer.Exit(code)


def _usage(code: str, message: str, location: str, fix: str) -> NoReturn:
    """A usage error (bad option, missing input, unwritable output): exit status 2."""
    _fail([Diagnostic(code, message, location, fix)], 2)


#: The latest analysis date: the 4-year ratification horizon plus the longest durability horizon
#: must stay within the calendar (year 9999).
LATEST_AS_OF_YEAR = MAXYEAR - MAX_HORIZON_YEARS - 5


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        on = date.fromisoformat(value)
    except ValueError:
        _usage("R506", f"`{value}` is not a date", "--as-of", "write YYYY-MM-DD, e.g. 2026-12-01")
    if on.year > LATEST_AS_OF_YEAR:
        _usage(
            "R506",
            f"`{value}` is too late: analyses run up to {MAX_HORIZON_YEARS} years past the analysis date",
            "--as-of",
            f"give a date before {LATEST_AS_OF_YEAR + 1}-01-01",
        )
    return on


def _check_plot(path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() not in (".png", ".svg"):
        _usage("R506", f"unsupported plot format `{path.suffix}`", "--plot", "use a .png or .svg file name")
    problem = output_problem(path)
    if problem is not None:
        _usage("E101", problem.message, "--plot", problem.hint or "choose another path")


def _write_plot(path: Path, **curves: Any) -> None:
    try:
        write_with(path, lambda target: plot(target, **curves))
    except OutputError as exc:
        _usage("E101", exc.diagnostic.message, "--plot", exc.diagnostic.hint or "choose another path")
    err_console.print(f"wrote `{path}`", soft_wrap=True, markup=False)


def _check_stances(path: Path | None) -> None:
    if path is not None and not path.is_file():
        _usage(
            "R506",
            f"no stance file `{path}`",
            "--stances",
            "pass a stance file (format servanda-stances/1; see docs/ratification.md, 'Stance files')",
        )


def _bundled_stance_names() -> set[str]:
    root = resources.files("servanda").joinpath("data", "stances")
    return {p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml")}


def _bundled_case_names() -> set[str]:
    """Bundled stance files that are historical cases (``format: servanda-case/1``)."""
    root = resources.files("servanda").joinpath("data", "stances")
    return {
        p.name[:-5]
        for p in root.iterdir()
        if p.name.endswith(".yaml") and "format: servanda-case/1" in p.read_text(encoding="utf-8")[:2000]
    }


def _resolve(path: str) -> Path:
    """The input path (or bundled instrument id); a missing one exits 2 with a suggestion."""
    try:
        return resolve_input(path)
    except InputNotFound as exc:
        _fail(exc.diagnostics, 2)


def resolve_stances(option: Path | None, target: Path) -> tuple[StanceSet, list[Diagnostic]]:
    """The stance file to use: ``--stances``, else a bundled file named after the package, else defaults."""
    if option is not None:
        return load_stances(option), []
    name = (
        target.name if target.is_dir() else (target.parent.name if target.name == MANIFEST else target.stem)
    )
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
    target: Path, stances_opt: Path | None, on: date, years: float | None
) -> tuple[PackageResult, DurabilityPackage, StanceSet, list[Diagnostic], list[GuaranteeSpec]]:
    name, specs, notes = specs_from_path(target)
    stances, snotes = resolve_stances(stances_opt, target)
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
    _check_stances(stances)
    on = _as_of(as_of)
    given = Path(path)
    case_name = not given.exists() and path in _bundled_case_names()
    if is_case_file(given) or case_name:
        try:
            case = load_case(given) if given.exists() else bundled_case(path)
        except AnalysisError as exc:
            _fail(exc.diagnostics)
        _run_case(case, stances, output, plot_file, protocol)
        return
    if protocol is not None:
        _usage(
            "R506",
            f"`--protocol {protocol}` applies only to historical case files; `{path}` is not one",
            "--protocol",
            "leave out --protocol, or pass a case such as `nato-2022-finland-sweden` "
            "(format servanda-case/1; see docs/ratification.md)",
        )
    target = _resolve(path)
    try:
        pkg, dpkg, st, diags, _ = _analyse(target, stances, on, None)
    except AnalysisError as exc:
        _fail(exc.diagnostics)
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
        _write_plot(
            plot_file,
            results=pkg.results,
            curves=[
                (f"{s.jurisdiction} {s.legal_form}", c) for s, c in zip(dpkg.specs, dpkg.curves, strict=True)
            ],
        )
        if output is OutputFormat.text:
            console.print(f"plot written to {plot_file}", markup=False)


def _run_case(
    case: Case,
    stances: Path | None,
    output: OutputFormat,
    plot_file: Path | None,
    protocol: str | None,
) -> None:
    if protocol is not None and protocol not in case.actual:
        _usage(
            "R506",
            f"case `{case.id}` has no protocol `{protocol}`",
            "--protocol",
            "use one of: " + ", ".join(case.actual),
        )
    try:
        st = load_stances(stances) if stances is not None else None
        protos = [protocol] if protocol else list(case.actual)
        results = [run_case(case, p, st) for p in protos]
    except AnalysisError as exc:
        _fail(exc.diagnostics)
    if output is OutputFormat.json:
        typer.echo(_dumps({"cases": [r.to_dict() for r in results]}))
    else:
        for r in results:
            console.print(case_table(r))
            for line in case_lines(r):
                console.print(line, markup=False)
    if plot_file is not None:
        _write_plot(plot_file, case=results[0])


def durability_command(
    path: Annotated[str, typer.Argument(help="Instrument YAML or package folder.")],
    stances: StancesOpt = None,
    as_of: AsOfOpt = None,
    years: Annotated[
        float | None,
        typer.Option(
            "--years",
            help=f"Horizon in years, 0 < years <= {MAX_HORIZON_YEARS} (default: the instrument's term).",
        ),
    ] = None,
    output: FormatOpt = OutputFormat.text,
    plot_file: PlotOpt = None,
) -> None:
    """P(still in force) by year for each guarantor, from elections, opposition risk and exit difficulty."""
    if years is not None:
        try:
            check_years(years)
        except AnalysisError as exc:
            _fail(exc.diagnostics, 2)
    _check_plot(plot_file)
    _check_stances(stances)
    on = _as_of(as_of)
    target = _resolve(path)
    if is_case_file(target):
        _usage(
            "R510",
            "a historical case file has no durability analysis",
            str(target),
            f"run `servanda ratify {path}` for the case, or pass an instrument YAML or a package folder",
        )
    try:
        _, dpkg, st, diags, _ = _analyse(target, stances, on, years)
    except AnalysisError as exc:
        _fail(exc.diagnostics)
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
        _write_plot(
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
