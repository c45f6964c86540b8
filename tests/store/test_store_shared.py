"""Real UCDP GED exports through the source reader into the store: a revised release as a new snapshot.

``ucdp_ged_ukraine_2014-01_2022-02.csv`` (3,077 events, GED 22.1) and the later
``ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv`` (3,883 events, cp1252, Excel dates; 2,987 ids in
common) play two weekly downloads of the same source. Skipped when ``../shared`` is absent or this
checkout has no ``servanda.sources.read_events_file`` yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import servanda.sources
from servanda.sources.schema import conform
from servanda.store import EventStore

pytestmark = pytest.mark.shared

OLD = "data/events/ucdp_ged_ukraine_2014-01_2022-02.csv"
NEW = "data/events/ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv"


def _reader() -> Any:
    reader = getattr(servanda.sources, "read_events_file", None)
    if reader is None:
        pytest.skip("servanda.sources.read_events_file is not in this checkout yet")
    return reader


def test_revised_ucdp_release_as_of_both_dates(shared_dir: Path, tmp_path: Path) -> None:
    read = _reader()
    old, new = read(shared_dir / OLD), read(shared_dir / NEW)
    with EventStore(tmp_path / "events.duckdb") as store:
        first = store.ingest(old, ingested_at=datetime(2023, 1, 2, tzinfo=UTC))
        second = store.ingest(new, ingested_at=datetime(2023, 5, 3, tzinfo=UTC))
        old_ids = set(old.frame["id"].to_list())
        new_ids = set(new.frame["id"].to_list())
        # the later file is complete for its extent: its countries, its first to last event date
        countries = set(new.frame["country"].to_list())
        first_day, last_day = new.frame["date"].min(), new.frame["date"].max()
        missing = old.frame.filter(~pl.col("id").is_in(list(new_ids)))
        in_extent = missing.filter(
            pl.col("country").is_in(list(countries)) & pl.col("date").is_between(first_day, last_day)
        )
        kept = set(missing["id"].to_list()) - set(in_extent["id"].to_list())
        assert first.added == len(old_ids) and first.reconciles
        assert second.reconciles
        assert second.added == len(new_ids - old_ids)
        assert second.deleted == in_extent.height
        assert second.changed + second.unchanged == len(old_ids & new_ids)

        before = store.events(as_of_data=date(2023, 1, 31))
        after = store.events(as_of_data=date(2023, 5, 31))
        assert set(before["id"].to_list()) == old_ids
        assert set(after["id"].to_list()) == new_ids | kept
        # each answer is the frame ingested at the time, row for row (provenance aside: an unchanged
        # event keeps the file and row it was first recorded from)
        key = ["source", "id"]
        provenance = ["source_file", "source_row", "source_version"]
        kept_rows = old.frame.filter(pl.col("id").is_in(list(kept)))
        for answer, given_frame in ((before, old.frame), (after, pl.concat([new.frame, kept_rows]))):
            stored = answer.drop(provenance).sort(key)
            given = conform(given_frame).drop(provenance).sort(key)
            assert stored.equals(given)
        assert store.events(as_of_data=date(2022, 12, 31)).height == 0
        assert (
            store.events(start=date(2022, 9, 1), end=date(2022, 9, 30))
            .filter(pl.col("date") < date(2022, 9, 1))
            .is_empty()
        )
