"""Canonical Parquet partitions read lazily: each file checked with aggregate counts, never loaded whole.

``--events`` may name Parquet partitions (a glob such as ``'dir/*.parquet'``, a directory, or files).
Each file is scanned with polars; its rows are checked as the canonical reader checks them (the
shared checks of :mod:`servanda.sources`, on typed columns: id, date in 1800–2200, event class of the
vocabulary, state codes, coordinates, deaths, precisions, duplicate ids within the file) in **one
aggregate query per file** that returns only counts per reason and the first rows of each; the
accepted rows stay a lazy frame per file (a partition), which the engines read as far as they need.

Example:
    >>> expand_events(["tests/fixtures/monitor/budapest_events.csv"])
    ['tests/fixtures/monitor/budapest_events.csv']
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from servanda.diagnostics import Diagnostic
from servanda.services.errors import ServiceError

PARQUET = (".parquet", ".pq")


def expand_events(paths: Sequence[str | Path]) -> list[str]:
    """Every events file the ``--events`` values name: a glob's matches and a directory's Parquet files
    (recursively), sorted; other paths as given. A glob matching nothing is V947 (exit 2)."""
    out: list[str] = []
    for given in paths:
        text = str(given)
        path = Path(text)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PARQUET)
            out.extend(found or [text])  # a folder without Parquet files: the reader says what it is (E101)
            continue
        if not glob.has_magic(text):
            out.append(text)
            continue
        found = sorted(p for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not found:
            raise ServiceError(
                [
                    Diagnostic(
                        "V947",
                        f"the pattern `{text}` matches no file",
                        "--events",
                        hint="check the folder and the pattern, and quote it (--events 'dir/*.parquet'); "
                        "a folder is read as its Parquet partitions",
                    )
                ],
                exit_code=2,
            )
        out.extend(found)
    return out


def all_parquet(paths: Sequence[str]) -> bool:
    """True when every path is a Parquet file (read as canonical partitions)."""
    return bool(paths) and all(Path(p).suffix.lower() in PARQUET for p in paths)


@dataclass
class Dataset:
    """Canonical Parquet partitions: one lazy frame of accepted rows per file, and one report per file."""

    parts: list[pl.LazyFrame]
    reports: list[object]

    def frame(self) -> pl.LazyFrame:
        """All accepted rows as one lazy frame (partitions in file order)."""
        from servanda.sources.schema import CANONICAL_SCHEMA

        if not self.parts:
            return pl.LazyFrame(schema=CANONICAL_SCHEMA)
        return pl.concat(self.parts, how="vertical")


def _typed(schema: pl.Schema) -> list[pl.Expr]:
    """Every canonical column cast to its type (text dates parsed as YYYY-MM-DD; bad values null)."""
    from servanda.sources.schema import CANONICAL_SCHEMA

    out = []
    for name, kind in CANONICAL_SCHEMA.items():
        if name not in schema:
            out.append(pl.lit(None, dtype=kind).alias(name))
        elif kind == pl.Date() and schema[name] == pl.Utf8:
            out.append(pl.col(name).str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
        else:
            out.append(pl.col(name).cast(kind, strict=False))
    return out


def _reason(schema: pl.Schema) -> pl.Expr:
    """Why a typed row is rejected (``CODE\\treason``), else null: the canonical reader's checks."""
    from servanda.model.vocabulary import EventClass
    from servanda.sources._common import sep, state_code_list

    states = state_code_list()
    unreadable = [
        pl.col(f"__raw_{c}").is_not_null() & pl.col(c).is_null()
        for c in ("date", "date_end", "deaths", "lon", "lat")
        if c in schema
    ]
    specific = (
        pl.when(pl.any_horizontal(unreadable) if unreadable else pl.lit(False))
        .then(pl.lit(sep("V914", "a date, death count or coordinate of the wrong type")))
        .when(
            pl.col("event_class").is_not_null() & ~pl.col("event_class").is_in([c.value for c in EventClass])
        )
        .then(pl.lit(sep("V920", "event_class not in the vocabulary (docs/format.md#events)")))
        .when(
            (pl.col("country").is_not_null() & ~pl.col("country").is_in(states))
            | (pl.col("target").is_not_null() & ~pl.col("target").is_in(states))
        )
        .then(pl.lit(sep("V925", "country/target not an ISO 3166-1 alpha-3 code")))
        .when(
            pl.col("date_precision").is_not_null()
            & ~pl.col("date_precision").is_in(["day", "week", "month", "year"])
        )
        .then(pl.lit(sep("V914", "date_precision not day, week, month or year")))
        .when(pl.col("geo_precision").is_not_null() & ~pl.col("geo_precision").is_between(1, 7))
        .then(pl.lit(sep("V915", "geo_precision not 1..7")))
        .otherwise(None)
    )
    return specific


def _typed_scan(file: str) -> pl.LazyFrame:
    """A file's rows as canonical columns, numbered like the checked frame (lazy)."""
    from servanda.sources.canonical import OWN_ROWS
    from servanda.sources.schema import CANONICAL_SCHEMA

    scan = pl.scan_parquet(file).drop(OWN_ROWS, strict=False)
    schema = scan.collect_schema()
    return (
        scan.with_row_index("__n", offset=1)
        .select(*_typed(schema), pl.col("__n"))
        .with_columns(
            pl.col("id").str.strip_chars(),
            pl.lit(file).alias("source_file"),
            pl.col("__n").cast(pl.Int64).alias("source_row"),
        )
        .select(list(CANONICAL_SCHEMA))
    )


def _checked(file: str) -> pl.LazyFrame:
    """A file's rows typed, numbered (``source_row``) and with their ``_reason`` (null: accepted)."""
    from servanda.sources._common import _generic_reason, fail, sep
    from servanda.sources.canonical import OWN_ROWS, REQUIRED

    try:
        scan = pl.scan_parquet(file)
        schema = scan.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise fail("V910", f"not a readable Parquet file: {str(exc).splitlines()[0]}", file) from None
    missing = [c for c in REQUIRED if c not in schema]
    if missing:
        raise fail(
            "V922",
            f"canonical file without column(s) {', '.join(f'`{c}`' for c in missing)}",
            file,
            hint="check that the header row is intact, or give the right --source",
        )
    scan = scan.drop(OWN_ROWS, strict=False)
    schema = scan.collect_schema()  # a file's own provenance columns are replaced by this read's
    raw = [pl.col(c).alias(f"__raw_{c}") for c in ("date", "date_end", "deaths", "lon", "lat") if c in schema]
    typed = (
        scan.with_row_index("__n", offset=1)
        .select(*_typed(schema), *raw, pl.col("__n"))
        .with_columns(pl.col("id").str.strip_chars(), pl.lit(file).alias("source_file"))
        .with_columns(pl.col("__n").cast(pl.Int64).alias("source_row"))
        .with_columns(_reason(schema).alias("_reason"))
        .with_columns(_generic_reason().alias("_reason"))
    )
    ok = pl.col("_reason").is_null()
    seen = pl.when(ok).then(pl.col("id"))
    duplicate = ok & ~seen.is_first_distinct() & seen.is_not_null()
    return typed.with_columns(
        pl.when(duplicate)
        .then(pl.lit(sep("V918", "duplicate event id")))
        .otherwise(pl.col("_reason"))
        .alias("_reason")
    )


def read_parquet_dataset(paths: Sequence[str]) -> Dataset:
    """The accepted rows of each canonical Parquet file (lazy) and its ingest report (counts reconcile).

    One aggregate query per file (all run together) counts rows and rejections per reason; nothing is
    collected but those counts and the first five rejected row numbers per reason.
    """
    from servanda.sources._common import HINTS, sha256_of
    from servanda.sources.report import FIRST_LOCATIONS, IngestReport, RejectGroup
    from servanda.sources.schema import CANONICAL_SCHEMA

    checked = [_checked(p) for p in paths]
    totals = [c.select(pl.len().alias("n")) for c in checked]
    groups = [
        c.filter(pl.col("_reason").is_not_null())
        .group_by("_reason")
        .agg(pl.len().alias("n"), pl.col("source_row").sort().head(FIRST_LOCATIONS).alias("rows"))
        .sort(["n", "_reason"], descending=[True, False])
        for c in checked
    ]
    done = pl.collect_all([*totals, *groups])
    reports: list[object] = []
    parts = []
    for i, path in enumerate(paths):
        rows = int(done[i].item())
        summary = done[len(paths) + i]
        found = []
        for reason, n, where in summary.iter_rows():
            code, text = reason.split("\t", 1)
            found.append(RejectGroup(code, text, int(n), [f"row {r}" for r in where], HINTS.get(code)))
        rejected = sum(g.count for g in found)
        reports.append(
            IngestReport(
                source="canonical",
                file=path,
                sha256=sha256_of(Path(path)),
                rows_read=rows,
                accepted=rows - rejected,
                groups=found,
                duplicates=sum(g.count for g in found if g.code == "V918"),
            )
        )
        if rejected:
            parts.append(checked[i].filter(pl.col("_reason").is_null()).select(list(CANONICAL_SCHEMA)))
        else:  # every row accepted: a plain typed scan, so that filters reach the Parquet reader
            parts.append(_typed_scan(path))
    return Dataset(parts, reports)
