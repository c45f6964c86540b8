"""Benchmark: the event store ingesting a large synthetic export and its revision, and an as-of query.

Not a unit test. Builds ``N`` synthetic canonical events (default 1,000,000), ingests them as a full
export, then ingests the next week's revision (every third event changed, every tenth deleted) and
asks what was known before the revision.

Run:
    uv run --frozen python benchmarks/bench_store.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

from test_atomicity import big_frame

from servanda.store import EventStore, frame_ingest


def main(n: int) -> None:
    folder = tempfile.mkdtemp()
    store = EventStore(Path(folder) / "events.duckdb")
    first, revised = big_frame(n), big_frame(n, revision=1)
    start = time.perf_counter()
    store.ingest(frame_ingest(first, "acled"), ingested_at=datetime(2024, 3, 4, tzinfo=UTC))
    t_first = time.perf_counter() - start
    start = time.perf_counter()
    snap = store.ingest(frame_ingest(revised, "acled"), ingested_at=datetime(2024, 3, 11, tzinfo=UTC))
    t_revised = time.perf_counter() - start
    start = time.perf_counter()
    known = store.events(as_of_data=datetime(2024, 3, 5, tzinfo=UTC))
    t_query = time.perf_counter() - start
    print(
        f"n={n:,}: first ingest {t_first:.2f} s; revised full export {t_revised:.2f} s "
        f"({snap.added} added, {snap.changed} changed, {snap.deleted} deleted, {snap.unchanged} unchanged); "
        f"as-of query {t_query:.2f} s ({known.height:,} rows)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
