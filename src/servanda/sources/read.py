"""Read one events file of any supported source into the canonical frame, with its ingest report.

Large CSV and GDELT files are scanned lazily and collected with polars' streaming engine, so only the
canonical output is held in memory; a non-UTF-8 or BOM-prefixed file is first copied to clean UTF-8 in
1 MiB chunks.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
    >>> _ = path.write_text("id,date,event_class\\ne1,2025-01-01,shelling\\ne1,2025-01-02,shelling\\n")
    >>> ingest = read_events_file(path)
    >>> ingest.frame.height, ingest.report.rows_read, ingest.report.groups[0].reason
    (1, 2, 'duplicate event id')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from servanda.diagnostics import Diagnostic
from servanda.sources import acled, canonical, gdelt, ucdp
from servanda.sources._common import (
    Progress,
    check_file,
    events_kind,
    fail,
    finish,
    load_json,
    sha256_of,
    utf8_text,
)
from servanda.sources.detect import SOURCES, detect_source, json_source
from servanda.sources.report import Ingest

_CANONICAL_SOURCE = {
    "acled": "acled",
    "ucdp_ged": "ucdp_ged",
    "ucdp_api": "ucdp_ged",
    "gdelt2": "gdelt",
    "gdelt1": "gdelt",
}


#: A canonical CSV with ragged lines up to this size is re-read line by line (each bad line rejected).
_RAGGED_MAX = 256 * 1024 * 1024


def read_events_file(
    path: str | Path, source: str | None = None, *, progress: Progress | None = None
) -> Ingest:
    """Read ``path`` as ``source`` (detected when None) into an :class:`Ingest`.

    Raises :class:`~servanda.diagnostics.ServandaError` (V910–V923) when the file as a whole cannot be
    read; rows that cannot be read are rejected, counted and grouped in the report instead.
    """
    path = Path(path)
    file = str(path)
    say = progress or (lambda message: None)
    if source is not None and source not in SOURCES:
        raise fail("V923", f"unknown source `{source}`", "--source", hint="one of: " + ", ".join(SOURCES))
    if not path.exists() and not path.is_symlink():
        raise fail("V910", f"no such events file `{path}`", file)
    check_file(path, events_kind(path))
    say("detecting the source")
    found = source or detect_source(path)
    if found != "canonical" and path.stat().st_size == 0:
        raise fail("V911", "the events file is empty", file)
    say("hashing")
    digest = sha256_of(path)
    notes: list[Diagnostic] = []
    say(f"reading as {found}")
    mapped = _mapped(path, found, notes)
    say("checking rows")
    return finish(mapped, source=found, file=file, sha256=digest, notes=notes)


def _mapped(path: Path, source: str, notes: list[Diagnostic]) -> pl.DataFrame:
    file = str(path)
    suffix = path.suffix.lower()
    if source in ("gdelt2", "gdelt1"):
        with utf8_text(path, notes) as text:
            lines = pl.scan_csv(
                text, has_header=False, separator="\x1f", quote_char=None, infer_schema=False,
                new_columns=["line"], raise_if_empty=False,
            ).filter(pl.col("line").str.strip_chars() != "")  # fmt: skip
            return gdelt.map_lines(
                lines.with_row_index("source_row", offset=1),
                version=2 if source == "gdelt2" else 1,
                file=file,
            )
    if suffix == ".json" or source == "ucdp_api":
        return _json(path, source, notes)
    if source == "canonical":
        if suffix in (".parquet", ".pq"):
            try:
                raw = pl.read_parquet(path).drop(canonical.OWN_ROWS, strict=False)
            except (pl.exceptions.PolarsError, OSError) as exc:
                raise fail("V910", f"not a readable Parquet file: {str(exc).splitlines()[0]}", file) from None
            _require(raw.columns, canonical.REQUIRED, file, source)
            return canonical.map_frame(raw, file=file)
        if suffix in (".yaml", ".yml"):
            frame = canonical.rows_frame(canonical.document_rows(path, notes))
            _require(frame.columns, canonical.REQUIRED, file, source, rows=frame.height)
            return canonical.map_frame(frame, file=file)
    adapter: Any = {"acled": acled, "ucdp_ged": ucdp, "canonical": canonical}.get(source)
    if adapter is None:
        raise fail("V923", f"source `{source}` cannot read a `{suffix}` file", file)
    with utf8_text(path, notes) as text:
        try:
            scan = pl.scan_csv(text, infer_schema=False, raise_if_empty=False)
            columns = scan.collect_schema().names()
        except pl.exceptions.PolarsError as exc:
            raise fail("V910", f"not a readable CSV: {str(exc).splitlines()[0][:200]}", file) from None
        if not columns:
            raise fail("V911", "the events file is empty", file)
        _require(columns, adapter.REQUIRED, file, source)
        if source == "canonical" and _short_lines(text, len(columns)):
            return _ragged(text, file)
        try:
            numbered = canonical.without_own_rows(scan).with_row_index("source_row", offset=1)
            return adapter.map_frame(numbered, file=file)
        except pl.exceptions.PolarsError as exc:
            if source == "canonical":
                return _ragged(text, file, exc)
            first = str(exc).splitlines()[0][:200]
            raise fail(
                "V917",
                f"a line has more fields than the header (unbalanced quotes or a wrong delimiter?): {first}",
                file,
                hint="re-export the file; fields holding commas must be quoted",
            ) from None


def read_events_rows(rows: list[Any], source: str, file: str = "<events>") -> Ingest:
    """Rows already parsed (mappings from YAML, JSON or a Python list) of ``source``, as an :class:`Ingest`.

    >>> ingest = read_events_rows([{"event_id_cnty": "UKR1", "event_date": "2025-03-01",
    ...     "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
    ...     "actor1": "Military Forces of Russia (2000-)", "country": "Ukraine", "iso": "804",
    ...     "fatalities": "2", "latitude": "50.1", "longitude": "36.2"}], "acled")
    >>> ingest.report.rows_read, ingest.report.accepted, ingest.frame["event_class"].to_list()
    (1, 1, ['shelling'])
    """
    if source not in SOURCES or source in ("gdelt1", "gdelt2"):
        raise fail("V923", f"source `{source}` cannot read parsed rows", file)
    frame = canonical.rows_frame(rows)
    adapter: Any = {"acled": acled, "ucdp_ged": ucdp, "ucdp_api": ucdp}.get(source, canonical)
    _require(frame.columns, adapter.REQUIRED, file, source, rows=frame.height)
    return finish(adapter.map_frame(frame, file=file), source=source, file=file, sha256="", notes=[])


def _short_lines(text: Path, width: int) -> bool:
    """True when a line without quotes has another number of fields than the header (vectorised).

    polars pads a short line with nulls; such a line must be rejected, not read as blanks.
    """
    try:
        lines = pl.scan_csv(
            text, has_header=False, separator="\x1f", quote_char=None, infer_schema=False,
            new_columns=["line"], raise_if_empty=False, skip_rows=1,
        ).select(pl.col("line").str.strip_chars_end("\r"))  # fmt: skip
        plain = lines.filter(
            (pl.col("line").str.strip_chars() != "") & ~pl.col("line").str.contains('"', literal=True)
        )
        found = plain.select(
            (pl.col("line").str.count_matches(",", literal=True) + 1 != width).any()
        ).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        return False
    return bool(found.item())


def _ragged(text: Path, file: str, exc: Exception | None = None) -> pl.DataFrame:
    """A canonical CSV with ragged lines, re-read line by line so each bad line alone is rejected."""
    if text.stat().st_size > _RAGGED_MAX:
        first = str(exc).splitlines()[0][:200] if exc else "lines of different widths"
        raise fail(
            "V917",
            f"a line has another number of fields than the header: {first}",
            file,
            hint=f"files over {_RAGGED_MAX // (1 << 20)} MiB with ragged lines are refused; fix the lines",
        )
    raw = text.read_text(encoding="utf-8")
    return canonical.map_frame(canonical.ragged_frame(raw, file), file=file)


def _json(path: Path, source: str, notes: list[Diagnostic]) -> pl.DataFrame:
    file = str(path)
    if source == "canonical":
        frame = canonical.rows_frame(canonical.document_rows(path, notes))
        _require(frame.columns, canonical.REQUIRED, file, source, rows=frame.height)
        return canonical.map_frame(frame, file=file)
    data = load_json(path)
    kind = json_source(data)
    rows = data.get("Result" if kind == "ucdp_api" else "data") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise fail("V910", f"expected a list of {source} records", file)
    total = data.get("TotalCount") if isinstance(data, dict) else None
    if isinstance(total, int) and total > len(rows):
        notes.append(
            Diagnostic(
                "V926",
                f"this page holds {len(rows):,} of {data['TotalCount']:,} records; fetch the other pages",
                file,
                level="note",
            )
        )
    frame = canonical.rows_frame(rows)
    adapter: Any = acled if source == "acled" else ucdp
    _require(frame.columns, adapter.REQUIRED, file, source, rows=frame.height)
    return adapter.map_frame(frame, file=file)


def _require(columns: list[str], required: tuple[str, ...], file: str, source: str, rows: int = 1) -> None:
    if rows == 0:
        return
    missing = [c for c in required if c not in columns]
    if missing:
        raise fail(
            "V922",
            f"{source} file without column(s) {', '.join(f'`{c}`' for c in missing)}",
            file,
            hint="check that the header row is intact, or give the right --source",
        )
