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
from datetime import date, timedelta

import numpy as np
import polars as pl

from servanda.evaluation.activation import activate, enforcement_activations
from servanda.evaluation.columnar.compile import ATTACKED, geometry_column, necessary_expr, predicate_expr
from servanda.evaluation.columnar.spatial import index_for
from servanda.evaluation.conflicts import runtime_conflicts
from servanda.evaluation.explanations import add_why_not
from servanda.evaluation.firing import compose, precision_notes, resolve_triggers, settle
from servanda.evaluation.results import NO_TARGET, EvaluationResult, Firing
from servanda.evaluation.territory import territory_firings
from servanda.model.events import Event
from servanda.model.instrument import Instrument, Threshold, Trigger
from servanda.model.periods import Duration
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.predicates import geometry_names
from servanda.semantics.time import counts_from, window_start
from servanda.sources.schema import EVENT_COLUMNS, events_frame, frame_events

_GROUP = "group"
_TRIGGER = "trigger"
#: The attacked state of a row (``target`` else ``country``; ``""`` when neither is known).
_ATTACKED = "__attacked"
#: The event columns precision notes read (kept for matched rows; see :meth:`CompiledInstrument.matched`).
_NOTE_COLUMNS = ("date_precision", "geo_precision", "lon", "lat")
#: Bytes a matched row may take in memory (an upper estimate) for the one-pass plan.
ROW_BYTES = 96
#: The columns of :meth:`CompiledInstrument.daily`: matches and deaths per trigger, group and day.
DAILY_SCHEMA: dict[str, pl.DataType] = {
    _TRIGGER: pl.Utf8(),
    _GROUP: pl.Utf8(),
    "date": pl.Date(),
    "n": pl.Int64(),
    "d": pl.Int64(),
}
#: The columns of :meth:`CompiledInstrument.windows`: each match firing's window, both ends inclusive.
WINDOW_SCHEMA: dict[str, pl.DataType] = {
    _TRIGGER: pl.Utf8(),
    _GROUP: pl.Utf8(),
    "start": pl.Date(),
    "end": pl.Date(),
}
#: The columns of :meth:`CompiledInstrument.evidence`: the rows counted in a firing, with the event.
EVIDENCE_SCHEMA: dict[str, pl.DataType] = {_TRIGGER: pl.Utf8(), _GROUP: pl.Utf8(), **EVENT_COLUMNS}


def considered_frame(frame: pl.DataFrame | pl.LazyFrame, as_of: date | None) -> pl.LazyFrame:
    """The event columns of the rows dated on or before ``as_of`` (lazy).

    Missing canonical columns are added as nulls and columns of another type are cast; nothing is
    read until a pass collects, so a ``pl.scan_parquet`` frame reads only the columns and rows the
    triggers need.
    """
    lazy = frame.lazy()
    schema = lazy.collect_schema()
    missing = [
        pl.lit(None, dtype=kind).alias(name) for name, kind in EVENT_COLUMNS.items() if name not in schema
    ]
    if missing:
        lazy = lazy.with_columns(missing)
    out = lazy.select(
        [
            pl.col(name) if schema.get(name) == kind else pl.col(name).cast(kind)
            for name, kind in EVENT_COLUMNS.items()
        ]
    )
    if as_of is not None:
        out = out.filter(pl.col("date") <= as_of)
    return out


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


#: Most (state, day) bins :func:`_binned_per_day` allocates before leaving the work to a group-by.
MAX_BINS = 20_000_000


def _binned_per_day(frame: pl.DataFrame, columns: list[str], single: bool) -> pl.DataFrame | None:
    """Matches and deaths per (date, attacked state) by ``numpy.bincount`` over a dense (state, day) key.

    The same table as a group-by (columns ``date``, the attacked state, ``n<column>``, ``d<column>``),
    for an in-memory frame of matched rows; ``None`` when the key space is too large or the deaths could
    exceed exact float64 integers (then the caller groups).
    """
    if frame.height == 0:
        return None
    states = frame[_ATTACKED].unique()
    code = frame[_ATTACKED].cast(pl.Enum(states.to_list())).to_physical().to_numpy().astype(np.int64)
    day = frame["date"].cast(pl.Int32).to_numpy().astype(np.int64)
    first = int(day.min())
    span = int(day.max()) - first + 1
    bins = len(states) * span
    deaths = frame["deaths"].fill_null(0).cast(pl.Int64).to_numpy()
    if bins > MAX_BINS or int(np.abs(deaths).sum()) >= 2**53:
        return None
    key = code * span + (day - first)
    out: dict[str, np.ndarray] = {}
    occupied = np.zeros(bins, dtype=bool)
    for column in columns:
        flag = np.ones(frame.height, dtype=bool) if single else frame[column].to_numpy()
        n = np.bincount(key[flag], minlength=bins)
        out[f"n{column}"] = n
        out[f"d{column}"] = np.bincount(key[flag], weights=deaths[flag], minlength=bins)
        occupied |= n > 0
    kept = np.flatnonzero(occupied)
    return pl.DataFrame(
        {
            "date": (kept % span + first).astype(np.int32),
            _ATTACKED: states.to_numpy()[kept // span],
            **{
                name: values[kept].astype(np.int64)
                if name.startswith("n")
                else np.rint(values[kept]).astype(np.int64)
                for name, values in out.items()
            },
        }
    ).with_columns(pl.col("date").cast(pl.Date), pl.col(_ATTACKED).cast(pl.Utf8))


def threshold_hits(threshold: Threshold, daily: pl.DataFrame) -> pl.DataFrame:
    """Per group, the first day whose window holds enough matches and deaths (``end``) and its first day (``start``).

    ``daily`` has one row per (group, date) with at least one match (columns ``group, date, n, d``).
    The window sum is a difference of two cumulative sums down each group, the window's first row
    found by binary search on a (group, day) key: no loop over events or days.
    """
    if daily.height == 0:
        return pl.DataFrame(schema={_GROUP: pl.Utf8, "end": pl.Date, "start": pl.Date})
    daily = daily.sort([_GROUP, "date"])
    daily = daily.with_columns(window_starts(threshold.window, daily["date"].unique()))
    # sorted by group: a group's code counts the group changes so far (no second sort)
    changes = (pl.col(_GROUP) != pl.col(_GROUP).shift()).fill_null(True).cum_sum().cast(pl.Int64)
    codes = daily.select(changes)[_GROUP].to_numpy()
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


class CompiledInstrument:
    """An instrument's triggers compiled once: one match expression (counting start included) per trigger.

    Evaluation runs in two passes over the events, each shared by every trigger, and the second reads
    only the rows inside a firing's window:

    * :meth:`daily` — matches and deaths per (trigger, attacked state, day): additive, so partial
      results of any partition of the rows sum to the whole (the Dask engine relies on it);
    * :meth:`windows` — from the daily table alone, each match trigger's firing window per group;
    * :meth:`evidence` — the rows counted in each window (the evidence, with their events);
    * :meth:`firings` — every trigger's firings (compositions, ``unless``, ``counts_from``).
    """

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.triggers = instrument.triggers()
        self.matches: dict[str, pl.Expr] = {}
        self.starts: dict[str, date | None] = {}
        self.geometries: set[str] = set()
        cheap: list[pl.Expr | None] = []
        for trigger_id, trigger in self.triggers.items():
            self.starts[trigger_id] = counts_from(trigger, instrument)
            if trigger.match is not None:
                mask = predicate_expr(trigger.match, instrument)
                start = self.starts[trigger_id]
                if start is not None:
                    mask = mask & (pl.col("date") >= start)
                self.matches[trigger_id] = mask.fill_null(False)
                self.geometries |= geometry_names(trigger.match)
                cheap.append(necessary_expr(trigger.match, instrument))
        #: A cheap test every matching row passes (None: none), applied before the match expressions.
        self.prefilter: pl.Expr | None = (
            pl.any_horizontal([c for c in cheap if c is not None])
            if cheap and all(c is not None for c in cheap)
            else None
        )
        self._columns = {t: f"__m{i}" for i, t in enumerate(self.matches)}

    def any_match(self) -> pl.Expr:
        """True on the rows some ``match`` trigger matches."""
        masks = list(self.matches.values())
        return masks[0] if len(masks) == 1 else pl.any_horizontal(masks)

    def candidates(self, prepared: pl.LazyFrame) -> pl.LazyFrame:
        """The rows some trigger matches (the cheap :attr:`prefilter` first, then the match expressions)."""
        if self.prefilter is not None:
            prepared = prepared.filter(self.prefilter)
        return prepared.filter(self.any_match())

    def matched(self, prepared: pl.LazyFrame) -> pl.LazyFrame:
        """The rows some trigger matches, with only the columns the passes and the notes read.

        Collected once, this small table stands in for ``prepared`` in :meth:`daily` and
        :meth:`evidence`: one pass over the events instead of two.
        """
        return self.candidates(prepared).select(self._kept(prepared))

    def _kept(self, prepared: pl.LazyFrame) -> list[str]:
        """The columns the passes and the precision notes read (of those ``prepared`` has)."""
        # precision notes read the date precision, and the place only for triggers with geometries
        notes = _NOTE_COLUMNS if self.geometries else _NOTE_COLUMNS[:1]
        wanted = {"date", "id", "event_class", "deaths", "target", "country", *notes}
        for mask in self.matches.values():
            wanted.update(mask.meta.root_names())
        return [c for c in prepared.collect_schema().names() if c in wanted]

    def _per_target(self, trigger_id: str) -> bool:
        threshold = self.triggers[trigger_id].threshold
        return threshold is None or threshold.per_target

    def _group(self, trigger_id: str) -> pl.Expr:
        return pl.col(_ATTACKED) if self._per_target(trigger_id) else pl.lit(NO_TARGET, dtype=pl.Utf8)

    def daily(self, prepared: pl.LazyFrame, *, matched: bool = False) -> pl.DataFrame:
        """Matches (``n``) and deaths (``d``) per (trigger, group, date) with at least one match: one pass.

        ``prepared`` comes from :func:`prepare` (or, with ``matched``, from :meth:`matched`: the rows
        are known to match some trigger). Rows of any partition of the events give daily tables
        whose sums per (trigger, group, date) are the whole's.
        """
        if not self.matches:
            return pl.DataFrame(schema=DAILY_SCHEMA)
        deaths = pl.col("deaths").fill_null(0).cast(pl.Int64)
        attacked = ATTACKED.fill_null(NO_TARGET).alias(_ATTACKED)
        single = len(self.matches) == 1
        rows = prepared if matched and single else self.candidates(prepared)
        matches = rows.with_columns(attacked)
        if single:
            (column,) = self._columns.values()
            aggs = [pl.len().cast(pl.Int64).alias(f"n{column}"), deaths.sum().alias(f"d{column}")]
        else:
            matches = matches.with_columns([m.alias(self._columns[t]) for t, m in self.matches.items()])
            aggs = [
                agg
                for c in self._columns.values()
                for agg in (
                    pl.col(c).sum().cast(pl.Int64).alias(f"n{c}"),
                    deaths.filter(pl.col(c)).sum().cast(pl.Int64).alias(f"d{c}"),
                )
            ]
        per_day = None
        if matched:  # the matched rows are in memory: count by binning, no hash group-by
            per_day = _binned_per_day(matches.collect(), list(self._columns.values()), single)
        if per_day is None:
            per_day = matches.group_by(["date", _ATTACKED]).agg(aggs).collect()
        parts = [
            per_day.filter(pl.col(f"n{c}") > 0).select(
                pl.lit(t, dtype=pl.Utf8).alias(_TRIGGER),
                self._group(t).alias(_GROUP),
                pl.col("date"),
                pl.col(f"n{c}").alias("n"),
                pl.col(f"d{c}").alias("d"),
            )
            for t, c in self._columns.items()
        ]
        daily = pl.concat(parts, how="vertical")
        if all(self._per_target(t) for t in self.matches):
            return daily
        # summed over attacked states: one row per (trigger, group, date), like per-target triggers
        return daily.group_by([_TRIGGER, _GROUP, "date"], maintain_order=True).agg(
            pl.col("n").sum(), pl.col("d").sum()
        )

    def windows(self, daily: pl.DataFrame, *, combined: bool = True) -> pl.DataFrame:
        """Each match trigger's firing per group: the window's first day (``start``) and the firing day (``end``).

        ``daily`` may hold several rows per (trigger, group, date) — partial tables concatenated —
        which are summed first (``combined=False``: one table from one pass, nothing to sum).
        """
        totals = (
            daily.group_by([_TRIGGER, _GROUP, "date"]).agg(pl.col("n").sum(), pl.col("d").sum())
            if combined
            else daily
        ).filter(pl.col("n") > 0)
        parts = []
        for trigger_id in self.matches:
            rows = totals.filter(pl.col(_TRIGGER) == trigger_id).drop(_TRIGGER)
            threshold = self.triggers[trigger_id].threshold
            if threshold is None:
                hits = rows.group_by(_GROUP).agg(pl.col("date").min().alias("end"))
                hits = hits.with_columns(pl.col("end").alias("start"))
            else:
                hits = threshold_hits(threshold, rows)
            parts.append(
                hits.select(pl.lit(trigger_id, dtype=pl.Utf8).alias(_TRIGGER), _GROUP, "start", "end")
            )
        if not parts:
            return pl.DataFrame(schema=WINDOW_SCHEMA)
        return pl.concat(parts, how="vertical").sort([_TRIGGER, _GROUP])

    def evidence(
        self, prepared: pl.LazyFrame, windows: pl.DataFrame, *, matched: bool = False
    ) -> pl.DataFrame:
        """The rows counted in each firing (a match inside its group's window), with their events: one pass.

        The scan keeps the rows dated inside some window and matching some trigger, with the columns
        of :meth:`matched` only (a filter and a projection, which polars' streaming engine runs in
        batches); the exact window test per trigger and group then runs on those few rows.
        """
        if windows.height == 0:
            return pl.DataFrame(schema=EVIDENCE_SCHEMA)
        days: set[date] = set()
        for first, last in windows.select("start", "end").iter_rows():
            days.update(first + timedelta(days=k) for k in range((last - first).days + 1))
        source = prepared.filter(pl.col("date").is_in(sorted(days)))
        single = matched and len(self.matches) == 1
        source = source if single else self.candidates(source)
        rows = source.select(self._kept(prepared)).collect()
        rows = rows.with_columns(ATTACKED.fill_null(NO_TARGET).alias(_ATTACKED))
        flags: dict[str, pl.Expr] = {}
        for trigger_id, column in self._columns.items():
            hits = windows.filter(pl.col(_TRIGGER) == trigger_id)
            if hits.height == 0:
                continue
            groups = hits[_GROUP].to_list()
            group = self._group(trigger_id)
            first = group.replace_strict(groups, hits["start"].to_list(), default=None, return_dtype=pl.Date)
            last = group.replace_strict(groups, hits["end"].to_list(), default=None, return_dtype=pl.Date)
            in_window = (pl.col("date") >= first) & (pl.col("date") <= last)
            inside = in_window if single else self.matches[trigger_id] & in_window
            flags[column] = inside.fill_null(False)
        absent = [pl.lit(None, dtype=k).alias(c) for c, k in EVENT_COLUMNS.items() if c not in rows.columns]
        rows = (
            rows.with_columns([expr.alias(c) for c, expr in flags.items()])
            .filter(pl.any_horizontal([pl.col(c) for c in flags]))
            .with_columns(absent)
            .select([*EVENT_COLUMNS, _ATTACKED, *flags])
        )
        by_column = {c: t for t, c in self._columns.items()}
        parts = [
            rows.filter(pl.col(c)).select(
                pl.lit(by_column[c], dtype=pl.Utf8).alias(_TRIGGER),
                self._group(by_column[c]).alias(_GROUP),
                *EVENT_COLUMNS,
            )
            for c in flags
        ]
        return pl.concat(parts, how="vertical")

    def firings(
        self,
        windows: pl.DataFrame,
        evidence: pl.DataFrame,
        geometries: Mapping[str, NamedGeometry] | None = None,
        as_of: date | None = None,
    ) -> dict[str, list[Firing]]:
        """Firings of every trigger from the match windows and their evidence rows.

        Evidence ids are in the reference's order, (date, id); compositions, ``unless`` and
        ``counts_from`` on composed firings work on firings, a handful per trigger.
        """
        ordered = (
            evidence.select(_TRIGGER, _GROUP, "date", "id")
            .sort([_TRIGGER, _GROUP, "date", "id"])
            .group_by([_TRIGGER, _GROUP], maintain_order=True)
            .agg(pl.col("id"))
        )
        ids = {(t, g): tuple(i) for t, g, i in ordered.iter_rows()}
        matched: dict[str, list[Firing]] = {t: [] for t in self.matches}
        for trigger_id, group, _, end in windows.iter_rows():
            matched[trigger_id].append(Firing(trigger_id, group, end, ids.get((trigger_id, group), ())))
        return resolve_triggers(
            self.triggers,
            lambda trigger_id, fire: self._fire(
                self.triggers[trigger_id], matched, fire, geometries or {}, as_of
            ),
        )

    def _fire(
        self,
        trigger: Trigger,
        matched: dict[str, list[Firing]],
        fire: Callable[[str], list[Firing]],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None,
    ) -> list[Firing]:
        if trigger.territory is not None:
            base = territory_firings(trigger, self.instrument, geometries, as_of)
        elif trigger.match is not None:
            base = matched[trigger.id]
        else:
            base = compose(trigger, [fire(t) for t in (trigger.all_of or trigger.any_of or [])])
        return settle(trigger, base, self.starts[trigger.id], fire)


def prepare(
    frame: pl.DataFrame | pl.LazyFrame,
    compiled: CompiledInstrument,
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None,
) -> pl.LazyFrame:
    """The considered events (:func:`considered_frame`) with the geometry columns the triggers read."""
    return with_geometries(considered_frame(frame, as_of), compiled, geometries)


def with_geometries(
    considered: pl.LazyFrame, compiled: CompiledInstrument, geometries: Mapping[str, NamedGeometry]
) -> pl.LazyFrame:
    """``considered`` with one boolean column per geometry the triggers test."""
    names = sorted(compiled.geometries)
    return considered.with_columns([inside_expr(n, geometries[n]) for n in names]) if names else considered


def assemble(
    instrument: Instrument,
    firings: dict[str, list[Firing]],
    evidence: pl.DataFrame,
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None,
    count: int,
) -> EvaluationResult:
    """The result from the firings: activations, enforcement, conflicts and notes (the reference's own code).

    ``evidence`` are the rows of :meth:`CompiledInstrument.evidence` (several partitions' rows
    concatenated is fine); only the rows of firings that survived ``unless`` feed the notes, as in
    the reference.
    """
    result = EvaluationResult(instrument.id, as_of, count)
    result.firings = [f for fired in firings.values() for f in fired]
    for clause in instrument.clauses:
        for obligation in clause.obligations:
            result.activations.extend(activate(instrument, clause.id, obligation, firings))
    result.enforcement = enforcement_activations(instrument, firings)
    result.conflicts = runtime_conflicts(instrument, result.activations)
    kept = pl.DataFrame(
        [(f.trigger, f.target) for f in result.firings],
        schema={_TRIGGER: pl.Utf8, _GROUP: pl.Utf8},
        orient="row",
    )
    rows = evidence.join(kept.unique(), on=[_TRIGGER, _GROUP], how="semi") if evidence.height else evidence
    counted = list(frame_events(rows)) if rows.height else []
    result.notes = precision_notes(instrument, result.firings, counted, geometries)
    return result


class ColumnarEngine:
    """The columnar engine as an :class:`~servanda.evaluation.engine.Evaluator` (``trace=False`` by default)."""

    name = "columnar"

    def __init__(self, memory_budget_mb: int = 1024) -> None:
        #: Above ``events x ROW_BYTES`` of this budget, two streaming passes replace the one-pass plan.
        self.memory_budget_mb = memory_budget_mb
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
            add_why_not(instrument, considered, geometries, firings, result)
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
            events = list(frame_events(considered.collect().sort(["date", "id"], maintain_order=True)))
            add_why_not(instrument, events, geometries, firings, result)
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
        prepared = with_geometries(considered, compiled, geometries)
        count = considered.select(pl.len()).collect().item()
        one_pass = bool(compiled.matches) and count * ROW_BYTES <= self.memory_budget_mb * 2**20
        if one_pass:
            # one pass: the matched rows (a fraction of the events, few columns) are held in memory
            prepared = compiled.matched(prepared).collect().lazy()
        windows = compiled.windows(compiled.daily(prepared, matched=one_pass), combined=False)
        evidence = compiled.evidence(prepared, windows, matched=one_pass)
        firings = compiled.firings(windows, evidence, geometries, as_of)
        return assemble(instrument, firings, evidence, geometries, as_of, count), considered, firings
