"""``ratify`` and ``durability``: will the guarantees pass, when, and will they last?

An instrument already in force on the analysis date is not re-ratified from its signature (that would
simulate, say, 1960 with today's parliaments): its clock starts at the analysis date, and the result
says so in ``in_force`` (and in the text output).

Example:
    >>> out = ratify("us_jpn.tmcs@1960", as_of="2026-12-01")
    >>> out.in_force[0]["instrument"], out.to_json()["as_of"]
    ('us_jpn.tmcs@1960', '2026-12-01')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import MAXYEAR, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import require_name
from servanda.services.errors import ServiceError, translated

if TYPE_CHECKING:
    from servanda.analyses.durability.analysis import DurabilityResult as DurabilityAnalysis
    from servanda.analyses.legislatures.stances import StanceSet
    from servanda.analyses.packages.guarantees import GuaranteeSpec
    from servanda.analyses.ratification.guarantors import RatificationResult
    from servanda.analyses.ratification.historical import Case, CaseResult

#: Horizon of the durability model in years (kept in step with ``durability.model.MAX_HORIZON_YEARS``).
_HORIZON_MARGIN = 5


def _usage(code: str, message: str, location: str, fix: str) -> ServiceError:
    """A usage error (bad option, missing input): exit status 2, as a ratification diagnostic."""
    from servanda.diagnostics import Diagnostic

    return ServiceError([Diagnostic(code, message, location, hint=fix)], exit_code=2)


def analysis_date(value: date | datetime | str | None) -> date:
    """The analysis date (default today); R506 for a bad or too-late date."""
    from servanda.analyses.durability.model import MAX_HORIZON_YEARS

    latest = MAXYEAR - MAX_HORIZON_YEARS - _HORIZON_MARGIN
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        on = value
    elif isinstance(value, str):
        try:
            on = date.fromisoformat(value)
        except ValueError:
            raise _usage(
                "R506", f"`{value}` is not a date", "--as-of", "write YYYY-MM-DD, e.g. 2026-12-01"
            ) from None
    else:
        raise TypeError(f"as_of must be a date, a datetime or an ISO string, not {type(value).__name__}")
    if on.year > latest:
        raise _usage(
            "R506",
            f"`{value}` is too late: analyses run up to {MAX_HORIZON_YEARS} years past the analysis date",
            "--as-of",
            f"give a date before {latest + 1}-01-01",
        )
    return on


def _check_stances(path: str | Path | None) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if not p.is_file():
        raise _usage(
            "R506",
            f"no stance file `{p}`",
            "--stances",
            "pass a stance file (format servanda-stances/1; see docs/ratification.md, 'Stance files')",
        )
    return p


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


def _resolve(path: str | Path) -> Path:
    from servanda.analyses.packages.guarantees import resolve_input

    with translated(exit_code=2):
        return resolve_input(path)


def resolve_stances(option: Path | None, target: Path) -> tuple[StanceSet, list[Any]]:
    """The stance file to use: ``stances``, else a bundled file named after the package, else defaults."""
    from servanda.analyses.legislatures.stances import bundled_stances, empty_stances, load_stances
    from servanda.analyses.packages.model import MANIFEST
    from servanda.diagnostics import Diagnostic

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
        hint="pass --stances FILE (see docs/ratification.md, 'Stance files')",
    )
    return empty_stances(), [note]


def _in_force(specs: list[GuaranteeSpec], on: date) -> tuple[list[GuaranteeSpec], list[dict[str, Any]]]:
    """Specs whose instrument is already in force on ``on`` start their clock at ``on``, not at signature."""
    from servanda.language.loader import load_instrument

    seen: dict[str, date | None] = {}
    out: list[GuaranteeSpec] = []
    found: dict[str, dict[str, Any]] = {}
    for spec in specs:
        if spec.source not in seen:
            seen[spec.source] = None
            source = Path(spec.source)
            if source.is_file():
                loaded = load_instrument(source).instrument
                seen[spec.source] = loaded.in_force if loaded is not None else None
        since = seen[spec.source]
        if since is not None and since <= on:
            found.setdefault(
                spec.instrument_id,
                {
                    "instrument": spec.instrument_id,
                    "in_force_since": since.isoformat(),
                    "signed": spec.signed.isoformat() if spec.signed else None,
                },
            )
        out.append(spec)
    return out, list(found.values())


def in_force_lines(in_force: list[dict[str, Any]], on: date, scored: bool = False) -> list[str]:
    """One sentence per instrument already in force (reported as ratified, or scored against its own time)."""
    if scored:
        return [
            f"{f['instrument']} is already in force (since {f['in_force_since']}): scored against the "
            f"legislature of its signature date ({f['signed'] or 'unknown'}), as asked (--score-historical)"
            for f in in_force
        ]
    return [
        f"{f['instrument']} is already in force (since {f['in_force_since']}): reported as ratified, not scored "
        f"against today's legislature; --score-historical scores it against the legislature of its own time"
        for f in in_force
    ]


def _entry_dates(pkg: RatificationResult, on: date) -> list[date]:
    out = []
    for r in pkg.results:
        med = r.time.quantile(0.5)
        out.append(r.time.date_at(med) or (on + timedelta(days=r.time.horizon)))
    return out


@dataclass
class Analysis:
    """Ratification and durability of one instrument, package or folder."""

    name: str
    as_of: date
    stances: StanceSet
    package: RatificationResult
    durability: DurabilityAnalysis
    diagnostics: list[Any] = field(default_factory=list)
    in_force: list[dict[str, Any]] = field(default_factory=list)
    score_historical: bool = False

    def stance_info(self) -> dict[str, Any]:
        s = self.stances
        return {
            "id": s.id,
            "title": s.title,
            "illustrative": s.illustrative,
            "assumption_note": s.assumption_note,
            "priority": s.priority,
        }

    def curves(self) -> list[tuple[str, Any]]:
        """(label, survival curve) per guarantor, for plots."""
        d = self.durability
        return [(f"{s.jurisdiction} {s.legal_form}", c) for s, c in zip(d.specs, d.curves, strict=True)]


def _analyse(
    target: Path, stances: Path | None, on: date, years: float | None, score_historical: bool = False
) -> Analysis:
    from servanda.analyses.durability.analysis import analyse_durability_all
    from servanda.analyses.packages.guarantees import specs_from_path
    from servanda.analyses.ratification.guarantors import analyse_ratification

    with translated():
        name, specs, notes = specs_from_path(target)
        specs, in_force = _in_force(specs, on)
        stance_set, snotes = resolve_stances(stances, target)
        ratified = {f["instrument"]: date.fromisoformat(f["in_force_since"]) for f in in_force}
        pkg = analyse_ratification(
            name, specs, stance_set, on, ratified=ratified, score_historical=score_historical
        )
        dpkg = analyse_durability_all(name, specs, stance_set, _entry_dates(pkg, on), years=years)
    diags = (
        notes + snotes + [n for r in pkg.results for n in r.notes] + [n for c in dpkg.curves for n in c.notes]
    )
    return Analysis(name, on, stance_set, pkg, dpkg, diags, in_force, score_historical)


@dataclass
class RatifyResult:
    """A ratification analysis, or (for a historical case file) the case results per protocol."""

    analysis: Analysis | None = None
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def in_force(self) -> list[dict[str, Any]]:
        return self.analysis.in_force if self.analysis else []

    @property
    def diagnostics(self) -> list[Any]:
        return self.analysis.diagnostics if self.analysis else []

    def to_json(self) -> dict[str, Any]:
        if self.analysis is None:
            return {"cases": [r.to_json() for r in self.cases]}
        a = self.analysis
        return {
            "as_of": a.as_of.isoformat(),
            "stances": a.stance_info(),
            **a.package.to_json(),
            "durability": a.durability.to_json(),
            "in_force": a.in_force,
            "diagnostics": [d.to_json() for d in a.diagnostics],
        }


def _run_case(case: Case, stances: Path | None, protocol: str | None) -> list[CaseResult]:
    from servanda.analyses.legislatures.stances import load_stances
    from servanda.analyses.ratification.historical import run_case

    if protocol is not None and protocol not in case.actual:
        raise _usage(
            "R506",
            f"case `{case.id}` has no protocol `{protocol}`",
            "--protocol",
            "use one of: " + ", ".join(case.actual),
        )
    with translated():
        st = load_stances(stances) if stances is not None else None
        protos = [protocol] if protocol else list(case.actual)
        return [run_case(case, p, st) for p in protos]


def ratify(
    path: str | Path,
    *,
    stances: str | Path | None = None,
    as_of: date | datetime | str | None = None,
    protocol: str | None = None,
    score_historical: bool = False,
) -> RatifyResult:
    """Pass probability (with its 80 % credible interval), time to ratify and 10-year survival per guarantor,
    with package aggregates.

    ``path``: an instrument file or bundled id, a package folder, or a historical case file/name
    (``protocol`` picks one of its protocols). An instrument already in force on ``as_of`` is reported as
    ratified; ``score_historical`` scores it against the legislature of its signature date instead (R508 if
    servanda has no composition for that date). Usage errors (exit 2): R506, R510.

    >>> out = ratify("us_jpn.tmcs@1960", as_of="2026-12-01")
    >>> out.in_force[0]["in_force_since"], out.analysis.package.results[0].status
    ('1960-06-23', 'ratified')
    """
    from servanda.analyses.ratification.historical import bundled_case, is_case_file, load_case

    require_name(path, "path")
    stance_path = _check_stances(stances)
    on = analysis_date(as_of)
    given = Path(path)
    case_name = not given.exists() and str(path) in _bundled_case_names()
    if is_case_file(given) or case_name:
        with translated():
            case = load_case(given) if given.exists() else bundled_case(str(path))
        return RatifyResult(cases=_run_case(case, stance_path, protocol))
    if protocol is not None:
        raise _usage(
            "R506",
            f"`--protocol {protocol}` applies only to historical case files; `{path}` is not one",
            "--protocol",
            "leave out --protocol, or pass a case such as `nato-2022-finland-sweden` "
            "(format servanda-case/1; see docs/ratification.md)",
        )
    return RatifyResult(_analyse(_resolve(path), stance_path, on, None, score_historical))


@dataclass
class DurabilityResult:
    """P(still in force) by year for each guarantor."""

    analysis: Analysis

    @property
    def in_force(self) -> list[dict[str, Any]]:
        return self.analysis.in_force

    @property
    def diagnostics(self) -> list[Any]:
        return self.analysis.diagnostics

    def to_json(self) -> dict[str, Any]:
        a = self.analysis
        return {
            "as_of": a.as_of.isoformat(),
            "stances": a.stance_info(),
            **a.durability.to_json(),
            "in_force": a.in_force,
            "diagnostics": [d.to_json() for d in a.diagnostics],
        }


def durability(
    path: str | Path,
    *,
    stances: str | Path | None = None,
    as_of: date | datetime | str | None = None,
    years: float | None = None,
) -> DurabilityResult:
    """P(still in force) by year per guarantor, from elections, opposition risk and exit difficulty.

    >>> len(durability("examples/ukraine-2025", as_of="2026-12-01").analysis.durability.curves) > 0
    True
    """
    from servanda.analyses.durability.analysis import check_years
    from servanda.analyses.ratification.historical import is_case_file

    require_name(path, "path")
    if years is not None:
        with translated(exit_code=2):
            check_years(years)
    stance_path = _check_stances(stances)
    on = analysis_date(as_of)
    target = _resolve(path)
    if is_case_file(target):
        raise _usage(
            "R510",
            "a historical case file has no durability analysis",
            str(target),
            f"run `servanda ratify {path}` for the case, or pass an instrument YAML or a package folder",
        )
    return DurabilityResult(_analyse(target, stance_path, on, years))
