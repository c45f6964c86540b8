"""UCDP GED (49-column CSV, API JSON pages) to the canonical event table.

``type_of_violence`` → event class (``ucdp_violence.csv``); ``gwnoa``/``gwnob``/``country_id``
(Gleditsch–Ward numbers) → ISO3 (``gleditsch_ward_iso3.csv``); ``where_prec`` → ``geo_precision``;
``date_prec`` → ``date_precision``; ``best``/``low``/``high`` → deaths. Dates are ISO or month-first
(``MM/DD/YYYY HH:MM`` and ``M/D/YYYY h:mm:ss AM``, as Excel re-saves them); see ``docs/sources.md``.

Example:
    >>> raw = pl.DataFrame({"id": ["1"], "type_of_violence": ["1"], "side_a": ["Government of Russia (Soviet Union)"],
    ...     "side_b": ["Government of Ukraine"], "gwnoa": ["365"], "gwnob": ["369"], "country_id": ["369"],
    ...     "where_prec": ["1"], "date_prec": ["1"], "date_start": ["9/1/2022 12:00:00 AM"],
    ...     "date_end": ["09/02/2022 00:00"], "latitude": ["48.0"], "longitude": ["37.8"],
    ...     "best": ["4"], "low": ["4"], "high": ["6"]})
    >>> row = map_frame(raw).row(0, named=True)
    >>> row["date"].isoformat(), row["date_end"].isoformat(), row["actor"], row["target"], row["deaths_high"]
    ('2022-09-01', '2022-09-02', 'RUS', 'UKR', 6)
"""

from __future__ import annotations

import re

import polars as pl

from servanda.sources._common import (
    MONTH_FIRST,
    bad_number,
    blank,
    column,
    parse_date,
    sep,
    table,
    to_float,
    to_int,
)

#: The 49 columns of a UCDP GED release, in order.
COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)  # fmt: skip

#: Columns without which no UCDP row can be read.
REQUIRED: tuple[str, ...] = ("id", "type_of_violence", "date_start", "best")

_USED = (
    "id", "type_of_violence", "side_a", "side_b", "gwnoa", "gwnob", "country_id", "country", "where_prec",
    "date_prec", "date_start", "date_end", "latitude", "longitude", "best", "low", "high", "dyad_name",
)  # fmt: skip


def release_of(file: str) -> str | None:
    """The UCDP release named in a file name, e.g. ``ged_v24.1.csv`` → ``24.1``.

    >>> release_of("ucdp_ged_api_v24.1_result_page1.json"), release_of("x.csv")
    ('24.1', None)
    """
    found = re.search(r"(?<![0-9])(\d{2}\.\d{1,2})(?![0-9])", file)
    return found.group(1) if found else None


def _gw(code: pl.Expr) -> pl.Expr:
    """The first Gleditsch–Ward number of a cell (``"365"``, ``"365, 369"``) as text."""
    return to_int(code.str.split(",").list.first()).cast(pl.Utf8)


def map_frame(raw: pl.DataFrame | pl.LazyFrame, *, file: str = "") -> pl.DataFrame:
    """Map raw UCDP GED rows (all text; a ``source_row`` column if known) to canonical columns + helpers."""
    lazy = raw.lazy()
    names = lazy.collect_schema().names()
    if "source_row" not in names:
        lazy = lazy.with_row_index("source_row", offset=1)
    lazy = lazy.select(pl.col("source_row").cast(pl.Int64), *[column(names, c).alias(f"_{c}") for c in _USED])
    gw = table("gleditsch_ward_iso3").select("gwno", "iso3")
    violence = table("ucdp_violence").select(
        pl.col("type_of_violence").alias("_tov"), pl.col("event_class").alias("_class")
    )
    lazy = (
        lazy.with_columns(
            _gw(pl.col("_gwnoa")).alias("_gwa"),
            _gw(pl.col("_gwnob")).alias("_gwb"),
            _gw(pl.col("_country_id")).alias("_gwc"),
            to_int(pl.col("_type_of_violence")).cast(pl.Utf8).alias("_tov"),
        )
        .join(gw.lazy().rename({"gwno": "_gwa", "iso3": "_a"}), on="_gwa", how="left")
        .join(gw.lazy().rename({"gwno": "_gwb", "iso3": "_b"}), on="_gwb", how="left")
        .join(gw.lazy().rename({"gwno": "_gwc", "iso3": "_c"}), on="_gwc", how="left")
        .join(violence.lazy(), on="_tov", how="left")
    )
    start = parse_date(pl.col("_date_start"), MONTH_FIRST)
    end = parse_date(pl.col("_date_end"), MONTH_FIRST)
    prec = to_int(pl.col("_date_prec"))
    where = to_int(pl.col("_where_prec"))
    counts = [pl.col(f"_{c}") for c in ("best", "low", "high")]
    low, high = to_int(pl.col("_low")), to_int(pl.col("_high"))
    reason = (
        pl.when(blank(pl.col("_date_start")))
        .then(pl.lit(sep("V914", "no date_start")))
        .when(start.is_null() | (~blank(pl.col("_date_end")) & end.is_null()))
        .then(pl.lit(sep("V914", "date_start/date_end not ISO or MM/DD/YYYY")))
        .when(pl.all_horizontal([blank(c) for c in counts]))
        .then(pl.lit(sep("V917", "row ends early: no best/low/high (truncated line?)")))
        .when(pl.any_horizontal([bad_number(c) for c in counts]))
        .then(pl.lit(sep("V916", "best/low/high not a whole number ≥ 0")))
        .when(pl.col("_class").is_null())
        .then(pl.lit(sep("V920", "type_of_violence not 1, 2 or 3")))
        .when(where.is_not_null() & ((where < 1) | (where > 7)))
        .then(pl.lit(sep("V915", "where_prec not in 1..7")))
        .otherwise(None)
    )
    return lazy.select(
        pl.col("_id").str.strip_chars().alias("id"),
        pl.lit("ucdp_ged").alias("source"),
        start.alias("date"),
        end.alias("date_end"),
        pl.when(prec.is_in([2, 3]))
        .then(pl.lit("week"))
        .when(prec == 4)
        .then(pl.lit("month"))
        .when(prec == 5)
        .then(pl.lit("year"))
        .otherwise(pl.lit("day"))
        .alias("date_precision"),
        to_float(pl.col("_longitude")).alias("lon"),
        to_float(pl.col("_latitude")).alias("lat"),
        pl.when((where >= 1) & (where <= 7)).then(where).otherwise(1).cast(pl.Int8).alias("geo_precision"),
        pl.coalesce("_a", "_side_a").alias("actor"),
        pl.col("_b").alias("target"),
        pl.col("_c").alias("country"),
        pl.col("_class").alias("event_class"),
        to_int(pl.col("_best")).fill_null(0).alias("deaths"),
        to_int(pl.col("_low")).alias("deaths_low"),
        pl.when(high < low)
        .then(pl.max_horizontal(low, to_int(pl.col("_best"))))
        .otherwise(high)
        .alias("deaths_high"),
        pl.col("_dyad_name").alias("notes"),
        pl.lit(file).alias("source_file"),
        pl.col("source_row"),
        pl.lit(release_of(file.rsplit("/", 1)[-1]), dtype=pl.Utf8).alias("source_version"),
        pl.col("_side_a").alias("actor_text"),
        pl.col("_side_b").alias("target_text"),
        reason.alias("_reason"),
        pl.when(pl.col("_c").is_null() & ~blank(pl.col("_country_id")))
        .then(pl.col("_country_id") + pl.lit(" ") + pl.col("_country").fill_null(""))
        .alias("_um_country_id → no ISO3"),
        pl.when(high < low)
        .then(pl.lit("high below low"))
        .alias("_um_deaths_high → raised to max(low, best)"),
        pl.when(pl.col("_a").is_null() & ~blank(pl.col("_gwnoa")))
        .then(pl.col("_gwnoa"))
        .alias("_um_gwnoa → side_a kept as text"),
        pl.when(pl.col("_b").is_null() & ~blank(pl.col("_gwnob")))
        .then(pl.col("_gwnob"))
        .alias("_um_gwnob → no target"),
    ).collect(engine="streaming")
