"""``evaluate``: which obligations activate, for whom, by when, on what evidence.

Example:
    >>> out = evaluate("tests/diagnostics/fixtures/_valid.yaml",
    ...                [{"id": "a", "date": "2026-03-01", "target": "UKR", "event_class": "shelling"}])
    >>> out.events_rejected, [a.obligation for a in out.result.activations][:1]
    (0, ['consult'])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import as_date, require_name, resolve_instrument
from servanda.services.errors import InstrumentError, ServiceError, translated, usage

if TYPE_CHECKING:
    from servanda.evaluation.engine import Evaluator
    from servanda.evaluation.results import EvaluationResult
    from servanda.model.events import Event
    from servanda.model.instrument import Instrument
    from servanda.semantics.geometry import NamedGeometry
    from servanda.sources.rows import EventCounts

#: Engines the evaluate and package services accept.

#: Columns of ``evaluate --format csv`` (one row per activation).
CSV_COLUMNS = [
    "obligation",
    "clause",
    "bearer",
    "beneficiaries",
    "action",
    "modality",
    "discretion",
    "trigger",
    "triggered_on",
    "due",
    "status",
    "evidence",
]


def check_engine(engine: str | None) -> str:
    """``engine`` (``None``: :data:`servanda.evaluation.engine.DEFAULT_ENGINE`) if it is a known engine name, else a usage error (E101)."""
    from servanda.evaluation.engine import DEFAULT_ENGINE, engine_names

    if engine is None:
        return DEFAULT_ENGINE
    if engine not in engine_names():
        raise usage("E101", f"unknown engine `{engine}`", "", "engines: " + ", ".join(engine_names()))
    return engine


@contextmanager
def engine_session(
    engine: str, scheduler: str | None = None, workers: int | None = None
) -> Iterator[Evaluator]:
    """The engine named ``engine``, ready for a whole task: for ``dask`` one cluster (a LocalCluster of
    ``workers`` processes, or the ``scheduler`` at that address) kept open until the block ends, and
    :func:`~servanda.evaluation.engine.get_engine` returns that same engine meanwhile.

    ``scheduler``/``workers`` with another engine, a malformed address or a bad count: V951 (exit 2);
    an unreachable scheduler: V950 (exit 2).

    >>> with engine_session("reference") as evaluator:
    ...     evaluator.name
    'reference'
    """
    from servanda.evaluation.engine import get_engine, register

    if engine != "dask":
        if scheduler is not None or workers is not None:
            option = "--scheduler" if scheduler is not None else "--workers"
            raise usage("V951", f"`{option}` applies to `--engine dask` only", option, "add `--engine dask`")
        yield get_engine(engine)
        return
    from servanda.evaluation.dask import DaskEngine
    from servanda.evaluation.dask.engine import DEFAULT_WORKERS

    with translated(exit_code=2):
        configured = DaskEngine(scheduler, DEFAULT_WORKERS if workers is None else workers)
        session = configured.session()
        session.__enter__()
    register("dask", lambda: configured)
    try:
        yield configured
    finally:
        register("dask", DaskEngine)
        session.__exit__(None, None, None)


@dataclass
class EvaluateResult:
    """The evaluation, the instrument, and the events read (counts and rejected-row diagnostics)."""

    instrument: Instrument
    result: EvaluationResult
    events: EventCounts
    event_list: list[Event]
    as_of: date | None = None
    engine: str = "reference"

    @property
    def events_rejected(self) -> int:
        return self.events.rejected

    def __getattr__(self, name: str) -> Any:
        """The engine result's attributes (``activations``, ``activated()``, ``notes`` ...) directly."""
        if name.startswith("__") or name == "result":
            raise AttributeError(name)
        return getattr(self.result, name)

    @property
    def diagnostics(self) -> list[Any]:
        """The rejected-row diagnostics (V901/V902), every one."""
        return list(self.events.diagnostics)

    def rejected_rows(self, show_all: bool = False) -> list[Any]:
        """The rejected-row diagnostics for text output: every one with ``show_all``, else one per cause."""
        return list(self.events.diagnostics if show_all else self.events.grouped)

    def to_json(self) -> dict[str, Any]:
        data = self.result.to_json()
        data["events_file"] = self.events.to_json()
        return data

    def to_csv(self, bom: bool = False) -> str:
        """One row per activation (lists joined with ``;``); ``bom`` prefixes a UTF-8 BOM for Excel."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for a in self.result.activations:
            row = a.to_json()
            writer.writerow(
                {
                    k: ";".join(map(str, row[k]))
                    if isinstance(row[k], list)
                    else ("" if row[k] is None else row[k])
                    for k in CSV_COLUMNS
                }
            )
        return ("\ufeff" if bom else "") + buffer.getvalue()

    def to_geojson(self) -> dict[str, Any]:
        """Evidence events with coordinates as GeoJSON points; properties name what each event set off."""
        used: dict[str, list[str]] = {}
        for a in self.result.activations:
            for eid in a.evidence:
                used.setdefault(eid, [])
                if a.obligation not in used[eid]:
                    used[eid].append(a.obligation)
        features = []
        for e in self.event_list:
            if e.id not in used or e.lon is None or e.lat is None:
                continue
            props = e.model_dump(mode="json", exclude_none=True)
            props.pop("lon", None)
            props.pop("lat", None)
            props["obligations"] = used[e.id]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                    "properties": props,
                }
            )
        return {"type": "FeatureCollection", "instrument": self.instrument.id, "features": features}


EventsInput = str | Path | Sequence[Any]


def read_event_input(events: Any, source: str | None = None) -> tuple[list[Event], EventCounts]:
    """Events from a file path or a list mixing :class:`Event` objects and mappings, and their counts.

    A file of any source of :mod:`servanda.sources` is read (``source`` detected when None); ``source``
    other than ``canonical`` applies to files only.

    A missing or unreadable file raises :class:`ServiceError` (V902, exit 2); rows that do not fit the
    canonical record are rejected one by one and counted (:class:`~servanda.sources.rows.EventCounts`,
    the one count shared by the API, text and JSON output).
    """
    from dataclasses import replace

    from servanda.model.events import Event
    from servanda.sources.rows import read_events, read_events_data

    if source is not None:
        from servanda.sources import SOURCES

        if source not in SOURCES:
            raise usage("V923", f"unknown source `{source}`", "--source", "one of: " + ", ".join(SOURCES))
    if isinstance(events, str | Path):
        batch = read_events(events, source)
        if not batch.events and batch.diagnostics and batch.rows == 0:
            raise ServiceError(batch.diagnostics, exit_code=2)
        return list(batch.events), batch.counts()
    if events is None or isinstance(events, Mapping | bytes) or not isinstance(events, Sequence):
        raise TypeError(
            "events must be a file path (str or pathlib.Path) or a list of Event objects and/or mappings, "
            f"not {type(events).__name__}"
        )
    objects = [e for e in events if isinstance(e, Event)]
    rows = [e for e in events if not isinstance(e, Event)]
    bad = [type(r).__name__ for r in rows if not isinstance(r, Mapping)]
    if bad:
        raise TypeError(f"each event must be an Event or a mapping, not {bad[0]}")
    batch = read_events_data([dict(r) for r in rows], "<events>")
    accepted = objects + list(batch.events)
    return accepted, replace(batch.counts(), rows=len(events), accepted=len(accepted))


def evaluate(
    name: str | Path,
    events: EventsInput,
    *,
    as_of: date | datetime | str | None = None,
    geometries: Mapping[str, NamedGeometry] | None = None,
    engine: str | None = None,
    source: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
) -> EvaluateResult:
    """Run an evaluation engine on an instrument and events (a file, or Event objects and mappings).

    ``source`` forces the events source (:data:`servanda.sources.SOURCES`); detected when None.
    ``engine="dask"`` runs on a Dask LocalCluster of ``workers`` processes (default 2) or on the
    ``scheduler`` at that address (V950/V951 when unreachable or malformed).

    Unknown instrument: E101 (exit 2); invalid instrument: its diagnostics (exit 1); missing events
    file: V902 (exit 2). ``geometries`` adds to (or replaces by name) the instrument's own.

    ``events`` is an events file (.yaml, .json, .csv) or a list mixing
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
    from servanda.language.checker import check_file

    require_name(name)
    engine = check_engine(engine)
    cutoff = as_date(as_of, "--as-of")
    path = resolve_instrument(name)
    event_list, read = read_event_input(events, source)
    report = check_file(path)  # loads once; evaluation needs the checked geometries anyway
    if report.errors or report.instrument is None:
        errors = [d for d in report.diagnostics if d.severity == "error"]
        raise InstrumentError(errors or report.diagnostics, report.load.document.text)
    shapes = dict(report.geometries)
    if geometries is not None:
        if not isinstance(geometries, Mapping):
            raise TypeError(
                f"geometries must be a mapping of name to NamedGeometry, not {type(geometries).__name__}"
            )
        shapes.update(geometries)
    with engine_session(engine, scheduler, workers) as evaluator, translated(exit_code=2):
        # traced: the JSON answer and `--why` carry the why-not trees (the reference explanations)
        result = evaluator.evaluate(report.instrument, event_list, shapes, cutoff, trace=True)
    result.input_diagnostics = list(read.diagnostics)
    result.events_rejected = read.rejected
    return EvaluateResult(report.instrument, result, read, event_list, cutoff, engine)
