"""Shared machinery of the adapters: mapping tables, text preparation, parsing and the final accounting.

An adapter turns the raw rows of a file into a frame with the canonical columns, a ``_reason`` column
(``"CODE\\treason"`` for rows it rejects, null otherwise) and ``_um_<mapping>`` columns holding a source
value that was kept but not mapped. :func:`finish` adds the checks every source shares (id, coordinates,
deaths, dates, duplicate ids), splits accepted from rejected rows and writes the report.

Example:
    >>> parse_date(pl.col("d"), DAY_FIRST).meta.has_multiple_outputs()
    False
    >>> table("fips_iso3").filter(pl.col("fips") == "UP")["iso3"].to_list()
    ['UKR']
"""

from __future__ import annotations

import codecs
import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.model.events import MAX_DEATHS
from servanda.sources.report import FIRST_LOCATIONS, Ingest, IngestReport, RejectGroup
from servanda.sources.schema import CANONICAL_SCHEMA, conform

#: Where the mapping tables live.
DATA = Path(__file__).resolve().parent.parent / "data" / "sources"

#: A progress callback: called with a short message as each stage starts.
Progress = Callable[[str], None]

#: Date formats tried in order for day-first sources (ACLED).
DAY_FIRST: tuple[str, ...] = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")
#: Date formats tried in order for month-first sources (UCDP files round-tripped through Excel).
MONTH_FIRST: tuple[str, ...] = ("%Y-%m-%d", "%m/%d/%Y")

#: The fix suggested for each rejection code.
HINTS: dict[str, str] = {
    "V914": "dates must be YYYY-MM-DD (ACLED also DD/MM/YYYY and DD Month YYYY; UCDP also MM/DD/YYYY)",
    "V915": "longitude is in [-180, 180] and latitude in [-90, 90]; check the two columns are not swapped",
    "V916": "death counts are whole numbers ≥ 0",
    "V917": "the line has fewer or more fields than the layout; the file may be cut off or re-saved",
    "V918": "each event id appears once per file; the first row with the id was kept",
    "V920": "see docs/sources.md for the classes read from each source",
    "V924": "every event needs an id",
    "V925": "use ISO 3166-1 alpha-3 codes such as UKR or RUS",
}

_CHUNK = 1 << 20
#: Event dates are read in years 1800–2200 (docs/format.md#input-limits), as the Event model reads them.
_FIRST_DAY, _LAST_DAY = date(1800, 1, 1), date(2200, 12, 31)


def sep(code: str, reason: str) -> str:
    """The ``_reason`` value of a rejection."""
    return f"{code}\t{reason}"


@cache
def table(name: str) -> pl.DataFrame:
    """A mapping table from ``servanda/data/sources/<name>.csv`` (``#`` lines are comments), all text."""
    text = (DATA / f"{name}.csv").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return pl.read_csv(body.encode(), infer_schema=False)


@cache
def state_code_list() -> list[str]:
    """Every ISO 3166-1 alpha-3 code (as :func:`servanda.model.codes.state_codes`)."""
    from servanda.model.codes import state_codes

    return sorted(state_codes())


@cache
def country_names() -> pl.DataFrame:
    """``name`` (lower case) → ``iso3`` for names, official and common names of ISO 3166-1 (pycountry)."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(str(value).lower(), str(country.alpha_3))
    extra = {
        "russia": "RUS", "kosovo": "XKX", "iran": "IRN", "syria": "SYR", "north korea": "PRK",
        "south korea": "KOR", "democratic republic of congo": "COD", "republic of congo": "COG",
        "ivory coast": "CIV", "turkey": "TUR", "moldova": "MDA", "palestine": "PSE", "laos": "LAO",
        "vietnam": "VNM", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "united states": "USA",
        "the united states": "USA", "united kingdom": "GBR", "the united kingdom": "GBR", "taiwan": "TWN",
        "czech republic": "CZE", "eswatini": "SWZ", "micronesia": "FSM", "brunei": "BRN",
    }  # fmt: skip
    names.update(extra)
    return pl.DataFrame({"name": list(names), "iso3": list(names.values())})


@cache
def iso_numeric() -> pl.DataFrame:
    """``numeric`` (ISO 3166-1 numeric as text without leading zeros) → ``iso3``."""
    import pycountry

    rows = {str(int(c.numeric)): str(c.alpha_3) for c in pycountry.countries}
    return pl.DataFrame({"numeric": list(rows), "iso3": list(rows.values())})


def parse_date(expr: pl.Expr, formats: Sequence[str]) -> pl.Expr:
    """The first format that parses (a time of day after a space or ``T`` is ignored)."""
    day = expr.str.strip_chars().str.extract(r"^([^ T]+)", 1)
    tries = [day.str.to_date(f, strict=False) for f in formats if " " not in f]
    tries += [expr.str.strip_chars().str.to_date(f, strict=False) for f in formats if " " in f]
    return pl.coalesce(tries)


def blank(expr: pl.Expr) -> pl.Expr:
    """True where the text is null or only spaces."""
    return expr.is_null() | (expr.str.strip_chars() == "")


def to_int(expr: pl.Expr) -> pl.Expr:
    """Text to Int64 (null when blank or not a whole number; ``12.0`` reads as 12)."""
    text = expr.str.strip_chars()
    return pl.coalesce(
        text.cast(pl.Int64, strict=False), text.cast(pl.Float64, strict=False).cast(pl.Int64, strict=False)
    )


def to_float(expr: pl.Expr) -> pl.Expr:
    """Text to Float64 (null when blank or not a number; a decimal comma is accepted)."""
    return expr.str.strip_chars().str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def bad_number(expr: pl.Expr) -> pl.Expr:
    """True where the text is given but is not a whole number from 0 to ``MAX_DEATHS``."""
    value = to_int(expr)
    return (~blank(expr) & value.is_null()) | (value < 0) | (value > MAX_DEATHS)


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fail(code: str, message: str, file: str, hint: str | None = None) -> ServandaError:
    """An error about the whole file (nothing could be read)."""
    return ServandaError(Diagnostic(code, message, file, hint=hint))


def check_file(path: Path, kind: str = "events_csv") -> None:
    """Refuse, before any byte is parsed, what :mod:`servanda.io.reader` refuses.

    Not a regular file (folder, FIFO, device, socket) or missing: E101; larger than the cap of
    ``kind`` (docs/format.md#input-limits): E103; a UTF-16/UTF-32 byte-order mark or NUL bytes in the
    first 4 KiB: E102. Nothing here blocks: the head is read with ``O_NONBLOCK`` after the ``stat``.
    """
    from servanda.io.reader import MAX_BYTES, file_problem, head_bytes, too_large

    problem = file_problem(path)
    if problem is not None:
        raise ServandaError(problem)
    cap = MAX_BYTES[kind]
    size = path.stat().st_size
    if size > cap:
        raise ServandaError(too_large(str(path), size, cap, kind))
    if path.suffix.lower() in (".parquet", ".pq"):
        return  # binary by design; polars checks its own format
    wide = wide_encoding(head_bytes(path), str(path))
    if wide is not None:
        raise ServandaError(wide)


def wide_encoding(raw: bytes, file: str) -> Diagnostic | None:
    """E102 for text that is UTF-16/UTF-32 or binary (NUL bytes); cp1252 is read (V921), so not refused."""
    from servanda.io.reader import encoding_problem

    if path_is_zip(raw):
        return None
    problem = encoding_problem(raw[:4096], file)
    if problem is None or "not valid UTF-8" in problem.message:
        return None
    return problem


def events_kind(path: Path) -> str:
    """The :data:`servanda.io.reader.MAX_BYTES` kind of an events file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "events"
    if suffix in (".yaml", ".yml"):
        return "events_yaml"
    return "events_csv"


def load_json(path: Path) -> Any:
    """Parse a JSON events file through :func:`servanda.io.reader.read_json` (caps, UTF-8, nesting)."""
    from servanda.io.reader import read_json

    data, result = read_json(path, "events")
    if result.diagnostics:
        raise ServandaError(result.diagnostics)
    return data


def path_is_zip(raw: bytes) -> bool:
    """True for the bytes of a zip archive (its members are checked once unpacked)."""
    return raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06")


@contextmanager
def utf8_text(path: Path, notes: list[Diagnostic]) -> Iterator[Path]:
    """``path`` as clean UTF-8 without BOM: the file itself, or a temporary copy (unzipped, transcoded).

    A ``.zip`` is read from its single member; a UTF-8 byte-order mark is dropped; a file that is not
    UTF-8 is read as Windows-1252 (the encoding of Excel's CSV export); each is noted (V921). The copy is
    made in 1 MiB chunks, so memory stays bounded.
    """
    file = str(path)
    workdir = Path(tempfile.mkdtemp(prefix="servanda-src-"))
    try:
        if path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    members = [m for m in archive.infolist() if not m.is_dir()]
                    if len(members) != 1:
                        raise fail("V910", f"zip archive holds {len(members)} files, expected one", file)
                    from servanda.io.reader import MAX_BYTES, too_large

                    cap = MAX_BYTES["events_csv"]
                    if members[0].file_size > cap:
                        raise ServandaError(too_large(file, members[0].file_size, cap, "events_csv"))
                    target = workdir / Path(members[0].filename).name
                    with archive.open(members[0]) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst, _CHUNK)
            except zipfile.BadZipFile as exc:
                raise fail("V910", f"not a readable zip archive: {exc}", file) from None
            path = target
            wide = wide_encoding(target.read_bytes()[:4096] if target.stat().st_size else b"", file)
            if wide is not None:
                raise ServandaError(wide)
        with path.open("rb") as handle:
            head = handle.read(3)
        bom = head == codecs.BOM_UTF8
        encoding = "utf-8" if _is_utf8(path) else "cp1252"
        if not bom and encoding == "utf-8":
            yield path
            return
        if bom:
            notes.append(Diagnostic("V921", "UTF-8 byte-order mark removed", file, level="note"))
        if encoding == "cp1252":
            notes.append(
                Diagnostic("V921", "file is not UTF-8; read as Windows-1252 (cp1252)", file, level="note")
            )
        clean = workdir / "utf8.txt"
        decoder = codecs.getincrementaldecoder("utf-8-sig" if encoding == "utf-8" else "cp1252")("replace")
        with path.open("rb") as src, clean.open("w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(_CHUNK):
                dst.write(decoder.decode(chunk))
            dst.write(decoder.decode(b"", final=True))
        yield clean
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def first_line(path: Path) -> str:
    """The first line of a UTF-8 (or cp1252) text file, without BOM or line end."""
    with path.open("rb") as handle:
        raw = handle.readline(1 << 16)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace").rstrip("\r\n")


def column(frame_columns: Sequence[str], name: str) -> pl.Expr:
    """``pl.col(name)`` as stripped text (blank → null) if the file has it, else a null text literal."""
    if name not in frame_columns:
        return pl.lit(None, dtype=pl.Utf8)
    text = pl.col(name).cast(pl.Utf8).str.strip_chars()
    return pl.when(text != "").then(text)


def _generic_reason() -> pl.Expr:
    lon, lat = pl.col("lon"), pl.col("lat")
    swapped = (lat.abs() > 90) & (lat.abs() <= 180) & (lon.abs() <= 90)
    return (
        pl.when(pl.col("_reason").is_not_null())
        .then(pl.col("_reason"))
        .when(blank(pl.col("id")))
        .then(pl.lit(sep("V924", "no event id")))
        .when(pl.col("date").is_null())
        .then(pl.lit(sep("V914", "no readable date")))
        .when(
            ~pl.col("date").is_between(_FIRST_DAY, _LAST_DAY)
            | (pl.col("date_end").is_not_null() & ~pl.col("date_end").is_between(_FIRST_DAY, _LAST_DAY))
        )
        .then(pl.lit(sep("V914", "date outside the years 1800–2200")))
        .when(pl.col("date_end").is_not_null() & (pl.col("date_end") < pl.col("date")))
        .then(pl.lit(sep("V914", "end date before start date")))
        .when(lon.is_nan() | lon.is_infinite() | lat.is_nan() | lat.is_infinite())
        .then(pl.lit(sep("V915", "coordinate is NaN or infinite")))
        .when(swapped)
        .then(pl.lit(sep("V915", "latitude outside [-90, 90]: longitude and latitude swapped?")))
        .when((lon.abs() > 180) | (lat.abs() > 90))
        .then(pl.lit(sep("V915", "coordinates out of range")))
        .when(lon.is_null() != lat.is_null())
        .then(pl.lit(sep("V915", "only one of longitude and latitude given")))
        .when(
            pl.any_horizontal(
                [(pl.col(c) < 0) | (pl.col(c) > MAX_DEATHS) for c in ("deaths", "deaths_low", "deaths_high")]
            )
        )
        .then(pl.lit(sep("V916", f"death count outside 0 to {MAX_DEATHS:,}")))
        .when(pl.col("deaths_low") > pl.col("deaths_high"))
        .then(pl.lit(sep("V916", "low death estimate above the high one")))
        .when(pl.col("event_class").is_null())
        .then(pl.lit(sep("V920", "no event class")))
        .otherwise(None)
    )


def finish(
    mapped: pl.DataFrame,
    *,
    source: str,
    file: str,
    sha256: str,
    notes: list[Diagnostic],
) -> Ingest:
    """Apply the shared checks, split accepted from rejected rows and write the report."""
    if "_reason" not in mapped.columns:
        mapped = mapped.with_columns(pl.lit(None, dtype=pl.Utf8).alias("_reason"))
    # lazy joins and the streaming engine may reorder rows: restore file order before "first" means anything
    checked = conform_keep(mapped.sort("source_row")).with_columns(_generic_reason().alias("_reason"))
    # a second row with an id already seen (among rows not otherwise rejected) is a duplicate
    ok = pl.col("_reason").is_null()
    seen = pl.when(ok).then(pl.col("id"))
    duplicate = ok & ~seen.is_first_distinct() & seen.is_not_null()
    checked = checked.with_columns(
        pl.when(duplicate)
        .then(pl.lit(sep("V918", "duplicate event id")))
        .otherwise(pl.col("_reason"))
        .alias("_reason")
    )
    accepted = checked.filter(pl.col("_reason").is_null())
    rejected = checked.filter(pl.col("_reason").is_not_null())
    groups = []
    if rejected.height:
        if "_value" not in rejected.columns:
            rejected = rejected.with_columns(pl.lit(None, dtype=pl.Utf8).alias("_value"))
        summary = (
            rejected.sort("source_row")
            .group_by("_reason", maintain_order=True)
            .agg(
                pl.len().alias("n"),
                pl.col("source_row").head(FIRST_LOCATIONS).alias("rows"),
                pl.col("_value").drop_nulls().first().alias("value"),
            )
            .sort(["n", "_reason"], descending=[True, False])
        )
        for reason, n, rows, value in summary.iter_rows():
            code, text = reason.split("\t", 1)
            locations = [f"row {r}" for r in rows if r is not None]
            groups.append(RejectGroup(code, text + as_written(value), int(n), locations, HINTS.get(code)))
    unmapped: dict[str, dict[str, int]] = {}
    for name in [c for c in accepted.columns if c.startswith("_um_")]:
        counts = accepted.get_column(name).drop_nulls().value_counts(sort=True)
        if counts.height:
            unmapped[name.removeprefix("_um_")] = {str(v): int(n) for v, n in counts.iter_rows()}
    report = IngestReport(
        source=source,
        file=file,
        sha256=sha256,
        rows_read=checked.height,
        accepted=accepted.height,
        groups=groups,
        unmapped=unmapped,
        notes=list(notes),
        duplicates=int(rejected.filter(pl.col("_reason").str.starts_with("V918")).height),
    )
    return Ingest(conform(accepted), report)


def as_written(value: str | None) -> str:
    """`` (first value `x`)`` for a group's reason, naming invisible or look-alike characters.

    >>> print(as_written("shel\u200bling"))
     (first value `shel\u200bling`: contains U+200B ZERO WIDTH SPACE; retype it in plain ASCII)
    >>> as_written(None)
    ''
    """
    if value is None:
        return ""
    import unicodedata

    shown = value if len(value) <= 60 else value[:57] + "…"
    odd = [c for c in dict.fromkeys(value) if not c.isascii()]
    if not odd:
        return f" (first value `{shown}`)"
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in odd[:3])
    return f" (first value `{shown}`: contains {names}; retype it in plain ASCII)"


def conform_keep(frame: pl.DataFrame) -> pl.DataFrame:
    """Canonical columns in order and type, followed by the helper columns (``_reason``, ``_um_*``)."""
    extra = [c for c in frame.columns if c.startswith("_")]
    missing = [pl.lit(None, dtype=t).alias(n) for n, t in CANONICAL_SCHEMA.items() if n not in frame.columns]
    if missing:
        frame = frame.with_columns(missing)
    return frame.select([pl.col(n).cast(t) for n, t in CANONICAL_SCHEMA.items()] + [pl.col(c) for c in extra])
