"""Benchmark: the columnar engine against hand-written DuckDB and polars queries, shapely, and the reference.

Not a unit test. Synthetic events in the canonical schema are written to Parquet in a temporary
folder, one size at a time, and each size runs in its own subprocess so that its peak RSS is its own:

* non-spatial — NATO Art. 5 over all members with their accession dates (the bundled instrument's
  parties) and a 50-deaths-in-7-days threshold per attacked state: the engine (read the Parquet,
  ``evaluate_frame``) vs a hand-written DuckDB SQL query and a hand-written polars query of the same
  predicate over the same Parquet; the answers (state, first firing date) are checked equal;
* spatial — the Ukraine package's ``ukraine_held`` geometry: the engine's grid index vs a per-event
  loop over the prepared geometry (timed on at most 200,000 points, reported per point) and vs plain
  vectorised ``contains_xy`` and ``intersects_xy`` (``covers`` for a point, the boundary inside,
  which is what the engine answers) on every point; answers checked equal;
* at 10⁵ events, the engine vs the reference evaluator (whole evaluation from Event objects,
  answers checked equal);
* peak RSS: of the whole measuring process (data generation and every competitor included, "run
  MB") and of a separate process that only evaluates the Parquet with the engine ("engine MB").

Each time is the best of three runs; a ratio is (other time / engine time): above 1 the engine is faster.

Dask (``--dask``, its own table): the same NATO Art. 5 data written as 8 Parquet partitions, evaluated
by ``--engine dask`` on a LocalCluster of 1 and of 2 worker processes (cluster start-up timed apart;
each worker's polars gets cores / workers threads), also read through a dask dataframe,
against the columnar engine on the same files; answers (firings and activations) checked equal.

Run:
    uv run --frozen python benchmarks/bench_engine.py                      # 10^5 and 10^6 rows
    uv run --frozen python benchmarks/bench_engine.py 100000 1000000 10000000
    uv run --frozen python benchmarks/bench_engine.py --dask 1000000 10000000
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

ROOT = Path(__file__).resolve().parent.parent
NATO = ROOT / "src/servanda/data/library/nato_nat_1949.yaml"
UKRAINE = ROOT / "examples/ukraine-2025/usa.yaml"
CLASSES = [
    "shelling",
    "air_strike",
    "armed_clash",
    "ceasefire_violation",
    "threat_of_force",
    "cyber_attack",
    "other",
]
FIRST_DAY = date(2000, 1, 1)
DAYS = 9000
LOOP_POINTS = 200_000


def best_of(fn: Callable[[], Any], repeats: int = 3) -> tuple[float, Any]:
    """Fastest wall time of ``repeats`` runs and the last result."""
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def interleaved(runs: dict[str, Callable[[], Any]], repeats: int = 3) -> dict[str, tuple[float, Any]]:
    """Best wall time of each run, the runs taken in turn (so that load from other work hits them alike)."""
    best: dict[str, float] = dict.fromkeys(runs, float("inf"))
    last: dict[str, Any] = {}
    for _ in range(repeats):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            last[name] = fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return {name: (best[name], last[name]) for name in runs}


def nato_art5() -> Any:
    """The bundled NATO treaty's parties and dates with one Art. 5 trigger: 50 deaths in 7 days against a member."""
    from servanda.model.instrument import Instrument

    data = yaml.safe_load(NATO.read_text(encoding="utf-8"))
    clause = next(c for c in data["clauses"] if c["id"] == "art_5")
    clause["triggers"] = [
        {
            "id": "armed_attack_on_a_party",
            "kind": "attack",
            "match": {"all": [{"event_class": ["armed_attack"]}, {"target": ["$parties"]}]},
            "threshold": {"window": "7 days", "min_deaths": 50},
        }
    ]
    clause["obligations"] = [o for o in clause["obligations"] if o["id"] == "assist"]
    clause["exceptions"], clause["enforcement"] = [], []
    data["clauses"] = [clause]
    data["geometries"] = {}
    return Instrument.model_validate(data)


def synthetic(n: int, codes: list[str], bounds: tuple[float, ...], seed: int = 1) -> pl.DataFrame:
    """``n`` canonical events: dates over ~25 years, states, classes, deaths, and points around Ukraine."""
    from servanda.sources.schema import conform

    rng = np.random.default_rng(seed)
    states = np.array([*codes, "RUS", "UKR", "SYR", "SDN", "MLI", "COL"])
    minx, miny, maxx, maxy = bounds
    target = rng.choice(states, n)
    offset = (FIRST_DAY - date(1970, 1, 1)).days
    frame = pl.DataFrame(
        {
            "row": np.arange(n),
            "day": rng.integers(0, DAYS, n) + offset,
            "lon": rng.uniform(minx - 1, maxx + 1, n),
            "lat": rng.uniform(miny - 1, maxy + 1, n),
            "actor": rng.choice(states, n),
            "target": target,
            "event_class": rng.choice(CLASSES, n),
            # mostly small events, one in fifty a mass-casualty one (so that thresholds are crossed)
            "deaths": (rng.geometric(0.3, n) - 1) * np.where(rng.random(n) < 0.02, 25, 1),
        }
    ).with_columns(
        pl.format("e{}", pl.col("row")).alias("id"),
        pl.lit("synthetic").alias("source"),
        pl.col("day").cast(pl.Int32).cast(pl.Date).alias("date"),
        pl.col("target").alias("country"),
    )
    return conform(frame.drop("row", "day"))


def members(instrument: Any) -> dict[str, date]:
    """Each party and the first day it is bound (accession, else entry into force)."""
    return {p.state: p.joined or instrument.in_force for p in instrument.parties}


def polars_query(path: Path, starts: dict[str, date], classes: list[str]) -> set[tuple[str, date]]:
    """Hand-written polars: per attacked member, the first day whose 7-day window holds 50 deaths."""
    bound = pl.DataFrame({"attacked": list(starts), "start": list(starts.values())})
    return set(
        pl.scan_parquet(path)
        .select("date", "deaths", "event_class", pl.coalesce("target", "country").alias("attacked"))
        .filter(pl.col("event_class").is_in(classes))
        .join(bound.lazy(), on="attacked")
        .filter(pl.col("date") >= pl.col("start"))
        .group_by("attacked", "date")
        .agg(pl.col("deaths").fill_null(0).sum())
        .sort("attacked", "date")
        .rolling(index_column="date", period="7d", group_by="attacked")
        .agg(pl.col("deaths").sum().alias("window"))
        .filter(pl.col("window") >= 50)
        .group_by("attacked")
        .agg(pl.col("date").min())
        .collect()
        .iter_rows()
    )


def polars_evidence(
    path: Path, starts: dict[str, date], classes: list[str]
) -> set[tuple[str, date, tuple[str, ...]]]:
    """Hand-written polars giving the engine's whole answer: the firing day and the evidence ids (its window's events)."""
    first = pl.DataFrame(
        list(polars_query(path, starts, classes)), schema={"attacked": pl.Utf8, "on": pl.Date}, orient="row"
    )
    rows = (
        pl.scan_parquet(path)
        .select("id", "date", "event_class", pl.coalesce("target", "country").alias("attacked"))
        .filter(pl.col("event_class").is_in(classes))
        .join(first.lazy(), on="attacked")
        .join(pl.LazyFrame({"attacked": list(starts), "start": list(starts.values())}), on="attacked")
        .filter(pl.col("date") >= pl.col("start"))
        .filter((pl.col("date") <= pl.col("on")) & (pl.col("date") > pl.col("on") - pl.duration(days=7)))
        .sort("attacked", "date", "id")
        .group_by("attacked", "on", maintain_order=True)
        .agg(pl.col("id"))
        .collect()
    )
    return {(a, on, tuple(ids)) for a, on, ids in rows.iter_rows()}


def duckdb_query(path: Path, starts: dict[str, date], classes: list[str]) -> set[tuple[str, date]]:
    """Hand-written DuckDB SQL of the same predicate."""
    import duckdb

    values = ", ".join(f"('{code}', DATE '{day.isoformat()}')" for code, day in starts.items())
    wanted = ", ".join(f"'{c}'" for c in classes)
    sql = f"""
        WITH bound(attacked, start) AS (VALUES {values}),
        daily AS (
            SELECT coalesce(e.target, e.country) AS attacked, e.date, sum(coalesce(e.deaths, 0)) AS deaths
            FROM read_parquet('{path}') e
            JOIN bound b ON b.attacked = coalesce(e.target, e.country)
            WHERE e.event_class IN ({wanted}) AND e.date >= b.start
            GROUP BY 1, 2
        ),
        windows AS (
            SELECT attacked, date, sum(deaths) OVER (
                PARTITION BY attacked ORDER BY date RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW
            ) AS in_window
            FROM daily
        )
        SELECT attacked, min(date) FROM windows WHERE in_window >= 50 GROUP BY attacked
    """
    with duckdb.connect() as con:
        return {(a, d) for a, d in con.execute(sql).fetchall()}


def duckdb_evidence(
    path: Path, starts: dict[str, date], classes: list[str]
) -> set[tuple[str, date, tuple[str, ...]]]:
    """Hand-written DuckDB SQL giving the whole answer: firing day and evidence ids."""
    import duckdb

    values = ", ".join(f"('{code}', DATE '{day.isoformat()}')" for code, day in starts.items())
    wanted = ", ".join(f"'{c}'" for c in classes)
    sql = f"""
        WITH bound(attacked, start) AS (VALUES {values}),
        matches AS (
            SELECT e.id, e.date, coalesce(e.deaths, 0) AS deaths, b.attacked
            FROM read_parquet('{path}') e
            JOIN bound b ON b.attacked = coalesce(e.target, e.country)
            WHERE e.event_class IN ({wanted}) AND e.date >= b.start
        ),
        daily AS (SELECT attacked, date, sum(deaths) AS deaths FROM matches GROUP BY 1, 2),
        windows AS (
            SELECT attacked, date, sum(deaths) OVER (
                PARTITION BY attacked ORDER BY date RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW
            ) AS in_window
            FROM daily
        ),
        firsts AS (SELECT attacked, min(date) AS fired FROM windows WHERE in_window >= 50 GROUP BY attacked)
        SELECT f.attacked, f.fired, list(m.id ORDER BY m.date, m.id)
        FROM firsts f JOIN matches m ON m.attacked = f.attacked
        WHERE m.date BETWEEN f.fired - INTERVAL 6 DAYS AND f.fired
        GROUP BY f.attacked, f.fired
    """
    with duckdb.connect() as con:
        return {
            (a, d.date() if hasattr(d, "date") else d, tuple(ids))
            for a, d, ids in con.execute(sql).fetchall()
        }


def run_one(n: int, folder: Path) -> dict[str, Any]:
    """Every measurement for one size (run in a subprocess)."""
    import shapely
    from shapely.geometry import Point

    from servanda.evaluation.columnar import ColumnarEngine
    from servanda.evaluation.columnar.spatial import GridIndex
    from servanda.evaluation.reference import ReferenceEngine
    from servanda.language.checker import check_file
    from servanda.semantics.predicates import expand_classes
    from servanda.sources.schema import frame_events

    instrument = nato_art5()
    held = check_file(UKRAINE).geometries["ukraine_held"].geometry
    starts = members(instrument)
    classes = sorted(c.value for c in expand_classes(["armed_attack"]))
    path = folder / f"events_{n}.parquet"
    synthetic(n, list(starts), held.bounds).write_parquet(path)
    out: dict[str, Any] = {"n": n}

    engine = ColumnarEngine()

    def run_engine() -> set[tuple[str, date]]:
        result = engine.evaluate_frame(instrument, pl.scan_parquet(path), {})
        return {(f.target, f.on) for f in result.firings}

    def run_engine_evidence() -> set[tuple[str, date, tuple[str, ...]]]:
        result = engine.evaluate_frame(instrument, pl.scan_parquet(path), {})
        return {(f.target, f.on, f.evidence) for f in result.firings}

    timed = interleaved(
        {
            "engine_s": run_engine_evidence,
            "polars_s": lambda: polars_query(path, starts, classes),
            "duckdb_s": lambda: duckdb_query(path, starts, classes),
            "polars_ev_s": lambda: polars_evidence(path, starts, classes),
            "duckdb_ev_s": lambda: duckdb_evidence(path, starts, classes),
        }
    )
    answers = {name: got for name, (_, got) in timed.items()}
    out.update({name: seconds for name, (seconds, _) in timed.items()})
    answer = {(t, on) for t, on, _ in answers["engine_s"]}
    assert answer == answers["polars_s"] == answers["duckdb_s"], (
        "the hand-written queries disagree with the engine"
    )
    assert answers["engine_s"] == answers["polars_ev_s"] == answers["duckdb_ev_s"], "evidence differs"
    out["firings"] = len(answer)

    points = pl.read_parquet(path, columns=["lon", "lat"])
    x, y = points["lon"].to_numpy(), points["lat"].to_numpy()
    t0 = time.perf_counter()
    index = GridIndex(held)
    out["grid_build_s"] = time.perf_counter() - t0
    out["grid_s"], inside = best_of(lambda: index.contains(x, y))
    out["intersects_xy_s"], exact = best_of(lambda: shapely.intersects_xy(held, x, y))
    out["contains_xy_s"], _ = best_of(lambda: shapely.contains_xy(held, x, y))
    assert (inside == exact).all(), "the grid index disagrees with intersects_xy"
    m = min(n, LOOP_POINTS)
    t0 = time.perf_counter()
    looped = [held.covers(Point(float(a), float(b))) for a, b in zip(x[:m], y[:m], strict=True)]
    out["loop_s"] = (time.perf_counter() - t0) * n / m
    assert looped == inside[:m].tolist(), "the per-event loop disagrees with the grid index"
    out["inside_share"] = float(inside.mean())

    if n <= 100_000:
        frame = pl.read_parquet(path)
        events = list(frame_events(frame))
        out["reference_s"], expected = best_of(
            lambda: ReferenceEngine().evaluate(instrument, events, {}, trace=False), repeats=1
        )
        out["engine_events_s"], got = best_of(lambda: engine.evaluate(instrument, events, {}))
        assert [a.to_json() for a in got.activations] == [a.to_json() for a in expected.activations]
        assert {(f.target, f.on) for f in expected.firings} == answer
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def engine_alone(n: int, folder: Path) -> dict[str, Any]:
    """Peak RSS of a process that only evaluates the Parquet written by :func:`run_one` with the engine."""
    from servanda.evaluation.columnar import ColumnarEngine

    result = ColumnarEngine().evaluate_frame(nato_art5(), pl.scan_parquet(folder / f"events_{n}.parquet"), {})
    return {
        "n": n,
        "firings": len(result.firings),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(sizes: list[int]) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(n), tmp], check=True, capture_output=True, text=True
            )
            row = json.loads(done.stdout.strip().splitlines()[-1])
            alone = subprocess.run(
                [sys.executable, __file__, "--rss", str(n), tmp], check=True, capture_output=True, text=True
            )
            row["engine_rss_mb"] = json.loads(alone.stdout.strip().splitlines()[-1])["peak_rss_mb"]
            rows.append(row)
            (Path(tmp) / f"events_{n}.parquet").unlink(missing_ok=True)
    print("non-spatial: NATO Art. 5, 50 deaths in 7 days per attacked member (ratios: other / engine)")
    print("  hand-written queries giving firing days only, and giving firing days with evidence ids (ev)")
    print(
        f"{'events':>10} {'engine s':>9} {'polars s':>9} {'duckdb s':>9} {'polars/eng':>10} {'duckdb/eng':>10} "
        f"{'polars ev s':>11} {'duckdb ev s':>11} {'pol ev/eng':>10} {'duck ev/eng':>11} {'firings':>8} {'run MB':>7} {'engine MB':>9}"
    )
    for r in rows:
        e = r["engine_s"]
        print(
            f"{r['n']:>10,} {e:>9.3f} {r['polars_s']:>9.3f} {r['duckdb_s']:>9.3f} "
            f"{r['polars_s'] / e:>10.2f} {r['duckdb_s'] / e:>10.2f} {r['polars_ev_s']:>11.3f} {r['duckdb_ev_s']:>11.3f} "
            f"{r['polars_ev_s'] / e:>10.2f} {r['duckdb_ev_s'] / e:>11.2f} {r['firings']:>8} {r['peak_rss_mb']:>7.0f} {r['engine_rss_mb']:>9.0f}"
        )
    print("\nspatial: ukraine_held, grid index vs per-event prepared loop and plain vectorised tests")
    print(
        f"{'events':>10} {'grid s':>8} {'loop/grid':>10} {'intersects/grid':>16} {'contains/grid':>14} {'Mpts/s':>7} {'build s':>8}"
    )
    for r in rows:
        print(
            f"{r['n']:>10,} {r['grid_s']:>8.4f} {r['loop_s'] / r['grid_s']:>10.1f} "
            f"{r['intersects_xy_s'] / r['grid_s']:>16.2f} {r['contains_xy_s'] / r['grid_s']:>14.2f} "
            f"{r['n'] / r['grid_s'] / 1e6:>7.1f} {r['grid_build_s']:>8.2f}"
        )
    for r in rows:
        if "reference_s" in r:
            print(
                f"\nengine vs reference at {r['n']:,} events (from Event objects): reference {r['reference_s']:.2f} s, "
                f"engine {r['engine_events_s']:.3f} s ({r['reference_s'] / r['engine_events_s']:.0f}x; "
                f"from Parquet {r['reference_s'] / r['engine_s']:.0f}x)"
            )


# -- Dask: 1 vs 2 workers on the same partitioned Parquet ----------------------------------------------

DASK_PARTS = 8


def dask_one(n: int, folder: Path) -> dict[str, Any]:
    """Columnar vs Dask with 1 and 2 workers on ``n`` events in :data:`DASK_PARTS` Parquet files."""
    import dask.dataframe as dd

    from servanda.evaluation.columnar import ColumnarEngine
    from servanda.evaluation.dask import DaskEngine

    instrument = nato_art5()
    frame = synthetic(n, list(members(instrument)), (22.0, 44.0, 40.0, 52.0))
    size = -(-n // DASK_PARTS)
    for i in range(DASK_PARTS):
        frame.slice(i * size, size).write_parquet(folder / f"part-{i:02d}.parquet")
    del frame
    pattern = str(folder / "part-*.parquet")

    def answer(result: Any) -> Any:
        return (
            [(f.trigger, f.target, f.on, f.evidence) for f in result.firings],
            [a.to_json() for a in result.activations],
        )

    out: dict[str, Any] = {"n": n, "parts": DASK_PARTS}
    out["columnar_s"], expected = best_of(
        lambda: answer(ColumnarEngine().evaluate_frame(instrument, pl.scan_parquet(pattern), {}))
    )
    out["firings"] = len(expected[0])
    for workers in (1, 2):
        engine = DaskEngine(workers=workers)  # a LocalCluster; each worker's polars gets cores / workers
        t0 = time.perf_counter()
        with engine.session():
            out[f"start_{workers}_s"] = time.perf_counter() - t0
            out[f"dask_{workers}_s"], got = best_of(
                lambda e=engine: answer(e.evaluate_frame(instrument, pattern, {}))
            )
            assert got == expected, f"dask ({workers} workers) disagrees with the columnar engine"
            if workers == 2:
                out["dd_2_s"], got = best_of(
                    lambda e=engine: answer(e.evaluate_frame(instrument, dd.read_parquet(pattern), {}))
                )
                assert got == expected, "dask (dask dataframe) disagrees with the columnar engine"
    return out


def dask_main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                [sys.executable, __file__, "--dask-one", str(n), tmp],
                check=True,
                capture_output=True,
                text=True,
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"Dask, 1 vs 2 workers (LocalCluster, processes, 1 thread each; {DASK_PARTS} Parquet partitions; "
        "best of 3; answers equal to columnar)"
    )
    print(
        f"{'events':>10} {'columnar s':>10} {'1 worker s':>10} {'2 workers s':>11} {'1w/2w':>6} "
        f"{'2w/columnar':>11} {'dd 2w s':>8} {'start s':>8} {'firings':>8}"
    )
    for r in rows:
        print(
            f"{r['n']:>10,} {r['columnar_s']:>10.3f} {r['dask_1_s']:>10.3f} {r['dask_2_s']:>11.3f} "
            f"{r['dask_1_s'] / r['dask_2_s']:>6.2f} {r['dask_2_s'] / r['columnar_s']:>11.2f} "
            f"{r['dd_2_s']:>8.3f} {r['start_2_s']:>8.2f} {r['firings']:>8}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--dask":
        dask_main([int(a) for a in sys.argv[2:]] or [1_000_000, 10_000_000])
    elif len(sys.argv) > 1 and sys.argv[1] == "--dask-one":
        print(json.dumps(dask_one(int(sys.argv[2]), Path(sys.argv[3])), default=str))
    elif len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]), Path(sys.argv[3])), default=str))
    elif len(sys.argv) > 1 and sys.argv[1] == "--rss":
        print(json.dumps(engine_alone(int(sys.argv[2]), Path(sys.argv[3])), default=str))
    else:
        main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
