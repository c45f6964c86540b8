"""The Python API: ``servanda.load``, ``servanda.check``, ``servanda.evaluate``.

Example:
    >>> import servanda
    >>> nato = servanda.load("nato.nat@1949")
    >>> nato.id, len(nato.parties)
    ('nato.nat@1949', 32)
    >>> servanda.check("nato.nat").errors
    0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.evaluation.events_io import read_events, read_events_data
from servanda.evaluation.geometry import NamedGeometry, load_geometry
from servanda.evaluation.reference import EvaluationResult
from servanda.evaluation.reference import evaluate as _evaluate
from servanda.language.checker import CheckReport, check_file
from servanda.language.library import UnknownInstrument, resolve
from servanda.language.loader import load_instrument
from servanda.model.events import Event
from servanda.model.instrument import Instrument


class InstrumentError(ServandaError):
    """Loading failed; ``diagnostics`` says why (each with code and location)."""

    def __init__(self, diagnostics: list[Diagnostic], text: str | None):
        super().__init__(diagnostics, {d.file: text for d in diagnostics})


def _resolve(name: str | Path) -> Path:
    try:
        return resolve(name)
    except UnknownInstrument as exc:
        raise InstrumentError(exc.diagnostics, None) from exc


def load(name: str | Path) -> Instrument:
    """Load an instrument by path or bundled id; raises :class:`InstrumentError` with diagnostics."""
    result = load_instrument(_resolve(name))
    if result.instrument is None:
        raise InstrumentError(result.diagnostics, result.document.text)
    return result.instrument


def check(name: str | Path) -> CheckReport:
    """Check an instrument by path or bundled id. Never raises for bad input: an unknown name is E101."""
    try:
        return check_file(resolve(name))
    except UnknownInstrument:
        return check_file(Path(name))


def geometries_of(name: str | Path) -> dict[str, NamedGeometry]:
    """The named geometries of an instrument file, loaded."""
    path = _resolve(name)
    instrument = load(path)
    return {n: NamedGeometry(n, load_geometry(path.parent, g)) for n, g in instrument.geometries.items()}


def evaluate(
    name: str | Path,
    events: Sequence[Event] | Sequence[Mapping[str, Any]] | str | Path,
    geometries: Mapping[str, NamedGeometry] | None = None,
    as_of: date | None = None,
) -> EvaluationResult:
    """Run the reference evaluator on an instrument and events (a file, events, or mappings).

    Raises :class:`InstrumentError` when the instrument does not load. Event rows that do not fit the
    canonical record are not lost: they are counted in ``result.events_rejected`` and explained in
    ``result.input_diagnostics`` (V901/V902).
    """
    instrument = load(name)
    rejected: list[Diagnostic] = []
    count = 0
    if isinstance(events, str | Path):
        batch = read_events(events)
        event_list, rejected, count = batch.events, batch.diagnostics, batch.rejected
    elif events and not isinstance(events[0], Event):
        batch = read_events_data(list(events), "<events>")
        event_list, rejected, count = batch.events, batch.diagnostics, batch.rejected
    else:
        event_list = [e for e in events if isinstance(e, Event)]
    result = _evaluate(
        instrument, event_list, geometries if geometries is not None else geometries_of(name), as_of
    )
    result.input_diagnostics = rejected
    result.events_rejected = count
    return result
