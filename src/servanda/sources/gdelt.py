"""GDELT Events (2.0: 61 tab-separated columns; 1.0: 57 or 58) to the canonical event table.

Each line is split on tabs in polars (no per-row Python), so a line with the wrong number of fields is
rejected and counted (V917) instead of shifting every later column. CAMEO codes stay TEXT and map by
longest prefix through ``cameo_roots.csv``; codes outside it are out of scope and rejected, counted per
root (V920). ``ActionGeo_CountryCode`` (FIPS 10-4) → ISO3 through ``fips_iso3.csv``; actor country codes
are CAMEO codes, ISO3 for states. GDELT reports no deaths: ``deaths`` is 0. See ``docs/sources.md``.

Example:
    >>> line = "\\t".join(["1", "20220224"] + [""] * 24 + ["195", "195", "19"] + [""] * 30 + ["20220224", "u"])
    >>> row = map_lines(pl.DataFrame({"line": [line]}), version=2).row(0, named=True)
    >>> row["date"].isoformat(), row["event_class"], row["deaths"], row["source_url"]
    ('2022-02-24', 'air_strike', 0, 'u')
"""

from __future__ import annotations

import polars as pl

from servanda.sources._common import blank, sep, state_code_list, table, to_float, to_int

#: Field positions (0-based) that differ between the versions: geo blocks have 8 fields in 2.0, 7 in 1.0.
LAYOUT: dict[int, dict[str, int]] = {
    2: {"geo_type": 51, "geo_cc": 53, "lat": 56, "lon": 57, "dateadded": 59, "url": 60},
    1: {"geo_type": 49, "geo_cc": 51, "lat": 53, "lon": 54, "dateadded": 56, "url": 57},
}
#: Field counts accepted per version.
WIDTHS: dict[int, tuple[int, ...]] = {2: (61,), 1: (57, 58)}


def map_lines(lines: pl.DataFrame | pl.LazyFrame, *, version: int, file: str = "") -> pl.DataFrame:
    """Map raw GDELT lines (column ``line``; ``source_row`` if known) to canonical columns + helpers."""
    lazy = lines.lazy()
    if "source_row" not in lazy.collect_schema().names():
        lazy = lazy.with_row_index("source_row", offset=1)
    at = LAYOUT[version]
    widths = WIDTHS[version]
    fields = pl.col("line").str.split("\t")

    def f(i: int) -> pl.Expr:
        return fields.list.get(i, null_on_oob=True)

    lazy = lazy.select(
        pl.col("source_row").cast(pl.Int64),
        (pl.col("line").str.count_matches("\t", literal=True) + 1).alias("_n"),
        f(0).alias("_id"),
        f(1).alias("_day"),
        f(6).alias("_a1name"),
        f(7).alias("_a1cc"),
        f(16).alias("_a2name"),
        f(17).alias("_a2cc"),
        f(26).alias("_code"),
        f(28).alias("_root"),
        f(29).alias("_quad"),
        f(30).alias("_goldstein"),
        f(31).alias("_mentions"),
        f(32).alias("_sources"),
        f(at["geo_type"]).alias("_geo_type"),
        f(at["geo_cc"]).alias("_geo_cc"),
        f(at["lat"]).alias("_lat"),
        f(at["lon"]).alias("_lon"),
        f(at["dateadded"]).alias("_added"),
        f(at["url"]).alias("_url"),
    )
    cameo = table("cameo_roots").select("code", "event_class")
    for n in (4, 3, 2):
        lazy = lazy.with_columns(pl.col("_code").str.strip_chars().str.slice(0, n).alias(f"_p{n}")).join(
            cameo.lazy().rename({"code": f"_p{n}", "event_class": f"_c{n}"}), on=f"_p{n}", how="left"
        )
    cls = pl.coalesce("_c4", "_c3", "_c2")
    fips = table("fips_iso3").lazy().rename({"fips": "_geo_cc", "iso3": "_country"})
    lazy = lazy.join(fips, on="_geo_cc", how="left")
    states = state_code_list()
    geo_type = to_int(pl.col("_geo_type"))
    expected = " or ".join(str(w) for w in widths)
    reason = (
        pl.when(~pl.col("_n").is_in(list(widths)))
        .then(
            pl.format(
                f"V917\t{{}} tab-separated fields where {expected} expected (truncated or wrong layout)", "_n"
            )
        )
        .when(blank(pl.col("_day")) | pl.col("_day").str.to_date("%Y%m%d", strict=False).is_null())
        .then(pl.lit(sep("V914", "Day (SQLDATE) not YYYYMMDD")))
        .when(cls.is_null())
        .then(
            pl.format(
                "V920\tout of scope: CAMEO root {} (only 13, 15, 18, 19, 20 are read)",
                pl.col("_root").fill_null("?"),
            )
        )
        .otherwise(None)
    )
    a1 = pl.when(pl.col("_a1cc").is_in(states)).then(pl.col("_a1cc"))
    a2 = pl.when(pl.col("_a2cc").is_in(states)).then(pl.col("_a2cc"))
    return lazy.select(
        pl.col("_id").str.strip_chars().alias("id"),
        pl.lit("gdelt").alias("source"),
        pl.col("_day").str.to_date("%Y%m%d", strict=False).alias("date"),
        pl.lit("day").alias("date_precision"),
        to_float(pl.col("_lon")).alias("lon"),
        to_float(pl.col("_lat")).alias("lat"),
        pl.when(geo_type.is_in([3, 4]))
        .then(1)
        .when(geo_type.is_in([2, 5]))
        .then(4)
        .otherwise(7)
        .cast(pl.Int8)
        .alias("geo_precision"),
        pl.coalesce(a1, pl.when(~blank(pl.col("_a1name"))).then(pl.col("_a1name"))).alias("actor"),
        a2.alias("target"),
        pl.col("_country").alias("country"),
        cls.alias("event_class"),
        pl.lit(0, dtype=pl.Int64).alias("deaths"),
        pl.format("CAMEO {}; QuadClass {}; Goldstein {}", "_code", "_quad", "_goldstein").alias("notes"),
        pl.when(~blank(pl.col("_url"))).then(pl.col("_url")).alias("source_url"),
        pl.lit(file).alias("source_file"),
        pl.col("source_row"),
        pl.col("_added").alias("source_version"),
        pl.when(~blank(pl.col("_a1name"))).then(pl.col("_a1name")).alias("actor_text"),
        pl.when(~blank(pl.col("_a2name"))).then(pl.col("_a2name")).alias("target_text"),
        to_int(pl.col("_mentions")).alias("mentions"),
        to_int(pl.col("_sources")).alias("sources_count"),
        reason.alias("_reason"),
        pl.when(pl.col("_country").is_null() & ~blank(pl.col("_geo_cc")))
        .then(pl.col("_geo_cc"))
        .alias("_um_ActionGeo_CountryCode → no ISO3"),
        pl.when(a1.is_null() & ~blank(pl.col("_a1cc")))
        .then(pl.col("_a1cc"))
        .alias("_um_Actor1CountryCode → not a state"),
        pl.when(a2.is_null() & ~blank(pl.col("_a2cc")))
        .then(pl.col("_a2cc"))
        .alias("_um_Actor2CountryCode → not a state"),
    ).collect(engine="streaming")
