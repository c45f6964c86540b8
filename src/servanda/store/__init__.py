"""The as-of event store: every ingest of an event file kept as a snapshot, in one embedded DuckDB file.

ACLED and UCDP revise and delete events every week. The store keeps each version of each event with the
snapshots it was valid between, so any query can ask what was known on a given date
(:meth:`EventStore.events` with ``as_of_data``). See ``docs/monitor.md`` ("The event store").

Example:
    >>> import polars as pl
    >>> from datetime import date, datetime, timezone
    >>> store = EventStore(":memory:")
    >>> frame = pl.DataFrame({"id": ["e1"], "date": [date(2022, 2, 24)], "event_class": ["shelling"]})
    >>> snap = store.ingest(frame_ingest(frame, "acled"), ingested_at=datetime(2024, 1, 1, tzinfo=timezone.utc))
    >>> snap.added, snap.changed, snap.deleted, snap.unchanged
    (1, 0, 0, 0)
    >>> store.events()["id"].to_list()
    ['e1']
"""

from servanda.store.event_store import (
    STORE_FORMAT,
    EventStore,
    FrameIngest,
    FrameReport,
    IngestLike,
    Snapshot,
    default_store_path,
    frame_ingest,
)

__all__ = [
    "STORE_FORMAT",
    "EventStore",
    "FrameIngest",
    "FrameReport",
    "IngestLike",
    "Snapshot",
    "default_store_path",
    "frame_ingest",
]
