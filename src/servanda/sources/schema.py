"""The canonical event table: the columns every source adapter produces and every consumer reads.

A canonical frame holds one row per event, with the fields of :class:`servanda.model.events.Event`
plus provenance columns that say where the row came from (``source_file``, ``source_row``,
``source_version``) and the actors as the source wrote them (``actor_text``, ``target_text``).
Adapters (ACLED, UCDP GED, GDELT, canonical files) return such frames; the event store keeps them
versioned; engines and the monitor read them.

Example:
    >>> frame = empty_frame()
    >>> frame.columns[:4]
    ['id', 'source', 'date', 'date_end']
    >>> frame.height
    0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from servanda.model.events import Event

#: Columns of :class:`~servanda.model.events.Event`, in order, with their polars types.
EVENT_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.Utf8(),
    "source": pl.Utf8(),
    "date": pl.Date(),
    "date_end": pl.Date(),
    "date_precision": pl.Utf8(),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "geo_precision": pl.Int8(),
    "actor": pl.Utf8(),
    "target": pl.Utf8(),
    "country": pl.Utf8(),
    "event_class": pl.Utf8(),
    "deaths": pl.Int64(),
    "deaths_low": pl.Int64(),
    "deaths_high": pl.Int64(),
    "notes": pl.Utf8(),
    "source_url": pl.Utf8(),
}

#: Provenance columns: the file, its 1-based data row, the source's own version stamp (ACLED
#: ``timestamp``, UCDP release) and the actors as written before mapping to state codes; for news-based
#: sources (GDELT) the number of mentions and of distinct sources reporting the event (null elsewhere).
PROVENANCE_COLUMNS: dict[str, pl.DataType] = {
    "source_file": pl.Utf8(),
    "source_row": pl.Int64(),
    "source_version": pl.Utf8(),
    "actor_text": pl.Utf8(),
    "target_text": pl.Utf8(),
    "mentions": pl.Int64(),
    "sources_count": pl.Int64(),
}

#: Every column of a canonical frame, in order.
CANONICAL_SCHEMA: dict[str, pl.DataType] = {**EVENT_COLUMNS, **PROVENANCE_COLUMNS}


def empty_frame() -> pl.DataFrame:
    """A canonical frame with no rows."""
    return pl.DataFrame(schema=CANONICAL_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every canonical column (missing ones null), in order and cast to its type.

    >>> conform(pl.DataFrame({"id": ["e1"], "event_class": ["shelling"]})).width == len(CANONICAL_SCHEMA)
    True
    """
    missing = [
        pl.lit(None, dtype=kind).alias(name)
        for name, kind in CANONICAL_SCHEMA.items()
        if name not in frame.columns
    ]
    if missing:
        frame = frame.with_columns(missing)
    return frame.select([pl.col(name).cast(kind) for name, kind in CANONICAL_SCHEMA.items()])


def events_frame(events: Iterable[Event]) -> pl.DataFrame:
    """A canonical frame from :class:`Event` objects (provenance columns null)."""
    rows = [event.model_dump(mode="python") for event in events]
    if not rows:
        return empty_frame()
    frame = pl.DataFrame(rows, infer_schema_length=None)
    return conform(frame.with_columns(pl.col("event_class").cast(pl.Utf8)))


def frame_events(frame: pl.DataFrame) -> Iterator[Event]:
    """The events of a canonical frame as :class:`Event` objects (for the reference evaluator).

    Rows were validated when the frame was built, so they are not validated again.
    """
    from servanda.model.events import Event
    from servanda.model.vocabulary import EventClass

    names = list(EVENT_COLUMNS)
    for row in frame.select(names).iter_rows():
        values: dict[str, Any] = dict(zip(names, row, strict=True))
        values["event_class"] = EventClass(values["event_class"])
        values["geo_precision"] = values["geo_precision"] or 1
        values["deaths"] = values["deaths"] or 0
        values["source"] = values["source"] or "manual"
        values["date_precision"] = values["date_precision"] or "day"
        yield Event.model_construct(**values)
