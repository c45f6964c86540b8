"""The columnar engine's partition seam, as the Dask engine uses it.

Every piece is a pure function of its inputs, so each runs wherever its data is:

* :func:`prepare` — a partition's considered rows plus the geometry columns the triggers read (lazy);
* :func:`daily` — matches and deaths per (trigger, attacked-state group, day): **additive** over any
  row partition, so the partial tables of the partitions summed per key are exactly the table of the
  whole data, windows straddling partitions included;
* :func:`windows` — per firing ``match`` trigger and group, the window ``[start, end]`` that fired,
  from the combined daily table only;
* :func:`evidence` — ``trigger, group, date, id`` of the matches inside those windows (partition-local);
* :func:`firings` — every trigger's firings (compositions, ``unless``, ``counts_from``);
* :func:`assemble` — activations, enforcement, conflicts and notes from the firings.

Example:
    >>> DAILY
    ['trigger', 'group', 'date', 'n', 'd']
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import polars as pl

from servanda.evaluation.activation import activate, enforcement_activations
from servanda.evaluation.columnar.compile import ATTACKED
from servanda.evaluation.columnar.engine import (
    CompiledInstrument,
    considered_frame,
    inside_expr,
    window_starts,
)
from servanda.evaluation.conflicts import runtime_conflicts
from servanda.evaluation.firing import compose, precision_notes, resolve_triggers
from servanda.evaluation.results import NO_TARGET, EvaluationResult, Firing
from servanda.model.instrument import Instrument, Threshold, Trigger
from servanda.semantics.geometry import NamedGeometry
from servanda.sources.schema import frame_events

#: Columns of the daily partial table.
DAILY = ["trigger", "group", "date", "n", "d"]
DAILY_SCHEMA = {"trigger": pl.Utf8, "group": pl.Utf8, "date": pl.Date, "n": pl.Int64, "d": pl.Int64}
WINDOW_SCHEMA = {"trigger": pl.Utf8, "group": pl.Utf8, "start": pl.Date, "end": pl.Date}
EVIDENCE_SCHEMA = {"trigger": pl.Utf8, "group": pl.Utf8, "date": pl.Date, "id": pl.Utf8}


def prepare(
    frame: pl.DataFrame | pl.LazyFrame,
    compiled: CompiledInstrument,
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None,
) -> pl.LazyFrame:
    """The considered rows of ``frame`` with the geometry columns the triggers read (lazy)."""
    considered = considered_frame(frame, as_of)
    return considered.with_columns([inside_expr(n, geometries[n]) for n in sorted(compiled.geometries)])


def _matches(compiled: CompiledInstrument, trigger: Trigger, prepared: pl.LazyFrame) -> pl.LazyFrame:
    mask = compiled.matches[trigger.id]
    start = compiled.starts[trigger.id]
    if start is not None:
        mask = mask & (pl.col("date") >= start)
    per_target = trigger.threshold is None or trigger.threshold.per_target
    group = ATTACKED.fill_null(NO_TARGET) if per_target else pl.lit(NO_TARGET, dtype=pl.Utf8)
    return prepared.filter(mask).with_columns(group.alias("group"), pl.lit(trigger.id).alias("trigger"))


def daily(compiled: CompiledInstrument, prepared: pl.LazyFrame) -> pl.LazyFrame:
    """Matches (``n``) and deaths (``d``) per trigger, group and day: additive over row partitions."""
    parts = [
        _matches(compiled, compiled.triggers[t], prepared)
        .group_by(["trigger", "group", "date"])
        .agg(
            pl.len().cast(pl.Int64).alias("n"), pl.col("deaths").fill_null(0).sum().cast(pl.Int64).alias("d")
        )
        for t in compiled.matches
    ]
    if not parts:
        return pl.LazyFrame(schema=DAILY_SCHEMA)
    return pl.concat(parts, how="vertical").select(DAILY)


def _hits(threshold: Threshold | None, table: pl.DataFrame) -> pl.DataFrame:
    """Per group the firing day (``end``) and its window's first day (``start``) from daily sums."""
    if table.height == 0:
        return pl.DataFrame(schema={"group": pl.Utf8, "start": pl.Date, "end": pl.Date})
    table = table.sort(["group", "date"])
    if threshold is None:
        return table.group_by("group", maintain_order=True).agg(
            pl.col("date").first().alias("start"), pl.col("date").first().alias("end")
        )
    table = table.with_columns(window_starts(threshold.window, table["date"].unique()))
    codes = table["group"].rank("dense").cast(pl.Int64).to_numpy()
    day_no = table["date"].cast(pl.Int64).to_numpy()
    start_no = table["start"].cast(pl.Int64).to_numpy()
    base = int(min(day_no.min(), start_no.min()))
    span = int(max(day_no.max(), start_no.max())) - base + 2
    key = codes * span + (day_no - base)
    lo = np.searchsorted(key, codes * span + (start_no - base), side="left")
    counts = np.concatenate([[0], np.cumsum(table["n"].to_numpy())])
    deaths = np.concatenate([[0], np.cumsum(table["d"].to_numpy())])
    upto = np.arange(1, table.height + 1)
    ok = (counts[upto] - counts[lo] >= threshold.min_events) & (
        deaths[upto] - deaths[lo] >= threshold.min_deaths
    )
    return (
        table.filter(pl.Series(ok))
        .group_by("group", maintain_order=True)
        .agg(pl.col("start").first(), pl.col("date").first().alias("end"))
    )


def windows(compiled: CompiledInstrument, table: pl.DataFrame) -> pl.DataFrame:
    """``trigger, group, start, end`` per firing ``match`` trigger, from the combined daily table."""
    out = [
        _hits(compiled.triggers[t].threshold, table.filter(pl.col("trigger") == t))
        .with_columns(pl.lit(t).alias("trigger"))
        .select(list(WINDOW_SCHEMA))
        for t in compiled.matches
    ]
    return pl.concat([pl.DataFrame(schema=WINDOW_SCHEMA), *out], how="vertical")


def evidence(compiled: CompiledInstrument, prepared: pl.LazyFrame, table: pl.DataFrame) -> pl.LazyFrame:
    """``trigger, group, date, id`` of the matches inside the firing windows (partition-local)."""
    parts = []
    for t in table["trigger"].unique().to_list():
        hits = table.filter(pl.col("trigger") == t)
        groups = hits["group"].to_list()
        first = pl.col("group").replace_strict(
            groups, hits["start"].to_list(), default=None, return_dtype=pl.Date
        )
        last = pl.col("group").replace_strict(
            groups, hits["end"].to_list(), default=None, return_dtype=pl.Date
        )
        parts.append(
            _matches(compiled, compiled.triggers[t], prepared)
            .filter((pl.col("date") >= first) & (pl.col("date") <= last))
            .select(list(EVIDENCE_SCHEMA))
        )
    return pl.concat([pl.LazyFrame(schema=EVIDENCE_SCHEMA), *parts], how="vertical")


def firings(compiled: CompiledInstrument, table: pl.DataFrame, rows: pl.DataFrame) -> dict[str, list[Firing]]:
    """Every trigger's firings from the windows and all evidence rows (in the reference's order)."""
    ids = rows.sort(["date", "id"]).group_by(["trigger", "group"], maintain_order=True).agg(pl.col("id"))
    evidence_of = {(t, g): tuple(i) for t, g, i in ids.iter_rows()}
    matched: dict[str, list[Firing]] = {}
    for t, g, _start, end in table.iter_rows():
        matched.setdefault(t, []).append(Firing(t, g, end, evidence_of.get((t, g), ())))

    def fire_one(trigger_id: str, fire: object) -> list[Firing]:
        trigger = compiled.triggers[trigger_id]
        start = compiled.starts[trigger_id]
        if trigger.match is not None:
            base = list(matched.get(trigger_id, []))
        else:
            base = compose(trigger, [fire(t) for t in (trigger.all_of or trigger.any_of or [])])  # type: ignore[operator]
        if start is not None:
            base = [f for f in base if f.on >= start]
        if trigger.unless:
            blockers = [f for t in trigger.unless for f in fire(t)]  # type: ignore[operator]
            base = [
                f
                for f in base
                if not any(
                    b.on <= f.on and (b.target == f.target or NO_TARGET in (b.target, f.target))
                    for b in blockers
                )
            ]
        return sorted(base, key=lambda f: (f.on, f.target))

    return resolve_triggers(compiled.triggers, fire_one)


def assemble(
    instrument: Instrument,
    fired: dict[str, list[Firing]],
    evidence_events: pl.DataFrame,
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None,
    count: int,
) -> EvaluationResult:
    """The result: firings, activations, enforcement, conflicts and precision notes."""
    result = EvaluationResult(instrument.id, as_of, count)
    result.firings = [f for fs in fired.values() for f in fs]
    for clause in instrument.clauses:
        for obligation in clause.obligations:
            result.activations.extend(activate(instrument, clause.id, obligation, fired))
    result.enforcement = enforcement_activations(instrument, fired)
    result.conflicts = runtime_conflicts(instrument, result.activations)
    events = list(frame_events(evidence_events)) if evidence_events.height else []
    result.notes = precision_notes(instrument, result.firings, events, geometries)
    return result
