"""servanda's own events files (CSV, JSON, YAML, Parquet) checked column by column in polars.

The columns are those of :mod:`servanda.sources.schema`; ``id``, ``date`` and ``event_class`` are
required. Each row is checked like :class:`servanda.model.events.Event` would check it (ISO dates, an
event class of the vocabulary, ISO 3166 alpha-3 codes, coordinates in range, deaths ≥ 0), vectorised.

Example:
    >>> frame = map_frame(pl.DataFrame({"id": ["e1", "e2"], "date": ["2025-01-02", "2025-02-30"],
    ...     "event_class": ["shelling", "shelling"], "country": ["UKR", "UKR"]}))
    >>> frame["_reason"].to_list()
    [None, 'V914\\tdate not YYYY-MM-DD']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from servanda.diagnostics import Diagnostic
from servanda.model.events import MAX_DEATHS
from servanda.sources._common import (
    bad_number,
    blank,
    fail,
    load_json,
    sep,
    state_code_list,
    to_float,
    to_int,
)
from servanda.sources.schema import CANONICAL_SCHEMA

#: Provenance columns that describe the file being read: the reader numbers this file's rows and names
#: this file, so a file that carries them already (written by `servanda store events`) has them replaced.
OWN_ROWS: tuple[str, ...] = ("source_row", "source_file")


def without_own_rows(frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` without the provenance columns the reader sets itself (:data:`OWN_ROWS`)."""
    return frame.drop(OWN_ROWS, strict=False)


#: Columns a canonical file must have.
REQUIRED: tuple[str, ...] = ("id", "date", "event_class")
_PRECISIONS = ["day", "week", "month", "year"]


def _classes() -> list[str]:
    from servanda.model.vocabulary import EventClass

    return [c.value for c in EventClass]


def _iso_date(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def map_frame(raw: pl.DataFrame | pl.LazyFrame, *, file: str = "") -> pl.DataFrame:
    """Check canonical rows given as text (``source_row`` if known) and type them."""
    lazy = raw.lazy()
    names = lazy.collect_schema().names()
    if "source_row" not in names:
        lazy = lazy.with_row_index("source_row", offset=1)
    given = [c for c in CANONICAL_SCHEMA if c in names and c not in ("source_row", "source_file")]
    lazy = lazy.select(
        pl.col("source_row").cast(pl.Int64),
        *[pl.col(c).cast(pl.Utf8).alias(f"_{c}") for c in given],
        *[
            pl.lit(None, dtype=pl.Utf8).alias(f"_{c}")
            for c in CANONICAL_SCHEMA
            if c not in given and c not in ("source_row", "source_file")
        ],
        (pl.col("_bad").cast(pl.Utf8) if "_bad" in names else pl.lit(None, dtype=pl.Utf8)).alias("_bad"),
    )
    states = state_code_list()
    date, end = _iso_date(pl.col("_date")), _iso_date(pl.col("_date_end"))
    numbers = ["_deaths", "_deaths_low", "_deaths_high"]
    reason = (
        pl.when(pl.col("_bad") == "1")
        .then(pl.lit(sep("V917", "row is not a mapping of column: value")))
        .when(pl.col("_bad").is_not_null())
        .then(pl.concat_str([pl.lit("V917\t"), pl.col("_bad")]))
        .when(blank(pl.col("_date")))
        .then(pl.lit(sep("V914", "no date")))
        .when(date.is_null() | (~blank(pl.col("_date_end")) & end.is_null()))
        .then(pl.lit(sep("V914", "date not YYYY-MM-DD")))
        .when(~pl.col("_event_class").str.strip_chars().is_in(_classes()))
        .then(pl.lit(sep("V920", "event_class not in the vocabulary (docs/format.md#events)")))
        .when(
            (~blank(pl.col("_country")) & ~pl.col("_country").is_in(states))
            | (~blank(pl.col("_target")) & ~pl.col("_target").is_in(states))
        )
        .then(pl.lit(sep("V925", "country/target not an ISO 3166-1 alpha-3 code")))
        .when(pl.any_horizontal([bad_number(pl.col(c)) for c in numbers]))
        .then(pl.lit(sep("V916", f"deaths not a whole number from 0 to {MAX_DEATHS:,}")))
        .when(
            (~blank(pl.col("_lon")) & to_float(pl.col("_lon")).is_null())
            | (~blank(pl.col("_lat")) & to_float(pl.col("_lat")).is_null())
        )
        .then(pl.lit(sep("V915", "lon/lat not a number")))
        .when(~blank(pl.col("_date_precision")) & ~pl.col("_date_precision").is_in(_PRECISIONS))
        .then(pl.lit(sep("V914", "date_precision not day, week, month or year")))
        .when(~blank(pl.col("_geo_precision")) & ~to_int(pl.col("_geo_precision")).is_between(1, 7))
        .then(pl.lit(sep("V915", "geo_precision not 1..7")))
        .otherwise(None)
    )
    geo = to_int(pl.col("_geo_precision"))
    # the value a rejected row was rejected for, as written (quoted in the group's reason)
    value = (
        pl.when(pl.col("_bad").is_not_null())
        .then(None)
        .when(blank(pl.col("_date")))
        .then(None)
        .when(date.is_null())
        .then(pl.col("_date"))
        .when(~blank(pl.col("_date_end")) & end.is_null())
        .then(pl.col("_date_end"))
        .when(~pl.col("_event_class").str.strip_chars().is_in(_classes()))
        .then(pl.col("_event_class"))
        .when(~blank(pl.col("_country")) & ~pl.col("_country").is_in(states))
        .then(pl.col("_country"))
        .when(~blank(pl.col("_target")) & ~pl.col("_target").is_in(states))
        .then(pl.col("_target"))
        .otherwise(None)
    )
    return lazy.select(
        pl.col("_id").str.strip_chars().alias("id"),
        pl.coalesce(pl.when(~blank(pl.col("_source"))).then(pl.col("_source")), pl.lit("manual")).alias(
            "source"
        ),
        date.alias("date"),
        end.alias("date_end"),
        pl.coalesce(
            pl.when(pl.col("_date_precision").is_in(_PRECISIONS)).then(pl.col("_date_precision")),
            pl.lit("day"),
        ).alias("date_precision"),
        to_float(pl.col("_lon")).alias("lon"),
        to_float(pl.col("_lat")).alias("lat"),
        pl.when(geo.is_between(1, 7)).then(geo).otherwise(1).cast(pl.Int8).alias("geo_precision"),
        *[
            pl.when(~blank(pl.col(f"_{c}"))).then(pl.col(f"_{c}").str.strip_chars()).alias(c)
            for c in (
                "actor",
                "target",
                "country",
                "notes",
                "source_url",
                "source_version",
                "actor_text",
                "target_text",
            )
        ],
        pl.col("_event_class").str.strip_chars().alias("event_class"),
        to_int(pl.col("_deaths")).fill_null(0).alias("deaths"),
        to_int(pl.col("_deaths_low")).alias("deaths_low"),
        to_int(pl.col("_deaths_high")).alias("deaths_high"),
        to_int(pl.col("_mentions")).alias("mentions"),
        to_int(pl.col("_sources_count")).alias("sources_count"),
        pl.lit(file).alias("source_file"),
        pl.col("source_row"),
        reason.alias("_reason"),
        value.alias("_value"),
    ).collect(engine="streaming")


def rows_frame(rows: list[Any]) -> pl.DataFrame:
    """Rows (mappings) parsed from JSON or YAML as a text frame; a row that is no mapping is marked."""
    text = [
        {str(k): None if v is None else str(v) for k, v in row.items() if str(k) not in OWN_ROWS}
        if isinstance(row, dict)
        else {"_bad": "1"}
        for row in rows
    ]
    if not text:
        return pl.DataFrame({c: [] for c in REQUIRED}, schema={c: pl.Utf8 for c in REQUIRED})
    return pl.DataFrame(text, infer_schema_length=None).with_row_index("source_row", offset=1)


def ragged_frame(text: str, file: str) -> pl.DataFrame:
    """Canonical CSV text whose lines do not all have the header's width: each such line is marked.

    A line with too few or too many fields, or an unterminated quote, is rejected on its own (V917,
    grouped) instead of failing the file.

    >>> frame = map_frame(ragged_frame("id,date,event_class\\ne1,2025-01-01,shelling\\ne2,2025-01-01\\n", "x.csv"))
    >>> frame["_reason"].to_list()
    [None, 'V917\\ttoo few fields for the header']
    """
    from servanda.sources.rows import csv_records

    records = csv_records(text)
    header: list[str] | None = None
    for _line, fields in records:  # a header naming `source_row`/`source_file` is renamed: see OWN_ROWS
        if fields is None:
            raise fail("V917", "the header row has an unterminated quote", file)
        header = [f.strip() if f.strip() not in OWN_ROWS else f"_given_{f.strip()}" for f in fields]
        break
    if header is None:
        raise fail("V911", "the events file is empty", file)
    rows: list[dict[str, Any]] = []
    for row, (_line, fields) in enumerate(records, start=1):
        if fields is None:
            rows.append({"source_row": row, "_bad": "unterminated quote"})
        elif len(fields) != len(header):
            few = "too few" if len(fields) < len(header) else "too many"
            rows.append({"source_row": row, "_bad": f"{few} fields for the header"})
        else:
            rows.append({"source_row": row, **{k: v for k, v in zip(header, fields, strict=True) if v != ""}})
    schema = {"source_row": pl.Int64, "_bad": pl.Utf8, **{h: pl.Utf8 for h in header}}
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def document_rows(path: Path, notes: list[Diagnostic]) -> list[Any]:
    """The event rows of a canonical JSON or YAML file (a list, or a mapping with ``events``)."""
    file = str(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        from servanda.io.yaml_source import read_source

        doc = read_source(path)
        if doc.data is None:
            first = doc.diagnostics[0] if doc.diagnostics else None
            message = first.message if first else "empty YAML document"
            hint = "large event sets belong in CSV or Parquet, which have no size limit"
            raise fail(
                "V911" if first is None else "V910", f"events YAML cannot be read: {message}", file, hint
            )
        data: Any = doc.data
    else:
        data = load_json(path)
    if isinstance(data, dict):
        data = data.get("events")
    if not isinstance(data, list):
        raise fail("V910", "expected a list of events, or a mapping with an `events` list", file)
    return data
