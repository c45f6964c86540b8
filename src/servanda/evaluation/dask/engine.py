"""The Dask engine: the columnar engine's pieces run per partition on a ``dask.distributed`` cluster.

Each partition (a Parquet file, a polars frame or plan, or a partition of a dask dataframe) is read
with polars on a worker, once; only small tables travel back to the client:

1. **match** — the partition's considered events are counted and the rows some trigger matches are
   kept in the worker's memory (above a per-partition budget, the plan that reads them again);
2. **daily partials** — per (trigger, attacked-state group, day) the number of matches and deaths
   (:meth:`~servanda.evaluation.columnar.CompiledInstrument.daily`). These are sums, so summing the
   partials per key on the client gives exactly the single-machine daily table, *including* rolling
   windows whose days lie in different partitions; the client finds each firing window
   ``[start, end]`` from the combined table (``windows``);
3. **evidence** — each partition's matched rows inside those windows, with their events, from the
   rows kept on the worker (tasks run where their data is);
4. the client builds the firings (compositions, ``unless``, ``counts_from``) and assembles
   activations, enforcement, conflicts and notes with the columnar engine's own ``assemble``.

The cluster is a :class:`distributed.LocalCluster` (``workers`` processes, one thread each, no
dashboard) started for the evaluation (or for a :meth:`DaskEngine.session`) and closed afterwards,
or an existing scheduler given by address (``scheduler=`` or ``SERVANDA_DASK_SCHEDULER``). A bad or
unreachable address is a :class:`~servanda.diagnostics.ServandaError` (V950/V951), never a traceback.

Example:
    >>> from servanda.evaluation.dask import DaskEngine
    >>> DaskEngine.name, DaskEngine(workers=3).workers
    ('dask', 3)
"""

from __future__ import annotations

import glob
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.evaluation.explanations import add_why_not
from servanda.evaluation.results import EvaluationResult
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import NamedGeometry
from servanda.sources.schema import events_frame

if TYPE_CHECKING:
    from distributed import Client

#: Environment variable naming a scheduler address used when none is given.
SCHEDULER_ENV = "SERVANDA_DASK_SCHEDULER"
#: Workers of the LocalCluster started when no scheduler is given.
DEFAULT_WORKERS = 2
#: Seconds to wait for a scheduler given by address.
CONNECT_TIMEOUT = 10
_PART = "__part"
_ROW = "__row"

#: A partition as shipped to a worker: a Parquet path, or an in-memory frame (pandas or polars).
Part = Any


class SchedulerError(ServandaError, ConnectionError):
    """The Dask scheduler address is malformed (V951) or cannot be reached (V950)."""


def check_scheduler(address: str) -> str:
    """``address`` if it reads as a scheduler address (``tcp://host:port`` …), else V951.

    >>> check_scheduler("tcp://127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    >>> check_scheduler("127.0.0.1")
    Traceback (most recent call last):
    ...
    servanda.evaluation.dask.engine.SchedulerError: error[V951]: `127.0.0.1` is not a Dask scheduler address
    ...
    """
    scheme, sep, rest = address.partition("://")
    host, colon, port = rest.rpartition(":")
    ok = (
        sep
        and scheme in ("tcp", "tls", "inproc", "ucx", "ws", "wss")
        and (scheme == "inproc" or (colon and host and port.isdigit()))
    )
    if not ok:
        raise SchedulerError(
            Diagnostic(
                "V951",
                f"`{address}` is not a Dask scheduler address",
                "--scheduler",
                hint="give it as tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786), or leave --scheduler out "
                "to start a local cluster",
            )
        )
    return address


def check_workers(workers: int) -> int:
    """``workers`` if it is a positive number of workers, else V951."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise SchedulerError(
            Diagnostic("V951", f"workers must be a whole number ≥ 1, not {workers!r}", "--workers",
                       hint="e.g. --workers 2")
        )  # fmt: skip
    return workers


def parquet_parts(pattern: str | Path) -> list[str]:
    """The Parquet files a path names: the file itself, a directory's ``*.parquet`` files (recursively,
    as written by hive-partitioned writers) or a glob's matches, sorted (the input order).

    >>> parquet_parts("no/such/dir/*.parquet")
    []
    """
    text = str(pattern)
    path = Path(text)
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".parquet", ".pq")]
        return sorted(str(p) for p in found)
    if glob.has_magic(text):
        return sorted(p for p in glob.glob(text, recursive=True) if Path(p).is_file())
    return [text] if path.is_file() else []


def local_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` processes, one task thread each, no dashboard, on
    127.0.0.1; each worker's polars gets an equal share of the cores (``POLARS_MAX_THREADS``, set before
    the worker process starts), so that workers do not oversubscribe the machine."""
    from distributed import LocalCluster

    threads = str(max(1, (os.cpu_count() or 1) // workers))
    before = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = threads  # inherited by the worker processes as they start
    try:
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
            silence_logs=50,
            env={"POLARS_MAX_THREADS": threads},
        )
    finally:
        if before is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = before


# -- worker side: each function reads one partition and returns a small polars frame ------------------


@dataclass
class _Job:
    """What every task needs: the instrument (compiled once per worker process) and its geometries."""

    key: str
    instrument: Instrument
    geometries: Mapping[str, NamedGeometry]
    as_of: date | None
    budget_mb: int = 1024


#: Per worker process: the compiled instrument and the geometries (whose spatial indexes are cached
#: per geometry object) of the jobs seen last, by content key, so that each is built once per worker.
_COMPILED: dict[str, tuple[Any, Mapping[str, NamedGeometry]]] = {}
_KEEP = 8


def _compiled(job: _Job) -> Any:
    from servanda.evaluation.columnar import CompiledInstrument

    found = _COMPILED.get(job.key)
    if found is None:
        if len(_COMPILED) >= _KEEP:
            _COMPILED.pop(next(iter(_COMPILED)))
        found = _COMPILED[job.key] = (CompiledInstrument(job.instrument), job.geometries)
    job.geometries = found[1]
    return found[0]


def _scan(part: Part) -> pl.LazyFrame:
    if isinstance(part, str):
        return pl.scan_parquet(part)
    if isinstance(part, pl.DataFrame | pl.LazyFrame):
        return part.lazy()
    return pl.from_pandas(part).lazy()  # a dask dataframe partition


#: Per worker process: the matched rows of the partitions it read, by (run, partition), until the
#: evidence pass of that run takes them (or the run ends).
_KEPT: dict[tuple[str, int], tuple[pl.LazyFrame, bool]] = {}


def _matched_rows(job: _Job, part: Part) -> tuple[pl.LazyFrame, int, bool]:
    """A partition read once: the rows some trigger matches in memory (above the memory budget, the plan
    that reads them again), its considered count, and whether the rows are the matched ones."""
    from servanda.evaluation.columnar.engine import ROW_BYTES, prepare

    compiled = _compiled(job)
    prepared = prepare(_scan(part), compiled, job.geometries, job.as_of)
    if not compiled.matches:
        return prepared, int(prepared.select(pl.len()).collect().item()), False
    count, matched = pl.collect_all([prepared.select(pl.len()), compiled.matched(prepared)])
    if matched.height * ROW_BYTES > job.budget_mb * 2**20:  # too big to keep: read again for evidence
        return prepared, int(count.item()), False
    return matched.lazy(), int(count.item()), True


def _daily_task(job: _Job, run: str, index: int, part: Part) -> tuple[pl.DataFrame, int, str | None]:
    """The partition's daily partial table (additive), its considered count and the worker keeping its
    matched rows for the evidence pass."""
    from distributed import get_worker

    rows, count, matched = _matched_rows(job, part)
    _KEPT[(run, index)] = (rows, matched)
    try:
        address: str | None = get_worker().address
    except ValueError:  # not on a worker (a synchronous scheduler): nothing to pin
        address = None
    return _compiled(job).daily(rows, matched=matched), count, address


def _evidence_task(job: _Job, run: str, index: int, part: Part, windows: pl.DataFrame) -> pl.DataFrame:
    """The partition's rows counted in a firing window, with their events (from the kept rows, else
    read again — e.g. when the worker that read it has gone)."""
    kept = _KEPT.pop((run, index), None)
    rows, _, matched = _matched_rows(job, part) if kept is None else (kept[0], 0, kept[1])
    return _compiled(job).evidence(rows, windows, matched=matched)


def _forget(run: str) -> None:
    """Drop what a run kept on this worker."""
    for key in [k for k in _KEPT if k[0] == run]:
        del _KEPT[key]


def _considered_task(job: _Job, part: Part, index: int) -> pl.DataFrame:
    from servanda.evaluation.columnar.engine import considered_frame

    rows = considered_frame(_scan(part), job.as_of).with_row_index(_ROW)
    return rows.with_columns(pl.lit(index, dtype=pl.Int64).alias(_PART)).collect()


# -- client side ----------------------------------------------------------------------------------------


class DaskEngine:
    """The Dask engine as an :class:`~servanda.evaluation.engine.Evaluator` (``trace=False`` by default).

    ``scheduler`` is the address of a running scheduler (default: ``$SERVANDA_DASK_SCHEDULER``, else a
    LocalCluster of ``workers`` processes is started per evaluation, or once per :meth:`session`).
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int = DEFAULT_WORKERS,
        *,
        timeout: float = CONNECT_TIMEOUT,
        budget_mb: int = 1024,
    ) -> None:
        address = scheduler or os.environ.get(SCHEDULER_ENV) or None
        self.timeout = timeout
        #: Per partition: above ``matched rows x ROW_BYTES`` of this, the evidence pass reads it again.
        self.budget_mb = budget_mb
        self.scheduler = check_scheduler(address) if address else None
        self.workers = check_workers(workers)
        self._client: Client | None = None

    @contextmanager
    def session(self) -> Iterator[DaskEngine]:
        """Keep one client (and LocalCluster) open for several evaluations (closed on exit)."""
        if self._client is not None:
            yield self
            return
        with self._connect() as client:
            self._client = client
            try:
                yield self
            finally:
                self._client = None

    @contextmanager
    def _connect(self) -> Iterator[Client]:
        if self._client is not None:
            yield self._client
            return
        from distributed import Client

        if self.scheduler is not None:
            try:
                client = Client(self.scheduler, timeout=self.timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                raise SchedulerError(
                    Diagnostic(
                        "V950",
                        f"no Dask scheduler answered at `{self.scheduler}` within {self.timeout:g} s: {reason}",
                        "--scheduler",
                        hint="start one with `dask scheduler` (and `dask worker ADDRESS`), check the "
                        "address and port, or leave --scheduler out to start a local cluster",
                    )
                ) from None
            with client:
                yield client
            return
        cluster = local_cluster(self.workers)
        try:
            with Client(cluster, set_as_default=False) as client:
                yield client
        finally:
            cluster.close()

    def evaluate(
        self,
        instrument: Instrument,
        events: Sequence[Event],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = False,
    ) -> EvaluationResult:
        """Evaluate ``events`` (converted once to a canonical frame, split in ``workers`` partitions)."""
        frame = events_frame(events)
        size = max(1, -(-frame.height // self.workers))
        parts: list[Part] = [frame.slice(i, size) for i in range(0, max(frame.height, 1), size)]
        return self._run(instrument, parts, geometries, as_of, trace)

    def evaluate_frame(
        self,
        instrument: Instrument,
        frame: Any,
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = False,
    ) -> EvaluationResult:
        """Evaluate a dask dataframe, a polars frame, or partitions in the canonical schema: Parquet files
        (a path, directory or glob) or polars frames (lazy frames are shipped as plans and read on the
        workers), or a list of them; each partition is one task."""
        return self._run(instrument, self.parts(frame), geometries, as_of, trace)

    @staticmethod
    def parts(frame: Any) -> list[Part]:
        """The partitions of ``frame``: Parquet file paths, polars frames or plans, or dask partitions
        (delayed). A path, folder or glob naming no Parquet file is V947."""
        if isinstance(frame, pl.DataFrame | pl.LazyFrame):
            return [frame]
        if isinstance(frame, list | tuple):
            return [p for item in frame for p in DaskEngine.parts(item)]
        if isinstance(frame, str | Path):
            found = parquet_parts(frame)
            if not found:
                raise ServandaError(
                    Diagnostic(
                        "V947",
                        f"the pattern `{frame}` matches no file",
                        str(frame),
                        hint="give a Parquet file, a folder of them or a glob such as 'events/*.parquet'",
                    )
                )
            return list(found)
        to_delayed = getattr(frame, "to_delayed", None)
        if to_delayed is not None:
            return list(to_delayed())
        raise TypeError(f"cannot evaluate a {type(frame).__name__} on Dask")

    def _run(
        self,
        instrument: Instrument,
        parts: list[Part],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None,
        trace: bool,
    ) -> EvaluationResult:
        from servanda.evaluation.columnar.engine import DAILY_SCHEMA, EVIDENCE_SCHEMA, assemble

        job = _Job(_content_key(instrument, geometries), instrument, dict(geometries), as_of, self.budget_mb)
        compiled = _compiled(job)
        with self._connect() as client:
            [shared] = client.scatter([job], broadcast=True, hash=False)  # once per worker, not per task
            if any(hasattr(p, "dask") for p in parts):  # dask partitions: computed once, kept on the workers
                parts = client.compute(parts)
            n = len(parts)
            run = f"{job.key[:16]}-{uuid.uuid4().hex}"
            try:
                # round 1: each partition read once; its matched rows stay on the worker that read them
                dailies = client.gather(
                    [client.submit(_daily_task, shared, run, i, parts[i], pure=False) for i in range(n)]
                )
                daily = pl.concat([pl.DataFrame(schema=DAILY_SCHEMA), *(d for d, _, _ in dailies)])
                count = sum(c for _, c, _ in dailies)
                windows = compiled.windows(daily)  # sums the partial tables per (trigger, group, day)
                # round 2: the rows inside the windows, each partition on the worker keeping its rows
                evidence = pl.DataFrame(schema=EVIDENCE_SCHEMA)
                if windows.height:
                    found = client.gather(
                        [
                            client.submit(
                                _evidence_task,
                                shared,
                                run,
                                i,
                                parts[i],
                                windows,
                                pure=False,
                                workers=[address] if address else None,
                                allow_other_workers=True,
                            )
                            for i, (_, _, address) in enumerate(dailies)
                        ]
                    )
                    evidence = pl.concat([evidence, *found], how="vertical")
            finally:
                client.run(_forget, run)
            considered = _gather_considered(client, shared, parts) if trace else None
        fired = compiled.firings(windows, evidence, geometries, as_of)
        result = assemble(instrument, fired, evidence, geometries, as_of, count)
        if considered is not None:
            add_why_not(instrument, considered, geometries, fired, result)
        return result


def _content_key(instrument: Instrument, geometries: Mapping[str, NamedGeometry]) -> str:
    """A key naming the instrument and geometries by content (the same on every worker)."""
    import hashlib
    import pickle

    digest = hashlib.sha256(instrument.model_dump_json().encode())
    for name in sorted(geometries):
        digest.update(name.encode())
        digest.update(pickle.dumps(geometries[name]))
    return digest.hexdigest()


def _gather_considered(client: Client, shared: Any, parts: list[Part]) -> list[Event]:
    """Every considered event, in the reference's order (only for why-not traces)."""
    from servanda.sources.schema import frame_events

    n = len(parts)
    found = client.gather(client.map(_considered_task, [shared] * n, parts, range(n), pure=False))
    frame = pl.concat(found).sort(["date", "id", _PART, _ROW])  # the reference's order: (date, id), stable
    return list(frame_events(frame))
