"""The Python API: every servanda task as one typed function (``servanda.load``, ``servanda.check`` ...).

Each function is a thin, validating front of a :mod:`servanda.services` function: wrong argument types
raise ``TypeError`` with a message naming the accepted types; bad input raises
:class:`~servanda.services.errors.ServiceError`, a :class:`~servanda.diagnostics.ServandaError` (an unknown
or invalid instrument: :class:`InstrumentError`) carrying coded :class:`~servanda.diagnostics.Diagnostic`
records; results have ``to_json()``.

Example:
    >>> import servanda
    >>> nato = servanda.load("nato.nat@1949")
    >>> nato.id, len(nato.parties)
    ('nato.nat@1949', 32)
    >>> servanda.check("nato.nat").errors
    0
    >>> servanda.load(None)
    Traceback (most recent call last):
    ...
    TypeError: instrument must be a bundled id or a path (str or pathlib.Path), not NoneType
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.services import (
    AtopResult,
    CheckResult,
    CompareResult,
    CredibilityResult,
    DurabilityResult,
    EvaluateResult,
    FileCheck,
    LibraryResult,
    PackageResult,
    RatifyResult,
    SchemaResult,
    ServiceError,
    ShowResult,
)
from servanda.services import atop as _atop
from servanda.services import check as _check
from servanda.services import compare as _compare
from servanda.services import credibility as _credibility
from servanda.services import durability as _durability
from servanda.services import evaluate as _evaluate
from servanda.services import library as _library
from servanda.services import package as _package
from servanda.services import ratify as _ratify
from servanda.services import schema as _schema
from servanda.services import show as _show
from servanda.services._inputs import load_instrument_file, require_name
from servanda.services.errors import InstrumentError

if TYPE_CHECKING:
    from servanda.model.instrument import Instrument
    from servanda.semantics.geometry import NamedGeometry

DateLike = date | datetime | str


def load(name: str | Path) -> Instrument:
    """Load an instrument by path or bundled id; raises :class:`InstrumentError` with diagnostics.

    >>> load("anzus@1951").id
    'anzus@1951'
    >>> load("nato.nta")
    Traceback (most recent call last):
    ...
    servanda.services.errors.InstrumentError: error[E101]: no such instrument file or bundled id `nato.nta`
      = help: did you mean `nato.nat`?
    """
    return load_instrument_file(name)[0]


def check(paths: str | Path | Sequence[str | Path], *, strict: bool = False) -> CheckResult:
    """Check files, folders or bundled ids; never raises for a bad name (it is an E101 diagnostic).

    Package, scenario and stance files are checked by their own loaders (dispatch on ``format:``).

    >>> result = check("tests/diagnostics/fixtures/E301.yaml")
    >>> result.errors, [d.code for d in result.diagnostics if d.severity == "error"]
    (1, ['E301'])
    >>> [d.code for d in check("no.such.id").diagnostics]
    ['E101']
    """
    try:
        return _check(paths, strict=strict)
    except ServiceError as exc:
        return CheckResult([FileCheck(str(paths), "instrument", exc.diagnostics)], strict)


def show(name: str | Path) -> ShowResult:
    """An instrument and its file, for display; ``to_json()`` is the instrument as JSON.

    >>> show("anzus@1951").to_json()["id"]
    'anzus@1951'
    """
    return _show(name)


def library() -> LibraryResult:
    """The bundled reference instruments, one row each.

    >>> "nato.nat@1949" in [row["id"] for row in library().rows]
    True
    """
    return _library()


def schema() -> SchemaResult:
    """The JSON Schema of the instrument format.

    >>> schema().to_json()["type"]
    'object'
    """
    return _schema()


def geometries_of(name: str | Path) -> dict[str, NamedGeometry]:
    """The named geometries of an instrument file, loaded."""
    from servanda.semantics.geometry import NamedGeometry, load_geometry

    instrument, path = load_instrument_file(name)
    return {n: NamedGeometry(n, load_geometry(path.parent, g)) for n, g in instrument.geometries.items()}


def evaluate(
    name: str | Path,
    events: str | Path | Sequence[Any],
    geometries: Mapping[str, NamedGeometry] | None = None,
    as_of: DateLike | None = None,
    *,
    engine: str | None = None,
) -> EvaluateResult:
    """Run an evaluation engine on an instrument and events.

    ``events`` is an events file (.yaml, .json, .csv; a missing file raises V902) or a list mixing
    :class:`~servanda.model.events.Event` objects and mappings; rows that do not fit are counted in
    ``result.events_rejected`` and explained in ``result.input_diagnostics`` (V901). ``as_of`` is a
    date, datetime or ISO string. The engine result's attributes (``activations``, ``activated()``,
    ``notes``, ``why_not`` ...) are available on the returned object.

    >>> result = evaluate("tests/diagnostics/fixtures/_valid.yaml",
    ...                   [{"id": "a", "date": "2026-03-01", "target": "UKR", "event_class": "shelling"},
    ...                    {"id": "b", "date": "2026-13-01", "target": "UKR", "event_class": "shelling"}],
    ...                   as_of="2026-12-31")
    >>> result.events_rejected, result.input_diagnostics[0].code, len(result.activated("consult"))
    (1, 'V901', 1)
    >>> evaluate("tests/diagnostics/fixtures/_valid.yaml", None)
    Traceback (most recent call last):
    ...
    TypeError: events must be a file path (str or pathlib.Path) or a list of Event objects and/or mappings, not NoneType
    """
    return _evaluate(name, events, as_of=as_of, geometries=geometries, engine=engine)


def compare(
    instruments: str | Path | Sequence[str | Path], *, against: str | Path = "nato.nat@1949"
) -> CompareResult:
    """Compare instruments point by point with a baseline (default NATO Art. 5).

    >>> compare("anzus@1951").comparisons[0].subject.id
    'anzus@1951'
    """
    return _compare(instruments, against=against)


def atop(
    paths: str | Path | Sequence[str | Path] | None = None,
    *,
    member_level: bool = False,
    against: int | None = None,
    phase: int | None = None,
    benchmarks: bool = False,
) -> AtopResult:
    """ATOP 4.01 coding of instruments, or agreement with ATOP's coding (``against``, ``benchmarks``).

    >>> atop("nato.nat@1949").codings[0].instrument_id
    'nato.nat@1949'
    """
    return _atop(paths, member_level=member_level, against=against, phase=phase, benchmarks=benchmarks)


def credibility(name: str | Path, *, war_year: int | None = None, level: float = 0.9) -> CredibilityResult:
    """How often commitments like this instrument's were honoured in war.

    >>> 0 < credibility("nato.nat@1949").estimate.probability < 1
    True
    """
    return _credibility(name, war_year=war_year, level=level)


def package(
    path: str | Path,
    *,
    scenario: str | Path | None = None,
    attack_at: str | None = None,
    date: str | None = None,
    actor: str | None = None,
    event_class: str = "missile_strike",
    deaths: int = 0,
    target: str | None = None,
    country: str | None = None,
    correlation: float = 0.0,
    marginals: str = "auto",
    level: float = 0.9,
    engine: str | None = None,
) -> PackageResult:
    """Who must do what, by when, and how likely, for a package of guarantees in a scenario.

    The scenario is a file (``scenario``), one attack (``attack_at="LON,LAT"``, ``date``, ``actor`` ...),
    or else the package's own ``scenarios/`` folder. ``correlation`` is between guarantors (0–1);
    ``marginals`` is ``auto``, ``model`` or ``reference``; ``level`` the interval level.

    >>> result = package("examples/ukraine-2025", attack_at="35.14,47.84", date="2026-03-05", actor="RUS")
    >>> len(result.answers), result.events_rejected
    (1, 0)
    """
    require_name(path, "package")
    return _package(
        path,
        scenario=scenario,
        attack_at=attack_at,
        date=date,
        actor=actor,
        event_class=event_class,
        deaths=deaths,
        target=target,
        country=country,
        correlation=correlation,
        marginals=marginals,
        level=level,
        engine=engine,
    )


def ratify(
    path: str | Path,
    *,
    stances: str | Path | None = None,
    as_of: DateLike | None = None,
    protocol: str | None = None,
) -> RatifyResult:
    """Pass probability, time to ratify and survival per guarantor (instrument, package or case).

    >>> ratify("us_jpn.tmcs@1960", as_of="2026-12-01").in_force[0]["in_force_since"]
    '1960-06-23'
    """
    return _ratify(path, stances=stances, as_of=as_of, protocol=protocol)


def durability(
    path: str | Path,
    *,
    stances: str | Path | None = None,
    as_of: DateLike | None = None,
    years: float | None = None,
) -> DurabilityResult:
    """P(still in force) by year for each guarantor.

    >>> len(durability("examples/ukraine-2025", as_of="2026-12-01").analysis.durability.curves) > 0
    True
    """
    return _durability(path, stances=stances, as_of=as_of, years=years)


__all__ = [
    "Diagnostic",
    "InstrumentError",
    "ServandaError",
    "ServiceError",
    "atop",
    "check",
    "compare",
    "credibility",
    "durability",
    "evaluate",
    "geometries_of",
    "library",
    "load",
    "package",
    "ratify",
    "schema",
    "show",
]
