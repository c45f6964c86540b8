"""The engine seam: every evaluator answers the same question with the same result types.

An engine takes an instrument, events, the instrument's geometries and an ``as_of`` date and
returns an :class:`~servanda.evaluation.results.EvaluationResult`. With ``trace=False`` it may skip
building why-not explanations (the result's ``why_not`` is then empty); firings, activations,
enforcement, conflicts and notes must be the same as the reference engine's, which is the oracle
every other engine is tested against (the scenario files run on any registered engine).

Engines are looked up by name. :data:`DEFAULT_ENGINE` (``"columnar"``, the vectorised engine of
:mod:`servanda.evaluation.columnar`) is what the services (``evaluate``, ``package``, ``monitor``) run
unless told otherwise; ``"dask"`` (:mod:`servanda.evaluation.dask`) runs the columnar pieces per
partition on a Dask cluster; :data:`REFERENCE_ENGINE` is the oracle, which :func:`get_engine` returns when
no name is given and which the scenario files run on by default. A new engine registers itself with
:func:`register`.

Example:
    >>> get_engine().name
    'reference'
    >>> get_engine(DEFAULT_ENGINE).name, engine_names()
    ('columnar', ['columnar', 'dask', 'reference'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Protocol

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.evaluation.reference import ReferenceEngine
from servanda.evaluation.results import EvaluationResult
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import NamedGeometry

#: The engine services use when none is named (one constant; services read it, never a literal).
DEFAULT_ENGINE = "columnar"
#: The reference evaluator, the oracle every other engine is tested against.
REFERENCE_ENGINE = "reference"


class Evaluator(Protocol):
    """What every evaluation engine provides."""

    name: str

    def evaluate(
        self,
        instrument: Instrument,
        events: Sequence[Event],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = True,
    ) -> EvaluationResult:
        """Firings, activations, enforcement, conflicts and notes; with ``trace`` also why-not trees."""
        ...


class UnknownEngine(ServandaError, LookupError):
    """No engine is registered under that name (E101, naming the known engines)."""

    def __init__(self, name: str) -> None:
        known = ", ".join(engine_names())
        super().__init__(Diagnostic("E101", f"no evaluation engine `{name}`; known: {known}"))
        self.name = name


def _columnar() -> Evaluator:
    from servanda.evaluation.columnar import ColumnarEngine

    return ColumnarEngine()


def _dask() -> Evaluator:
    from servanda.evaluation.dask import DaskEngine

    return DaskEngine()


_FACTORIES: dict[str, Callable[[], Evaluator]] = {
    REFERENCE_ENGINE: ReferenceEngine,
    "columnar": _columnar,
    "dask": _dask,
}


def register(name: str, factory: Callable[[], Evaluator]) -> None:
    """Make an engine available under ``name`` (a later registration replaces an earlier one)."""
    _FACTORIES[name] = factory


def engine_names() -> list[str]:
    """Names of the registered engines, sorted."""
    return sorted(_FACTORIES)


def get_engine(name: str = REFERENCE_ENGINE) -> Evaluator:
    """The engine registered under ``name``; raises :class:`UnknownEngine` with the known names."""
    try:
        return _FACTORIES[name]()
    except KeyError:
        raise UnknownEngine(name) from None
