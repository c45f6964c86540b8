"""The columnar engine: trigger firings computed with polars over the canonical event frame.

Only *when triggers fire* is vectorised; everything after is the reference pipeline, called with
the same :class:`~servanda.evaluation.results.Firing` objects: :func:`.activation.activate`,
:func:`.activation.enforcement_activations`, :func:`.conflicts.runtime_conflicts` and
:func:`.firing.precision_notes` (given only the evidence events, the only ones it reads), so
activations, due instants, evidence, enforcement, conflicts and notes are the reference's.

How a ``match`` trigger fires, per attacked state (or summed with ``per_target: false``):

1. the events dated on or before ``as_of`` count; one boolean expression per trigger
   (:mod:`.compile`) and ``date >= counts_from`` select the matches;
2. ``inside``/``outside`` read a boolean column computed per geometry by :mod:`.spatial`;
3. a first pass finds, per group, the firing day (``end``) and the first day of its window
   (``start``): without a threshold the group's first date (``start = end``); with a threshold the
   matches are summed per (group, date), cumulative counts and deaths run down each group, and the
   window ``[window_start(end), end]`` (inclusive; fixed days for day and week windows, else
   :func:`servanda.semantics.time.window_start` once per distinct date) is a difference of two
   cumulative sums found with a binary search; the first qualifying day fires;
4. a second pass reads the ids of the matches inside each firing's window (a join, not a loop) and
   puts them in the reference's order (date, id, ties in input order): the evidence.

A lazy frame (``pl.scan_parquet``) is read by each pass only as far as it needs.

Compositions (``all_of``/``any_of``), ``unless`` and ``counts_from`` on composed firings work on
firings (a handful per trigger) exactly as in :mod:`.firing`. With ``trace=True`` the why-not trees
come from the reference explanations (:func:`.explanations.why_not`) over the same events; the
engine's default is ``trace=False``.

Example:
    >>> from servanda.evaluation.columnar import ColumnarEngine
    >>> ColumnarEngine.name
    'columnar'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import numpy as np
import polars as pl

from servanda.evaluation.activation import activate, enforcement_activations
from servanda.evaluation.columnar.compile import ATTACKED, geometry_column, predicate_expr
from servanda.evaluation.columnar.spatial import index_for
from servanda.evaluation.conflicts import runtime_conflicts
from servanda.evaluation.explanations import why_not
from servanda.evaluation.firing import compose, precision_notes, resolve_triggers
from servanda.evaluation.results import NO_TARGET, EvaluationResult, Firing
from servanda.model.events import Event
from servanda.model.instrument import Instrument, Threshold, Trigger
from servanda.model.periods import Duration
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.predicates import PredicateContext, geometry_names
from servanda.semantics.time import counts_from, window_start
from servanda.sources.schema import EVENT_COLUMNS, events_frame, frame_events

_ROW = "__row"
_GROUP = "__group"
#: The reference evaluator's event order: (date, id), ties in input order.
_ORDER = ["date", "id", _ROW]


def considered_frame(frame: pl.DataFrame | pl.LazyFrame, as_of: date | None) -> pl.LazyFrame:
    """The event columns of the rows dated on or before ``as_of``, numbered in input order (lazy).

    The reference evaluator orders events stably by (date, id); here only the matches of a trigger
    (and the evidence rows) are put in that order, by (date, id, input row). Missing canonical
    columns are added as nulls; nothing is read until a trigger's matches are collected, so a
    ``pl.scan_parquet`` frame reads only the columns and rows the triggers need.
    """
    lazy = frame.lazy()
    present = set(lazy.collect_schema().names())
    missing = [
        pl.lit(None, dtype=kind).alias(name) for name, kind in EVENT_COLUMNS.items() if name not in present
    ]
    if missing:
        lazy = lazy.with_columns(missing)
    out = lazy.select([pl.col(name).cast(kind) for name, kind in EVENT_COLUMNS.items()])
    if as_of is not None:
        out = out.filter(pl.col("date") <= as_of)
    return out.with_row_index(_ROW)


def inside_expr(name: str, geometry: NamedGeometry) -> pl.Expr:
    """A boolean column: the row's point lies inside ``geometry`` (boundary included; no point: False)."""
    index = index_for(geometry.geometry)

    def test(points: pl.Series) -> pl.Series:
        x = points.struct.field("lon").cast(pl.Float64).fill_null(np.nan).to_numpy()
        y = points.struct.field("lat").cast(pl.Float64).fill_null(np.nan).to_numpy()
        return pl.Series(geometry_column(name), index.contains(x, y), dtype=pl.Boolean)

    return (
        pl.struct("lon", "lat")
        .map_batches(test, return_dtype=pl.Boolean, is_elementwise=True)
        .alias(geometry_column(name))
    )


def window_starts(window: Duration, days: pl.Series) -> pl.Expr:
    """Expression: the first day of the rolling window ending on each row's ``date``.

    Windows of days or weeks are a fixed number of days; months and years go through
    :func:`servanda.semantics.time.window_start` once per distinct date (``days``), never per event.
    """
    if window.unit.value in ("days", "weeks"):
        return (pl.col("date") - pl.duration(days=int(window.approx_days()) - 1)).alias("start")
    distinct = days.to_list()
    return (
        pl.col("date")
        .replace_strict(distinct, [window_start(d, window) for d in distinct], return_dtype=pl.Date)
        .alias("start")
    )


class CompiledInstrument:
    """An instrument's triggers compiled once: one match expression and counting start per trigger."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.triggers = instrument.triggers()
        self.matches: dict[str, pl.Expr] = {}
        self.starts: dict[str, date | None] = {}
        self.geometries: set[str] = set()
        for trigger_id, trigger in self.triggers.items():
            self.starts[trigger_id] = counts_from(trigger, instrument)
            if trigger.match is not None:
                self.matches[trigger_id] = predicate_expr(trigger.match, instrument)
                self.geometries |= geometry_names(trigger.match)

    def fire_all(self, frame: pl.LazyFrame) -> dict[str, list[Firing]]:
        """Firings of every trigger over a considered frame (see :func:`considered_frame`)."""
        return resolve_triggers(
            self.triggers, lambda trigger_id, fire: self._fire(self.triggers[trigger_id], frame, fire)
        )

    def _fire(
        self, trigger: Trigger, frame: pl.LazyFrame, fire: Callable[[str], list[Firing]]
    ) -> list[Firing]:
        start = self.starts[trigger.id]
        if trigger.match is not None:
            base = self._match_firings(trigger, frame, start)
        else:
            base = compose(trigger, [fire(t) for t in (trigger.all_of or trigger.any_of or [])])
        if start is not None:
            base = [f for f in base if f.on >= start]
        if trigger.unless:
            blockers = [f for t in trigger.unless for f in fire(t)]
            base = [
                f
                for f in base
                if not any(
                    b.on <= f.on and (b.target == f.target or NO_TARGET in (b.target, f.target))
                    for b in blockers
                )
            ]
        return sorted(base, key=lambda f: (f.on, f.target))

    def _match_firings(self, trigger: Trigger, frame: pl.LazyFrame, start: date | None) -> list[Firing]:
        mask = self.matches[trigger.id]
        if start is not None:
            mask = mask & (pl.col("date") >= start)
        per_target = trigger.threshold is None or trigger.threshold.per_target
        group = ATTACKED.fill_null(NO_TARGET) if per_target else pl.lit(NO_TARGET, dtype=pl.Utf8)
        matches = frame.filter(mask).with_columns(group.alias(_GROUP))
        if trigger.threshold is None:
            hits = matches.group_by(_GROUP).agg(pl.col("date").min().alias("end")).collect()
            hits = hits.with_columns(pl.col("end").alias("start"))
        else:
            hits = self._threshold_hits(trigger.threshold, matches)
        if hits.height == 0:
            return []
        # second pass: only the rows inside a firing's window become evidence; the window test is a
        # row-wise expression (not a join), so a Parquet scan reads ids for those rows only
        groups = hits[_GROUP].to_list()
        first = pl.col(_GROUP).replace_strict(
            groups, hits["start"].to_list(), default=None, return_dtype=pl.Date
        )
        last = pl.col(_GROUP).replace_strict(
            groups, hits["end"].to_list(), default=None, return_dtype=pl.Date
        )
        evidence = (
            matches.filter((pl.col("date") >= first) & (pl.col("date") <= last))
            .select(pl.col(_ROW), pl.col("id"), pl.col("date"), pl.col(_GROUP), last.alias("end"))
            .collect()
            .sort(_ORDER)
            .group_by(_GROUP, maintain_order=True)
            .agg(pl.col("end").first(), pl.col("id"))
        )
        return [Firing(trigger.id, g, end, tuple(ids)) for g, end, ids in evidence.iter_rows()]

    def _threshold_hits(self, threshold: Threshold, matches: pl.LazyFrame) -> pl.DataFrame:
        """Per group, the first day whose window holds enough matches and deaths (``end``) and its first day (``start``)."""
        daily = (
            matches.group_by([_GROUP, "date"])
            .agg(pl.len().alias("n"), pl.col("deaths").fill_null(0).sum().alias("d"))
            .sort([_GROUP, "date"])
            .collect()
        )
        if daily.height == 0:
            return pl.DataFrame(schema={_GROUP: pl.Utf8, "end": pl.Date, "start": pl.Date})
        daily = daily.with_columns(window_starts(threshold.window, daily["date"].unique()))
        codes = daily[_GROUP].rank("dense").cast(pl.Int64).to_numpy()
        day_no = daily["date"].cast(pl.Int64).to_numpy()
        start_no = daily["start"].cast(pl.Int64).to_numpy()
        span = int(max(day_no.max(), start_no.max()) - min(day_no.min(), start_no.min())) + 2
        base = int(min(day_no.min(), start_no.min()))
        key = codes * span + (day_no - base)
        lo = np.searchsorted(key, codes * span + (start_no - base), side="left")
        counts = np.concatenate([[0], np.cumsum(daily["n"].cast(pl.Int64).to_numpy())])
        deaths = np.concatenate([[0], np.cumsum(daily["d"].cast(pl.Int64).to_numpy())])
        upto = np.arange(1, daily.height + 1)
        window_n = counts[upto] - counts[lo]
        window_d = deaths[upto] - deaths[lo]
        ok = (window_n >= threshold.min_events) & (window_d >= threshold.min_deaths)
        return (
            daily.filter(pl.Series(ok))
            .group_by(_GROUP, maintain_order=True)
            .agg(pl.col("date").first().alias("end"), pl.col("start").first())
        )


class ColumnarEngine:
    """The columnar engine as an :class:`~servanda.evaluation.engine.Evaluator` (``trace=False`` by default)."""

    name = "columnar"

    def __init__(self) -> None:
        self._compiled: tuple[Instrument, CompiledInstrument] | None = None

    def compiled(self, instrument: Instrument) -> CompiledInstrument:
        """The instrument compiled (once per instrument object)."""
        if self._compiled is None or self._compiled[0] is not instrument:
            self._compiled = (instrument, CompiledInstrument(instrument))
        return self._compiled[1]

    def evaluate(
        self,
        instrument: Instrument,
        events: Sequence[Event],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = False,
    ) -> EvaluationResult:
        """Convert ``events`` to a canonical frame once and evaluate it (see :meth:`evaluate_frame`)."""
        result, _, firings = self._evaluate(instrument, events_frame(events), geometries, as_of)
        if trace:
            considered = sorted(
                (e for e in events if as_of is None or e.date <= as_of), key=lambda e: (e.date, e.id)
            )
            _trace(instrument, considered, geometries, firings, result)
        return result

    def evaluate_frame(
        self,
        instrument: Instrument,
        frame: pl.DataFrame | pl.LazyFrame,
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = False,
    ) -> EvaluationResult:
        """Evaluate a canonical polars frame (:data:`servanda.sources.schema.CANONICAL_SCHEMA`), eager or lazy.

        A lazy frame (``pl.scan_parquet(...)``) is read only as far as the triggers need.
        """
        result, considered, firings = self._evaluate(instrument, frame, geometries, as_of)
        if trace:
            events = list(frame_events(considered.sort(_ORDER).collect()))
            _trace(instrument, events, geometries, firings, result)
        return result

    def _evaluate(
        self,
        instrument: Instrument,
        frame: pl.DataFrame | pl.LazyFrame,
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None,
    ) -> tuple[EvaluationResult, pl.LazyFrame, dict[str, list[Firing]]]:
        compiled = self.compiled(instrument)
        considered = considered_frame(frame, as_of)
        work = considered.with_columns([inside_expr(n, geometries[n]) for n in sorted(compiled.geometries)])
        firings = compiled.fire_all(work)
        count = considered.drop(_ROW).select(pl.len()).collect().item()
        result = EvaluationResult(instrument.id, as_of, count)
        result.firings = [f for fired in firings.values() for f in fired]
        for clause in instrument.clauses:
            for obligation in clause.obligations:
                result.activations.extend(activate(instrument, clause.id, obligation, firings))
        result.enforcement = enforcement_activations(instrument, firings)
        result.conflicts = runtime_conflicts(instrument, result.activations)
        evidence_ids = sorted({e for f in result.firings for e in f.evidence})
        rows = (
            considered.filter(pl.col("id").is_in(evidence_ids)).sort(_ORDER).collect()
            if evidence_ids
            else None
        )
        evidence = list(frame_events(rows)) if rows is not None else []
        result.notes = precision_notes(instrument, result.firings, evidence, geometries)
        return result, considered, firings


def _trace(
    instrument: Instrument,
    considered: list[Event],
    geometries: Mapping[str, NamedGeometry],
    firings: dict[str, list[Firing]],
    result: EvaluationResult,
) -> None:
    """Why-not trees from the reference explanations, for the obligations that did not activate (or were suspended)."""
    ctx = PredicateContext(instrument, geometries)
    activated = {a.obligation for a in result.activations}
    for obligation_id, obligation in instrument.obligations().items():
        if obligation_id not in activated or all(
            a.status == "suspended" for a in result.activated(obligation_id)
        ):
            result.why_not[obligation_id] = why_not(instrument, obligation, considered, ctx, firings, result)
