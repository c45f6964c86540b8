"""Benchmark: the obligation lifecycle on a large synthetic canonical event table.

Not a unit test. Builds ``N`` synthetic events (polars, no per-row Python) spread over 2014–2022,
a few percent by Russia against Ukraine, and times :func:`servanda.analyses.monitor.monitor_units`
for the Budapest Memorandum (the engine's evaluation plus the conduct-breach filters) and the daily
series.

Run:
    uv run --frozen python benchmarks/bench_monitor.py [N]
"""

from __future__ import annotations

import sys
import time
from datetime import date

import polars as pl

from servanda.analyses.monitor import Unit, daily_series, monitor_units
from servanda.language.library import resolve
from servanda.language.loader import load_instrument
from servanda.sources.schema import conform

CLASSES = ["armed_clash", "shelling", "air_strike", "other", "threat_of_force", "attack_on_civilians"]


def synthetic(n: int) -> pl.DataFrame:
    """``n`` canonical events with deterministic actors, classes and dates."""
    i = pl.int_range(0, n, eager=True)
    frame = pl.DataFrame({"i": i}).select(
        ("bench-" + pl.col("i").cast(pl.Utf8)).alias("id"),
        (pl.lit(date(2014, 1, 1)) + pl.duration(days=pl.col("i") % 3000)).alias("date"),
        pl.when(pl.col("i") % 29 == 0).then(pl.lit("RUS")).otherwise(pl.lit("non-state")).alias("actor"),
        pl.lit("UKR").alias("target"),
        pl.lit("UKR").alias("country"),
        (pl.col("i") % len(CLASSES))
        .replace_strict(dict(enumerate(CLASSES)), return_dtype=pl.Utf8)
        .alias("event_class"),
        (pl.col("i") % 5).alias("deaths"),
    )
    return conform(frame)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    memo = load_instrument(resolve("budapest.memorandum")).instrument
    assert memo is not None
    events = synthetic(n)
    started = time.perf_counter()
    lifecycle = monitor_units([Unit(memo, {})], events, [])
    lifecycle_s = time.perf_counter() - started
    started = time.perf_counter()
    series = daily_series(lifecycle, events)
    series_s = time.perf_counter() - started
    breached = [r for r in lifecycle.rows if r.state == "breached"]
    print(f"{n} events, {len(lifecycle.rows)} activations, {len(breached)} breached")
    print(f"lifecycle: {lifecycle_s:.2f} s; daily series ({series.height} days): {series_s:.3f} s")


if __name__ == "__main__":
    main()
