"""Benchmark: the columnar engine streaming partitioned Parquet with bounded memory (issue 10, item 3).

Not a unit test. Writes ``n`` synthetic canonical events (the generator of ``bench_engine.py``) as
Parquet partitions of at most 10⁷ rows into a folder, then, each in its own subprocess so that its
peak RSS is its own:

* the engine: ``ColumnarEngine().evaluate_frame(instrument, pl.scan_parquet("dir/*.parquet"), {})``
  — above its memory budget (``events x ROW_BYTES`` > 1 GiB) it runs two streaming passes (daily sums,
  then the evidence rows), so its memory holds the daily table and the evidence, not the events;
* the hand-written polars query of ``bench_engine.py`` that also returns evidence ids, on the same files.

Answers are checked equal; the ratio is polars time / engine time (above 1 the engine is faster).

Run:
    uv run --frozen python benchmarks/bench_stream.py 100000000 [FOLDER]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import UKRAINE, members, nato_art5, polars_evidence, synthetic

PART = 10_000_000


def write(n: int, folder: Path) -> None:
    """``n`` events as Parquet partitions of at most :data:`PART` rows (skipped when already written)."""
    from servanda.language.checker import check_file

    bounds = check_file(UKRAINE).geometries["ukraine_held"].geometry.bounds
    codes = list(members(nato_art5()))
    for part, start in enumerate(range(0, n, PART)):
        path = folder / f"part-{part:04d}.parquet"
        if not path.exists():
            frame = synthetic(min(PART, n - start), codes, bounds, seed=part + 1)
            frame = frame.with_columns(pl.format("p{}-{}", pl.lit(part), pl.col("id")).alias("id"))
            frame.write_parquet(path)


def measure(which: str, folder: Path) -> dict[str, Any]:
    """Time, CPU and peak RSS of one competitor on the partitions (run in a subprocess)."""
    from servanda.evaluation.columnar import ColumnarEngine
    from servanda.semantics.predicates import expand_classes

    instrument = nato_art5()
    glob = str(folder / "*.parquet")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    if which == "engine":
        result = ColumnarEngine().evaluate_frame(instrument, pl.scan_parquet(glob), {})
        answer = sorted((f.target, f.on.isoformat(), list(f.evidence)) for f in result.firings)
        count = result.events_considered
    else:
        classes = sorted(c.value for c in expand_classes(["armed_attack"]))
        found = polars_evidence(Path(glob), members(instrument), classes)
        answer = sorted((a, on.isoformat(), list(ids)) for a, on, ids in found)
        count = pl.scan_parquet(glob).select(pl.len()).collect().item()
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime - cpu0,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "events": count,
        "answer": answer,
    }


def main(n: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    write(n, folder)
    print(
        f"{n:,} events in {len(list(folder.glob('*.parquet')))} partitions ({time.perf_counter() - t0:.0f} s to write)"
    )
    rows = {}
    for which in ("engine", "polars", "engine", "polars"):
        done = subprocess.run(
            [sys.executable, __file__, "--measure", which, str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
        got = json.loads(done.stdout.strip().splitlines()[-1])
        best = rows.get(which)
        rows[which] = got if best is None or got["seconds"] < best["seconds"] else best
    engine, polars = rows["engine"], rows["polars"]
    assert engine["answer"] == polars["answer"], "the engine and the hand-written query disagree"
    assert engine["events"] == n
    print(f"{'':>8} {'seconds':>8} {'CPU s':>7} {'peak MB':>8}")
    for name, row in rows.items():
        print(f"{name:>8} {row['seconds']:>8.1f} {row['cpu']:>7.1f} {row['peak_rss_mb']:>8.0f}")
    print(
        f"polars / engine: {polars['seconds'] / engine['seconds']:.2f} (wall), {polars['cpu'] / engine['cpu']:.2f} (CPU); "
        f"{len(engine['answer'])} firings"
    )


if __name__ == "__main__":
    if sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
    else:
        size = int(sys.argv[1])
        if len(sys.argv) > 2:
            main(size, Path(sys.argv[2]))
        else:
            with tempfile.TemporaryDirectory() as tmp:
                main(size, Path(tmp))
