"""The Python API: every servanda task as one typed function (``servanda.load``, ``servanda.check`` ...).

The task functions are the :mod:`servanda.services` functions themselves (their docstrings carry the
examples); they validate their arguments: wrong types raise ``TypeError`` with a message naming the
accepted types; bad input raises :class:`~servanda.services.errors.ServiceError`, a
:class:`~servanda.diagnostics.ServandaError` (an unknown or invalid instrument: :class:`InstrumentError`)
carrying coded :class:`~servanda.diagnostics.Diagnostic` records; results have ``to_json()``. Only
``load``, ``geometries_of`` and ``check`` (which reports a bad name instead of raising) are defined here.

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

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.services import (
    CheckResult,
    FileCheck,
    ServiceError,
    atop,
    compare,
    credibility,
    durability,
    evaluate,
    inspect_events,
    library,
    monitor,
    package,
    ratify,
    read_events,
    schema,
    show,
    store_events,
    store_export,
    store_import,
    store_ingest,
    store_list,
)
from servanda.services import check as _check
from servanda.services import frontline as frontline_series
from servanda.services._inputs import load_instrument_file
from servanda.services.assess import AssessResult, assess
from servanda.services.errors import InstrumentError

if TYPE_CHECKING:
    from servanda.model.instrument import Instrument
    from servanda.semantics.geometry import NamedGeometry


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


def geometries_of(name: str | Path) -> dict[str, NamedGeometry]:
    """The named geometries of an instrument file, loaded."""
    from servanda.frontline.frozen import read_line
    from servanda.semantics.geometry import load_geometries

    instrument, path = load_instrument_file(name)
    return load_geometries(path.parent, instrument, read_line=read_line)


# The one list of public names: ``servanda.__all__`` is derived from it.
__all__ = [
    "AssessResult",
    "Diagnostic",
    "InstrumentError",
    "ServandaError",
    "ServiceError",
    "assess",
    "atop",
    "check",
    "compare",
    "credibility",
    "durability",
    "evaluate",
    "frontline_series",
    "geometries_of",
    "inspect_events",
    "library",
    "load",
    "monitor",
    "package",
    "ratify",
    "read_events",
    "schema",
    "show",
    "store_events",
    "store_export",
    "store_import",
    "store_ingest",
    "store_list",
]
