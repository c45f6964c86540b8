"""A process killed with SIGKILL in the middle of an ingest leaves the previous state intact.

The child ingests a large revised export into a store that already holds one snapshot. Its progress
callback (called inside the ingest's transaction) writes a readiness file; the parent then sends a real
``kill -9``. The store must open afterwards, hold exactly the first snapshot and its events, and accept
the next ingest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from servanda.store import EventStore, frame_ingest

ROWS = 200_000

CHILD = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
import polars as pl
from servanda.store import EventStore, frame_ingest
sys.path.insert(0, {tests!r})
from test_atomicity import big_frame

store_path, ready, stage, linger = sys.argv[1], Path(sys.argv[2]), sys.argv[3], float(sys.argv[4])

def progress(name):
    if name == stage:
        ready.write_text(name)
        time.sleep(linger)

store = EventStore(store_path)
store.ingest(
    frame_ingest(big_frame({rows}, revision=1), "acled"),
    ingested_at=datetime(2024, 3, 11, tzinfo=timezone.utc),
    progress=progress,
)
Path(str(ready) + ".done").write_text("committed")
"""


def big_frame(n: int, revision: int = 0) -> pl.DataFrame:
    """``n`` synthetic events; revision 1 changes every third event's deaths and drops every tenth."""
    frame = pl.select(
        pl.format("UKR{}", pl.int_range(0, n)).alias("id"),
        pl.lit("acled").alias("source"),
        (pl.date(2022, 2, 24) + pl.duration(days=pl.int_range(0, n) % 365)).alias("date"),
        pl.lit("shelling").alias("event_class"),
        pl.lit("RUS").alias("actor"),
        pl.lit("UKR").alias("target"),
        (pl.int_range(0, n) % 7).cast(pl.Int64).alias("deaths"),
        (pl.int_range(0, n) + 1).cast(pl.Int64).alias("source_row"),
    )
    if revision:
        frame = frame.filter(pl.int_range(0, n) % 10 != 9).with_columns(
            pl.when(pl.int_range(0, pl.len()) % 3 == 0)
            .then(pl.col("deaths") + 100)
            .otherwise(pl.col("deaths"))
            .alias("deaths")
        )
    return frame


def _run_child(
    store_path: Path, tmp_path: Path, stage: str, linger: float
) -> tuple[subprocess.Popen[bytes], Path]:
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(tests=str(Path(__file__).parent), rows=ROWS), encoding="utf-8")
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, str(script), str(store_path), str(ready), stage, str(linger)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180
    while not ready.exists():
        if child.poll() is not None:
            assert child.stderr is not None
            pytest.fail(f"child exited early: {child.stderr.read().decode()}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("child never reached the stage")
        time.sleep(0.01)
    return child, ready


def _prepared_store(tmp_path: Path) -> tuple[Path, pl.DataFrame]:
    path = tmp_path / "events.duckdb"
    with EventStore(path) as store:
        store.ingest(frame_ingest(big_frame(ROWS), "acled"), ingested_at=datetime(2024, 3, 4, tzinfo=UTC))
        before = store.events()
    return path, before


def test_kill_9_mid_transaction_keeps_previous_state(tmp_path: Path) -> None:
    path, before = _prepared_store(tmp_path)
    # the child dies after it has staged 180,000 rows, closed ~20,000 deleted versions and is about to
    # close the changed ones and insert the new versions: the middle of the transaction
    child, _ = _run_child(path, tmp_path, "writing", linger=600)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=60) == -signal.SIGKILL

    with EventStore(path) as store:
        snaps = store.snapshots()
        assert [s.snapshot_id for s in snaps] == [1]
        after = store.events()
        assert after.height == ROWS
        assert after.equals(before)
        assert store.history().height == ROWS  # no half-written versions
        # and it accepts the next ingest
        snap = store.ingest(frame_ingest(big_frame(ROWS, revision=1), "acled"))
        assert (snap.deleted, snap.changed) == (ROWS // 10, 60_000)
        assert snap.added == 0 and snap.reconciles


def test_kill_9_right_after_begin_is_all_or_nothing(tmp_path: Path) -> None:
    """No pause this time: the child is killed while it works; the store holds one whole state."""
    path, before = _prepared_store(tmp_path)
    child, _ = _run_child(path, tmp_path, "staging", linger=0)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    with EventStore(path) as store:
        snaps = store.snapshots()
        if len(snaps) == 1:
            assert store.events().equals(before)
        else:  # the commit won the race: then the whole revision is there
            assert [s.snapshot_id for s in snaps] == [1, 2]
            assert store.events().height == ROWS - ROWS // 10
            assert store.history().height == ROWS + 60_000
