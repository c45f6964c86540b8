"""ACLED exports (31-column CSV, older layouts, API JSON) to the canonical event table.

Every mapping is a vectorised polars expression or join against a table in ``servanda/data/sources``:
``event_type``/``sub_event_type`` → event class (``acled_event_classes.csv``), ``actor1``/``actor2`` →
state codes (``acled_actors.csv``, then "Military/Police Forces of <State> (…)" by state name), ``iso``
(ISO 3166 numeric) or ``country`` → ISO3. Unmapped actors are kept as text and counted. See
``docs/sources.md``.

Example:
    >>> raw = pl.DataFrame({"event_id_cnty": ["UKR1"], "event_date": ["24 February 2022"],
    ...     "event_type": ["Explosions/Remote violence"], "sub_event_type": ["Air/drone strike"],
    ...     "actor1": ["Military Forces of Russia (2000-)"], "actor2": [None], "iso": ["804"],
    ...     "latitude": ["50.45"], "longitude": ["30.52"], "fatalities": ["3"], "timestamp": ["1700000000"]})
    >>> row = map_frame(raw).row(0, named=True)
    >>> row["date"].isoformat(), row["actor"], row["country"], row["event_class"], row["deaths"]
    ('2022-02-24', 'RUS', 'UKR', 'air_strike', 3)
"""

from __future__ import annotations

import polars as pl

from servanda.sources._common import (
    DAY_FIRST,
    bad_number,
    blank,
    column,
    country_names,
    iso_numeric,
    parse_date,
    sep,
    table,
    to_float,
    to_int,
)

#: Columns ACLED exports since 2023, in order (the 31-column layout).
COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

#: Columns without which no ACLED row can be read.
REQUIRED: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "latitude",
    "longitude",
    "fatalities",
)

_STATE_FORCES = r"^(?:Military|Police|Naval|Air) Forces of (?:the )?(.+?)\s*\("


def _actor_code(frame: pl.DataFrame | pl.LazyFrame, name: str, out: str) -> pl.LazyFrame:
    """Join the actor table, then the state-name fallback, producing ``out`` (ISO3 or null)."""
    actors = table("acled_actors").lazy().rename({"actor": name, "iso3": f"{out}_t"})
    names = country_names().lazy().rename({"name": f"{out}_n", "iso3": f"{out}_s"})
    lazy = frame.lazy().with_columns(
        pl.col(name).str.extract(_STATE_FORCES, 1).str.to_lowercase().alias(f"{out}_n")
    )
    lazy = lazy.join(actors, on=name, how="left").join(names, on=f"{out}_n", how="left")
    return lazy.with_columns(pl.coalesce(f"{out}_t", f"{out}_s").alias(out)).drop(
        f"{out}_t", f"{out}_s", f"{out}_n"
    )


def map_frame(raw: pl.DataFrame | pl.LazyFrame, *, file: str = "") -> pl.DataFrame:
    """Map raw ACLED rows (all text; a ``source_row`` column if known) to canonical columns + helpers."""
    lazy = raw.lazy()
    names = lazy.collect_schema().names()
    if "source_row" not in names:
        lazy = lazy.with_row_index("source_row", offset=1)
    text = {c: column(names, c) for c in {*COLUMNS, "actor1", "actor2", "iso", "country"}}
    lazy = lazy.select(
        pl.col("source_row").cast(pl.Int64),
        *[expr.alias(f"_{c}") for c, expr in text.items()],
    )
    lazy = _actor_code(lazy, "_actor1", "_a1")
    lazy = _actor_code(lazy, "_actor2", "_a2")
    classes = (
        table("acled_event_classes")
        .lazy()
        .rename({"event_type": "_event_type", "sub_event_type": "_sub_event_type", "event_class": "_class"})
    )
    lazy = lazy.join(classes, on=["_event_type", "_sub_event_type"], how="left")
    numeric = iso_numeric().lazy().rename({"numeric": "_isonum", "iso3": "_c_iso"})
    cnames = country_names().lazy().rename({"name": "_cname", "iso3": "_c_name"})
    lazy = (
        lazy.with_columns(
            to_int(pl.col("_iso")).cast(pl.Utf8).alias("_isonum"),
            pl.col("_country").str.strip_chars().str.to_lowercase().alias("_cname"),
        )
        .join(numeric, on="_isonum", how="left")
        .join(cnames, on="_cname", how="left")
    )
    date = parse_date(pl.col("_event_date"), DAY_FIRST)
    precision = to_int(pl.col("_time_precision"))
    geo = to_int(pl.col("_geo_precision"))
    country = pl.coalesce("_c_iso", "_c_name")
    reason = (
        pl.when(blank(pl.col("_event_date")))
        .then(pl.lit(sep("V914", "no event_date")))
        .when(date.is_null())
        .then(pl.lit(sep("V914", "event_date not ISO, DD/MM/YYYY or DD Month YYYY")))
        .when(bad_number(pl.col("_fatalities")))
        .then(pl.lit(sep("V916", "fatalities not a whole number ≥ 0")))
        .when(
            (~blank(pl.col("_latitude")) & to_float(pl.col("_latitude")).is_null())
            | (~blank(pl.col("_longitude")) & to_float(pl.col("_longitude")).is_null())
        )
        .then(pl.lit(sep("V915", "latitude/longitude not a number")))
        .when(blank(pl.col("_event_type")))
        .then(pl.lit(sep("V917", "row ends early: no event_type (truncated line?)")))
        .otherwise(None)
    )
    mapped_class = pl.coalesce(pl.col("_class"), pl.lit("other"))
    return lazy.select(
        pl.col("_event_id_cnty").str.strip_chars().alias("id"),
        pl.lit("acled").alias("source"),
        date.alias("date"),
        pl.when(precision == 2)
        .then(pl.lit("week"))
        .when(precision == 3)
        .then(pl.lit("month"))
        .otherwise(pl.lit("day"))
        .alias("date_precision"),
        to_float(pl.col("_longitude")).alias("lon"),
        to_float(pl.col("_latitude")).alias("lat"),
        pl.when(geo == 2).then(2).when(geo == 3).then(4).otherwise(1).cast(pl.Int8).alias("geo_precision"),
        pl.coalesce("_a1", "_actor1").alias("actor"),
        pl.col("_a2").alias("target"),
        country.alias("country"),
        mapped_class.alias("event_class"),
        to_int(pl.col("_fatalities")).fill_null(0).alias("deaths"),
        pl.col("_notes").alias("notes"),
        pl.lit(file).alias("source_file"),
        pl.col("source_row"),
        pl.col("_timestamp").alias("source_version"),
        pl.col("_actor1").alias("actor_text"),
        pl.col("_actor2").alias("target_text"),
        reason.alias("_reason"),
        pl.when(pl.col("_a1").is_null()).then(pl.col("_actor1")).alias("_um_actor1 → kept as text"),
        pl.when(pl.col("_a2").is_null()).then(pl.col("_actor2")).alias("_um_actor2 → no target"),
        pl.when(country.is_null() & ~blank(pl.col("_country")))
        .then(pl.col("_country"))
        .alias("_um_country → no ISO3"),
        pl.when(mapped_class == "other")
        .then(pl.col("_event_type") + pl.lit(" / ") + pl.col("_sub_event_type").fill_null(""))
        .alias("_um_event_type → other"),
    ).collect(engine="streaming")
